//! The decoded `NewTransactionResponse` (proto/ledger_swap.proto) and its field table.
//!
//! Values are what the device reads: base64 with its garbling (`device::base64`) and the wire
//! format with nanopb 0.3.9's tolerance (`device::nanopb`: any wire type for a known field, a
//! zero tag ends the message, field 0 skipped, overlong varints). For a repeated occurrence of a
//! singular field the last one wins, and a string is read up to its first NUL. Every occurrence
//! is kept so size limits can be checked on each one. Decoding does not apply the size limits
//! itself; the rules do.

use serde::Serialize;

use super::amount;
use super::base64::{self, Base64Error};
use super::device::nanopb;
use super::hex::{self, HexError};
use super::pb::PbError;

/// The Exchange app's decode buffer, in bytes (`raw_transaction[256*2]`).
pub(crate) const DEVICE_BUFFER: usize = 512;

/// Whether a field is a nanopb string (NUL-terminated) or bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// `string`: `max_size` counts the NUL terminator.
    String,
    /// `bytes`: `max_size` is the exact maximum.
    Bytes,
}

/// One field of `NewTransactionResponse` with its nanopb limit (`src/proto/protocol.options`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FieldSpec {
    /// Field number.
    pub number: u32,
    /// Name in the device proto.
    pub name: &'static str,
    /// String or bytes.
    pub kind: FieldKind,
    /// nanopb `max_size`, in bytes (counting the NUL for strings).
    pub max_size: usize,
}

impl FieldSpec {
    /// The longest value the device accepts, in bytes (`max_size - 1` for strings).
    pub(crate) fn usable(&self) -> usize {
        match self.kind {
            FieldKind::String => self.max_size - 1,
            FieldKind::Bytes => self.max_size,
        }
    }
}

/// Field numbers of `NewTransactionResponse`.
pub(crate) mod field {
    pub(crate) const PAYIN_ADDRESS: u32 = 1;
    pub(crate) const PAYIN_EXTRA_ID: u32 = 2;
    pub(crate) const REFUND_ADDRESS: u32 = 3;
    pub(crate) const REFUND_EXTRA_ID: u32 = 4;
    pub(crate) const PAYOUT_ADDRESS: u32 = 5;
    pub(crate) const PAYOUT_EXTRA_ID: u32 = 6;
    pub(crate) const CURRENCY_FROM: u32 = 7;
    pub(crate) const CURRENCY_TO: u32 = 8;
    pub(crate) const AMOUNT_TO_PROVIDER: u32 = 9;
    pub(crate) const AMOUNT_TO_WALLET: u32 = 10;
    pub(crate) const DEVICE_TRANSACTION_ID: u32 = 11;
    pub(crate) const DEVICE_TRANSACTION_ID_NG: u32 = 12;
    pub(crate) const PAYIN_EXTRA_DATA: u32 = 13;
}

const fn spec(number: u32, name: &'static str, kind: FieldKind, max_size: usize) -> FieldSpec {
    FieldSpec {
        number,
        name,
        kind,
        max_size,
    }
}

/// The thirteen fields, in field-number order.
pub(crate) const FIELDS: [FieldSpec; 13] = [
    spec(1, "payin_address", FieldKind::String, 151),
    spec(2, "payin_extra_id", FieldKind::String, 20),
    spec(3, "refund_address", FieldKind::String, 151),
    spec(4, "refund_extra_id", FieldKind::String, 20),
    spec(5, "payout_address", FieldKind::String, 151),
    spec(6, "payout_extra_id", FieldKind::String, 20),
    spec(7, "currency_from", FieldKind::String, 10),
    spec(8, "currency_to", FieldKind::String, 10),
    spec(9, "amount_to_provider", FieldKind::Bytes, 16),
    spec(10, "amount_to_wallet", FieldKind::Bytes, 16),
    spec(11, "device_transaction_id", FieldKind::String, 11),
    spec(12, "device_transaction_id_ng", FieldKind::Bytes, 32),
    spec(13, "payin_extra_data", FieldKind::Bytes, 33),
];

/// The spec of a known field.
pub(crate) fn field_spec(number: u32) -> Option<&'static FieldSpec> {
    FIELDS.iter().find(|f| f.number == number)
}

/// The name of a known field, or `"unknown"`.
pub(crate) fn field_name(number: u32) -> &'static str {
    field_spec(number).map_or("unknown", |f| f.name)
}

/// How the payload text was encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PayloadEncoding {
    /// base64url with the device's decoder rules (NG flows).
    Base64url,
    /// Hexadecimal (legacy swap flow).
    Hex,
}

/// The last value of a known field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecodedField {
    /// Field number.
    pub number: u32,
    /// Name in the device proto.
    pub name: &'static str,
    /// String or bytes.
    pub kind: FieldKind,
    /// Raw value of the last occurrence, hex in JSON.
    #[serde(serialize_with = "as_hex")]
    pub value: Vec<u8>,
    /// How many times the field appeared.
    pub occurrences: usize,
    /// Human-readable value (see [`DecodedPayload::field_rows`]).
    pub display: String,
}

/// One occurrence of a known field on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Occurrence {
    /// Field number.
    pub number: u32,
    /// 0-based byte offset of its tag in the protobuf bytes.
    pub offset: usize,
    /// Length of its value, in bytes.
    pub len: usize,
    /// The wire type it was sent with (nanopb reads a known field as declared whatever it is).
    pub wire_type: u8,
    /// 0-based byte offset of its value.
    pub value_offset: usize,
}

/// A field the device does not know, skipped by nanopb.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnknownField {
    /// Field number.
    pub number: u32,
    /// Wire type.
    pub wire_type: u8,
    /// 0-based byte offset of its tag.
    pub offset: usize,
}

/// A decoded `NewTransactionResponse`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecodedPayload {
    /// How the text was encoded.
    pub encoding: PayloadEncoding,
    /// The protobuf bytes, hex in JSON.
    #[serde(serialize_with = "as_hex")]
    pub protobuf: Vec<u8>,
    /// The last value of every known field present, in field-number order.
    pub fields: Vec<DecodedField>,
    /// Every occurrence of a known field, in wire order.
    pub occurrences: Vec<Occurrence>,
    /// Fields the device skips.
    pub unknown_fields: Vec<UnknownField>,
    /// 0-based offset of the zero tag byte at which the device stopped reading, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub zero_tag_at: Option<usize>,
    /// 0-based offsets of the varints written with more bytes than needed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overlong_varints: Vec<usize>,
    /// 0-based offsets, in the protobuf bytes, of the bytes the device's base64 garbled.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub garbled_bytes: Vec<usize>,
    /// 0-based offsets, in the payload text, of the characters it read as 64.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub garbled_chars: Vec<usize>,
    /// True when values were withheld from the reports because they held a secret
    /// (`crate::redact`): bytes cannot be masked in place, so they are dropped.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub redacted: bool,
}

/// Hex, cut after [`JSON_HEX_BYTES`] bytes with `… (N bytes)`.
fn as_hex<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&hex::encode_capped(bytes, JSON_HEX_BYTES))
}

/// Why a payload text could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The device's base64 decoder would refuse or corrupt the text.
    #[error("base64url: {0}")]
    Base64(#[from] Base64Error),
    /// Not valid hex.
    #[error("hex: {0}")]
    Hex(#[from] HexError),
    /// The protobuf bytes are malformed.
    #[error("protobuf {0}")]
    Protobuf(#[from] PbError),
}

/// Decodes a payload text, guessing the encoding: hex when the text is only hex digits of even
/// length, base64url (device rules) otherwise.
pub fn decode_payload(text: &str) -> Result<DecodedPayload, DecodeError> {
    let encoding = if hex::is_hex(text) {
        PayloadEncoding::Hex
    } else {
        PayloadEncoding::Base64url
    };
    decode_payload_as(text, encoding)
}

/// Decodes a payload text with an explicit encoding.
pub(crate) fn decode_payload_as(
    text: &str,
    encoding: PayloadEncoding,
) -> Result<DecodedPayload, DecodeError> {
    match encoding {
        PayloadEncoding::Hex => Ok(decode_protobuf(hex::decode(text)?, encoding)?),
        PayloadEncoding::Base64url => {
            let b = base64::decode_device(text)?;
            let d = decode_protobuf(b.bytes.clone(), encoding)?;
            Ok(d.with_garbling(&b))
        }
    }
}

/// Decodes protobuf bytes into a payload, with nanopb's wire rules but without its size limits
/// (SWAP-PAYLOAD-005 reports those).
pub(crate) fn decode_protobuf(
    bytes: Vec<u8>,
    encoding: PayloadEncoding,
) -> Result<DecodedPayload, PbError> {
    let wire = nanopb::decode_unlimited(&bytes)?;
    let mut fields: Vec<DecodedField> = Vec::new();
    let mut occurrences = Vec::new();
    let mut unknown_fields = Vec::new();
    for e in &wire.events {
        let Some(spec) = field_spec(e.number).filter(|_| e.known) else {
            unknown_fields.push(UnknownField {
                number: e.number,
                wire_type: e.wire_type,
                offset: e.tag_offset,
            });
            continue;
        };
        let value = &bytes[e.value_offset..e.value_offset + e.value_len];
        occurrences.push(Occurrence {
            number: e.number,
            offset: e.tag_offset,
            len: e.value_len,
            wire_type: e.wire_type,
            value_offset: e.value_offset,
        });
        match fields.iter_mut().find(|d| d.number == e.number) {
            Some(d) => {
                d.value = value.to_vec();
                d.occurrences += 1;
            }
            None => fields.push(DecodedField {
                number: spec.number,
                name: spec.name,
                kind: spec.kind,
                value: value.to_vec(),
                occurrences: 1,
                display: String::new(),
            }),
        }
    }
    fields.sort_by_key(|d| d.number);
    for d in &mut fields {
        d.display = display_value(d.number, d.kind, &d.value);
    }
    Ok(DecodedPayload {
        encoding,
        protobuf: bytes,
        fields,
        occurrences,
        unknown_fields,
        zero_tag_at: wire.zero_tag_at,
        overlong_varints: wire.overlong_varints,
        garbled_bytes: Vec::new(),
        garbled_chars: Vec::new(),
        redacted: false,
    })
}

/// The part of a nanopb string the C code sees: up to the first NUL.
pub(crate) fn until_nul(bytes: &[u8]) -> &[u8] {
    bytes.split(|&b| b == 0).next().unwrap_or(bytes)
}

/// Most bytes of a string value quoted in a message.
const QUOTED_BYTES: usize = 200;
/// Most protobuf or field bytes written as hex in JSON: far beyond the device's 512-byte
/// buffer, far below what a hostile payload could hold.
const JSON_HEX_BYTES: usize = 4096;

/// Quotes a string value, noting bytes hidden after a NUL; a long value is cut.
pub(crate) fn quote(bytes: &[u8]) -> String {
    let seen = until_nul(bytes);
    let mut out = if seen.len() > QUOTED_BYTES {
        format!(
            "{:?}… ({} bytes)",
            String::from_utf8_lossy(&seen[..QUOTED_BYTES]),
            seen.len()
        )
    } else {
        format!("{:?}", String::from_utf8_lossy(seen))
    };
    if seen.len() < bytes.len() {
        let hidden = bytes.len() - seen.len() - 1;
        out.push_str(&format!(" (cut at a NUL, {hidden} more bytes ignored)"));
    }
    out
}

fn display_value(number: u32, kind: FieldKind, value: &[u8]) -> String {
    if value.is_empty() {
        return "(empty)".to_owned();
    }
    if number == field::AMOUNT_TO_PROVIDER || number == field::AMOUNT_TO_WALLET {
        return match amount::from_be_bytes(value) {
            Some(v) => format!("0x{} = {v}", hex::encode(value)),
            None => format!(
                "0x{} (over 16 bytes)",
                hex::encode_capped(value, hex::SHOWN_BYTES)
            ),
        };
    }
    match kind {
        FieldKind::String => quote(value),
        FieldKind::Bytes => hex::encode_capped(value, hex::SHOWN_BYTES),
    }
}

impl DecodedPayload {
    /// The fields whose last occurrence holds a garbled byte, by number.
    pub fn garbled_fields(&self) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        for f in &self.fields {
            let last = self.occurrences.iter().rev().find(|o| o.number == f.number);
            let hit = last.is_some_and(|o| {
                self.garbled_bytes
                    .iter()
                    .any(|&b| b >= o.value_offset && b < o.value_offset + o.len)
            });
            if hit {
                out.push(f.number);
            }
        }
        out
    }

    /// The payload with the garbling of the base64 text it was decoded from, noted in the
    /// display value of every garbled field.
    pub fn with_garbling(mut self, b: &base64::DeviceBase64) -> Self {
        self.garbled_bytes.clone_from(&b.garbled_bytes);
        self.garbled_chars.clone_from(&b.garbled_chars);
        self.mark_garbled();
        self
    }

    /// Notes garbled fields in their display value.
    fn mark_garbled(&mut self) {
        for n in self.garbled_fields() {
            if let Some(f) = self.fields.iter_mut().find(|f| f.number == n) {
                f.display.push_str(" (garbled: as the device reads it)");
            }
        }
    }

    /// The last value of field `number`, if present.
    pub fn raw(&self, number: u32) -> Option<&[u8]> {
        self.fields
            .iter()
            .find(|d| d.number == number)
            .map(|d| d.value.as_slice())
    }

    /// The last value of field `number`, empty when absent.
    pub fn bytes(&self, number: u32) -> &[u8] {
        self.raw(number).unwrap_or_default()
    }

    /// A string field as the device reads it: up to the first NUL, empty when absent.
    pub fn str_bytes(&self, number: u32) -> &[u8] {
        until_nul(self.bytes(number))
    }

    /// A string field as text (lossy UTF-8), up to the first NUL.
    pub fn text(&self, number: u32) -> String {
        String::from_utf8_lossy(self.str_bytes(number)).into_owned()
    }

    /// Rows for a table: field number, name, display value. Amounts show their hex bytes and
    /// base-10 integer, strings are quoted, bytes are hex. Unknown fields come last.
    pub fn field_rows(&self) -> Vec<(u32, &'static str, String)> {
        let mut rows: Vec<(u32, &'static str, String)> = self
            .fields
            .iter()
            .map(|d| {
                let mut shown = d.display.clone();
                if d.occurrences > 1 {
                    shown.push_str(&format!(" ({} occurrences, the last wins)", d.occurrences));
                }
                (d.number, d.name, shown)
            })
            .collect();
        rows.extend(self.unknown_fields.iter().map(|u| {
            (
                u.number,
                "unknown",
                format!(
                    "wire type {} at byte {}, skipped by the device",
                    u.wire_type, u.offset
                ),
            )
        }));
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::swap::testkit::Pb;

    #[test]
    fn decodes_fields_last_occurrence_wins() {
        let bytes = Pb::new()
            .string(1, "first")
            .bytes(9, &[0x0f, 0x42, 0x40])
            .string(1, "second")
            .varint(99, 7)
            .into_bytes();
        let d = decode_protobuf(bytes, PayloadEncoding::Hex).expect("decodes");
        assert_eq!(d.text(field::PAYIN_ADDRESS), "second");
        assert_eq!(d.occurrences.len(), 3);
        assert_eq!(d.unknown_fields.len(), 1);
        let rows = d.field_rows();
        assert_eq!(rows[0].0, 1);
        assert_eq!(rows[0].2, "\"second\" (2 occurrences, the last wins)");
        assert_eq!(
            rows[1],
            (9, "amount_to_provider", "0x0f4240 = 1000000".into())
        );
        assert_eq!(rows[2].1, "unknown");
    }

    #[test]
    fn megabyte_fields_stay_short_in_messages_and_json() {
        // Found by the hostile matrix: a 10 MB payload made 60 MB reports.
        let big = vec![b'x'; 3_000_000];
        let bytes = Pb::new().bytes(1, &big).bytes(13, &big).into_bytes();
        let d = decode_protobuf(bytes, PayloadEncoding::Hex).expect("decodes");
        let rows = d.field_rows();
        assert!(rows.iter().all(|r| r.2.len() < 1000), "{rows:?}");
        assert!(rows[0].2.ends_with("… (3000000 bytes)"), "{}", rows[0].2);
        let json = serde_json::to_string(&d).expect("serializes");
        assert!(json.len() < 64 * 1024, "{} bytes of JSON", json.len());
    }

    #[test]
    fn strings_stop_at_the_first_nul() {
        let bytes = Pb::new().bytes(3, b"abc\0def").into_bytes();
        let d = decode_protobuf(bytes, PayloadEncoding::Hex).expect("decodes");
        assert_eq!(d.str_bytes(field::REFUND_ADDRESS), b"abc");
        assert_eq!(
            d.field_rows()[0].2,
            "\"abc\" (cut at a NUL, 3 more bytes ignored)"
        );
    }

    #[test]
    fn auto_detects_hex_and_base64url() {
        let bytes = Pb::new().string(7, "BTC").into_bytes();
        let hex_text = hex::encode(&bytes);
        let d = decode_payload(&hex_text).expect("hex");
        assert_eq!(d.encoding, PayloadEncoding::Hex);
        let d = decode_payload("OgNCVEM").expect("base64url");
        assert_eq!(d.encoding, PayloadEncoding::Base64url);
        assert_eq!(d.text(field::CURRENCY_FROM), "BTC");
    }

    #[test]
    fn reports_where_decoding_failed() {
        let err = decode_payload_as("0a05ab", PayloadEncoding::Hex).expect_err("truncated");
        assert!(matches!(
            err,
            DecodeError::Protobuf(PbError { offset: 1, .. })
        ));
        assert!(matches!(
            decode_payload("abcde"),
            Err(DecodeError::Base64(Base64Error::BadLength { len: 5 }))
        ));
    }

    #[test]
    fn limits_match_the_device_options() {
        let usable: Vec<usize> = FIELDS.iter().map(FieldSpec::usable).collect();
        assert_eq!(
            usable,
            [150, 19, 150, 19, 150, 19, 9, 9, 16, 16, 10, 32, 33]
        );
    }
}
