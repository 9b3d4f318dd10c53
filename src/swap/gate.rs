//! The three gates a /swap response passes, and which one each rule belongs to.
//!
//! - **device**: the Exchange app's PROCESS_TRANSACTION_RESPONSE and CHECK_TRANSACTION_SIGNATURE
//!   steps; its verdict comes from the model in `device`, and its rules carry the status word the
//!   app answers for their defect;
//! - **Ledger Live**: what Ledger Live's flow and its payload checker (hw-app-exchange
//!   `SwapPayloadChecker.ts`, `PayloadCheckerShared.ts`) refuse before the device sees the
//!   payload, or where they are stricter than the device; such a rule says what the device would
//!   do instead;
//! - **bindings and guidance**: what Ledger's backend and the coin apps need (the request's
//!   addresses, currencies and amount) and recommendations the device does not enforce.
//!
//! Ledger Live's checker also reports most device defects, under its own codes: each outcome
//! carries the checker's code in `RuleOutcome::ledger_live`, and the Ledger Live verdict lists
//! them as the checker would (after INVALID_ENCODING it reports nothing else).

use serde::Serialize;

use super::outcome::{RuleOutcome, RuleStatus};
use super::rules::PAYLOAD_BASE64;

/// Who enforces a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gate {
    /// The Exchange app on the device.
    Device,
    /// Ledger Live's flow and payload checker.
    LedgerLive,
    /// Ledger's backend, the coin apps, and recommendations.
    BindingsAndGuidance,
}

impl Gate {
    /// `device`, `Ledger Live` or `bindings and guidance`.
    pub fn label(self) -> &'static str {
        match self {
            Gate::Device => "device",
            Gate::LedgerLive => "Ledger Live",
            Gate::BindingsAndGuidance => "bindings and guidance",
        }
    }
}

/// The gate rule `id` belongs to, as the catalogue files it: the coin apps, Ledger's backend
/// and guidance fold into "bindings and guidance". An id the catalogue does not know is the
/// device's, the strictest reading.
pub(crate) fn gate_of(id: &str) -> Gate {
    use crate::catalogue::Gate as Row;
    match crate::catalogue::requirement(id).map(|r| r.gate) {
        Some(Row::LedgerLive) => Gate::LedgerLive,
        Some(Row::CoinApp | Row::Backend | Row::Guidance | Row::Harness) => {
            Gate::BindingsAndGuidance
        }
        Some(Row::Device) | None => Gate::Device,
    }
}

/// Ledger Live's verdict: refused when a Ledger Live rule failed, or when its checker reports
/// an error code for a failed rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerLiveVerdict {
    /// True when Ledger Live would send the payload and its checker reports no error.
    pub accepts: bool,
    /// The first refusal, `CODE: message`; None when it accepts.
    pub reason: Option<String>,
    /// The checker's error codes, in rule order, as it would report them.
    pub codes: Vec<&'static str>,
}

/// The order the checker reports its codes in (`runPayloadCheck`: format, encoding and decoding,
/// field inspection, size, then the signature).
const CHECKER_ORDER: [&str; 17] = [
    "PAYLOAD_LEADING_DOT",
    "INVALID_ENCODING",
    "PROTOBUF_DECODE_FAILED",
    "MISSING_FIELD",
    "ZERO_AMOUNT",
    "INVALID_DEVICE_TRANSACTION_ID",
    "FIELD_EXCEEDS_LIMIT",
    "EXTRA_ID_AND_EXTRA_DATA",
    "INVALID_PAYIN_EXTRA_DATA",
    "EXPECTED_VALUE_MISMATCH",
    "PAYLOAD_TOO_LARGE",
    "LEGACY_CURVE_UNSUPPORTED",
    "SIGNATURE_MALFORMED",
    "SIGNATURE_WITHOUT_DOT_PREFIX",
    "SIGNATURE_OVER_RAW_PROTOBUF",
    "SIGNATURE_INVALID",
    "SIGNATURE_LEADING_ZERO",
];

/// Ledger Live's verdict on a set of outcomes.
pub(crate) fn ledger_live(rules: &[RuleOutcome]) -> LedgerLiveVerdict {
    let refusing: Vec<&RuleOutcome> = rules
        .iter()
        .filter(|o| o.status == RuleStatus::Fail)
        .filter(|o| o.ledger_live.is_some() || gate_of(o.id) == Gate::LedgerLive)
        .collect();
    let mut codes: Vec<&'static str> = refusing.iter().filter_map(|o| o.ledger_live).collect();
    // With an NG payload it cannot decode the checker stops: only the leading-dot format issue
    // comes first (a legacy `0x` prefix is only a format issue, the checks go on).
    if refusing
        .iter()
        .any(|o| o.id == PAYLOAD_BASE64 && o.ledger_live == Some("INVALID_ENCODING"))
    {
        codes.retain(|c| matches!(*c, "INVALID_ENCODING" | "PAYLOAD_LEADING_DOT"));
    }
    codes.sort_by_key(|c| CHECKER_ORDER.iter().position(|o| o == c));
    codes.dedup();
    let reason = refusing.first().map(|o| match o.ledger_live {
        Some(code) => format!("{code}: {} ({})", o.message, o.id),
        None => format!("{}: {}", o.id, o.message),
    });
    LedgerLiveVerdict {
        accepts: refusing.is_empty(),
        reason,
        codes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::swap::rules::{LEGACY_CURVE, PAYLOAD_DOT, PAYLOAD_LEGACY_ID_EMPTY, PAYLOAD_SHAPE};
    use crate::swap::rules::{RULES, SIG_VERIFY};

    #[test]
    fn every_rule_has_one_gate() {
        let device = RULES
            .iter()
            .filter(|r| gate_of(r.id) == Gate::Device)
            .count();
        let live = RULES
            .iter()
            .filter(|r| gate_of(r.id) == Gate::LedgerLive)
            .count();
        assert_eq!(device + live + 7, RULES.len());
        assert_eq!(gate_of(SIG_VERIFY), Gate::Device);
        assert_eq!(gate_of(PAYLOAD_BASE64), Gate::LedgerLive);
        assert_eq!(gate_of("SWAP-BIND-001"), Gate::BindingsAndGuidance);
    }

    #[test]
    fn gates_follow_the_catalogue() {
        assert_eq!(gate_of(PAYLOAD_SHAPE), Gate::LedgerLive);
        assert_eq!(gate_of(PAYLOAD_LEGACY_ID_EMPTY), Gate::BindingsAndGuidance);
        assert_eq!(gate_of("SWAP-BIND-006"), Gate::BindingsAndGuidance);
        assert_eq!(gate_of("SWAP-PAYLOAD-007"), Gate::Device);
        assert_eq!(gate_of(LEGACY_CURVE), Gate::LedgerLive);
    }

    #[test]
    fn the_checker_stops_after_invalid_encoding() {
        let rules = vec![
            RuleOutcome::fail(PAYLOAD_DOT, "dot").ll("PAYLOAD_LEADING_DOT"),
            RuleOutcome::fail(PAYLOAD_BASE64, "plus").ll("INVALID_ENCODING"),
            RuleOutcome::fail(SIG_VERIFY, "bad").ll("SIGNATURE_INVALID"),
        ];
        let v = ledger_live(&rules);
        assert!(!v.accepts);
        assert_eq!(v.codes, ["PAYLOAD_LEADING_DOT", "INVALID_ENCODING"]);
        assert!(
            v.reason
                .is_some_and(|r| r.starts_with("PAYLOAD_LEADING_DOT: dot"))
        );
        let v = ledger_live(&[RuleOutcome::fail("SWAP-BIND-001", "refund differs")]);
        assert!(v.accepts);
    }
}
