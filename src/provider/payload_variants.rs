//! The payload encoder of the wire-level variants: the same `NewTransactionResponse`, written
//! field by field so that the order, explicit empty fields and an unknown field can differ from
//! prost's canonical output. Every field of the message is length-delimited (strings and bytes),
//! so each record is key, length, value.

use super::payload::NewTransactionResponse;
use super::state::ProviderState;
use super::variants::Variant;
use prost::encoding::{WireType, encode_key, encode_varint};

/// The fields that may be empty in a valid payload, written as zero-length records under
/// `explicit-empty-fields`: the extra ids, the legacy nonce (11) and the extra data (13).
const MAY_BE_EMPTY: &[u32] = &[2, 4, 6, 11, 13];

/// The unknown field of `unknown-protobuf-field`: number 14, not in the device's proto.
const UNKNOWN_FIELD: (u32, &[u8]) = (14, b"note");

/// True when a variant asks for this encoder rather than prost's.
pub(crate) fn any(state: &ProviderState) -> bool {
    [
        Variant::ReversedFieldOrder,
        Variant::ExplicitEmptyFields,
        Variant::UnknownProtobufField,
    ]
    .iter()
    .any(|v| state.chooses(*v))
}

/// `(number, value)` of every field of `m`, in field-number order.
fn fields(m: &NewTransactionResponse) -> [(u32, &[u8]); 13] {
    [
        (1, m.payin_address.as_bytes()),
        (2, m.payin_extra_id.as_bytes()),
        (3, m.refund_address.as_bytes()),
        (4, m.refund_extra_id.as_bytes()),
        (5, m.payout_address.as_bytes()),
        (6, m.payout_extra_id.as_bytes()),
        (7, m.currency_from.as_bytes()),
        (8, m.currency_to.as_bytes()),
        (9, &m.amount_to_provider),
        (10, &m.amount_to_wallet),
        (11, m.device_transaction_id.as_bytes()),
        (12, &m.device_transaction_id_ng),
        (13, &m.payin_extra_data),
    ]
}

/// The protobuf bytes of `m` with the wire-level variants applied.
pub(crate) fn encode(state: &ProviderState, m: &NewTransactionResponse) -> Vec<u8> {
    let explicit = state.chooses(Variant::ExplicitEmptyFields);
    let mut records: Vec<(u32, &[u8])> = fields(m)
        .into_iter()
        .filter(|(n, v)| !v.is_empty() || (explicit && MAY_BE_EMPTY.contains(n)))
        .collect();
    if state.chooses(Variant::UnknownProtobufField) {
        records.push(UNKNOWN_FIELD);
    }
    if state.chooses(Variant::ReversedFieldOrder) {
        records.reverse();
    }
    let mut out = Vec::new();
    for (number, value) in records {
        encode_key(number, WireType::LengthDelimited, &mut out);
        encode_varint(value.len() as u64, &mut out);
        out.extend_from_slice(value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::options::ProviderOptions;
    use super::*;
    use prost::Message;

    fn state(variants: &[Variant]) -> ProviderState {
        ProviderState::new(&ProviderOptions {
            variants: variants.to_vec(),
            ..ProviderOptions::default()
        })
        .unwrap()
    }

    fn message() -> NewTransactionResponse {
        NewTransactionResponse {
            payin_address: "payin".into(),
            refund_address: "refund".into(),
            payout_address: "payout".into(),
            currency_from: "BTC".into(),
            currency_to: "ETH".into(),
            amount_to_provider: vec![1, 2],
            amount_to_wallet: vec![3],
            device_transaction_id_ng: vec![7; 32],
            ..Default::default()
        }
    }

    /// The field numbers of `bytes`, in wire order.
    fn numbers(bytes: &[u8]) -> Vec<u32> {
        let mut out = Vec::new();
        let mut rest = bytes;
        while !rest.is_empty() {
            let key = prost::encoding::decode_varint(&mut rest).unwrap();
            let len = prost::encoding::decode_varint(&mut rest).unwrap() as usize;
            out.push(u32::try_from(key >> 3).unwrap());
            rest = &rest[len..];
        }
        out
    }

    #[test]
    fn without_variants_it_matches_prost() {
        let m = message();
        assert!(!any(&state(&[])));
        assert_eq!(encode(&state(&[]), &m), m.encode_to_vec());
    }

    #[test]
    fn each_variant_changes_the_wire_but_not_the_message() {
        let m = message();
        let cases: [(Variant, Vec<u32>); 3] = [
            (Variant::ReversedFieldOrder, vec![12, 10, 9, 8, 7, 5, 3, 1]),
            (
                Variant::ExplicitEmptyFields,
                vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
            ),
            (
                Variant::UnknownProtobufField,
                vec![1, 3, 5, 7, 8, 9, 10, 12, 14],
            ),
        ];
        for (variant, want) in cases {
            let s = state(&[variant]);
            assert!(any(&s));
            let bytes = encode(&s, &m);
            assert_eq!(numbers(&bytes), want, "{variant}");
            assert_eq!(NewTransactionResponse::decode(bytes.as_slice()).unwrap(), m);
        }
    }
}
