//! The machine-readable report: the whole run, totals, a per-requirement summary and the
//! verdicts of the known deviations. Its shape is `schemas/report.schema.json` (JSON Schema
//! draft 2020-12); a test validates real reports against it.
//!
//! ```text
//! { "format_version": 1,
//!   "verdict": { "status": "incomplete", "reason": "interrupted after 12 of 27 flows: not a pass", "exit_code": 130 },
//!   "incomplete": true,
//!   "incomplete_reason": { "reason": "interrupted", "message": "...", "not_run": ["swap › quote fixed [btc→eth]", ...] },
//!   "totals": { "passed": 200, "failed": 1, "errors": 0, "warnings": 0, "skipped": 0, "expected_failures": 0 },
//!   "requirements": { "SWAP-SIG-002": { "title": "...", "status": "fail", "passed": 3, "failed": 1, ... } },
//!   "tool": "provider-conformance 0.1.0", "provider": "ACME", "target": "https://...",
//!   "started_at": "...", "duration_ms": 812,
//!   "suites": [ { "name": "swap", "flows": [ { "steps": [ { "exchanges": [...], "checks": [...] } ] } ] } ],
//!   "deviations": [ { "id": "...", "reason": "...", "verdict": "expected", ... } ] }
//! ```

use super::summary::{RequirementRow, requirement_rows};
use crate::runner::outcome::{RunOutcome, Totals, VerdictKind};
use serde::Serialize;
use std::collections::BTreeMap;

/// Version of the report's shape.
pub(crate) const FORMAT_VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<'a> {
    format_version: u32,
    verdict: JsonVerdict,
    /// True when flows or requests did not run: never a pass.
    incomplete: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    incomplete_reason: Option<JsonIncomplete>,
    totals: Totals,
    requirements: BTreeMap<String, RequirementRow>,
    #[serde(flatten)]
    run: &'a RunOutcome,
}

/// The one verdict of the run (`RunOutcome::verdict`).
#[derive(Serialize)]
struct JsonVerdict {
    status: VerdictKind,
    /// What made it not a pass; empty for a pass.
    reason: String,
    exit_code: u8,
}

/// Why a run is incomplete: the first reason, as the verdict names it.
#[derive(Serialize)]
struct JsonIncomplete {
    /// `interrupted`, `deadline` or `unreachable`.
    reason: &'static str,
    message: String,
    /// `suite › flow`: the flows that did not run, or (unreachable) that had requests not sent.
    not_run: Vec<String>,
    /// Unreachable only: the base URL and since when (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    base_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    since: Option<String>,
}

fn incomplete_reason(run: &RunOutcome, message: String) -> Option<JsonIncomplete> {
    if let Some(stop) = &run.stopped {
        return Some(JsonIncomplete {
            reason: stop.reason.key(),
            message,
            not_run: stop.not_run.clone(),
            base_url: None,
            since: None,
        });
    }
    let first = run.unreachable.first()?;
    Some(JsonIncomplete {
        reason: "unreachable",
        message,
        not_run: run
            .unreachable
            .iter()
            .flat_map(|u| u.flows.iter().cloned())
            .collect(),
        base_url: Some(first.base_url.clone()),
        since: Some(first.since.clone()),
    })
}

/// Converts a run to pretty JSON.
pub(crate) fn to_json(run: &RunOutcome) -> String {
    let verdict = run.verdict();
    let report = JsonReport {
        format_version: FORMAT_VERSION,
        verdict: JsonVerdict {
            status: verdict.kind(),
            reason: verdict.reason(),
            exit_code: verdict.exit_code(),
        },
        incomplete: run.is_incomplete(),
        incomplete_reason: incomplete_reason(run, verdict.reason()),
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
