//! The standard: every check has a failing case. Each requirement id of the catalogue must be
//! shown broken by some fault of the reference provider, some hostile-provider case or some
//! device vector, as its
//! force reports it: a `must` requirement failing, a `should` requirement warning (it never
//! fails a run), an `example` requirement as information.

use crate::{device_vectors, faults, hostile};
use libtest_mimic::{Failed, Trial};
use provider_conformance::catalogue::{self, Force};
use provider_conformance::provider::Fault;
use std::collections::BTreeSet;

/// Ids with no failing case, each with the reason. Keep it empty if at all possible.
const EXCEPTIONS: &[(&str, &str)] = &[
    (
        "WIDGET-MIXED-001",
        "the reference widgets are served over http on loopback, which browsers never treat as mixed content; `widgets::judge::page::tests` shows the failing case",
    ),
    // Pair sweep lane: a failing run needs quotes slower than 5 s each; the unit tests of
    // `src/sweep/latency.rs` show the budget failing on the p95 and on the maximum.
    ("SWEEP-003", "needs quotes slower than 5 s"),
    ("SWEEP-004", "needs quotes slower than 5 s"),
];

pub(crate) fn trials() -> Vec<Trial> {
    vec![Trial::test(
        "coverage::every_requirement_has_a_failing_case",
        every_requirement_has_a_failing_case,
    )]
}

/// The ids some test expects to fail, to warn, and to inform.
struct Covered {
    fail: BTreeSet<&'static str>,
    warn: BTreeSet<&'static str>,
    inform: BTreeSet<&'static str>,
}

fn covered() -> Covered {
    let mut c = Covered {
        fail: BTreeSet::new(),
        warn: BTreeSet::new(),
        inform: BTreeSet::new(),
    };
    for f in Fault::ALL {
        c.fail.extend(f.fails());
        c.warn.extend(f.warns());
        c.inform.extend(f.informs());
    }
    for run in faults::RUNS {
        c.fail.extend(run.fail);
        c.warn.extend(run.warn);
    }
    c.fail.extend(hostile::expected_ids());
    c.fail.extend(device_vectors::expected_ids());
    c
}

fn every_requirement_has_a_failing_case() -> Result<(), Failed> {
    let c = covered();
    let excepted: BTreeSet<&str> = EXCEPTIONS.iter().map(|(id, _)| *id).collect();
    let shown = |id: &str, force: Force| match force {
        Force::Must => c.fail.contains(id),
        Force::Should => c.warn.contains(id),
        Force::Example => c.inform.contains(id),
    };
    let missing: Vec<String> = catalogue::all()
        .filter(|r| !shown(r.id, r.force) && !excepted.contains(r.id))
        .map(|r| format!("{} ({})", r.id, r.force.word()))
        .collect();
    let known = catalogue::ids();
    // An exception that now has a case, or names no requirement, is stale.
    let stale: Vec<&str> = excepted
        .iter()
        .copied()
        .filter(|id| catalogue::requirement(id).is_none_or(|r| shown(r.id, r.force)))
        .collect();
    // An expected id outside the catalogue is a typo in a table.
    let unknown: Vec<&str> = c
        .fail
        .iter()
        .chain(&c.warn)
        .chain(&c.inform)
        .copied()
        .filter(|id| !known.contains(*id))
        .collect();
    if missing.is_empty() && stale.is_empty() && unknown.is_empty() {
        return Ok(());
    }
    Err(format!(
        "requirements without a case that shows them broken (a failure for must, a warning for \
         should, information for example): {missing:?}; stale exceptions: {stale:?}; expected \
         ids not in the catalogue: {unknown:?}"
    )
    .into())
}
