//! What a run produced: RunOutcome > SuiteOutcome > FlowOutcome > StepOutcome > CheckOutcome.
//! Reports are pure conversions of these values; [`RunOutcome::verdict`] is the one rule that
//! decides pass, fail or incomplete, and the exit code (see `verdict.rs`).

pub mod force;
#[cfg(test)]
pub(crate) mod sample;
mod verdict;
mod widget;

pub use verdict::{Verdict, VerdictKind, Why};
pub use widget::{Contract, Message, WidgetEvidence};

use crate::source::Location;
use serde::Serialize;

/// The result of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    /// Passed with a caveat worth reading; does not fail the run.
    Warn,
    /// The provider does not conform.
    Fail,
    /// The check could not run to a verdict (transport failure, undecodable body).
    Error,
    /// Not run, with the reason in the message (a previous step failed).
    Skip,
    /// A failure listed as a known deviation.
    ExpectedFail,
    /// Does not apply to this provider, with the reason in the message (a step guarded by
    /// `applies_if`, e.g. a fixed-rate flow for a pair `/pairs` advertises only `float` for).
    /// Neither a pass nor a failure, and unlike a skip it leaves the run complete.
    NotApplicable,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Pass => "PASS",
            Status::Warn => "WARN",
            Status::Fail => "FAIL",
            Status::Error => "ERROR",
            Status::Skip => "SKIP",
            Status::ExpectedFail => "XFAIL",
            Status::NotApplicable => "N/A",
        }
    }

    /// Whether this status makes the run fail.
    pub fn is_failure(self) -> bool {
        matches!(self, Status::Fail | Status::Error)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckOutcome {
    /// Requirement id, e.g. `SWAP-QUOTE-004`.
    pub id: std::sync::Arc<str>,
    /// The check's name (`status`, `schema`, `swap_payload`, `poll`, ...).
    pub check: &'static str,
    pub status: Status,
    pub message: String,
    /// Where the check is written in its suite.
    pub location: Location,
    /// The device status word this failure would cause, e.g. `0x6A82`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_word: Option<String>,
}

/// One HTTP request as sent. Header values of secrets are redacted before any report.
#[derive(Debug, Clone, Serialize)]
pub struct RecordedRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RecordedResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// The body as text (lossy UTF-8), cut to a readable length in reports.
    pub body: String,
    pub body_bytes: usize,
}

/// A request and what came back.
#[derive(Debug, Clone, Serialize)]
pub struct Exchange {
    pub request: RecordedRequest,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response: Option<RecordedResponse>,
    /// Transport failure: refused, timed out, too large, redirected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub elapsed_ms: u64,
    /// Milliseconds since the flow started.
    pub at_ms: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepOutcome {
    pub name: String,
    pub location: Location,
    pub exchanges: Vec<Exchange>,
    pub checks: Vec<CheckOutcome>,
    /// The decoded /swap payload and the device and Ledger Live gates, when the step ran the
    /// payload check.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decoded_payload: Option<crate::swap::SwapEvidence>,
    /// Values captured with `secret: true`, handed to the redactor and never serialized.
    #[serde(skip)]
    pub secrets: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FlowOutcome {
    pub name: String,
    pub tags: Vec<String>,
    /// RFC 3339.
    pub started_at: String,
    pub duration_ms: u64,
    pub steps: Vec<StepOutcome>,
}

impl FlowOutcome {
    pub fn checks(&self) -> impl Iterator<Item = &CheckOutcome> {
        self.steps.iter().flat_map(|s| s.checks.iter())
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SuiteOutcome {
    pub name: String,
    pub file: String,
    pub api: String,
    pub flows: Vec<FlowOutcome>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct RunOutcome {
    pub tool: String,
    pub provider: String,
    pub target: String,
    pub started_at: String,
    pub duration_ms: u64,
    pub suites: Vec<SuiteOutcome>,
    /// The known deviations listed for this run, and what became of each.
    pub deviations: Vec<DeviationOutcome>,
    /// What each widget run showed (the `widgets` suite's evidence), when widgets ran.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub widgets: Vec<WidgetEvidence>,
    /// How many flows the plan held (the suites hold those that finished).
    #[serde(skip)]
    pub planned_flows: usize,
    /// Why the run stopped before every planned flow finished, if it did.
    #[serde(skip)]
    pub stopped: Option<Stop>,
    /// Base URLs that stopped answering, with the steps that were therefore not sent.
    #[serde(skip)]
    pub unreachable: Vec<Unreachable>,
    /// Requests sent again after `429`/`503` with `Retry-After`; in the JSON report only when
    /// there were any.
    #[serde(skip_serializing_if = "Retries::is_empty")]
    pub retries: Retries,
    /// The pair sweep's figures, when the run swept (its checks are the `sweep` suite).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sweep: Option<crate::sweep::SweepSummary>,
    /// SHA-256 of the profile file's bytes (lowercase hex), shown in the HTML header.
    #[serde(skip)]
    pub profile_digest: Option<String>,
}

/// A run that stopped early: the reports hold the flows that finished.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    pub reason: StopReason,
    /// `suite › flow` of every planned flow that did not finish, in plan order.
    pub not_run: Vec<String>,
}

/// What stopped a run early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    /// Ctrl-C (SIGINT).
    Interrupted,
    /// `run --deadline SECS` passed.
    Deadline { secs: u64 },
}

impl StopReason {
    /// `interrupted` or `deadline`, as the JSON report spells it.
    pub fn key(self) -> &'static str {
        match self {
            StopReason::Interrupted => "interrupted",
            StopReason::Deadline { .. } => "deadline",
        }
    }

    /// For people: `interrupted`, `the 300 s deadline passed`.
    pub fn label(self) -> String {
        match self {
            StopReason::Interrupted => "interrupted".into(),
            StopReason::Deadline { secs } => format!("the {secs} s deadline passed"),
        }
    }
}

/// A base URL that stopped answering: after N consecutive timeouts its remaining requests
/// were not sent (they are `error` checks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreachable {
    pub base_url: String,
    /// RFC 3339: when the first of the consecutive unanswered requests was sent.
    pub since: String,
    /// How many requests were not sent because of it.
    pub not_sent: usize,
    /// `suite › flow` of the flows that had a request not sent, in report order.
    pub flows: Vec<String>,
}

/// What the run's retries came to, for the reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Retries {
    /// Requests sent again after a `429`/`503` with `Retry-After`.
    pub retried: u64,
    /// The time spent waiting before them, in milliseconds.
    pub waited_ms: u64,
    /// Requests that failed because the retries ran out.
    pub gave_up: u64,
}

impl Retries {
    /// Nothing was retried nor given up.
    pub fn is_empty(&self) -> bool {
        self.retried == 0 && self.gave_up == 0
    }
}

/// What became of a listed known deviation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviationVerdict {
    /// Its checks failed as listed (expected failures).
    Expected,
    /// Its checks passed: the entry must be removed; the run fails.
    DidNotHappen,
    /// None of its checks reached a verdict (filtered out, skipped, or errors).
    NotRun,
}

/// A known deviation and its verdict.
#[derive(Debug, Clone, Serialize)]
pub struct DeviationOutcome {
    pub id: String,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flow: Option<String>,
    /// Where the entry is written.
    pub location: Location,
    pub verdict: DeviationVerdict,
    pub message: String,
}

/// Counts of check statuses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub passed: usize,
    pub failed: usize,
    pub errors: usize,
    pub warnings: usize,
    pub skipped: usize,
    pub expected_failures: usize,
    /// Checks that do not apply (left out of the JSON report when none).
    #[serde(skip_serializing_if = "is_zero")]
    pub not_applicable: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Totals {
    pub fn add(&mut self, status: Status) {
        match status {
            Status::Pass => self.passed += 1,
            Status::Fail => self.failed += 1,
            Status::Error => self.errors += 1,
            Status::Warn => self.warnings += 1,
            Status::Skip => self.skipped += 1,
            Status::ExpectedFail => self.expected_failures += 1,
            Status::NotApplicable => self.not_applicable += 1,
        }
    }

    /// Checks that reached a verdict or should have: every check but the not applicable ones.
    pub fn total(&self) -> usize {
        self.passed
            + self.failed
            + self.errors
            + self.warnings
            + self.skipped
            + self.expected_failures
    }
}

impl RunOutcome {
    pub fn checks(&self) -> impl Iterator<Item = &CheckOutcome> {
        self.suites
            .iter()
            .flat_map(|s| s.flows.iter())
            .flat_map(|f| f.checks())
    }

    pub fn totals(&self) -> Totals {
        let mut t = Totals::default();
        for c in self.checks() {
            t.add(c.status);
        }
        t
    }

    /// How many flows finished (and are in the reports).
    pub fn finished_flows(&self) -> usize {
        self.suites.iter().map(|s| s.flows.len()).sum()
    }

    /// True when some planned flows or requests did not run: never a pass.
    pub fn is_incomplete(&self) -> bool {
        self.stopped.is_some() || !self.unreachable.is_empty()
    }

    /// The known deviations whose checks all passed (each fails the run).
    pub fn unmet_deviations(&self) -> usize {
        self.deviations
            .iter()
            .filter(|d| d.verdict == DeviationVerdict::DidNotHappen)
            .count()
    }
}
