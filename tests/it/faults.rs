//! Every fault of the reference provider makes exactly its requirements fail, and nothing else.

use crate::support::{Scratch, checks, report, run_in, text};
use libtest_mimic::{Failed, Trial};
use std::collections::BTreeSet;

/// `(fault, filter, requirement ids that must fail)`. The filter keeps runs short; every other
/// check of the filtered flows must pass.
pub const EXPECTED: &[(&str, &str, &[&str])] = &[];

pub fn trials() -> Vec<Trial> {
    EXPECTED
        .iter()
        .map(|(fault, filter, ids)| {
            Trial::test(format!("faults::{fault}"), move || {
                fault_fails_exactly(fault, filter, ids)
            })
        })
        .collect()
}

fn fault_fails_exactly(fault: &str, filter: &str, ids: &[&str]) -> Result<(), Failed> {
    let dir = Scratch::new(fault);
    let mut args = vec!["run", "--fault", fault, "--timeout", "3"];
    if !filter.is_empty() {
        args.push(filter);
    }
    let out = run_in(&dir.0, &args);
    let want: BTreeSet<&str> = ids.iter().copied().collect();
    let all = checks(&report(&dir.0));
    let failing: BTreeSet<&str> = all
        .iter()
        .filter(|(_, s, _)| s == "fail" || s == "error")
        .map(|(i, _, _)| i.as_str())
        .collect();
    let expected_code = if want.is_empty() { Some(0) } else { Some(1) };
    if failing == want && out.status.code() == expected_code {
        return Ok(());
    }
    let detail: Vec<String> = all
        .iter()
        .filter(|(_, s, _)| s != "pass" && s != "warn")
        .map(|(i, s, m)| format!("{s} {i}: {m}"))
        .collect();
    Err(format!(
        "fault `{fault}`: expected failing {want:?} (exit {expected_code:?}), got {failing:?} (exit {:?})\n{}\n--- stderr ---\n{}",
        out.status.code(),
        detail.join("\n"),
        text(&out.stderr)
    )
    .into())
}
