//! nanopb 0.3.9's `pb_decode` as the Exchange app builds it (app-exchange `src/pb_decode.c`),
//! for `NewTransactionResponse` (`src/proto/protocol.pb.c`: thirteen static singular fields,
//! strings and bytes; `pb_size_t` is 8 bits, `src/pb.h:210-217`).
//!
//! What it tolerates that standard protobuf readers refuse:
//! - a known field is decoded with its declared decoder whatever the wire type says
//!   (`decode_static_field`, `:499-571`, calls `pb_dec_string`/`pb_dec_bytes`, which read a
//!   length varint, `:1428-1485`);
//! - a zero tag byte ends the message successfully and what follows is ignored (`:405-408`,
//!   `:1005-1010`); field number 0 with wire type 0, 1, 2 or 5 is an unknown field and skipped
//!   (`:1012-1035`);
//! - an overlong varint is accepted whatever its length when its extra bytes carry no bits
//!   (`pb_decode_varint32_eof`, `:305-351`); a skipped varint may be any length (`:377-383`).
//!
//! What it refuses (the app answers DESERIALIZATION_FAILED): a string that does not fit its
//! `max_size` with the NUL, a bytes value over its `max_size`, an unknown field with wire type
//! 3, 4, 6 or 7, a varint over 32 bits, anything cut short.

use crate::swap::payload::{FieldKind, field_spec};
use crate::swap::pb::{PbError, PbErrorKind};

/// One field the decoder met, in wire order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Event {
    /// Field number (tag >> 3).
    pub number: u32,
    /// Wire type (tag & 7), as sent; a known field is read as length-delimited anyway.
    pub wire_type: u8,
    /// 0-based offset of the tag.
    pub tag_offset: usize,
    /// Whether the field is one of the thirteen known fields (decoded) or skipped.
    pub known: bool,
    /// 0-based offset of the value (after the length prefix for decoded fields).
    pub value_offset: usize,
    /// Length of the value in bytes (decoded fields only; 0 for skipped ones).
    pub value_len: usize,
}

/// The decoded message: the fields met, and the struct the C code fills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Decoded {
    /// Every field met, in wire order.
    pub events: Vec<Event>,
    /// 0-based offset of the zero tag byte that ended the message, if one did.
    pub zero_tag_at: Option<usize>,
    /// 0-based offsets of the varints encoded with more bytes than needed.
    pub overlong_varints: Vec<usize>,
    /// The struct's memory per field number (index 0 unused): for a string its whole `char`
    /// array (`max_size` bytes), for bytes the current value.
    memory: Vec<Vec<u8>>,
}

impl Decoded {
    /// A string field as C reads it: its array up to the first NUL.
    #[cfg(test)]
    pub(crate) fn c_string(&self, number: u32) -> &[u8] {
        let mem = self.char_array(number);
        mem.split(|&b| b == 0).next().unwrap_or(mem)
    }

    /// A string field's whole `char` array (`max_size` bytes), as `memcmp` sees it.
    pub(crate) fn char_array(&self, number: u32) -> &[u8] {
        usize::try_from(number)
            .ok()
            .and_then(|n| self.memory.get(n))
            .map_or(&[], Vec::as_slice)
    }

    /// A bytes field's current value (`size` bytes).
    pub(crate) fn bytes(&self, number: u32) -> &[u8] {
        self.char_array(number)
    }
}

struct Stream<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Stream<'_> {
    fn byte(&mut self) -> Result<u8, PbErrorKind> {
        let b = *self
            .bytes
            .get(self.pos)
            .ok_or(PbErrorKind::TruncatedVarint)?;
        self.pos += 1;
        Ok(b)
    }

    fn left(&self) -> usize {
        self.bytes.len() - self.pos
    }

    /// `pb_decode_varint32_eof` (`:305-351`): the value, and whether it was overlong.
    fn varint32(&mut self) -> Result<(u32, bool), PbErrorKind> {
        let start = self.pos;
        let first = self.byte()?;
        if first & 0x80 == 0 {
            return Ok((u32::from(first), false));
        }
        let mut result = u32::from(first & 0x7f);
        let mut bitpos: u32 = 7;
        let mut byte;
        loop {
            byte = self.byte()?;
            if bitpos >= 32 {
                let sign_extension = if bitpos < 63 { 0xff } else { 0x01 };
                if byte & 0x7f != 0 && (result >> 31 == 0 || byte != sign_extension) {
                    return Err(PbErrorKind::VarintOverflow);
                }
            } else {
                // Bits shifted past 32 are lost, as in C (checked below for the fifth byte).
                result |= u32::from(byte & 0x7f).checked_shl(bitpos).unwrap_or(0);
            }
            bitpos = bitpos.saturating_add(7);
            if byte & 0x80 == 0 {
                break;
            }
        }
        if bitpos == 35 && byte & 0x70 != 0 {
            return Err(PbErrorKind::VarintOverflow);
        }
        let used = self.pos - start;
        Ok((result, used > 1 && (byte == 0 || used > 5)))
    }

    /// `pb_read` of `count` bytes (`:232-259`).
    fn read(&mut self, count: u64) -> Result<std::ops::Range<usize>, PbErrorKind> {
        let available = self.left();
        match usize::try_from(count) {
            Ok(n) if n <= available => {
                let start = self.pos;
                self.pos += n;
                Ok(start..self.pos)
            }
            _ => Err(PbErrorKind::Truncated {
                needed: count,
                available,
            }),
        }
    }

    /// `pb_skip_field` (`:415-428`).
    fn skip(&mut self, wire_type: u8) -> Result<(), PbErrorKind> {
        match wire_type {
            0 => loop {
                if self.byte()? & 0x80 == 0 {
                    return Ok(());
                }
            },
            1 => self.read(8).map(drop),
            2 => {
                let (len, _) = self.varint32()?;
                self.read(u64::from(len)).map(drop)
            }
            5 => self.read(4).map(drop),
            _ => Err(PbErrorKind::InvalidWireType),
        }
    }
}

/// The memory of a fresh struct (`pb_message_set_to_defaults`: every field zeroed).
fn fresh_memory() -> Vec<Vec<u8>> {
    (0..=13)
        .map(|n| match field_spec(n) {
            Some(spec) if spec.kind == FieldKind::String => vec![0; spec.max_size],
            _ => Vec::new(),
        })
        .collect()
}

/// `pb_decode(stream, NewTransactionResponse_fields, dest)`.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded, PbError> {
    decode_with(bytes, true)
}

/// The same decoding without the `max_size` limits: the fields as a standard decoder reads
/// them, so that the size rule can say which field is too long and by how much.
pub(crate) fn decode_unlimited(bytes: &[u8]) -> Result<Decoded, PbError> {
    decode_with(bytes, false)
}

fn decode_with(bytes: &[u8], limits: bool) -> Result<Decoded, PbError> {
    let mut s = Stream { bytes, pos: 0 };
    let mut out = Decoded {
        events: Vec::new(),
        zero_tag_at: None,
        overlong_varints: Vec::new(),
        memory: fresh_memory(),
    };
    while s.left() > 0 {
        let tag_offset = s.pos;
        let err = |kind, field, wire_type, offset| PbError {
            offset,
            field,
            wire_type,
            kind,
        };
        let (tag, long) = s.varint32().map_err(|k| err(k, None, None, tag_offset))?;
        if long {
            out.overlong_varints.push(tag_offset);
        }
        if tag == 0 {
            out.zero_tag_at = Some(tag_offset);
            break;
        }
        let number = tag >> 3;
        let wire_type = u8::try_from(tag & 7).unwrap_or(7);
        let value_at = s.pos;
        let Some(spec) = field_spec(number) else {
            s.skip(wire_type)
                .map_err(|k| err(k, Some(number), Some(wire_type), value_at))?;
            out.events.push(Event {
                number,
                wire_type,
                tag_offset,
                known: false,
                value_offset: value_at,
                value_len: 0,
            });
            continue;
        };
        let fail = |k| err(k, Some(number), Some(wire_type), value_at);
        let (size, long) = s.varint32().map_err(fail)?;
        if long {
            out.overlong_varints.push(value_at);
        }
        let len = u64::from(size);
        match spec.kind {
            _ if !limits => {}
            // `pb_dec_string`: size + 1 must fit `max_size` (`:1465-1480`).
            FieldKind::String if len + 1 > spec.max_size as u64 => {
                return Err(fail(PbErrorKind::StringOverflow {
                    len,
                    max_size: spec.max_size,
                }));
            }
            // `pb_dec_bytes`: at most 255 (`PB_SIZE_MAX`), and 1 + size within the struct.
            FieldKind::Bytes if len > spec.max_size as u64 => {
                return Err(fail(PbErrorKind::BytesOverflow {
                    len,
                    max_size: spec.max_size,
                }));
            }
            _ => {}
        }
        let range = s.read(len).map_err(fail)?;
        let value = &bytes[range.clone()];
        let mem = &mut out.memory[spec.number as usize];
        match spec.kind {
            FieldKind::String => {
                if mem.len() <= value.len() {
                    mem.resize(value.len() + 1, 0);
                }
                mem[..value.len()].copy_from_slice(value);
                mem[value.len()] = 0;
            }
            FieldKind::Bytes => *mem = value.to_vec(),
        }
        out.events.push(Event {
            number,
            wire_type,
            tag_offset,
            known: true,
            value_offset: range.start,
            value_len: value.len(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_field_is_read_as_length_delimited_whatever_its_wire_type() {
        // Field 3 with wire type 0 (tag 0x18), then "ab": nanopb reads a length of 2.
        let d = decode(&[0x18, 2, b'a', b'b']).expect("nanopb accepts it");
        assert_eq!(d.c_string(3), b"ab");
        assert_eq!(d.events[0].wire_type, 0);
        // Wire type 5 and even 3 (a group) on a known field: the same.
        assert!(decode(&[0x1d, 1, b'x']).is_ok());
        assert!(decode(&[0x1b, 1, b'x']).is_ok());
    }

    #[test]
    fn a_zero_tag_ends_the_message_and_field_zero_is_skipped() {
        let d = decode(&[0x0a, 1, b'a', 0x00, 0xff, 0xff]).expect("ends at the zero tag");
        assert_eq!(d.zero_tag_at, Some(3));
        assert_eq!(d.c_string(1), b"a");
        // Tag 0x02: field 0, wire type 2, skipped with its length.
        let d = decode(&[0x02, 1, 0x99, 0x0a, 1, b'b']).expect("field 0 skipped");
        assert_eq!(d.c_string(1), b"b");
        assert!(!d.events[0].known);
        // Field 0 with wire type 3 is refused.
        assert!(decode(&[0x03]).is_err());
    }

    #[test]
    fn overlong_varints_with_zero_bits_are_accepted() {
        // Length 2 written in 12 bytes.
        let mut msg = vec![0x0a, 0x82];
        msg.extend([0x80; 10]);
        msg.extend([0x00, b'h', b'i']);
        let d = decode(&msg).expect("accepted");
        assert_eq!(d.c_string(1), b"hi");
        assert_eq!(d.overlong_varints, vec![1]);
        // A sixth byte carrying bits overflows.
        let e = decode(&[0x0a, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]).expect_err("overflow");
        assert_eq!(e.kind, PbErrorKind::VarintOverflow);
        // A fifth byte with bits above 2^32 overflows when it is the last one.
        let e = decode(&[0x0a, 0x80, 0x80, 0x80, 0x80, 0x10]).expect_err("overflow");
        assert_eq!(e.kind, PbErrorKind::VarintOverflow);
    }

    #[test]
    fn sizes_are_limited_by_max_size() {
        let ok = [&[0x3a, 9][..], b"ABCDEFGHI"].concat();
        assert!(decode(&ok).is_ok());
        let over = [&[0x3a, 10][..], b"ABCDEFGHIJ"].concat();
        assert!(matches!(
            decode(&over).map_err(|e| e.kind),
            Err(PbErrorKind::StringOverflow {
                len: 10,
                max_size: 10
            })
        ));
        let nonce = [&[0x62, 33][..], &[7; 33]].concat();
        assert!(matches!(
            decode(&nonce).map_err(|e| e.kind),
            Err(PbErrorKind::BytesOverflow {
                len: 33,
                max_size: 32
            })
        ));
        // Unknown fields with wire type 3, 4, 6 or 7 are refused; 1 and 5 are skipped.
        assert!(decode(&[0x7b]).is_err());
        assert!(decode(&[0x79, 0, 0, 0, 0, 0, 0, 0, 0, 0x7d, 0, 0, 0, 0]).is_ok());
    }

    #[test]
    fn a_shorter_repeat_leaves_the_old_bytes_behind_its_nul() {
        let msg = [&[0x5a, 10][..], b"ABCDEFGHIJ", &[0x5a, 3], b"XYZ"].concat();
        let d = decode(&msg).expect("decodes");
        assert_eq!(d.c_string(11), b"XYZ");
        assert_eq!(&d.char_array(11)[..10], b"XYZ\0EFGHIJ");
    }
}
