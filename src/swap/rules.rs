//! The ids of the swap payload rules, in report order. Their titles, sources, forces and fixes
//! are rows of the one catalogue (`crate::catalogue`); the verifier asks it for text.

/// One requirement: the verifier's rules are rows of the one catalogue.
pub type RuleInfo = crate::catalogue::Requirement;

pub(crate) const PAYLOAD_SHAPE: &str = "SWAP-PAYLOAD-001";
pub(crate) const PAYLOAD_DOT: &str = "SWAP-PAYLOAD-002";
pub(crate) const PAYLOAD_BASE64: &str = "SWAP-PAYLOAD-003";
pub(crate) const PAYLOAD_PROTOBUF: &str = "SWAP-PAYLOAD-004";
pub(crate) const PAYLOAD_LIMITS: &str = "SWAP-PAYLOAD-005";
pub(crate) const PAYLOAD_REQUIRED: &str = "SWAP-PAYLOAD-006";
pub(crate) const PAYLOAD_NONCE: &str = "SWAP-PAYLOAD-007";
pub(crate) const PAYLOAD_LEGACY_ID_EMPTY: &str = "SWAP-PAYLOAD-008";
pub(crate) const PAYLOAD_AMOUNTS: &str = "SWAP-PAYLOAD-009";
pub(crate) const PAYLOAD_EXTRA: &str = "SWAP-PAYLOAD-010";
pub(crate) const PAYLOAD_SIZE: &str = "SWAP-PAYLOAD-011";
pub(crate) const PAYLOAD_WIRE: &str = "SWAP-PAYLOAD-012";
pub(crate) const BIND_REFUND: &str = "SWAP-BIND-001";
pub(crate) const BIND_PAYOUT: &str = "SWAP-BIND-002";
pub(crate) const BIND_CURRENCY_FROM: &str = "SWAP-BIND-003";
pub(crate) const BIND_CURRENCY_TO: &str = "SWAP-BIND-004";
pub(crate) const BIND_PAYIN: &str = "SWAP-BIND-005";
pub(crate) const BIND_AMOUNT: &str = "SWAP-BIND-006";
pub(crate) const SIG_SHAPE: &str = "SWAP-SIG-001";
pub(crate) const SIG_VERIFY: &str = "SWAP-SIG-002";
pub(crate) const SIG_LEADING_ZERO: &str = "SWAP-SIG-003";
pub(crate) const LEGACY_ENCODING: &str = "SWAP-LEGACY-001";
pub(crate) const LEGACY_NONCE: &str = "SWAP-LEGACY-002";
pub(crate) const LEGACY_CURVE: &str = "SWAP-LEGACY-003";
pub(crate) const LEGACY_SIZE: &str = "SWAP-LEGACY-004";
pub(crate) const LEGACY_SIGNATURE: &str = "SWAP-LEGACY-005";

/// Every rule, in the order reports list them: the catalogue's /swap payload group.
pub const RULES: &[RuleInfo] = crate::catalogue::PAYLOAD_RULES;

/// The catalogue entry of `id`, when it is a verifier rule.
pub(crate) fn rule_info(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}

pub(crate) use crate::catalogue::describe_status_word;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_well_formed() {
        for (i, r) in RULES.iter().enumerate() {
            assert!(r.id.starts_with("SWAP-"), "{}", r.id);
            assert!(!r.title.is_empty() && !r.fix.is_empty() && !r.source.is_empty());
            assert!(RULES[i + 1..].iter().all(|o| o.id != r.id), "{}", r.id);
        }
        assert_eq!(RULES.len(), 26);
        assert_eq!(rule_info(SIG_VERIFY).map(|r| r.id), Some("SWAP-SIG-002"));
    }

    #[test]
    fn every_id_constant_names_a_rule_in_order() {
        let constants = [
            PAYLOAD_SHAPE,
            PAYLOAD_DOT,
            PAYLOAD_BASE64,
            PAYLOAD_PROTOBUF,
            PAYLOAD_LIMITS,
            PAYLOAD_REQUIRED,
            PAYLOAD_NONCE,
            PAYLOAD_LEGACY_ID_EMPTY,
            PAYLOAD_AMOUNTS,
            PAYLOAD_EXTRA,
            PAYLOAD_SIZE,
            PAYLOAD_WIRE,
            BIND_REFUND,
            BIND_PAYOUT,
            BIND_CURRENCY_FROM,
            BIND_CURRENCY_TO,
            BIND_PAYIN,
            BIND_AMOUNT,
            SIG_SHAPE,
            SIG_VERIFY,
            SIG_LEADING_ZERO,
            LEGACY_ENCODING,
            LEGACY_NONCE,
            LEGACY_CURVE,
            LEGACY_SIZE,
            LEGACY_SIGNATURE,
        ];
        let ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        assert_eq!(ids, constants);
    }
}
