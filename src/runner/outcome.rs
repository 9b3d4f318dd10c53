//! What a run produced: RunOutcome > SuiteOutcome > FlowOutcome > StepOutcome > CheckOutcome.
//! Reports are pure conversions of these values.

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
    pub id: String,
    /// The check's name (`status`, `schema`, `swap_payload`, `poll`, ...).
    pub check: String,
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

#[derive(Debug, Clone, Serialize)]
pub struct RunOutcome {
    pub tool: String,
    pub provider: String,
    pub target: String,
    pub started_at: String,
    pub duration_ms: u64,
    /// True when the run was interrupted; the reports hold what finished.
    pub incomplete: bool,
    pub suites: Vec<SuiteOutcome>,
    /// The known deviations listed for this run, and what became of each.
    pub deviations: Vec<DeviationOutcome>,
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
        }
    }

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
}
