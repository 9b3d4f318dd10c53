//! The catalogue of swap payload rules: one entry per requirement id, in report order, with the
//! spec section it comes from and what a provider should do about a failure.

/// One requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct RuleInfo {
    /// Stable id, e.g. `SWAP-PAYLOAD-003`.
    pub id: &'static str,
    /// One-line title.
    pub title: &'static str,
    /// Where the rule comes from, e.g. `ledger-integration §2.5`.
    pub source: &'static str,
    /// What a provider should do to pass.
    pub fix: &'static str,
}

const fn rule(
    id: &'static str,
    title: &'static str,
    source: &'static str,
    fix: &'static str,
) -> RuleInfo {
    RuleInfo {
        id,
        title,
        source,
        fix,
    }
}

pub const PAYLOAD_SHAPE: &str = "SWAP-PAYLOAD-001";
pub const PAYLOAD_DOT: &str = "SWAP-PAYLOAD-002";
pub const PAYLOAD_BASE64: &str = "SWAP-PAYLOAD-003";
pub const PAYLOAD_PROTOBUF: &str = "SWAP-PAYLOAD-004";
pub const PAYLOAD_LIMITS: &str = "SWAP-PAYLOAD-005";
pub const PAYLOAD_REQUIRED: &str = "SWAP-PAYLOAD-006";
pub const PAYLOAD_NONCE: &str = "SWAP-PAYLOAD-007";
pub const PAYLOAD_LEGACY_ID_EMPTY: &str = "SWAP-PAYLOAD-008";
pub const PAYLOAD_AMOUNTS: &str = "SWAP-PAYLOAD-009";
pub const PAYLOAD_EXTRA: &str = "SWAP-PAYLOAD-010";
pub const PAYLOAD_SIZE: &str = "SWAP-PAYLOAD-011";
pub const PAYLOAD_WIRE: &str = "SWAP-PAYLOAD-012";
pub const BIND_REFUND: &str = "SWAP-BIND-001";
pub const BIND_PAYOUT: &str = "SWAP-BIND-002";
pub const BIND_CURRENCY_FROM: &str = "SWAP-BIND-003";
pub const BIND_CURRENCY_TO: &str = "SWAP-BIND-004";
pub const BIND_PAYIN: &str = "SWAP-BIND-005";
pub const BIND_AMOUNT: &str = "SWAP-BIND-006";
pub const SIG_SHAPE: &str = "SWAP-SIG-001";
pub const SIG_VERIFY: &str = "SWAP-SIG-002";
pub const SIG_LEADING_ZERO: &str = "SWAP-SIG-003";
pub const LEGACY_ENCODING: &str = "SWAP-LEGACY-001";
pub const LEGACY_NONCE: &str = "SWAP-LEGACY-002";
pub const LEGACY_CURVE: &str = "SWAP-LEGACY-003";
pub const LEGACY_SIZE: &str = "SWAP-LEGACY-004";
pub const LEGACY_SIGNATURE: &str = "SWAP-LEGACY-005";

/// Every rule, in the order reports list them.
pub const RULES: &[RuleInfo] = &[
    rule(
        PAYLOAD_SHAPE,
        "providerSig is an object with string `payload` and `signature`",
        "ledger-integration §4.1",
        "return `\"providerSig\": {\"payload\": \"<base64url>\", \"signature\": \"<base64url r‖s>\"}` (key `signature`, not the documentation example's `payload_signature`); no `protected` header",
    ),
    rule(
        PAYLOAD_DOT,
        "payload has no leading `.`",
        "ledger-integration §2.5, §7.2",
        "return the bare base64url payload; Ledger Live adds the `.` itself before hashing",
    ),
    rule(
        PAYLOAD_BASE64,
        "payload passes the device's base64 decoder",
        "ledger-integration §2.5 (app-exchange src/base64.c)",
        "encode the protobuf as base64url (`-`, `_`), preferably without `=` padding; never standard base64 with `+`",
    ),
    rule(
        PAYLOAD_PROTOBUF,
        "payload decodes as NewTransactionResponse with nanopb strictness",
        "ledger-integration §2.1, §7.3",
        "serialize the device proto (proto/ledger_swap.proto) with a standard protobuf encoder, strings and bytes as length-delimited fields; keep the message within 512 bytes",
    ),
    rule(
        PAYLOAD_LIMITS,
        "every field occurrence respects the nanopb size limits",
        "ledger-integration §2.1 (protocol.options)",
        "keep addresses ≤150 chars, extra ids ≤19, tickers ≤9, amounts ≤16 bytes, nonce 32 bytes, extra data ≤33 bytes, and send each field once",
    ),
    rule(
        PAYLOAD_REQUIRED,
        "the required fields are non-empty",
        "ledger-integration §3.4 (MISSING_FIELD)",
        "fill payin, refund and payout addresses, both currencies, both amounts and the nonce; no NUL at the start of a string",
    ),
    rule(
        PAYLOAD_NONCE,
        "field 12 is the 32-byte nonce that was sent",
        "ledger-integration §2.3, §4.1",
        "hex-decode the request's `nonce` and put the 32 bytes (not the 64-char text) in field 12 `device_transaction_id_ng`",
    ),
    rule(
        PAYLOAD_LEGACY_ID_EMPTY,
        "field 11 is empty in the NG flow",
        "ledger-integration §4.1, §7.4",
        "leave the legacy `device_transaction_id` (field 11) unset; the nonce goes in field 12",
    ),
    rule(
        PAYLOAD_AMOUNTS,
        "amounts are 1 to 16 bytes and above zero",
        "ledger-integration §2.5, §3.4 (ZERO_AMOUNT)",
        "write amounts in base units as big-endian bytes (1 to 16), never as ASCII text, and never zero",
    ),
    rule(
        PAYLOAD_EXTRA,
        "payin extra id and extra data are exclusive; extra data is empty, 00 or 33 bytes",
        "ledger-integration §2.5",
        "send either `payin_extra_id` or `payin_extra_data`, not both; extra data is a type byte plus a 32-byte hash",
    ),
    rule(
        PAYLOAD_SIZE,
        "payload fits the NG APDU (3 + len + 1 + fee ≤ 509)",
        "ledger-integration §2.5 (APDU_LIMITS)",
        "keep the base64url payload at or below 497 characters: drop unneeded fields and use minimal-length amounts",
    ),
    rule(
        PAYLOAD_WIRE,
        "payload is standard protobuf wire format (Ledger Live's wire scan)",
        "ledger-integration §2.1 (hw-app-exchange PayloadCheckerShared.ts scanWireFields)",
        "encode with a standard protobuf library: no zero tag, no field 0, strings and bytes as length-delimited fields, minimal varints",
    ),
    rule(
        BIND_REFUND,
        "refund address and extra id equal the request's",
        "ledger-integration §2.5, §7.4",
        "copy `refundAddress` and `refundAddressExtraId` from the /swap request unchanged",
    ),
    rule(
        BIND_PAYOUT,
        "payout address and extra id equal the request's",
        "ledger-integration §2.5, §7.4",
        "copy `payoutAddress` and `payoutAddressExtraId` from the /swap request unchanged",
    ),
    rule(
        BIND_CURRENCY_FROM,
        "currency_from equals payloadCurrencyFrom",
        "ledger-integration §2.5 (ticker normalization), §4.1",
        "copy `payloadCurrencyFrom` from the request into field 7, not your own ticker",
    ),
    rule(
        BIND_CURRENCY_TO,
        "currency_to equals payloadCurrencyTo",
        "ledger-integration §2.5 (ticker normalization), §4.1",
        "copy `payloadCurrencyTo` from the request into field 8, not your own ticker",
    ),
    rule(
        BIND_PAYIN,
        "payin_address equals the response's payinAddress",
        "ledger-integration §2.5, §7.4",
        "put the same deposit address in field 1 and in the JSON `payinAddress`",
    ),
    rule(
        BIND_AMOUNT,
        "amount_to_provider equals the amount sent, in base units",
        "ledger-integration §2.5, §7.4",
        "convert the request's `amount` to base units with the currency's decimals, exactly, and write it big-endian in field 9",
    ),
    rule(
        SIG_SHAPE,
        "signature is base64url of 64 bytes r‖s with 0 < r, s < n",
        "ledger-integration §2.5, §3.5",
        "output r and s as 32-byte big-endian integers each (left-padded), concatenated, base64url-encoded; not DER",
    ),
    rule(
        SIG_VERIFY,
        "ECDSA-SHA256 over \".\" + payload verifies with the registered key",
        "ledger-integration §2.5, §3.4",
        "sign the ASCII bytes of \".\" followed by the payload exactly as returned, with the registered key and curve",
    ),
    rule(
        SIG_LEADING_ZERO,
        "r and s do not start with a 0x00 byte",
        "ledger-integration §2.5 (Ledger Live SIGNATURE_LEADING_ZERO)",
        "nothing to change in the encoding; the device may still reject such a signature, so test it on a device",
    ),
    rule(
        LEGACY_ENCODING,
        "legacy payload is hex protobuf",
        "ledger-integration §2.5 (legacy swap), §7.7",
        "in the legacy flow return the protobuf as hex text",
    ),
    rule(
        LEGACY_NONCE,
        "legacy nonce: field 11 is the 10-char nonce, field 12 empty",
        "ledger-integration §2.3, §7.7",
        "put the 10 uppercase letters received as nonce in field 11 and leave field 12 unset",
    ),
    rule(
        LEGACY_CURVE,
        "legacy flow uses secp256k1",
        "ledger-integration §2.4, §3.4 (LEGACY_CURVE_UNSUPPORTED)",
        "register a secp256k1 key for the legacy flow, or move to the NG flow (version 2)",
    ),
    rule(
        LEGACY_SIZE,
        "legacy payload fits one APDU (1 + len + 1 + fee ≤ 255)",
        "ledger-integration §2.5",
        "shorten the protobuf: the legacy flow sends it in a single 255-byte APDU",
    ),
    rule(
        LEGACY_SIGNATURE,
        "legacy signature: hex r‖s over SHA-256 of the raw protobuf",
        "ledger-integration §2.5 (legacy swap), §7.7",
        "sign SHA-256 of the raw protobuf bytes with the secp256k1 key, output 64-byte r‖s as hex",
    ),
];

/// The catalogue entry of `id`.
pub fn rule_info(id: &str) -> Option<&'static RuleInfo> {
    RULES.iter().find(|r| r.id == id)
}

/// The device's name for a status word (ledger-integration §2.2), or None.
pub fn status_word_name(sw: u16) -> Option<&'static str> {
    Some(match sw {
        0x6A80 => "INCORRECT_COMMAND_DATA",
        0x6A81 => "DESERIALIZATION_FAILED",
        0x6A82 => "WRONG_TRANSACTION_ID",
        0x6A83 => "INVALID_ADDRESS",
        0x6A89 => "INVALID_P2_EXTENSION",
        0x6A8D => "WRONG_EXTRA_ID_OR_EXTRA_DATA",
        0x6E02 => "WRONG_DATA_LENGTH",
        0x9D1A => "SIGN_VERIFICATION_FAIL",
        _ => return None,
    })
}

/// `0x6A82 WRONG_TRANSACTION_ID`, as messages quote a status word.
pub fn describe_status_word(sw: u16) -> String {
    match status_word_name(sw) {
        Some(name) => format!("0x{sw:04X} {name}"),
        None => format!("0x{sw:04X}"),
    }
}

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
    fn status_words_are_named() {
        assert_eq!(describe_status_word(0x6A82), "0x6A82 WRONG_TRANSACTION_ID");
        assert_eq!(describe_status_word(0x1234), "0x1234");
    }
}
