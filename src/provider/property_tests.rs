//! Property tests: the harness's amount and payload code against the reference provider's own,
//! written independently, on random inputs (proptest; a failure prints its minimal input).
//!
//! - amounts: decimal string → base units → 16-byte big-endian, both ways, in
//!   `swap::amount` (the verifier) and `provider::decimal` (the reference provider);
//! - payloads: encoded with the provider's prost struct, decoded with `swap::decode_payload`.

use super::decimal::{Dec, minimal_be};
use super::payload::NewTransactionResponse;
use crate::swap::{self, amount};
use base64::Engine;
use proptest::prelude::*;
use prost::Message;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 2000,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The provider parses at most 30 fractional digits (`decimal::MAX_SCALE`); the verifier
/// accepts up to 38 decimals. The cross-checks stay where both are meant to work.
const PROVIDER_DECIMALS: u32 = 30;

/// Decimal strings as the APIs write them (`^[0-9]+(\.[0-9]+)?$`) and near misses: an empty
/// fraction, leading and trailing zeros, 39+ digits that overflow 128 bits. (An empty integer
/// part, `.5`, is accepted by the verifier on purpose and refused by the provider.)
fn decimal_text() -> impl Strategy<Value = String> {
    ("[0-9]{1,42}", proptest::option::of("[0-9]{0,30}")).prop_map(|(int, frac)| match frac {
        Some(f) => format!("{int}.{f}"),
        None => int,
    })
}

proptest! {
    #![proptest_config(config())]

    /// Base units printed by the verifier parse back to themselves in both implementations,
    /// and both print the same normal form.
    #[test]
    fn base_units_round_trip_through_text(value in any::<u128>(), decimals in 0..=PROVIDER_DECIMALS) {
        let text = amount::format_base_units(value, decimals);
        prop_assert_eq!(amount::parse_decimal(&text, decimals), Ok(value));
        let dec = Dec::parse(&text);
        prop_assert!(dec.is_some(), "the provider cannot parse {}", text);
        let dec = dec.unwrap();
        prop_assert_eq!(dec.to_string(), text.clone());
        prop_assert_eq!(dec.to_base_units(decimals), Some(value));
    }

    /// Both big-endian encoders give the same minimal bytes, which read back to the value.
    #[test]
    fn big_endian_bytes_agree(value in any::<u128>()) {
        let ours = amount::to_be_bytes_minimal(value);
        prop_assert_eq!(&ours, &minimal_be(value));
        prop_assert!(!ours.is_empty() && ours.len() <= 16);
        prop_assert!(ours.len() == 1 || ours[0] != 0);
        prop_assert_eq!(amount::from_be_bytes(&ours), Some(value));
    }

    /// On any decimal text, the verifier and the provider agree on the base units, or both
    /// refuse it.
    #[test]
    fn text_to_base_units_agree(text in decimal_text(), decimals in 0..=PROVIDER_DECIMALS) {
        let ours = amount::parse_decimal(&text, decimals).ok();
        let theirs = Dec::parse(&text).and_then(|d| d.to_base_units(decimals));
        prop_assert_eq!(ours, theirs, "{:?} with {} decimals", text, decimals);
    }

    /// A payload encoded by the provider's prost struct decodes field for field.
    #[test]
    fn payload_round_trips(
        strings in proptest::collection::vec("[ -~]{0,40}", 9),
        amounts in (any::<u128>(), any::<u128>()),
        nonce in proptest::collection::vec(any::<u8>(), 0..=32),
        extra in proptest::collection::vec(any::<u8>(), 0..=33),
    ) {
        let message = NewTransactionResponse {
            payin_address: strings[0].clone(),
            payin_extra_id: strings[1].clone(),
            refund_address: strings[2].clone(),
            refund_extra_id: strings[3].clone(),
            payout_address: strings[4].clone(),
            payout_extra_id: strings[5].clone(),
            currency_from: strings[6].clone(),
            currency_to: strings[7].clone(),
            amount_to_provider: minimal_be(amounts.0),
            amount_to_wallet: minimal_be(amounts.1),
            device_transaction_id: strings[8].clone(),
            device_transaction_id_ng: nonce,
            payin_extra_data: extra,
        };
        let bytes = message.encode_to_vec();
        let text = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes);
        let decoded = swap::decode_payload(&text);
        prop_assert!(decoded.is_ok(), "{:?}", decoded.err());
        let d = decoded.unwrap();
        prop_assert_eq!(&d.protobuf, &bytes);
        let expected: [(u32, &[u8]); 13] = [
            (1, message.payin_address.as_bytes()),
            (2, message.payin_extra_id.as_bytes()),
            (3, message.refund_address.as_bytes()),
            (4, message.refund_extra_id.as_bytes()),
            (5, message.payout_address.as_bytes()),
            (6, message.payout_extra_id.as_bytes()),
            (7, message.currency_from.as_bytes()),
            (8, message.currency_to.as_bytes()),
            (9, &message.amount_to_provider),
            (10, &message.amount_to_wallet),
            (11, message.device_transaction_id.as_bytes()),
            (12, &message.device_transaction_id_ng),
            (13, &message.payin_extra_data),
        ];
        for (number, want) in expected {
            // proto3 leaves empty fields out of the wire.
            prop_assert_eq!(d.bytes(number), want, "field {}", number);
        }
        prop_assert_eq!(amount::from_be_bytes(d.bytes(9)), Some(amounts.0));
        prop_assert_eq!(amount::from_be_bytes(d.bytes(10)), Some(amounts.1));
        prop_assert!(d.unknown_fields.is_empty());
    }
}
