//! Every fault of the reference provider makes exactly its requirements fail (or warn), and
//! nothing else. What each fault must show is written once, in the provider's fault table
//! (`src/provider/faults.rs`); the runs below need more than `--fault NAME`. A fault's run keeps
//! the flows its row names, or every API flow: only the widget faults start the browser.

use crate::support::{Scratch, checks, fault_filters, report, run_in, text};
use libtest_mimic::{Failed, Trial};
use provider_conformance::provider::Fault;
use std::collections::BTreeSet;

/// A run of the reference provider with other options than one fault. Every other check of
/// the filtered flows must pass, without a warning.
pub(crate) struct Run {
    /// The trial's name, `faults::<name>`.
    pub name: &'static str,
    /// Arguments of `run` (before the filter).
    pub args: &'static [&'static str],
    pub filter: &'static str,
    /// Requirement ids that must fail (status `fail` or `error`), and nothing else.
    pub fail: &'static [&'static str],
    /// Requirement ids that must warn, and nothing else.
    pub warn: &'static [&'static str],
}

pub(crate) const RUNS: &[Run] = &[
    // The conforming provider in legacy mode passes every check.
    Run {
        name: "legacy-conforms",
        args: &["--legacy"],
        filter: "",
        fail: &[],
        warn: &[],
    },
    // The legacy flow forces secp256k1. The signature then cannot be checked (a skip).
    Run {
        name: "legacy-on-secp256r1",
        args: &["--legacy", "--curve", "secp256r1"],
        filter: "",
        fail: &["SWAP-LEGACY-003"],
        warn: &[],
    },
];

/// What a run must show: the ids that fail, warn and inform, and nothing else.
struct Expect {
    fail: &'static [&'static str],
    warn: &'static [&'static str],
    inform: &'static [&'static str],
}

pub(crate) fn trials() -> Vec<Trial> {
    Fault::ALL
        .iter()
        .map(|&f| {
            Trial::test(format!("faults::{f}"), move || {
                let expect = Expect {
                    fail: f.fails(),
                    warn: f.warns(),
                    inform: f.informs(),
                };
                shows_exactly(f.name(), &["--fault", f.name()], &fault_filters(f), &expect)
            })
        })
        .chain(RUNS.iter().map(|r| {
            Trial::test(format!("faults::{}", r.name), move || {
                let expect = Expect {
                    fail: r.fail,
                    warn: r.warn,
                    inform: &[],
                };
                let filters: &[&str] = if r.filter.is_empty() {
                    &[]
                } else {
                    &[r.filter]
                };
                shows_exactly(r.name, r.args, filters, &expect)
            })
        }))
        .collect()
}

/// An informational pass: a failing check of an `example` requirement (see
/// `provider_conformance::runner::outcome::force`).
fn is_information(status: &str, message: &str) -> bool {
    status == "pass" && message.starts_with("informational")
}

fn shows_exactly(
    name: &str,
    run_args: &[&str],
    filters: &[&str],
    expect: &Expect,
) -> Result<(), Failed> {
    let dir = Scratch::new(name);
    let mut args = vec!["run"];
    args.extend_from_slice(run_args);
    args.extend_from_slice(filters);
    let out = run_in(&dir.0, &args);
    let set = |ids: &[&'static str]| -> BTreeSet<&'static str> { ids.iter().copied().collect() };
    let (want, want_warn, want_info) = (set(expect.fail), set(expect.warn), set(expect.inform));
    let all = checks(&report(&dir.0));
    let matching = |keep: &dyn Fn(&str, &str) -> bool| -> BTreeSet<&str> {
        all.iter()
            .filter(|(_, s, m)| keep(s, m))
            .map(|(i, _, _)| i.as_str())
            .collect()
    };
    let failing = matching(&|s, _| s == "fail" || s == "error");
    let warning = matching(&|s, _| s == "warn");
    let informing = matching(&is_information);
    let expected_code = if want.is_empty() { Some(0) } else { Some(1) };
    if failing == want
        && warning == want_warn
        && informing == want_info
        && out.status.code() == expected_code
    {
        return Ok(());
    }
    let detail: Vec<String> = all
        .iter()
        .filter(|(_, s, m)| s != "pass" || is_information(s, m))
        .map(|(i, s, m)| format!("{s} {i}: {m}"))
        .collect();
    Err(format!(
        "`{}`: expected failing {want:?}, warning {want_warn:?} and informing {want_info:?} \
         (exit {expected_code:?}), got failing {failing:?}, warning {warning:?} and informing \
         {informing:?} (exit {:?})\n{}\n--- stderr ---\n{}",
        args.join(" "),
        out.status.code(),
        detail.join("\n"),
        text(&out.stderr)
    )
    .into())
}
