//! Lowercase hexadecimal, the way payloads, nonces and keys are written in the spec.

/// Encodes bytes as lowercase hex, two characters per byte.
pub fn encode(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// Most bytes shown in a message; a hostile payload can hold megabytes.
pub const SHOWN_BYTES: usize = 64;

/// Hex of at most `max` bytes; longer input is cut and followed by `… (N bytes)`.
pub fn encode_capped(bytes: &[u8], max: usize) -> String {
    if bytes.len() <= max {
        encode(bytes)
    } else {
        format!("{}… ({} bytes)", encode(&bytes[..max]), bytes.len())
    }
}

/// Why a hex string could not be decoded; offsets are 0-based character positions.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HexError {
    /// A character outside `[0-9a-fA-F]`.
    #[error("`{ch}` at offset {offset} is not a hex digit")]
    BadDigit { offset: usize, ch: char },
    /// An odd number of digits.
    #[error("odd number of hex digits ({len})")]
    OddLength { len: usize },
}

/// Decodes hex (either case) into bytes.
pub fn decode(text: &str) -> Result<Vec<u8>, HexError> {
    let mut out = Vec::with_capacity(text.len() / 2);
    let mut high: Option<u8> = None;
    let mut count = 0usize;
    for (offset, ch) in text.chars().enumerate() {
        let nibble = ch
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok())
            .ok_or(HexError::BadDigit { offset, ch })?;
        count += 1;
        match high.take() {
            None => high = Some(nibble),
            Some(h) => out.push((h << 4) | nibble),
        }
    }
    if high.is_some() {
        return Err(HexError::OddLength { len: count });
    }
    Ok(out)
}

/// True when `text` is non-empty, of even length and made only of hex digits.
pub fn is_hex(text: &str) -> bool {
    !text.is_empty() && text.len().is_multiple_of(2) && text.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capped_hex_says_how_much_was_cut() {
        assert_eq!(encode_capped(&[1, 2], 2), "0102");
        assert_eq!(encode_capped(&[1, 2, 3], 2), "0102… (3 bytes)");
    }

    #[test]
    fn round_trips_bytes() {
        let bytes = [0x00, 0x0f, 0xa5, 0xff];
        assert_eq!(encode(&bytes), "000fa5ff");
        assert_eq!(decode("000FA5ff"), Ok(bytes.to_vec()));
    }

    #[test]
    fn rejects_bad_digits_and_odd_length() {
        assert_eq!(decode("0g"), Err(HexError::BadDigit { offset: 1, ch: 'g' }));
        assert_eq!(decode("abc"), Err(HexError::OddLength { len: 3 }));
        assert!(!is_hex(""));
        assert!(is_hex("00ff"));
    }
}
