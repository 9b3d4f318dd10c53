//! Folds every pair's outcome into one check outcome per requirement and step, as it comes:
//! counts, the first failing pairs with their messages, and the exchanges of the first few
//! failing pairs. Memory stays flat in the number of pairs (nothing of a passing pair is kept
//! but the count); every pair's result goes to the NDJSON file instead.
//!
//! ```text
//! SWEEP-001 fixed quote: 2 of 504 pair(s) fail: btc→usdt: status 404 `SWAP_PAIR_NOT_FOUND_ERROR`; …
//! ```

use crate::runner::outcome::{CheckOutcome, Exchange, Status, StepOutcome};
use crate::source::Location;

/// Failing pairs named in a message.
const NAMED: usize = 10;
/// Pairs whose exchanges are kept per step.
const KEPT_EXCHANGES: usize = 3;

/// One requirement of one step, over every pair.
#[derive(Debug)]
struct Row {
    id: std::sync::Arc<str>,
    check: &'static str,
    location: Location,
    status_word: Option<String>,
    pass: usize,
    warn: usize,
    fail: usize,
    error: usize,
    skip: usize,
    /// Pairs for which the check did not apply (a step's `applies_if`).
    not_applicable: usize,
    /// `pair: message` of the first non-passing pairs.
    named: Vec<String>,
}

impl Row {
    fn total(&self) -> usize {
        self.pass + self.warn + self.fail + self.error + self.skip + self.not_applicable
    }

    fn status(&self) -> Status {
        if self.fail > 0 {
            Status::Fail
        } else if self.error > 0 {
            Status::Error
        } else if self.skip > 0 {
            Status::Skip
        } else if self.warn > 0 {
            Status::Warn
        } else if self.pass == 0 && self.not_applicable > 0 {
            Status::NotApplicable
        } else {
            Status::Pass
        }
    }

    fn message(&self) -> String {
        let n = self.total();
        let bad = self.fail + self.error + self.skip;
        let word = match self.status() {
            Status::Fail => "fail",
            Status::Error => "could not be checked",
            Status::Skip => "were not checked",
            Status::Warn => "warn",
            Status::NotApplicable => return format!("{n} pair(s): not applicable"),
            _ => return format!("{n} pair(s) checked, all pass"),
        };
        let count = if self.status() == Status::Warn {
            self.warn
        } else {
            bad
        };
        let more = count.saturating_sub(self.named.len());
        let tail = if more > 0 {
            format!("; and {more} more (every pair is in --sweep-results)")
        } else {
            String::new()
        };
        format!(
            "{count} of {n} pair(s) {word}: {}{tail}",
            self.named.join("; ")
        )
    }
}

/// The outcomes of one step (the quote, or the swap) of one trade method, over every pair.
#[derive(Debug)]
pub(crate) struct StepTally {
    name: String,
    location: Option<Location>,
    rows: Vec<Row>,
    exchanges: Vec<Exchange>,
    /// Failing pairs whose exchanges are kept.
    pairs_kept: usize,
}

impl StepTally {
    pub(crate) fn new(name: &str) -> Self {
        StepTally {
            name: name.to_string(),
            location: None,
            rows: Vec::new(),
            exchanges: Vec::new(),
            pairs_kept: 0,
        }
    }

    /// Adds one pair's check outcomes (`pair` is its label, `btc→eth`).
    pub(crate) fn add(&mut self, pair: &str, step: &StepOutcome, checks: &[CheckOutcome]) {
        self.location.get_or_insert_with(|| step.location.clone());
        let mut failed = false;
        for (n, c) in checks.iter().enumerate() {
            let same = |r: &Row| r.id == c.id && r.check == c.check && r.location == c.location;
            // Every quote's checks come in the same order: the n-th row is nearly always it.
            let at = match self.rows.get(n) {
                Some(r) if same(r) => Some(n),
                _ => self.rows.iter().position(same),
            };
            let row = match at {
                Some(i) => &mut self.rows[i],
                None => {
                    self.rows.push(Row {
                        id: c.id.clone(),
                        check: c.check,
                        location: c.location.clone(),
                        status_word: None,
                        pass: 0,
                        warn: 0,
                        fail: 0,
                        error: 0,
                        skip: 0,
                        not_applicable: 0,
                        named: Vec::new(),
                    });
                    self.rows.last_mut().expect("just pushed")
                }
            };
            let counter = match c.status {
                Status::Pass | Status::ExpectedFail => &mut row.pass,
                Status::Warn => &mut row.warn,
                Status::Fail => &mut row.fail,
                Status::Error => &mut row.error,
                Status::Skip => &mut row.skip,
                Status::NotApplicable => &mut row.not_applicable,
            };
            *counter += 1;
            if !matches!(
                c.status,
                Status::Pass | Status::ExpectedFail | Status::NotApplicable
            ) {
                failed |= c.status.is_failure();
                if row.named.len() < NAMED {
                    row.named.push(format!("{pair}: {}", c.message));
                }
                if row.status_word.is_none() {
                    row.status_word = c.status_word.clone();
                }
            }
        }
        // The exchanges of the first failing pairs; a passing one as a sample otherwise.
        if failed && self.pairs_kept < KEPT_EXCHANGES {
            if self.pairs_kept == 0 {
                self.exchanges.clear();
            }
            self.pairs_kept += 1;
            self.exchanges.extend(step.exchanges.iter().cloned());
        } else if !failed && self.pairs_kept == 0 && self.exchanges.is_empty() {
            self.exchanges.extend(step.exchanges.iter().cloned());
        }
    }

    /// Where the step is written (its first pair's).
    pub(crate) fn location(&self) -> Location {
        self.location.clone().unwrap_or_else(|| Location {
            file: "<pair sweep>".into(),
            line: 0,
            col: 0,
        })
    }

    /// Whether any pair was added.
    pub(crate) fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The step with one check outcome per requirement.
    pub(crate) fn finish(self) -> StepOutcome {
        let location = self.location();
        StepOutcome {
            name: self.name,
            location,
            exchanges: self.exchanges,
            checks: self
                .rows
                .iter()
                .map(|r| CheckOutcome {
                    id: r.id.clone(),
                    check: r.check,
                    status: r.status(),
                    message: r.message(),
                    location: r.location.clone(),
                    status_word: r.status_word.clone(),
                })
                .collect(),
            decoded_payload: None,
            secrets: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(id: &str, status: Status, message: &str) -> CheckOutcome {
        CheckOutcome {
            id: id.into(),
            check: "status",
            status,
            message: message.into(),
            location: Location {
                file: "suites/swap.yaml".into(),
                line: 3,
                col: 1,
            },
            status_word: None,
        }
    }

    fn step() -> StepOutcome {
        StepOutcome {
            name: "fixed quote".into(),
            location: Location {
                file: "suites/swap.yaml".into(),
                line: 2,
                col: 1,
            },
            exchanges: Vec::new(),
            checks: Vec::new(),
            decoded_payload: None,
            secrets: Vec::new(),
        }
    }

    #[test]
    fn one_outcome_per_requirement_with_the_failing_pairs_counted_and_named() {
        let mut t = StepTally::new("fixed quote");
        for i in 0..30 {
            let status = if i % 2 == 0 {
                Status::Fail
            } else {
                Status::Pass
            };
            t.add(
                &format!("p{i}"),
                &step(),
                &[check("A", status, "status 404")],
            );
            t.add(&format!("p{i}"), &step(), &[check("B", Status::Pass, "ok")]);
        }
        let s = t.finish();
        assert_eq!(s.checks.len(), 2);
        assert_eq!(s.checks[0].status, Status::Fail);
        let m = &s.checks[0].message;
        assert!(
            m.starts_with("15 of 30 pair(s) fail: p0: status 404; p2: status 404"),
            "{m}"
        );
        assert!(
            m.ends_with("; and 5 more (every pair is in --sweep-results)"),
            "{m}"
        );
        assert_eq!(
            (s.checks[1].status, s.checks[1].message.as_str()),
            (Status::Pass, "30 pair(s) checked, all pass")
        );
    }

    #[test]
    fn errors_and_skips_are_not_a_pass() {
        let mut t = StepTally::new("q");
        t.add("a", &step(), &[check("A", Status::Pass, "")]);
        t.add("b", &step(), &[check("A", Status::Skip, "not run")]);
        assert_eq!(t.finish().checks[0].status, Status::Skip);
        let mut t = StepTally::new("q");
        t.add("a", &step(), &[check("A", Status::Warn, "late")]);
        t.add("b", &step(), &[check("A", Status::Error, "timed out")]);
        let s = t.finish();
        assert_eq!(s.checks[0].status, Status::Error);
        assert_eq!(
            s.checks[0].message,
            "1 of 2 pair(s) could not be checked: a: late; b: timed out"
        );
    }
}
