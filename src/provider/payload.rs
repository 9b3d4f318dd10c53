//! The device's `NewTransactionResponse` protobuf message, hand-written for prost (no build
//! script). A unit test holds it against `proto/ledger_swap.proto` field by field.

/// `ledger_swap.NewTransactionResponse`, the swap payload the Exchange app decodes.
/// Amounts are big-endian base units; field 12 is the 32-byte NG nonce.
#[derive(Clone, PartialEq, prost::Message)]
pub(crate) struct NewTransactionResponse {
    #[prost(string, tag = "1")]
    pub(crate) payin_address: String,
    #[prost(string, tag = "2")]
    pub(crate) payin_extra_id: String,
    #[prost(string, tag = "3")]
    pub(crate) refund_address: String,
    #[prost(string, tag = "4")]
    pub(crate) refund_extra_id: String,
    #[prost(string, tag = "5")]
    pub(crate) payout_address: String,
    #[prost(string, tag = "6")]
    pub(crate) payout_extra_id: String,
    #[prost(string, tag = "7")]
    pub(crate) currency_from: String,
    #[prost(string, tag = "8")]
    pub(crate) currency_to: String,
    #[prost(bytes = "vec", tag = "9")]
    pub(crate) amount_to_provider: Vec<u8>,
    #[prost(bytes = "vec", tag = "10")]
    pub(crate) amount_to_wallet: Vec<u8>,
    #[prost(string, tag = "11")]
    pub(crate) device_transaction_id: String,
    #[prost(bytes = "vec", tag = "12")]
    pub(crate) device_transaction_id_ng: Vec<u8>,
    #[prost(bytes = "vec", tag = "13")]
    pub(crate) payin_extra_data: Vec<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use prost::Message;

    const PROTO: &str = include_str!("../../proto/ledger_swap.proto");

    /// `(type, name, number)` of every field of `message` in the .proto text.
    fn proto_fields(message: &str) -> Vec<(String, String, u32)> {
        let start = PROTO
            .find(&format!("message {message} {{"))
            .expect("message in proto");
        let body = &PROTO[start..];
        let body = &body[body.find('{').unwrap() + 1..body.find('}').unwrap()];
        body.lines()
            .map(|l| l.split("//").next().unwrap().trim())
            .filter(|l| !l.is_empty())
            .map(|l| {
                let l = l.trim_end_matches(';');
                let (decl, number) = l.split_once('=').expect("field = number");
                let mut words = decl.split_whitespace();
                let ty = words.next().unwrap().to_string();
                let name = words.next().unwrap().to_string();
                (ty, name, number.trim().parse().unwrap())
            })
            .collect()
    }

    /// The struct field called `name`, as bytes; `None` when the struct has no such field.
    fn field_by_name<'a>(m: &'a NewTransactionResponse, name: &str) -> Option<&'a [u8]> {
        Some(match name {
            "payin_address" => m.payin_address.as_bytes(),
            "payin_extra_id" => m.payin_extra_id.as_bytes(),
            "refund_address" => m.refund_address.as_bytes(),
            "refund_extra_id" => m.refund_extra_id.as_bytes(),
            "payout_address" => m.payout_address.as_bytes(),
            "payout_extra_id" => m.payout_extra_id.as_bytes(),
            "currency_from" => m.currency_from.as_bytes(),
            "currency_to" => m.currency_to.as_bytes(),
            "amount_to_provider" => &m.amount_to_provider,
            "amount_to_wallet" => &m.amount_to_wallet,
            "device_transaction_id" => m.device_transaction_id.as_bytes(),
            "device_transaction_id_ng" => &m.device_transaction_id_ng,
            "payin_extra_data" => &m.payin_extra_data,
            _ => return None,
        })
    }

    /// One length-delimited field on the wire: key, length, value.
    fn wire(number: u32, value: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        prost::encoding::encode_key(number, prost::encoding::WireType::LengthDelimited, &mut out);
        prost::encoding::encode_varint(value.len() as u64, &mut out);
        out.extend_from_slice(value);
        out
    }

    #[test]
    fn struct_matches_the_device_proto() {
        let fields = proto_fields("NewTransactionResponse");
        assert_eq!(fields.len(), 13, "{fields:?}");
        for (ty, name, number) in &fields {
            // Number: a value sent under this number lands in the field of this name.
            let m = NewTransactionResponse::decode(wire(*number, b"xy").as_slice())
                .unwrap_or_else(|e| panic!("field {name} = {number}: {e}"));
            assert_eq!(
                field_by_name(&m, name),
                Some(&b"xy"[..]),
                "{name} = {number}"
            );
            // Type: only a `bytes` field accepts invalid UTF-8.
            let invalid_utf8 = NewTransactionResponse::decode(wire(*number, &[0xff]).as_slice());
            match ty.as_str() {
                "string" => assert!(invalid_utf8.is_err(), "{name} should be a string"),
                "bytes" => assert!(invalid_utf8.is_ok(), "{name} should be bytes"),
                other => panic!("unexpected type {other} for {name}"),
            }
            // And the encoder writes it back under the same number.
            let m = NewTransactionResponse::decode(wire(*number, b"xy").as_slice()).unwrap();
            assert_eq!(m.encode_to_vec(), wire(*number, b"xy"), "{name}");
        }
    }

    #[test]
    fn encoding_follows_field_numbers() {
        let m = NewTransactionResponse {
            payin_address: "a".into(),
            device_transaction_id_ng: vec![1; 32],
            ..Default::default()
        };
        let bytes = m.encode_to_vec();
        assert_eq!(&bytes[..3], &[0x0a, 0x01, b'a']);
        assert_eq!(&bytes[3..5], &[0x62, 0x20]);
    }
}
