//! Every conforming variant of the reference provider passes every bundled suite (the real
//! binary against the real provider on loopback), alone and combined; each variant is shown to
//! change what the provider answers; the false failures still open are pinned to the exact ids
//! they fail today; and every fault is still caught under the combined runs (`faults_under`),
//! except under the variants declared not to apply to it (`does_not_apply`).

mod does_not_apply;
mod faults_under;
mod not_applicable;
mod probe;

use crate::support::{Scratch, checks, run_in, text};
use libtest_mimic::{Failed, Trial};
use provider_conformance::provider::{Fault, Variant, parse_variants};
use std::collections::BTreeSet;

/// A variant the suites still reject, and what the suites or the profile need so that it passes.
pub(crate) struct StillRejected {
    pub variant: &'static str,
    /// Requirement ids that fail (status `fail` or `error`) today, and nothing else.
    pub fail: &'static [&'static str],
    /// Requirement ids that warn today, and nothing else.
    pub warn: &'static [&'static str],
    /// The missing suite or profile feature (or verifier change).
    pub needs: &'static str,
}

/// The false failures (and warnings) that need more than a suite fix. When the feature lands, the row's test
/// fails: remove the row, and the variant joins the passing ones.
pub(crate) const STILL_REJECTED: &[StillRejected] = &[];

fn still_rejected(name: &str) -> Option<&'static StillRejected> {
    STILL_REJECTED.iter().find(|r| r.variant == name)
}

/// The variants that every suite accepts today.
fn passing() -> Vec<Variant> {
    Variant::ALL
        .iter()
        .copied()
        .filter(|v| still_rejected(v.name()).is_none())
        .collect()
}

pub(crate) fn trials() -> Vec<Trial> {
    let mut out = Vec::new();
    for v in passing() {
        out.push(Trial::test(format!("variants::passes::{v}"), move || {
            outcome_is(&[v.name()], "", &[], &[], true)
        }));
    }
    for r in STILL_REJECTED {
        out.push(Trial::test(
            format!("variants::still_rejected::{}", r.variant),
            move || outcome_is(&[r.variant], "", r.fail, r.warn, true),
        ));
    }
    for (i, combo) in combinations().into_iter().enumerate() {
        out.push(Trial::test(format!("variants::combined::{i}"), move || {
            let names: Vec<&str> = combo.iter().map(|v| v.name()).collect();
            outcome_is(&names, "", &[], &[], true)
        }));
    }
    for v in Variant::ALL.iter().copied() {
        out.push(Trial::test(
            format!("variants::observable::{v}"),
            move || probe::observable(v),
        ));
    }
    out.extend(not_applicable::trials());
    out.extend(faults_under::trials());
    out.push(Trial::test(
        "variants::tables_name_real_variants",
        tables_name_real_variants,
    ));
    out
}

/// Runs that together switch on every passing variant, the members of a group spread over
/// the runs (run `k` takes the `k`-th member of each group).
fn combinations() -> Vec<Vec<Variant>> {
    let all = passing();
    let mut groups: Vec<(&str, Vec<Variant>)> = Vec::new();
    for v in &all {
        if let Some(g) = v.info().group {
            match groups.iter_mut().find(|(name, _)| *name == g) {
                Some((_, members)) => members.push(*v),
                None => groups.push((g, vec![*v])),
            }
        }
    }
    let runs = groups.iter().map(|(_, m)| m.len()).max().unwrap_or(1);
    (0..runs)
        .map(|k| {
            all.iter()
                .copied()
                .filter(|v| match v.info().group {
                    None => true,
                    Some(g) => groups
                        .iter()
                        .find(|(name, _)| *name == g)
                        .is_some_and(|(_, m)| m[k % m.len()] == *v),
                })
                .collect()
        })
        .collect()
}

/// `run --variant …` fails exactly `fail`, warns exactly `warn`, skips nothing when nothing
/// fails, runs every bundled suite when `every_suite`, and exits 0 when nothing fails, 1
/// otherwise.
fn outcome_is(
    variants: &[&str],
    filter: &str,
    fail: &[&str],
    warn: &[&str],
    every_suite: bool,
) -> Result<(), Failed> {
    let mut args = vec!["run"];
    for v in variants {
        args.extend(["--variant", v]);
    }
    if !filter.is_empty() {
        args.push(filter);
    }
    let label = variants.first().copied().unwrap_or("none");
    let expect = Expect {
        fail,
        warn,
        inform: &[],
    };
    judge(&args, label, &expect, every_suite)
}

/// What a run must show: the ids that fail, warn and inform, and nothing else.
struct Expect<'a> {
    fail: &'a [&'a str],
    warn: &'a [&'a str],
    inform: &'a [&'a str],
}

/// An informational pass: a failing check of an `example` requirement.
fn is_information(status: &str, message: &str) -> bool {
    status == "pass" && message.starts_with("informational")
}

fn judge(args: &[&str], label: &str, expect: &Expect, every_suite: bool) -> Result<(), Failed> {
    let dir = Scratch::new(&format!("variant-{label}"));
    let out = run_in(&dir.0, args);
    let Ok(json) = std::fs::read_to_string(dir.path("report.json")) else {
        return Err(format!(
            "`{}`: no report (exit {:?})\n--- stderr ---\n{}",
            args.join(" "),
            out.status.code(),
            text(&out.stderr)
        )
        .into());
    };
    let r: serde_json::Value = serde_json::from_str(&json)?;
    let all = checks(&r);
    let matching = |keep: &dyn Fn(&str, &str) -> bool| -> BTreeSet<String> {
        all.iter()
            .filter(|(_, s, m)| keep(s, m))
            .map(|(i, _, _)| i.clone())
            .collect()
    };
    let failing = matching(&|s, _| s == "fail" || s == "error");
    let warning = matching(&|s, _| s == "warn");
    let informing = matching(&is_information);
    let set = |ids: &[&str]| -> BTreeSet<String> { ids.iter().map(|s| s.to_string()).collect() };
    let (want_fail, want_warn, want_info) =
        (set(expect.fail), set(expect.warn), set(expect.inform));
    let suites: BTreeSet<&str> = r["suites"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["name"].as_str())
        .collect();
    // The widgets run too when a browser is found (lane "widgets").
    let apis: BTreeSet<&str> = suites.iter().copied().filter(|s| *s != "widgets").collect();
    let suites_ran = !every_suite || apis == BTreeSet::from(["buy", "swap", "swap-v1"]);
    // A variant that passes skips nothing: a skipped check is not a pass.
    let skipped = matching(&|s, _| s == "skip");
    let want_code = if want_fail.is_empty() { 0 } else { 1 };
    let ok = failing == want_fail
        && warning == want_warn
        && informing == want_info
        && (!want_fail.is_empty() || skipped.is_empty())
        && suites_ran
        && out.status.code() == Some(want_code);
    if ok {
        return Ok(());
    }
    let detail: Vec<String> = all
        .iter()
        .filter(|(_, s, m)| s != "pass" || is_information(s, m))
        .map(|(i, s, m)| format!("{s} {i}: {m}"))
        .collect();
    Err(format!(
        "`{}`: expected failing {want_fail:?}, warning {want_warn:?} and informing \
         {want_info:?} (exit {want_code}), got failing {failing:?}, warning {warning:?}, \
         informing {informing:?}, skipped {skipped:?}, suites {suites:?} (exit {:?})\n{}\n\
         --- stderr ---\n{}",
        args.join(" "),
        out.status.code(),
        detail.join("\n"),
        text(&out.stderr)
    )
    .into())
}

/// Every row names a real variant, and the combined runs are valid combinations.
fn tables_name_real_variants() -> Result<(), Failed> {
    for r in STILL_REJECTED {
        r.variant
            .parse::<Variant>()
            .map_err(|e| format!("STILL_REJECTED: {e}"))?;
        if r.needs.is_empty() {
            return Err(format!("{}: say what the suites need", r.variant).into());
        }
    }
    let mut seen = BTreeSet::new();
    for r in does_not_apply::DOES_NOT_APPLY {
        r.fault
            .parse::<Fault>()
            .map_err(|e| format!("DOES_NOT_APPLY: {e}"))?;
        r.variant
            .parse::<Variant>()
            .map_err(|e| format!("DOES_NOT_APPLY: {e}"))?;
        if r.why.len() < 20 {
            return Err(
                format!("{} under {}: say why it does not apply", r.fault, r.variant).into(),
            );
        }
        if !seen.insert((r.fault, r.variant)) {
            return Err(format!("DOES_NOT_APPLY: {} under {} twice", r.fault, r.variant).into());
        }
    }
    let combos = combinations();
    let mut covered = BTreeSet::new();
    for combo in &combos {
        let names: Vec<String> = combo.iter().map(|v| v.name().to_string()).collect();
        parse_variants(&names).map_err(|e| format!("combination: {e}"))?;
        covered.extend(combo.iter().copied());
    }
    let missing: Vec<Variant> = passing()
        .into_iter()
        .filter(|v| !covered.contains(v))
        .collect();
    if !missing.is_empty() {
        return Err(format!("variants in no combined run: {missing:?}").into());
    }
    Ok(())
}
