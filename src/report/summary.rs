//! The per-requirement summary every report shows: one row per requirement id that ran, with
//! its catalogue title, force and gate, its counts and its verdict.

use crate::catalogue::{Force, Gate};
use crate::runner::outcome::{RunOutcome, Status, Totals};
use serde::Serialize;
use std::collections::BTreeMap;

/// One requirement of a run.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RequirementRow {
    #[serde(skip)]
    pub id: String,
    /// The catalogue title (`crate::catalogue`), empty for ids outside it.
    pub title: String,
    /// How strongly the sources say it (must, should, example); `None` outside the catalogue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub force: Option<Force>,
    /// Who refuses a provider that breaks it; `None` outside the catalogue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gate: Option<Gate>,
    /// The verdict over all its checks, see [`requirement_status`].
    pub status: Status,
    #[serde(flatten)]
    pub totals: Totals,
}

/// Every requirement that has at least one check in the run, in catalogue order (ids outside
/// the catalogue last, sorted).
pub(crate) fn requirement_rows(run: &RunOutcome) -> Vec<RequirementRow> {
    let mut totals: BTreeMap<&str, Totals> = BTreeMap::new();
    for c in run.checks() {
        totals.entry(&*c.id).or_default().add(c.status);
    }
    let mut rows = Vec::new();
    for r in crate::catalogue::all() {
        if let Some(t) = totals.remove(r.id) {
            rows.push(row(r.id, Some(r), t));
        }
    }
    for (id, t) in totals {
        rows.push(row(id, None, t));
    }
    rows
}

fn row(id: &str, r: Option<&crate::catalogue::Requirement>, totals: Totals) -> RequirementRow {
    RequirementRow {
        id: id.to_string(),
        title: r.map_or_else(String::new, |r| r.title.to_string()),
        force: r.map(|r| r.force),
        gate: r.map(|r| r.gate),
        status: requirement_status(&totals),
        totals,
    }
}

/// The verdict of a requirement: `fail` if any check failed, else `error` if any could not
/// run, else `warn` if any passed with a warning, else `pass` if any passed, else
/// `expected_fail` if any failed as a known deviation, else `not_applicable` if none was
/// skipped and some did not apply, else `skip`.
pub(crate) fn requirement_status(t: &Totals) -> Status {
    if t.failed > 0 {
        Status::Fail
    } else if t.errors > 0 {
        Status::Error
    } else if t.warnings > 0 {
        Status::Warn
    } else if t.passed > 0 {
        Status::Pass
    } else if t.expected_failures > 0 {
        Status::ExpectedFail
    } else if t.skipped == 0 && t.not_applicable > 0 {
        Status::NotApplicable
    } else {
        Status::Skip
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_status_wins() {
        let mut t = Totals::default();
        t.add(Status::Pass);
        assert_eq!(requirement_status(&t), Status::Pass);
        t.add(Status::Warn);
        assert_eq!(requirement_status(&t), Status::Warn);
        t.add(Status::Error);
        assert_eq!(requirement_status(&t), Status::Error);
        t.add(Status::Fail);
        assert_eq!(requirement_status(&t), Status::Fail);
        let mut x = Totals::default();
        x.add(Status::ExpectedFail);
        x.add(Status::Skip);
        assert_eq!(requirement_status(&x), Status::ExpectedFail);
        assert_eq!(requirement_status(&Totals::default()), Status::Skip);
        let mut na = Totals::default();
        na.add(Status::NotApplicable);
        assert_eq!(requirement_status(&na), Status::NotApplicable);
        na.add(Status::Skip);
        assert_eq!(requirement_status(&na), Status::Skip);
        na.add(Status::Pass);
        assert_eq!(requirement_status(&na), Status::Pass);
    }

    #[test]
    fn a_row_outside_the_catalogue_has_no_force_or_gate() {
        let t = Totals::default();
        let r = row("X-NOT-LISTED", None, t);
        assert_eq!((r.force, r.gate), (None, None));
        let json = serde_json::to_value(&r).unwrap();
        assert!(json.get("force").is_none() && json.get("gate").is_none());
        let listed = crate::catalogue::all().next().unwrap();
        let r = row(listed.id, Some(listed), t);
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["force"], listed.force.word());
        assert_eq!(json["gate"], listed.gate.word());
    }
}
