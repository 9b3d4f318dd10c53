//! base64 as the device decodes a payload, and as Ledger Live's checker accepts one.
//!
//! The device (`device::base64`, a port of app-exchange `src/base64.c`) refuses a raw length of
//! 1 modulo 4 (padding included), strips at most two trailing `=`, maps `-` to 62 and both `_`
//! and `/` to 63, and reads any other character (`+`, a space, `.`, a third `=`) as 64, which
//! garbles the bytes around it instead of failing. Ledger Live's checker refuses what the device
//! would garble (`PayloadCheckerShared.ts`: `NG_PAYLOAD_PATTERN = /^[A-Za-z0-9_/-]+={0,2}$/` and
//! `payload.length % 4 === 1`).

use super::device::base64 as c;

/// The payload as the device decodes it, with the quirks it relied on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceBase64 {
    /// The decoded bytes, garbled where the text holds characters outside the alphabet.
    pub bytes: Vec<u8>,
    /// 0-based offset of the first `/` (standard alphabet), which the device happens to accept.
    pub slash_at: Option<usize>,
    /// Number of trailing `=` the device stripped (0 to 2).
    pub padding: usize,
    /// 0-based byte offsets in the text of the characters the device read as 64.
    pub garbled_chars: Vec<usize>,
    /// 0-based offsets of the decoded bytes those characters changed.
    pub garbled_bytes: Vec<usize>,
}

/// Why a text is refused, by Ledger Live's checker or by the device. Offsets are 0-based bytes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Base64Error {
    /// Nothing to decode.
    #[error("payload is empty")]
    Empty,
    /// A `+`: standard base64, which the device garbles.
    #[error(
        "`+` at offset {offset} is standard base64: the device reads it as 64 and garbles the bytes around it; use base64url (`-` and `_`)"
    )]
    Plus { offset: usize },
    /// An `=` that is not one of the (at most two) trailing ones.
    #[error("`=` at offset {offset} is not allowed: at most two `=` and only at the end")]
    Padding { offset: usize },
    /// Any other character outside `[A-Za-z0-9_/-]`.
    #[error("{ch:?} at offset {offset} is outside the device alphabet [A-Za-z0-9_/-]")]
    BadChar { offset: usize, ch: char },
    /// Raw length 1 modulo 4, padding included.
    #[error("length {len} (padding included) is 1 modulo 4, which the device refuses")]
    BadLength { len: usize },
}

/// Ledger Live's check of an NG payload text (without its leading `.`): Ok when it matches
/// `^[A-Za-z0-9_/-]+={0,2}$` and its raw length is not 1 modulo 4.
pub fn ledger_live_check(text: &str) -> Result<(), Base64Error> {
    let body = text.trim_end_matches('=');
    let padding = text.len() - body.len();
    if body.is_empty() {
        return Err(Base64Error::Empty);
    }
    for (offset, ch) in body.char_indices() {
        if !(ch.is_ascii_alphanumeric() || matches!(ch, '-' | '_' | '/')) {
            return Err(match ch {
                '+' => Base64Error::Plus { offset },
                '=' => Base64Error::Padding { offset },
                _ => Base64Error::BadChar { offset, ch },
            });
        }
    }
    if padding > 2 {
        return Err(Base64Error::Padding {
            offset: body.len() + 2,
        });
    }
    if text.len() % 4 == 1 {
        return Err(Base64Error::BadLength { len: text.len() });
    }
    Ok(())
}

/// Decodes `text` as the device does, garbling included; Err only where the device refuses
/// (a raw length of 1 modulo 4, or no bytes at all). The device's 512-byte buffer is not
/// applied here, so a long payload can still be shown; SWAP-PAYLOAD-004 checks it.
pub fn decode_device(text: &str) -> Result<DeviceBase64, Base64Error> {
    let d = c::decode(text.as_bytes(), usize::MAX).map_err(|e| match e {
        c::Refusal::LengthOneModFour { len } => Base64Error::BadLength { len },
        c::Refusal::TooLong { .. } => Base64Error::Empty,
    })?;
    if d.bytes.is_empty() {
        return Err(Base64Error::Empty);
    }
    Ok(DeviceBase64 {
        bytes: d.bytes,
        slash_at: text.find('/'),
        padding: d.stripped,
        garbled_chars: d.garbled_chars,
        garbled_bytes: d.garbled_bytes,
    })
}

fn lenient_value(b: u8) -> Option<u8> {
    match b {
        b'+' => Some(62),
        other => u8::try_from(c::pr2six(other)).ok().filter(|&v| v < 64),
    }
}

/// Splits off up to `max` trailing `=`, returning the body and the padding count.
fn strip_padding(text: &str, max: usize) -> (&str, usize) {
    let mut body = text;
    let mut padding = 0;
    while padding < max {
        match body.strip_suffix('=') {
            Some(rest) => {
                body = rest;
                padding += 1;
            }
            None => break,
        }
    }
    (body, padding)
}

fn pack(values: impl Iterator<Item = u8>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for v in values {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            // Masked to 8 bits, so the cast cannot truncate anything meaningful.
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    out
}

/// A leniently decoded text (signatures): both alphabets and any padding accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lenient {
    /// The decoded bytes.
    pub bytes: Vec<u8>,
    /// True when `+` or `/` appeared (standard base64 rather than base64url).
    pub standard_alphabet: bool,
}

/// Decodes base64 or base64url with optional `=` padding, as Ledger Live does for signatures
/// (it maps `-` to `+` and `_` to `/`, then uses Node's decoder).
pub fn decode_lenient(text: &str) -> Result<Lenient, Base64Error> {
    let (body, _) = strip_padding(text, 2);
    if body.is_empty() {
        return Err(Base64Error::Empty);
    }
    for (offset, ch) in body.char_indices() {
        if u8::try_from(ch).ok().and_then(lenient_value).is_none() {
            return Err(match ch {
                '=' => Base64Error::Padding { offset },
                _ => Base64Error::BadChar { offset, ch },
            });
        }
    }
    if body.len() % 4 == 1 {
        return Err(Base64Error::BadLength { len: body.len() });
    }
    Ok(Lenient {
        bytes: pack(body.bytes().filter_map(lenient_value)),
        standard_alphabet: body.contains(['+', '/']),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_base64url_like_the_device() {
        // "hello?>" in base64url is aGVsbG8_Pg
        let d = decode_device("aGVsbG8_Pg").expect("valid");
        assert_eq!(d.bytes, b"hello?>");
        assert_eq!(d.slash_at, None);
        assert_eq!(d.padding, 0);
        assert!(d.garbled_chars.is_empty());
    }

    #[test]
    fn accepts_slash_and_padding_but_notes_them() {
        let d = decode_device("aGVsbG8/Pg==").expect("valid");
        assert_eq!(d.bytes, b"hello?>");
        assert_eq!(d.slash_at, Some(7));
        assert_eq!(d.padding, 2);
        assert_eq!(ledger_live_check("aGVsbG8/Pg=="), Ok(()));
    }

    #[test]
    fn ledger_live_refuses_what_the_device_garbles_or_refuses() {
        assert_eq!(
            ledger_live_check("ab+c"),
            Err(Base64Error::Plus { offset: 2 })
        );
        assert_eq!(ledger_live_check(""), Err(Base64Error::Empty));
        assert_eq!(ledger_live_check("=="), Err(Base64Error::Empty));
        assert_eq!(
            ledger_live_check("abcd==="),
            Err(Base64Error::Padding { offset: 6 })
        );
        assert_eq!(
            ledger_live_check("ab=cd"),
            Err(Base64Error::Padding { offset: 2 })
        );
        assert_eq!(
            ledger_live_check("ab.c"),
            Err(Base64Error::BadChar { offset: 2, ch: '.' })
        );
        assert_eq!(
            ledger_live_check("abcde"),
            Err(Base64Error::BadLength { len: 5 })
        );
        // The raw length counts: 4n+1 with padding is refused, 4n+1 without it is not.
        assert_eq!(
            ledger_live_check("abcd="),
            Err(Base64Error::BadLength { len: 5 })
        );
        assert_eq!(ledger_live_check("abcde=="), Ok(()));
        assert!(matches!(
            ledger_live_check("ab\u{e9}c"),
            Err(Base64Error::BadChar { offset: 2, .. })
        ));
    }

    #[test]
    fn the_device_garbles_instead_of_refusing() {
        let d = decode_device("ab+c").expect("the device decodes it");
        assert_eq!(d.garbled_chars, vec![2]);
        assert_eq!(d.garbled_bytes, vec![1, 2]);
        let d = decode_device("abc===").expect("the third `=` is read as 64");
        assert_eq!(d.garbled_chars, vec![3]);
        // After two `=` are stripped, a lone character is left over and ignored.
        let d = decode_device("abcd===").expect("decodes");
        assert_eq!(d.bytes.len(), 3);
        assert!(d.garbled_chars.is_empty());
        assert_eq!(
            decode_device("abcd="),
            Err(Base64Error::BadLength { len: 5 })
        );
        assert_eq!(decode_device("=="), Err(Base64Error::Empty));
    }

    #[test]
    fn lenient_accepts_both_alphabets() {
        let url = decode_lenient("-_8=").expect("valid");
        let std = decode_lenient("+/8=").expect("valid");
        assert_eq!(url.bytes, std.bytes);
        assert!(!url.standard_alphabet);
        assert!(std.standard_alphabet);
        assert!(decode_lenient("a").is_err());
    }

    #[test]
    fn huge_input_does_not_panic() {
        let text = "A".repeat(100_000);
        assert_eq!(decode_device(&text).map(|d| d.bytes.len()), Ok(75_000));
    }
}
