//! The verdict of a run: the one rule that decides pass, fail or incomplete and the exit code.
//! The console, Markdown, HTML, JUnit and JSON reports, the GitHub annotations and the exit
//! code all ask [`RunOutcome::verdict`]; none of them counts on its own.
//!
//! The first reason that applies wins:
//!
//! ```text
//! interrupted (Ctrl-C)            incomplete  130  interrupted after 12 of 27 flows: not a pass
//! --deadline passed               incomplete    1  the 300 s deadline passed after 12 of 27 flows: not a pass
//! a base URL stopped answering    incomplete    1  provider unreachable since … at `https://…`: 9 requests not sent, not a pass
//! a check failed or could not run fail          1  the provider does not conform
//! a known deviation did not happen fail         1  a known deviation did not happen
//! a check was skipped             fail          1  a skipped check is not a pass
//! no check ran at all             fail          1  no check ran: not a pass
//! otherwise                       pass          0
//! ```
//!
//! A check that does not apply (`N/A`, e.g. a fixed-rate step for a pair that `/pairs`
//! advertises only for `float`) is neither a pass nor a failure, and unlike a skipped check
//! it leaves the run complete: it counts for none of the reasons above (a run whose checks
//! all do not apply is one where no check ran).

use super::{RunOutcome, StopReason, Totals};
use crate::exit;
use serde::Serialize;

/// Pass, fail, or incomplete (some flows or requests did not run).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VerdictKind {
    Pass,
    Fail,
    Incomplete,
}

/// What decided the verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    Conforms,
    Interrupted {
        finished: usize,
        planned: usize,
    },
    Deadline {
        secs: u64,
        finished: usize,
        planned: usize,
    },
    Unreachable {
        base_url: String,
        since: String,
        not_sent: usize,
    },
    /// At least one check failed; `only_errors` when none failed but some could not run.
    ChecksFailed {
        only_errors: bool,
    },
    DeviationDidNotHappen,
    Skipped,
    NothingRan,
}

/// The verdict of a run, with the counts of its closing line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub why: Why,
    /// Checks that passed, with or without a warning.
    pub passed: usize,
    /// Checks that failed or could not run, and known deviations that did not happen.
    pub failed: usize,
    pub skipped: usize,
    /// Checks that do not apply: they count for no reason of the verdict.
    pub not_applicable: usize,
}

impl RunOutcome {
    /// The verdict of the run (see the module doc for the rule).
    pub fn verdict(&self) -> Verdict {
        let t: Totals = self.totals();
        let unmet = self.unmet_deviations();
        let finished = self.finished_flows();
        let planned = self.planned_flows.max(finished);
        let why = match (
            self.stopped.as_ref().map(|s| s.reason),
            self.unreachable.first(),
        ) {
            (Some(StopReason::Interrupted), _) => Why::Interrupted { finished, planned },
            (Some(StopReason::Deadline { secs }), _) => Why::Deadline {
                secs,
                finished,
                planned,
            },
            (None, Some(u)) => Why::Unreachable {
                base_url: u.base_url.clone(),
                since: u.since.clone(),
                not_sent: self.unreachable.iter().map(|u| u.not_sent).sum(),
            },
            (None, None) if t.failed + t.errors > 0 => Why::ChecksFailed {
                only_errors: t.failed == 0,
            },
            (None, None) if unmet > 0 => Why::DeviationDidNotHappen,
            (None, None) if t.skipped > 0 => Why::Skipped,
            (None, None) if t.total() == 0 => Why::NothingRan,
            (None, None) => Why::Conforms,
        };
        Verdict {
            why,
            passed: t.passed + t.warnings,
            failed: t.failed + t.errors + unmet,
            skipped: t.skipped,
            not_applicable: t.not_applicable,
        }
    }
}

impl Verdict {
    pub fn kind(&self) -> VerdictKind {
        match self.why {
            Why::Conforms => VerdictKind::Pass,
            Why::Interrupted { .. } | Why::Deadline { .. } | Why::Unreachable { .. } => {
                VerdictKind::Incomplete
            }
            _ => VerdictKind::Fail,
        }
    }

    pub fn is_pass(&self) -> bool {
        self.kind() == VerdictKind::Pass
    }

    /// The process exit code: 130 for Ctrl-C, 1 for any other verdict but a pass.
    pub fn exit_code(&self) -> u8 {
        match self.why {
            Why::Conforms => exit::SUCCESS,
            Why::Interrupted { .. } => exit::INTERRUPTED,
            _ => exit::CHECKS_FAILED,
        }
    }

    /// Short form for headings: `conforms`, `does not conform`, `incomplete, not a pass`.
    pub fn headline(&self) -> &'static str {
        match self.kind() {
            VerdictKind::Pass => "conforms",
            VerdictKind::Fail => "does not conform",
            VerdictKind::Incomplete => "incomplete, not a pass",
        }
    }

    /// What decided a verdict other than a pass, as a sentence; empty for a pass.
    pub fn reason(&self) -> String {
        match &self.why {
            Why::Conforms => String::new(),
            Why::Interrupted { finished, planned } => {
                format!("interrupted after {finished} of {planned} flows: not a pass")
            }
            Why::Deadline {
                secs,
                finished,
                planned,
            } => format!(
                "the {secs} s deadline passed after {finished} of {planned} flows: not a pass"
            ),
            Why::Unreachable {
                base_url,
                since,
                not_sent,
            } => format!(
                "provider unreachable since {since} at `{base_url}`: {not_sent} request{} not sent, not a pass",
                if *not_sent == 1 { "" } else { "s" }
            ),
            Why::ChecksFailed { only_errors: false } => "the provider does not conform".into(),
            Why::ChecksFailed { only_errors: true } => {
                "a check that could not run is not a pass".into()
            }
            Why::DeviationDidNotHappen => "a known deviation did not happen".into(),
            Why::Skipped => "a skipped check is not a pass".into(),
            Why::NothingRan => "no check ran: not a pass".into(),
        }
    }

    /// `N passed, N failed`, then `, N skipped` and `, N not applicable` when some were, then
    /// `: reason` unless the run passed. CI scripts read the first two counts.
    pub fn closing_line(&self) -> String {
        let mut line = format!("{} passed, {} failed", self.passed, self.failed);
        if self.skipped > 0 {
            line.push_str(&format!(", {} skipped", self.skipped));
        }
        if self.not_applicable > 0 {
            line.push_str(&format!(", {} not applicable", self.not_applicable));
        }
        if !self.is_pass() {
            line.push_str(": ");
            line.push_str(&self.reason());
        }
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::outcome::sample::{check, run};
    use crate::runner::outcome::{DeviationOutcome, DeviationVerdict, Status, Stop, Unreachable};

    #[test]
    fn passes_with_warnings_and_expected_failures() {
        let v = run(&[Status::Pass, Status::Warn, Status::ExpectedFail]).verdict();
        assert_eq!((v.kind(), v.exit_code()), (VerdictKind::Pass, 0));
        assert_eq!(v.closing_line(), "2 passed, 0 failed");
    }

    #[test]
    fn a_run_whose_only_problems_are_skipped_checks_is_not_a_pass() {
        // Regression: this printed a green `2 passed, 0 failed` and exited 1.
        let v = run(&[Status::Pass, Status::Pass, Status::Skip]).verdict();
        assert_eq!((v.kind(), v.exit_code()), (VerdictKind::Fail, 1));
        assert_eq!(
            v.closing_line(),
            "2 passed, 0 failed, 1 skipped: a skipped check is not a pass"
        );
    }

    #[test]
    fn failures_errors_and_unmet_deviations_count_as_failed() {
        let v = run(&[Status::Pass, Status::Fail, Status::Error]).verdict();
        assert_eq!(v.why, Why::ChecksFailed { only_errors: false });
        assert_eq!(
            v.closing_line(),
            "1 passed, 2 failed: the provider does not conform"
        );
        let v = run(&[Status::Error]).verdict();
        assert_eq!(v.reason(), "a check that could not run is not a pass");
        let mut r = run(&[Status::Pass]);
        r.deviations.push(DeviationOutcome {
            id: "SWAP-QUOTE-001".into(),
            reason: String::new(),
            flow: None,
            location: check(Status::Pass).location,
            verdict: DeviationVerdict::DidNotHappen,
            message: String::new(),
        });
        let v = r.verdict();
        assert_eq!(
            (v.why.clone(), v.failed, v.exit_code()),
            (Why::DeviationDidNotHappen, 1, 1)
        );
    }

    #[test]
    fn checks_that_do_not_apply_neither_pass_nor_fail_nor_make_the_run_incomplete() {
        let v = run(&[Status::Pass, Status::NotApplicable, Status::NotApplicable]).verdict();
        assert_eq!((v.kind(), v.exit_code()), (VerdictKind::Pass, 0));
        assert_eq!(v.closing_line(), "1 passed, 0 failed, 2 not applicable");
        // A skip still is not a pass, N/A beside it or not.
        let v = run(&[Status::Pass, Status::NotApplicable, Status::Skip]).verdict();
        assert_eq!(v.why, Why::Skipped);
        // Nothing that applied ran: not a pass.
        let v = run(&[Status::NotApplicable]).verdict();
        assert_eq!((v.why.clone(), v.exit_code()), (Why::NothingRan, 1));
        let v = run(&[Status::NotApplicable, Status::Fail]).verdict();
        assert_eq!(v.why, Why::ChecksFailed { only_errors: false });
    }

    #[test]
    fn no_check_at_all_is_not_a_pass() {
        let v = run(&[]).verdict();
        assert_eq!((v.why.clone(), v.exit_code()), (Why::NothingRan, 1));
    }

    #[test]
    fn an_interrupted_run_is_incomplete_even_when_everything_that_ran_passed() {
        let mut r = run(&[Status::Pass]);
        r.planned_flows = 27;
        r.stopped = Some(Stop {
            reason: StopReason::Interrupted,
            not_run: vec!["swap › g".into()],
        });
        let v = r.verdict();
        assert_eq!((v.kind(), v.exit_code()), (VerdictKind::Incomplete, 130));
        assert_eq!(
            v.closing_line(),
            "1 passed, 0 failed: interrupted after 1 of 27 flows: not a pass"
        );
        r.stopped = Some(Stop {
            reason: StopReason::Deadline { secs: 5 },
            not_run: vec![],
        });
        let v = r.verdict();
        assert_eq!((v.kind(), v.exit_code()), (VerdictKind::Incomplete, 1));
        assert_eq!(
            v.reason(),
            "the 5 s deadline passed after 1 of 27 flows: not a pass"
        );
    }

    #[test]
    fn an_unreachable_provider_is_incomplete_and_named_before_its_errors() {
        let mut r = run(&[Status::Pass, Status::Error]);
        r.unreachable.push(Unreachable {
            base_url: "http://127.0.0.1:9/v2".into(),
            since: "2026-12-01T09:00:00Z".into(),
            not_sent: 1,
            flows: vec!["swap › f".into()],
        });
        let v = r.verdict();
        assert_eq!((v.kind(), v.exit_code()), (VerdictKind::Incomplete, 1));
        assert_eq!(
            v.closing_line(),
            "1 passed, 1 failed: provider unreachable since 2026-12-01T09:00:00Z at `http://127.0.0.1:9/v2`: 1 request not sent, not a pass"
        );
    }
}
