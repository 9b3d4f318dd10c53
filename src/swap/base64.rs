//! The Exchange app's base64 decoder (app-exchange `src/base64.c`), emulated byte for byte.
//!
//! The device strips up to two trailing `=`, refuses a length of 1 modulo 4, maps `-` to 62 and
//! both `_` and `/` to 63, and does not validate anything else: `+`, spaces and `.` silently turn
//! into garbage. This module refuses what the device would corrupt, like Ledger Live's checker
//! (`NG_PAYLOAD_PATTERN = /^[A-Za-z0-9_/-]+={0,2}$/`), and reports what merely deserves a warning.

/// The payload as the device decodes it, with the quirks it relied on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceBase64 {
    /// The decoded bytes.
    pub bytes: Vec<u8>,
    /// 0-based offset of the first `/` (standard alphabet), which the device happens to accept.
    pub slash_at: Option<usize>,
    /// Number of trailing `=` (0 to 2), which the device strips.
    pub padding: usize,
}

/// Why the device would not decode a base64 text faithfully. Offsets are 0-based characters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Base64Error {
    /// Nothing left after stripping the padding.
    #[error("payload is empty")]
    Empty,
    /// A `+`: standard base64, which the device silently corrupts.
    #[error(
        "`+` at offset {offset} is standard base64: the device decodes it as garbage and silently corrupts the payload; use base64url (`-` and `_`)"
    )]
    Plus { offset: usize },
    /// An `=` that is not one of the (at most two) trailing ones.
    #[error("`=` at offset {offset} is not allowed: at most two `=` and only at the end")]
    Padding { offset: usize },
    /// Any other character outside `[A-Za-z0-9_/-]`.
    #[error("{ch:?} at offset {offset} is outside the device alphabet [A-Za-z0-9_/-]")]
    BadChar { offset: usize, ch: char },
    /// Length 1 modulo 4 once the padding is stripped.
    #[error("length {len} (without `=`) is 1 modulo 4, which the device refuses")]
    BadLength { len: usize },
}

fn device_value(b: u8) -> Option<u8> {
    match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'-' => Some(62),
        b'_' | b'/' => Some(63),
        _ => None,
    }
}

fn lenient_value(b: u8) -> Option<u8> {
    match b {
        b'+' => Some(62),
        other => device_value(other),
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

/// Decodes `text` with the device's rules, refusing anything the device would corrupt.
pub fn decode_device(text: &str) -> Result<DeviceBase64, Base64Error> {
    let (body, padding) = strip_padding(text, 2);
    if body.is_empty() {
        return Err(Base64Error::Empty);
    }
    for (offset, ch) in body.char_indices() {
        let ok = u8::try_from(ch).ok().and_then(device_value).is_some();
        if !ok {
            return Err(match ch {
                '+' => Base64Error::Plus { offset },
                '=' => Base64Error::Padding { offset },
                _ => Base64Error::BadChar { offset, ch },
            });
        }
    }
    if body.len() % 4 == 1 {
        return Err(Base64Error::BadLength { len: body.len() });
    }
    let bytes = pack(body.bytes().filter_map(device_value));
    Ok(DeviceBase64 {
        bytes,
        slash_at: body.find('/'),
        padding,
    })
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
    }

    #[test]
    fn accepts_slash_and_padding_but_notes_them() {
        let d = decode_device("aGVsbG8/Pg==").expect("valid");
        assert_eq!(d.bytes, b"hello?>");
        assert_eq!(d.slash_at, Some(7));
        assert_eq!(d.padding, 2);
    }

    #[test]
    fn refuses_what_the_device_corrupts() {
        assert_eq!(decode_device("ab+c"), Err(Base64Error::Plus { offset: 2 }));
        assert_eq!(decode_device(""), Err(Base64Error::Empty));
        assert_eq!(decode_device("=="), Err(Base64Error::Empty));
        assert_eq!(
            decode_device("abcd==="),
            Err(Base64Error::Padding { offset: 4 })
        );
        assert_eq!(
            decode_device("ab=cd"),
            Err(Base64Error::Padding { offset: 2 })
        );
        assert_eq!(
            decode_device("ab.c"),
            Err(Base64Error::BadChar { offset: 2, ch: '.' })
        );
        assert_eq!(
            decode_device("abcde"),
            Err(Base64Error::BadLength { len: 5 })
        );
        assert!(matches!(
            decode_device("ab\u{e9}c"),
            Err(Base64Error::BadChar { offset: 2, .. })
        ));
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
