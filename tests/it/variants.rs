//! Every conforming variant of the reference provider passes every bundled suite (the real
//! binary against the real provider on loopback), alone and combined; each variant is shown to
//! change what the provider answers; the false failures still open are pinned to the exact ids
//! they fail today; and faults are still caught under variants.

mod probe;

use crate::support::{Scratch, checks, report, run_in, text};
use libtest_mimic::{Failed, Trial};
use provider_conformance::provider::{Variant, parse_variants};
use std::collections::BTreeSet;

/// A variant the suites still reject, and what the suites or the profile need so that it passes.
pub struct StillRejected {
    pub variant: &'static str,
    /// Requirement ids that fail (status `fail` or `error`) today, and nothing else.
    pub fail: &'static [&'static str],
    /// Requirement ids that warn today, and nothing else.
    pub warn: &'static [&'static str],
    /// The missing suite or profile feature (or verifier change).
    pub needs: &'static str,
}

/// The false failures that need more than a suite fix. When the feature lands, the row's test
/// fails: remove the row, and the variant joins the passing ones.
pub const STILL_REJECTED: &[StillRejected] = &[
    StillRejected {
        variant: "padded-payload",
        fail: &[],
        warn: &["SWAP-PAYLOAD-003"],
        needs: "the verifier warns on `=` padding that the device strips and the signature covers \
                (src/swap/ng.rs), or the catalogue gives that warning the force `example only`",
    },
    StillRejected {
        variant: "fixed-only",
        fail: &[
            "SWAP-PAYLOAD-001",
            "SWAP-QUOTE-006",
            "SWAP-SWAP-002",
            "SWAP-SWAP-004",
        ],
        warn: &[],
        needs: "trade methods per pair from /pairs: the float flow runs only for pairs that \
                advertise `float` (reported as not applicable otherwise)",
    },
    StillRejected {
        variant: "float-only",
        fail: &["SUITE-CAPTURE", "SWAP-QUOTE-004"],
        warn: &[],
        needs: "trade methods per pair from /pairs: the fixed flow runs only for pairs that \
                advertise `fixed`",
    },
    StillRejected {
        variant: "status-stays-pending",
        fail: &["SWAP-STATUS-003"],
        warn: &[],
        needs: "a way to accept a test swap that never reaches a final state (no payin is ever \
                sent): the force `should` for SWAP-STATUS-003, or a profile declaration that \
                test swaps stay pending, under which a valid non-final status ends the poll",
    },
    StillRejected {
        variant: "v1-no-login",
        fail: &["V1-CHECK-003"],
        warn: &[],
        needs: "a profile key `swap_v1.login: required | none` (default none); only with \
                `required` is a 4xx without a token demanded",
    },
    StillRejected {
        variant: "v1-status-by-quote-id",
        fail: &["SUITE-CAPTURE"],
        warn: &[],
        needs: "an optional capture (`swapId` used when /swap returns one), so that /status is \
                asked by the quote id alone otherwise",
    },
    StillRejected {
        variant: "v1-ip-check-in-body",
        fail: &["V1-IP-002"],
        warn: &[],
        needs: "a profile declaration of the IP check's answer (status code, or a body field \
                such as `accepted`), today's 2xx/4xx reading staying the default",
    },
];

/// `(fault, variants, filter, ids that must fail)`: detection is kept whole under variants.
const FAULTS_UNDER_VARIANTS: &[(&str, &[&str], &str, &[&str])] = &[
    (
        "wrong-nonce",
        &[
            "16-byte-amounts",
            "reversed-field-order",
            "explicit-empty-fields",
        ],
        "",
        &["SWAP-PAYLOAD-007"],
    ),
    (
        "wrong-key",
        &["high-s", "padded-signature"],
        "",
        &["SWAP-SIG-002"],
    ),
    (
        "amount-off-by-one",
        &["16-byte-amounts"],
        "",
        &["SWAP-BIND-006"],
    ),
    (
        "signature-without-dot",
        &["v1-compact-jws"],
        "",
        &["SWAP-SIG-002"],
    ),
    (
        "text-content-type",
        &["charset-content-type", "extra-fields"],
        "",
        &["SWAP-HTTP-001"],
    ),
    (
        "quote-missing-expiry",
        &["quote-required-fields-only", "reversed-key-order"],
        "",
        &["SWAP-QUOTE-002", "SWAP-QUOTE-005"],
    ),
    (
        "pairs-duplicate",
        &["one-item-pages"],
        "",
        &["SWAP-PAIRS-003"],
    ),
    (
        "status-bad-enum",
        &["status-on-hold"],
        "",
        &["SWAP-STATUS-002", "SWAP-STATUS-003"],
    ),
    (
        "v1-missing-alg",
        &["v1-quote-id-spelling"],
        "swap-v1",
        &["V1-SWAP-002"],
    ),
    (
        "buy-no-auth",
        &["buy-api-key-everywhere", "buy-json-400"],
        "buy",
        &["BUY-AUTH-001", "BUY-AUTH-002"],
    ),
];

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

pub fn trials() -> Vec<Trial> {
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
    for (fault, variants, filter, ids) in FAULTS_UNDER_VARIANTS {
        out.push(Trial::test(
            format!("variants::fault_under_variants::{fault}"),
            move || fault_still_fails(fault, variants, filter, ids),
        ));
    }
    for v in Variant::ALL.iter().copied() {
        out.push(Trial::test(
            format!("variants::observable::{v}"),
            move || probe::observable(v),
        ));
    }
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
    judge(&args, label, fail, warn, every_suite)
}

fn fault_still_fails(
    fault: &str,
    variants: &[&str],
    filter: &str,
    ids: &[&str],
) -> Result<(), Failed> {
    let mut args = vec!["run", "--fault", fault];
    for v in variants {
        args.extend(["--variant", v]);
    }
    if !filter.is_empty() {
        args.push(filter);
    }
    judge(&args, fault, ids, &[], false)
}

fn judge(
    args: &[&str],
    label: &str,
    fail: &[&str],
    warn: &[&str],
    every_suite: bool,
) -> Result<(), Failed> {
    let dir = Scratch::new(&format!("variant-{label}"));
    let out = run_in(&dir.0, args);
    let r = report(&dir.0);
    let all = checks(&r);
    let with = |statuses: &[&str]| -> BTreeSet<String> {
        all.iter()
            .filter(|(_, s, _)| statuses.contains(&s.as_str()))
            .map(|(i, _, _)| i.clone())
            .collect()
    };
    let failing = with(&["fail", "error"]);
    let warning = with(&["warn"]);
    let want_fail: BTreeSet<String> = fail.iter().map(|s| s.to_string()).collect();
    let want_warn: BTreeSet<String> = warn.iter().map(|s| s.to_string()).collect();
    let suites: BTreeSet<&str> = r["suites"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s["name"].as_str())
        .collect();
    let suites_ran = !every_suite || suites == BTreeSet::from(["buy", "swap", "swap-v1"]);
    // A variant that passes skips nothing: a skipped check is not a pass.
    let skipped = with(&["skip", "skipped"]);
    let want_code = if want_fail.is_empty() { 0 } else { 1 };
    let ok = failing == want_fail
        && warning == want_warn
        && (!want_fail.is_empty() || skipped.is_empty())
        && suites_ran
        && out.status.code() == Some(want_code);
    if ok {
        return Ok(());
    }
    let detail: Vec<String> = all
        .iter()
        .filter(|(_, s, _)| s != "pass")
        .map(|(i, s, m)| format!("{s} {i}: {m}"))
        .collect();
    Err(format!(
        "`{}`: expected failing {want_fail:?} and warning {want_warn:?} (exit {want_code}), got \
         failing {failing:?}, warning {warning:?}, skipped {skipped:?}, suites {suites:?} \
         (exit {:?})\n{}\n--- stderr ---\n{}",
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
    for (fault, variants, _, _) in FAULTS_UNDER_VARIANTS {
        let names: Vec<String> = variants.iter().map(|s| s.to_string()).collect();
        parse_variants(&names).map_err(|e| format!("{fault}: {e}"))?;
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
