//! A strict protobuf wire reader, as Ledger Live's checker scans a payload (hw-app-exchange
//! `PayloadCheckerShared.ts`, `scanWireFields`): stricter than the device (see `device::nanopb`).
//!
//! Only wire types 0 (varint), 1 (64-bit), 2 (length-delimited) and 5 (32-bit) are read; groups
//! (3, 4) and 6, 7 are refused. Field number 0 is refused ("zero tag"); nanopb instead ends the
//! message at a zero tag byte and skips field 0. A known field with another wire type than its
//! declared one is refused ("wrong wire type"); nanopb reads it as declared. Unknown fields are
//! skipped. Tags and lengths are 32-bit varints of at most 10 bytes. Anything cut short is
//! refused. This module only reads the wire format; the field table lives in `payload.rs`.

use std::fmt;

/// One field as it appeared on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawField<'a> {
    /// Field number (tag >> 3).
    pub number: u32,
    /// Wire type (tag & 7): 0, 1, 2 or 5.
    pub wire_type: u8,
    /// 0-based byte offset of the tag in the message.
    pub offset: usize,
    /// The value; for wire type 2, the bytes inside the length prefix.
    pub value: RawValue<'a>,
}

/// A wire value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RawValue<'a> {
    /// Wire type 0 (skipped fields keep only their length).
    Varint,
    /// Wire type 1.
    Fixed64,
    /// Wire type 2.
    Bytes(&'a [u8]),
    /// Wire type 5.
    Fixed32,
}

/// Where and why decoding stopped, in the terms nanopb would use.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PbError {
    /// 0-based byte offset of the problem in the protobuf bytes.
    pub offset: usize,
    /// The field being decoded, once its tag was read.
    pub field: Option<u32>,
    /// Its wire type, once its tag was read.
    pub wire_type: Option<u8>,
    /// What went wrong.
    pub kind: PbErrorKind,
}

/// The kinds of wire-format failure.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PbErrorKind {
    /// The message ends inside a varint.
    TruncatedVarint,
    /// A tag or length does not fit in 32 bits.
    VarintOverflow,
    /// Field number 0.
    ZeroTag,
    /// Wire type 3, 4, 6 or 7.
    InvalidWireType,
    /// A known field sent with another wire type than declared.
    WrongWireType {
        /// The declared wire type.
        expected: u8,
    },
    /// nanopb `string overflow`: a string of `len` bytes does not fit its `max_size` with
    /// the NUL terminator (`pb_decode.c:1479`).
    StringOverflow {
        /// The value's length, in bytes.
        len: u64,
        /// The field's `max_size`, NUL included.
        max_size: usize,
    },
    /// nanopb `bytes overflow`: a bytes value longer than its `max_size` (`pb_decode.c:1435,1450`).
    BytesOverflow {
        /// The value's length, in bytes.
        len: u64,
        /// The field's `max_size`.
        max_size: usize,
    },
    /// A length or fixed-size value runs past the end.
    Truncated {
        /// Bytes the value needs.
        needed: u64,
        /// Bytes left in the message.
        available: usize,
    },
}

impl fmt::Display for PbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at byte {}", self.offset)?;
        match (self.field, self.wire_type) {
            (Some(n), Some(w)) => write!(f, " (field {n}, wire type {w})")?,
            (Some(n), None) => write!(f, " (field {n})")?,
            _ => {}
        }
        f.write_str(": ")?;
        match &self.kind {
            PbErrorKind::TruncatedVarint => f.write_str("the message ends inside a varint"),
            PbErrorKind::VarintOverflow => f.write_str("varint overflow (over 32 bits)"),
            PbErrorKind::ZeroTag => f.write_str("zero tag (field number 0)"),
            PbErrorKind::InvalidWireType => {
                f.write_str("invalid wire type (nanopb knows only 0, 1, 2 and 5)")
            }
            PbErrorKind::WrongWireType { expected } => {
                write!(
                    f,
                    "wrong wire type: the field is declared with wire type {expected}"
                )
            }
            PbErrorKind::StringOverflow { len, max_size } => write!(
                f,
                "string overflow: {len} bytes and the NUL do not fit the field's max_size {max_size}"
            ),
            PbErrorKind::BytesOverflow { len, max_size } => write!(
                f,
                "bytes overflow: {len} bytes exceed the field's max_size {max_size}"
            ),
            PbErrorKind::Truncated { needed, available } => write!(
                f,
                "the value needs {needed} bytes but only {available} remain (truncated)"
            ),
        }
    }
}

impl std::error::Error for PbError {}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn varint(&mut self) -> Result<u64, PbErrorKind> {
        let mut value: u64 = 0;
        for i in 0..10 {
            let Some(&b) = self.bytes.get(self.pos) else {
                return Err(PbErrorKind::TruncatedVarint);
            };
            self.pos += 1;
            value |= u64::from(b & 0x7f).checked_shl(7 * i).unwrap_or(0);
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(PbErrorKind::VarintOverflow)
    }

    fn varint32(&mut self) -> Result<u32, PbErrorKind> {
        u32::try_from(self.varint()?).map_err(|_| PbErrorKind::VarintOverflow)
    }

    /// nanopb's `pb_skip_varint`: any number of continuation bytes.
    fn skip_varint(&mut self) -> Result<(), PbErrorKind> {
        loop {
            let Some(&b) = self.bytes.get(self.pos) else {
                return Err(PbErrorKind::TruncatedVarint);
            };
            self.pos += 1;
            if b & 0x80 == 0 {
                return Ok(());
            }
        }
    }

    fn take(&mut self, len: u64) -> Result<&'a [u8], PbErrorKind> {
        let available = self.bytes.len() - self.pos;
        let n = usize::try_from(len)
            .ok()
            .filter(|&n| n <= available)
            .ok_or(PbErrorKind::Truncated {
                needed: len,
                available,
            })?;
        let out = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }
}

/// Reads every field of a message. `declared(n)` gives the declared wire type of known field `n`
/// (None for unknown fields, which are skipped but still listed).
pub(crate) fn parse(
    bytes: &[u8],
    declared: impl Fn(u32) -> Option<u8>,
) -> Result<Vec<RawField<'_>>, PbError> {
    let mut r = Reader { bytes, pos: 0 };
    let mut fields = Vec::new();
    while r.pos < bytes.len() {
        let offset = r.pos;
        let err = |kind, field, wire_type, at| PbError {
            offset: at,
            field,
            wire_type,
            kind,
        };
        let tag = r.varint32().map_err(|k| err(k, None, None, offset))?;
        let number = tag >> 3;
        let wire_type = u8::try_from(tag & 7).unwrap_or(7);
        if number == 0 {
            return Err(err(PbErrorKind::ZeroTag, None, Some(wire_type), offset));
        }
        let known = declared(number);
        if !matches!(wire_type, 0 | 1 | 2 | 5) {
            return Err(err(
                PbErrorKind::InvalidWireType,
                Some(number),
                Some(wire_type),
                offset,
            ));
        }
        if let Some(expected) = known.filter(|&e| e != wire_type) {
            return Err(err(
                PbErrorKind::WrongWireType { expected },
                Some(number),
                Some(wire_type),
                offset,
            ));
        }
        let value_at = r.pos;
        let value = match wire_type {
            0 => r.skip_varint().map(|()| RawValue::Varint),
            1 => r.take(8).map(|_| RawValue::Fixed64),
            5 => r.take(4).map(|_| RawValue::Fixed32),
            _ => r
                .varint32()
                .and_then(|len| r.take(u64::from(len)))
                .map(RawValue::Bytes),
        }
        .map_err(|k| err(k, Some(number), Some(wire_type), value_at))?;
        fields.push(RawField {
            number,
            wire_type,
            offset,
            value,
        });
    }
    Ok(fields)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared(n: u32) -> Option<u8> {
        (1..=3).contains(&n).then_some(2)
    }

    #[test]
    fn reads_known_and_skips_unknown_fields() {
        // field 1 "ab", field 9 varint 300, field 10 fixed32, field 11 fixed64, field 2 ""
        let msg = [
            0x0a, 2, b'a', b'b', 0x48, 0xac, 0x02, 0x55, 1, 2, 3, 4, 0x59, 0, 0, 0, 0, 0, 0, 0, 0,
            0x12, 0,
        ];
        let fields = parse(&msg, declared).expect("valid");
        assert_eq!(fields.len(), 5);
        assert_eq!(fields[0].value, RawValue::Bytes(b"ab"));
        assert_eq!(fields[1].number, 9);
        assert_eq!(fields[4].value, RawValue::Bytes(b""));
        assert_eq!(fields[4].offset, 21);
    }

    #[test]
    fn refuses_wrong_and_invalid_wire_types() {
        let e = parse(&[0x08, 1], declared).expect_err("field 1 as varint");
        assert_eq!(e.kind, PbErrorKind::WrongWireType { expected: 2 });
        assert_eq!((e.field, e.wire_type, e.offset), (Some(1), Some(0), 0));
        let e = parse(&[0x4b], declared).expect_err("group");
        assert_eq!(e.kind, PbErrorKind::InvalidWireType);
        let e = parse(&[0x4e], declared).expect_err("wire type 6");
        assert_eq!(e.kind, PbErrorKind::InvalidWireType);
        let e = parse(&[0x02, 0], declared).expect_err("field 0");
        assert_eq!(e.kind, PbErrorKind::ZeroTag);
    }

    #[test]
    fn refuses_truncation() {
        let e = parse(&[0x0a, 5, b'a'], declared).expect_err("short string");
        assert_eq!(
            e.kind,
            PbErrorKind::Truncated {
                needed: 5,
                available: 1
            }
        );
        assert_eq!(e.offset, 1);
        let e = parse(&[0x0a, 0x80], declared).expect_err("length cut");
        assert_eq!(e.kind, PbErrorKind::TruncatedVarint);
        let e = parse(&[0x48, 0xff], declared).expect_err("varint cut");
        assert_eq!(e.kind, PbErrorKind::TruncatedVarint);
        let e = parse(&[0x55, 1, 2], declared).expect_err("fixed32 cut");
        assert!(matches!(e.kind, PbErrorKind::Truncated { needed: 4, .. }));
        let e = parse(&[0x0a, 0xff, 0xff, 0xff, 0xff, 0x7f], declared).expect_err("huge len");
        assert_eq!(e.kind, PbErrorKind::VarintOverflow);
        let e = parse(&[0xff; 11], declared).expect_err("endless varint");
        assert_eq!(e.kind, PbErrorKind::VarintOverflow);
    }

    #[test]
    fn error_message_names_offset_field_and_wire_type() {
        let e = parse(&[0x0a, 5, b'a'], declared).expect_err("short");
        assert_eq!(
            e.to_string(),
            "at byte 1 (field 1, wire type 2): the value needs 5 bytes but only 1 remain (truncated)"
        );
    }
}
