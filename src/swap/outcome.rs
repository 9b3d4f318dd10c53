//! The result of checking one rule, and of checking a whole /swap response.

use serde::Serialize;

use super::payload::DecodedPayload;
use super::rules::{self, RULES};

/// How a rule ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleStatus {
    /// The rule ran and holds.
    Pass,
    /// The rule ran and does not hold.
    Fail,
    /// The rule ran; the device accepts this, but it is fragile or unusual.
    Warn,
    /// The rule could not run (the message says why); never counts as a pass.
    Skip,
}

impl RuleStatus {
    /// `PASS`, `FAIL`, `WARN` or `SKIP`.
    pub fn label(self) -> &'static str {
        match self {
            RuleStatus::Pass => "PASS",
            RuleStatus::Fail => "FAIL",
            RuleStatus::Warn => "WARN",
            RuleStatus::Skip => "SKIP",
        }
    }
}

/// The outcome of one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleOutcome {
    /// Rule id from [`RULES`].
    pub id: &'static str,
    /// How it ended.
    pub status: RuleStatus,
    /// What was found: field, expected and actual value, status word when known. Lowercase,
    /// no trailing period.
    pub message: String,
    /// The status word the device would answer, when one is known (e.g. `0x6A82`).
    pub status_word: Option<u16>,
}

impl RuleOutcome {
    /// A passing outcome.
    pub fn pass(id: &'static str, message: impl Into<String>) -> Self {
        Self::new(id, RuleStatus::Pass, message.into(), None)
    }

    /// A warning.
    pub fn warn(id: &'static str, message: impl Into<String>) -> Self {
        Self::new(id, RuleStatus::Warn, message.into(), None)
    }

    /// A rule that could not run.
    pub fn skip(id: &'static str, message: impl Into<String>) -> Self {
        Self::new(id, RuleStatus::Skip, message.into(), None)
    }

    /// A failure without a known status word.
    pub fn fail(id: &'static str, message: impl Into<String>) -> Self {
        Self::new(id, RuleStatus::Fail, message.into(), None)
    }

    /// A failure the device reports with `sw`; the message gets `(0x6A82 WRONG_TRANSACTION_ID)`.
    pub fn fail_sw(id: &'static str, message: impl Into<String>, sw: u16) -> Self {
        let message = format!("{} ({})", message.into(), rules::describe_status_word(sw));
        Self::new(id, RuleStatus::Fail, message, Some(sw))
    }

    fn new(id: &'static str, status: RuleStatus, message: String, sw: Option<u16>) -> Self {
        Self {
            id,
            status,
            message,
            status_word: sw,
        }
    }
}

/// Everything found about one /swap response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SwapVerdict {
    /// One outcome per applicable rule, in catalogue order.
    pub rules: Vec<RuleOutcome>,
    /// The decoded payload, when it decoded.
    pub decoded: Option<DecodedPayload>,
}

fn is_binding(id: &str) -> bool {
    id.starts_with("SWAP-BIND-")
}

impl SwapVerdict {
    /// Builds a verdict, ordering the outcomes as the catalogue does.
    pub fn new(mut rules: Vec<RuleOutcome>, decoded: Option<DecodedPayload>) -> Self {
        rules.sort_by_key(|o| RULES.iter().position(|r| r.id == o.id));
        Self { rules, decoded }
    }

    /// True when no payload, signature or legacy rule failed: the device would accept the
    /// payload and signature. Bindings are not included (see [`Self::bindings_hold`]); skipped
    /// rules do not count as failures.
    pub fn device_accepts(&self) -> bool {
        !self
            .rules
            .iter()
            .any(|o| o.status == RuleStatus::Fail && !is_binding(o.id))
    }

    /// True when no binding rule (SWAP-BIND-*) failed.
    pub fn bindings_hold(&self) -> bool {
        !self
            .rules
            .iter()
            .any(|o| o.status == RuleStatus::Fail && is_binding(o.id))
    }

    /// True when no rule at all failed.
    pub fn passed(&self) -> bool {
        self.device_accepts() && self.bindings_hold()
    }

    /// The outcome of rule `id`, if it applied.
    pub fn outcome(&self, id: &str) -> Option<&RuleOutcome> {
        self.rules.iter().find(|o| o.id == id)
    }

    /// Counts of (pass, fail, warn, skip).
    pub fn counts(&self) -> (usize, usize, usize, usize) {
        let n = |s| self.rules.iter().filter(|o| o.status == s).count();
        (
            n(RuleStatus::Pass),
            n(RuleStatus::Fail),
            n(RuleStatus::Warn),
            n(RuleStatus::Skip),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_catalogue_and_separates_bindings() {
        let v = SwapVerdict::new(
            vec![
                RuleOutcome::fail("SWAP-BIND-001", "refund differs"),
                RuleOutcome::pass("SWAP-PAYLOAD-001", "ok"),
            ],
            None,
        );
        assert_eq!(v.rules[0].id, "SWAP-PAYLOAD-001");
        assert!(v.device_accepts());
        assert!(!v.bindings_hold());
        assert!(!v.passed());
        assert_eq!(v.counts(), (1, 1, 0, 0));
    }

    #[test]
    fn failure_message_carries_the_status_word() {
        let o = RuleOutcome::fail_sw("SWAP-PAYLOAD-007", "nonce differs", 0x6A82);
        assert_eq!(o.message, "nonce differs (0x6A82 WRONG_TRANSACTION_ID)");
        assert_eq!(o.status_word, Some(0x6A82));
        let json = serde_json::to_value(&o).expect("json");
        assert_eq!(json["status"], "fail");
    }
}
