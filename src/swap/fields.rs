//! Rules on the decoded fields that both flows share: size limits on every occurrence
//! (SWAP-PAYLOAD-005), required fields (-006), amounts (-009) and payin extra id/data (-010).

use super::amount;
use super::expect::Expectations;
use super::hex;
use super::outcome::RuleOutcome;
use super::payload::{DecodedPayload, FieldKind, field, field_name, field_spec};
use super::rules::{PAYLOAD_AMOUNTS, PAYLOAD_EXTRA, PAYLOAD_LIMITS, PAYLOAD_REQUIRED};

const DESERIALIZATION_FAILED: u16 = 0x6A81;
const WRONG_EXTRA: u16 = 0x6A8D;

/// SWAP-PAYLOAD-005: every occurrence of every known field within its nanopb limit.
pub(crate) fn limits(d: &DecodedPayload) -> RuleOutcome {
    let mut problems = Vec::new();
    for occ in &d.occurrences {
        let Some(spec) = field_spec(occ.number) else {
            continue;
        };
        if occ.len > spec.usable() {
            let total = d
                .occurrences
                .iter()
                .filter(|o| o.number == occ.number)
                .count();
            let which = if total > 1 {
                format!(", one of {total} occurrences, at byte {}", occ.offset)
            } else {
                String::new()
            };
            let unit = match spec.kind {
                FieldKind::String => "bytes (nanopb max_size counts the NUL)",
                FieldKind::Bytes => "bytes",
            };
            problems.push(format!(
                "field {} {} is {} bytes, limit {} {unit}{which}",
                spec.number,
                spec.name,
                occ.len,
                spec.usable()
            ));
        }
    }
    if problems.is_empty() {
        RuleOutcome::pass(
            PAYLOAD_LIMITS,
            format!(
                "all {} field occurrences are within the device limits",
                d.occurrences.len()
            ),
        )
    } else {
        RuleOutcome::fail_sw(PAYLOAD_LIMITS, problems.join("; "), DESERIALIZATION_FAILED)
            .ll("FIELD_EXCEEDS_LIMIT")
    }
}

/// SWAP-PAYLOAD-006: the required fields are non-empty as the device reads them. `nonce_field`
/// is 12 in the NG flow and 11 in the legacy flow.
pub(crate) fn required(d: &DecodedPayload, nonce_field: u32) -> RuleOutcome {
    let mut missing = Vec::new();
    let wanted = [
        field::PAYIN_ADDRESS,
        field::REFUND_ADDRESS,
        field::PAYOUT_ADDRESS,
        field::CURRENCY_FROM,
        field::CURRENCY_TO,
        field::AMOUNT_TO_PROVIDER,
        field::AMOUNT_TO_WALLET,
        nonce_field,
    ];
    for n in wanted {
        let kind = field_spec(n).map_or(FieldKind::Bytes, |s| s.kind);
        let why = match (d.raw(n), kind) {
            (None, _) => Some("absent"),
            (Some([]), _) => Some("empty"),
            (Some(v), FieldKind::String) if v.first() == Some(&0) => {
                Some("empty as the device reads it (starts with a NUL)")
            }
            _ => None,
        };
        if let Some(why) = why {
            missing.push(format!("field {n} {} is {why}", field_name(n)));
        }
    }
    if missing.is_empty() {
        RuleOutcome::pass(
            PAYLOAD_REQUIRED,
            "payin, refund and payout addresses, both currencies, both amounts and the nonce are present",
        )
    } else {
        RuleOutcome::fail(
            PAYLOAD_REQUIRED,
            format!(
                "{}: Ledger Live refuses this (MISSING_FIELD); the Exchange app's PROCESS_TRANSACTION_RESPONSE does not check for missing fields (a missing nonce fails its nonce check, SWAP-PAYLOAD-007), a coin app may refuse them later",
                missing.join("; ")
            ),
        )
        .ll("MISSING_FIELD")
    }
}

/// SWAP-PAYLOAD-009: both amounts 1 to 16 bytes, and above zero. The decimals and tickers of
/// `exp`, when known, only make the message readable.
pub(crate) fn amounts(d: &DecodedPayload, exp: &Expectations) -> RuleOutcome {
    let mut problems = Vec::new();
    let mut shown = Vec::new();
    let mut zero = false;
    for n in [field::AMOUNT_TO_PROVIDER, field::AMOUNT_TO_WALLET] {
        let value = d.bytes(n);
        let name = field_name(n);
        if value.is_empty() {
            problems.push(format!("field {n} {name} is empty: expected 1 to 16 bytes"));
            continue;
        }
        match amount::from_be_bytes(value) {
            None => problems.push(format!(
                "field {n} {name} is {} bytes (0x{}): expected 1 to 16 bytes, big-endian",
                value.len(),
                hex::encode_capped(value, hex::SHOWN_BYTES)
            )),
            Some(0) => {
                zero = true;
                problems.push(format!(
                    "field {n} {name} is zero (0x{}): expected an amount above 0",
                    hex::encode_capped(value, hex::SHOWN_BYTES)
                ));
            }
            Some(v) => {
                if value.iter().all(|b| b.is_ascii_digit() || *b == b'.') {
                    // Still a valid integer, but most likely ASCII text such as "0.01".
                    shown.push(format!(
                        "{name} = {v} (bytes look like the ASCII text {:?}: amounts must be binary big-endian)",
                        String::from_utf8_lossy(value)
                    ));
                } else {
                    let (decimals, ticker) = if n == field::AMOUNT_TO_PROVIDER {
                        (exp.decimals_from, d.text(field::CURRENCY_FROM))
                    } else {
                        (exp.decimals_to, d.text(field::CURRENCY_TO))
                    };
                    match decimals {
                        Some(dec) => shown.push(format!(
                            "{name} = {v} ({} {ticker})",
                            amount::format_base_units(v, dec)
                        )),
                        None => shown.push(format!("{name} = {v}")),
                    }
                }
            }
        }
    }
    if problems.is_empty() {
        RuleOutcome::pass(PAYLOAD_AMOUNTS, shown.join(", "))
    } else if zero {
        RuleOutcome::fail(
            PAYLOAD_AMOUNTS,
            format!(
                "{}: Ledger Live refuses this (ZERO_AMOUNT); the Exchange app's PROCESS_TRANSACTION_RESPONSE accepts a zero amount (it only trims leading zero bytes), a coin app may refuse it later",
                problems.join("; ")
            ),
        )
        .ll("ZERO_AMOUNT")
    } else {
        RuleOutcome::fail(PAYLOAD_AMOUNTS, problems.join("; "))
    }
}

/// SWAP-PAYLOAD-010: payin extra id and non-trivial extra data are exclusive; extra data is
/// empty, `00`, or exactly 33 bytes (and is refused on Nano S).
pub(crate) fn extra(d: &DecodedPayload) -> RuleOutcome {
    let id = d.str_bytes(field::PAYIN_EXTRA_ID);
    let data = d.bytes(field::PAYIN_EXTRA_DATA);
    let trivial = data.is_empty() || data == [0];
    if !id.is_empty() && !trivial {
        return RuleOutcome::fail_sw(
            PAYLOAD_EXTRA,
            format!(
                "field 2 payin_extra_id is {:?} and field 13 payin_extra_data is {} bytes: only one of them may be set",
                String::from_utf8_lossy(id),
                data.len()
            ),
            WRONG_EXTRA,
        )
        .ll("EXTRA_ID_AND_EXTRA_DATA");
    }
    if !trivial && data.len() != 33 {
        return RuleOutcome::fail_sw(
            PAYLOAD_EXTRA,
            format!(
                "field 13 payin_extra_data is {} bytes (0x{}): expected empty, 00, or exactly 33 bytes",
                data.len(),
                hex::encode_capped(data, hex::SHOWN_BYTES)
            ),
            WRONG_EXTRA,
        )
        .ll("INVALID_PAYIN_EXTRA_DATA");
    }
    if data.len() == 33 {
        return RuleOutcome::warn(
            PAYLOAD_EXTRA,
            format!(
                "field 13 payin_extra_data is 33 bytes (type 0x{:02x}): accepted, but Nano S refuses extra data",
                data[0]
            ),
        );
    }
    if id.is_empty() {
        RuleOutcome::pass(PAYLOAD_EXTRA, "no payin extra id, no payin extra data")
    } else {
        RuleOutcome::pass(
            PAYLOAD_EXTRA,
            format!(
                "payin_extra_id {:?} without payin_extra_data",
                String::from_utf8_lossy(id)
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::swap::outcome::RuleStatus;
    use crate::swap::payload::{PayloadEncoding, decode_protobuf};
    use crate::swap::testkit::{Pb, good_fields};

    fn decode(pb: Pb) -> DecodedPayload {
        decode_protobuf(pb.into_bytes(), PayloadEncoding::Hex).expect("decodes")
    }

    fn amounts_of(d: &DecodedPayload) -> RuleOutcome {
        amounts(d, &Expectations::default())
    }

    #[test]
    fn huge_extra_data_and_amounts_are_cut_in_messages() {
        let big = vec![0x5a; 1_000_000];
        let d = decode(good_fields().bytes(13, &big).bytes(10, &big));
        for o in [extra(&d), amounts_of(&d)] {
            assert_eq!(o.status, RuleStatus::Fail);
            assert!(o.message.len() < 1000, "{} chars", o.message.len());
            assert!(o.message.contains("… (1000000 bytes)"), "{}", o.message);
        }
    }

    #[test]
    fn limits_apply_to_every_occurrence() {
        let d = decode(good_fields());
        assert_eq!(limits(&d).status, RuleStatus::Pass);
        // A too-long first occurrence fails even though the last one is fine.
        let d = decode(
            Pb::new()
                .string(7, "TOOLONGTICKER")
                .string(7, "BTC")
                .bytes(12, &[0; 33]),
        );
        let o = limits(&d);
        assert_eq!(o.status, RuleStatus::Fail);
        assert_eq!(o.status_word, Some(0x6A81));
        assert!(
            o.message
                .contains("field 7 currency_from is 13 bytes, limit 9"),
            "{}",
            o.message
        );
        assert!(
            o.message.contains("one of 2 occurrences, at byte 0"),
            "{}",
            o.message
        );
        assert!(
            o.message
                .contains("field 12 device_transaction_id_ng is 33 bytes, limit 32")
        );
        assert!(o.message.contains("0x6A81 DESERIALIZATION_FAILED"));
    }

    #[test]
    fn limits_accept_exact_maximums() {
        let d = decode(
            Pb::new()
                .string(1, &"a".repeat(150))
                .string(2, &"1".repeat(19)),
        );
        assert_eq!(limits(&d).status, RuleStatus::Pass);
        let d = decode(Pb::new().string(1, &"a".repeat(151)));
        assert_eq!(limits(&d).status, RuleStatus::Fail);
    }

    #[test]
    fn required_fields_use_nul_semantics() {
        assert_eq!(
            required(&decode(good_fields()), 12).status,
            RuleStatus::Pass
        );
        let d = decode(good_fields().bytes(3, b"\0hidden").string(8, ""));
        let o = required(&d, 12);
        assert_eq!(o.status, RuleStatus::Fail);
        assert!(
            o.message
                .contains("field 3 refund_address is empty as the device reads it")
        );
        assert!(o.message.contains("field 8 currency_to is empty"));
        let o = required(&decode(good_fields()), 11);
        assert!(
            o.message
                .contains("field 11 device_transaction_id is absent")
        );
    }

    #[test]
    fn amounts_must_be_binary_and_positive() {
        let o = amounts_of(&decode(good_fields()));
        assert_eq!(o.status, RuleStatus::Pass);
        assert!(o.message.contains("amount_to_provider = 1000000"));
        let o = amounts_of(&decode(good_fields().bytes(9, &[0, 0]).bytes(10, &[1; 17])));
        assert_eq!(o.status, RuleStatus::Fail);
        assert!(o.message.contains("amount_to_provider is zero"));
        assert!(o.message.contains("amount_to_wallet is 17 bytes"));
        let o = amounts_of(&decode(good_fields().bytes(9, &[])));
        assert!(o.message.contains("amount_to_provider is empty"));
        let o = amounts_of(&decode(good_fields().bytes(9, b"0.01")));
        assert!(o.message.contains("ASCII text"), "{}", o.message);
        let exp = Expectations {
            decimals_from: Some(8),
            decimals_to: Some(18),
            ..Expectations::default()
        };
        let o = amounts(&decode(good_fields()), &exp);
        assert_eq!(
            o.message,
            "amount_to_provider = 1000000 (0.01 BTC), amount_to_wallet = 500000000000000000 (0.5 ETH)"
        );
    }

    #[test]
    fn extra_id_and_data_are_exclusive() {
        assert_eq!(extra(&decode(good_fields())).status, RuleStatus::Pass);
        assert_eq!(
            extra(&decode(good_fields().string(2, "memo").bytes(13, &[0]))).status,
            RuleStatus::Pass
        );
        let o = extra(&decode(good_fields().string(2, "memo").bytes(13, &[1; 33])));
        assert_eq!(o.status, RuleStatus::Fail);
        assert_eq!(o.status_word, Some(0x6A8D));
        let o = extra(&decode(good_fields().bytes(13, &[1; 5])));
        assert_eq!(o.status, RuleStatus::Fail);
        assert!(o.message.contains("5 bytes"));
        let o = extra(&decode(good_fields().bytes(13, &[2; 33])));
        assert_eq!(o.status, RuleStatus::Warn);
    }
}
