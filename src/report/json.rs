//! The machine-readable report: the whole run, totals, a per-requirement summary and the
//! verdicts of the known deviations. Its shape is `schemas/report.schema.json` (JSON Schema
//! draft 2020-12); a test validates real reports against it.
//!
//! ```text
//! { "format_version": 1,
//!   "totals": { "passed": 200, "failed": 1, "errors": 0, "warnings": 0, "skipped": 0, "expected_failures": 0 },
//!   "requirements": { "SWAP-SIG-002": { "title": "...", "status": "fail", "passed": 3, "failed": 1, ... } },
//!   "tool": "provider-conformance 0.1.0", "provider": "ACME", "target": "https://...",
//!   "started_at": "...", "duration_ms": 812, "incomplete": false,
//!   "suites": [ { "name": "swap", "flows": [ { "steps": [ { "exchanges": [...], "checks": [...] } ] } ] } ],
//!   "deviations": [ { "id": "...", "reason": "...", "verdict": "expected", ... } ] }
//! ```

use super::summary::{RequirementRow, requirement_rows};
use crate::runner::outcome::{RunOutcome, Totals};
use serde::Serialize;
use std::collections::BTreeMap;

/// Version of the report's shape.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    format_version: u32,
    totals: Totals,
    requirements: BTreeMap<String, RequirementRow>,
    #[serde(flatten)]
    run: &'a RunOutcome,
}

/// Converts a run to pretty JSON.
pub fn to_json(run: &RunOutcome) -> String {
    let report = JsonReport {
        format_version: FORMAT_VERSION,
        totals: run.totals(),
        requirements: requirement_rows(run)
            .into_iter()
            .map(|r| (r.id.clone(), r))
            .collect(),
        run,
    };
    serde_json::to_string_pretty(&report)
        .unwrap_or_else(|e| format!("{{\"error\": \"failed to serialize: {e}\"}}"))
}
