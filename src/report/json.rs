//! The machine-readable report: the whole run, totals, and a per-requirement summary.
//! Its shape is documented by `schemas/report.schema.json`.

use crate::runner::outcome::{RunOutcome, Status, Totals};
use serde::Serialize;
use std::collections::BTreeMap;

/// Version of the report's shape.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    format_version: u32,
    totals: Totals,
    requirements: BTreeMap<&'a str, Totals>,
    #[serde(flatten)]
    run: &'a RunOutcome,
}

/// Converts a run to pretty JSON.
pub fn to_json(run: &RunOutcome) -> String {
    let mut requirements: BTreeMap<&str, Totals> = BTreeMap::new();
    for c in run.checks() {
        requirements.entry(c.id.as_str()).or_default().add(c.status);
    }
    let report = JsonReport {
        format_version: FORMAT_VERSION,
        totals: run.totals(),
        requirements,
        run,
    };
    serde_json::to_string_pretty(&report)
        .unwrap_or_else(|e| format!("{{\"error\": \"failed to serialize: {e}\"}}"))
}

/// The overall verdict of a requirement: failed if any check failed.
pub fn requirement_status(t: &Totals) -> Status {
    if t.failed + t.errors > 0 {
        Status::Fail
    } else if t.passed + t.warnings > 0 {
        Status::Pass
    } else if t.expected_failures > 0 {
        Status::ExpectedFail
    } else {
        Status::Skip
    }
}
