//! The result of checking one rule, and of checking a whole /swap response.

use serde::Serialize;

use super::device::DeviceVerdict;
use super::gate::{self, Gate, LedgerLiveVerdict, gate_of};
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
    /// The status word the device answers for this defect, when it refuses it (e.g. `0x6A82`).
    pub status_word: Option<u16>,
    /// The code Ledger Live's payload checker reports for it, when it does (e.g. `ZERO_AMOUNT`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ledger_live: Option<&'static str>,
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

    /// The same outcome, with the code Ledger Live's checker reports for it.
    pub fn ll(mut self, code: &'static str) -> Self {
        self.ledger_live = Some(code);
        self
    }

    /// The gate this rule belongs to.
    pub fn gate(&self) -> Gate {
        gate_of(self.id)
    }

    fn new(id: &'static str, status: RuleStatus, message: String, sw: Option<u16>) -> Self {
        Self {
            id,
            status,
            message,
            status_word: sw,
            ledger_live: None,
        }
    }
}

/// Everything found about one /swap response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SwapVerdict {
    /// One outcome per applicable rule, in catalogue order.
    pub rules: Vec<RuleOutcome>,
    /// The decoded payload (as the device reads it), when it decoded.
    pub decoded: Option<DecodedPayload>,
    /// The device gate: the Exchange app's verdict and first status word.
    pub device: DeviceVerdict,
}

/// What the run reports keep of a /swap verdict: the decoded payload (as the device reads it)
/// and the device and Ledger Live gates. Typed all the way to the reports, redacted as such
/// (`crate::redact`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SwapEvidence {
    /// The decoded payload, its fields at the top level of the JSON object.
    #[serde(flatten)]
    pub decoded: Option<DecodedPayload>,
    /// The device gate.
    pub device: DeviceVerdict,
    /// The Ledger Live gate.
    pub ledger_live: LedgerLiveVerdict,
}

impl SwapVerdict {
    /// The evidence the run reports keep.
    pub fn evidence(&self) -> SwapEvidence {
        SwapEvidence {
            decoded: self.decoded.clone(),
            device: self.device.clone(),
            ledger_live: self.ledger_live(),
        }
    }

    /// Builds a verdict, ordering the outcomes as the catalogue does.
    pub fn new(
        mut rules: Vec<RuleOutcome>,
        decoded: Option<DecodedPayload>,
        device: DeviceVerdict,
    ) -> Self {
        rules.sort_by_key(|o| RULES.iter().position(|r| r.id == o.id));
        Self {
            rules,
            decoded,
            device,
        }
    }

    /// The device gate: true when the Exchange app would answer 0x9000 to both the payload
    /// and the signature (the model in `swap::device`, not a count of failed rules).
    pub fn device_accepts(&self) -> bool {
        self.device.accepts
    }

    /// The Ledger Live gate.
    pub fn ledger_live(&self) -> LedgerLiveVerdict {
        gate::ledger_live(&self.rules)
    }

    /// True when no rule of the bindings-and-guidance gate failed.
    pub fn bindings_hold(&self) -> bool {
        !self
            .rules
            .iter()
            .any(|o| o.status == RuleStatus::Fail && o.gate() == Gate::BindingsAndGuidance)
    }

    /// True when the device accepts and no rule at all failed.
    pub fn passed(&self) -> bool {
        self.device_accepts() && !self.rules.iter().any(|o| o.status == RuleStatus::Fail)
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

    fn accepting() -> DeviceVerdict {
        DeviceVerdict::accepting("test")
    }

    #[test]
    fn orders_by_catalogue_and_separates_bindings() {
        let v = SwapVerdict::new(
            vec![
                RuleOutcome::fail("SWAP-BIND-001", "refund differs"),
                RuleOutcome::pass("SWAP-PAYLOAD-001", "ok"),
            ],
            None,
            accepting(),
        );
        assert_eq!(v.rules[0].id, "SWAP-PAYLOAD-001");
        assert!(v.device_accepts());
        assert!(v.ledger_live().accepts);
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
