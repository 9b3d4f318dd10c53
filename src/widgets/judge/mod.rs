//! Turns what the browser saw into check outcomes, one file per concern: `page` (loads, can
//! be framed, no script error, no mixed content, the steps ran), `login` (the token's shape,
//! JWT, and that it works), `kyc` (the answer and its agreement with `/check_quote`), `exit`
//! (timeout and exit convention), `buy` (budget and address).

pub(crate) mod buy;
pub(crate) mod exit;
pub(crate) mod jwt;
pub(crate) mod kyc;
pub(crate) mod login;
pub(crate) mod page;

use crate::runner::outcome::{CheckOutcome, Status};

/// Every requirement id the judges report (`tests/it/widgets.rs` shows each one run).
#[cfg(test)]
pub(crate) const CHECKS: &[&str] = &[
    "WIDGET-LOAD-001",
    "WIDGET-FRAME-001",
    "WIDGET-SCRIPT-001",
    "WIDGET-MIXED-001",
    "WIDGET-STEPS-001",
    "WIDGET-LOGIN-001",
    "WIDGET-TOKEN-001",
    "WIDGET-TOKEN-002",
    "WIDGET-KYC-001",
    "WIDGET-KYC-002",
    "WIDGET-TIME-001",
    "WIDGET-EXIT-001",
    "WIDGET-BUY-001",
    "WIDGET-BUY-002",
];
use crate::source::Location;

/// Builds the outcomes of one widget, all at the same place (the profile's widget entry).
pub(crate) struct Verdicts {
    pub location: Location,
    pub checks: Vec<CheckOutcome>,
}

impl Verdicts {
    pub(crate) fn new(location: Location) -> Verdicts {
        Verdicts {
            location,
            checks: Vec::new(),
        }
    }

    pub(crate) fn add(
        &mut self,
        id: &str,
        check: &'static str,
        status: Status,
        message: impl Into<String>,
    ) {
        self.checks.push(CheckOutcome {
            id: id.into(),
            check,
            status,
            message: message.into(),
            location: self.location.clone(),
            status_word: None,
        });
    }

    pub(crate) fn pass(&mut self, id: &str, check: &'static str, message: impl Into<String>) {
        self.add(id, check, Status::Pass, message);
    }

    pub(crate) fn fail(&mut self, id: &str, check: &'static str, message: impl Into<String>) {
        self.add(id, check, Status::Fail, message);
    }

    pub(crate) fn skip(&mut self, id: &str, check: &'static str, why: &str) {
        self.add(id, check, Status::Skip, format!("not run: {why}"));
    }

    /// Adds a check's result: `Ok` passes, `Err` fails.
    pub(crate) fn judge(&mut self, id: &str, check: &'static str, result: Result<String, String>) {
        match result {
            Ok(m) => self.pass(id, check, m),
            Err(m) => self.fail(id, check, m),
        }
    }
}

/// Seconds with one decimal, for messages.
pub(crate) fn secs(ms: u64) -> String {
    format!("{:.1} s", ms as f64 / 1000.0)
}
