//! The standard: every check has a failing case. Each requirement id of the catalogue must be
//! expected to fail (or, for a warning-only rule, to warn) by some fault of the reference
//! provider, some hostile-provider case, or some device vector.

use crate::{device_vectors, faults, hostile};
use libtest_mimic::{Failed, Trial};
use std::collections::BTreeSet;

/// Ids with no failing case, each with the reason. Keep it empty if at all possible.
const EXCEPTIONS: &[(&str, &str)] = &[];

pub fn trials() -> Vec<Trial> {
    vec![Trial::test(
        "coverage::every_requirement_has_a_failing_case",
        every_requirement_has_a_failing_case,
    )]
}

/// The ids some test expects to fail or warn.
fn covered() -> BTreeSet<&'static str> {
    let mut ids: BTreeSet<&str> = faults::EXPECTED
        .iter()
        .flat_map(|(_, _, ids)| ids.iter().copied())
        .collect();
    for run in faults::RUNS {
        ids.extend(run.fail.iter().chain(run.warn).copied());
    }
    ids.extend(hostile::expected_ids());
    ids.extend(device_vectors::expected_ids());
    ids
}

fn every_requirement_has_a_failing_case() -> Result<(), Failed> {
    let covered = covered();
    let excepted: BTreeSet<&str> = EXCEPTIONS.iter().map(|(id, _)| *id).collect();
    let catalogue = provider_conformance::catalogue::ids();
    let missing: Vec<&str> = catalogue
        .iter()
        .map(String::as_str)
        .filter(|id| !covered.contains(id) && !excepted.contains(id))
        .collect();
    // An exception that now has a case, or names no requirement, is stale.
    let stale: Vec<&str> = excepted
        .iter()
        .copied()
        .filter(|id| covered.contains(id) || !catalogue.contains(*id))
        .collect();
    // An expected id outside the catalogue is a typo in a table.
    let unknown: Vec<&str> = covered
        .iter()
        .copied()
        .filter(|id| !catalogue.contains(*id))
        .collect();
    if missing.is_empty() && stale.is_empty() && unknown.is_empty() {
        return Ok(());
    }
    Err(format!(
        "requirements without a failing case: {missing:?}; stale exceptions: {stale:?}; \
         expected ids not in docs/checks.md: {unknown:?}"
    )
    .into())
}
