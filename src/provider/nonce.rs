//! The device nonce a `/swap` request carries: 32 bytes as hex (current API) or base64url
//! (seed-era API).

use base64::Engine;
use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};

/// Length of the NG device nonce (`device_transaction_id_ng`), in bytes.
pub(crate) const NONCE_LEN: usize = 32;

/// Decodes `text` as 64 hex digits (either case) or as base64url of 32 bytes (with or
/// without `=` padding). `None` for anything else.
pub(crate) fn parse_nonce(text: &str) -> Option<[u8; NONCE_LEN]> {
    if text.len() == 2 * NONCE_LEN {
        return parse_hex(text);
    }
    let bytes = if text.ends_with('=') {
        URL_SAFE.decode(text)
    } else {
        URL_SAFE_NO_PAD.decode(text)
    }
    .ok()?;
    bytes.try_into().ok()
}

/// Decodes exactly 32 bytes of hex; `None` on any other input.
pub(crate) fn parse_hex(text: &str) -> Option<[u8; NONCE_LEN]> {
    let bytes = text.as_bytes();
    if bytes.len() != 2 * NONCE_LEN {
        return None;
    }
    let mut out = [0u8; NONCE_LEN];
    for (i, pair) in bytes.chunks(2).enumerate() {
        let hi = char::from(pair[0]).to_digit(16)?;
        let lo = char::from(pair[1]).to_digit(16)?;
        out[i] = u8::try_from(hi * 16 + lo).ok()?;
    }
    Some(out)
}

/// Lowercase hex of `bytes`.
pub(crate) fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "350aea0c97f747f1d0f760814614a47523801b1aeb7d0bcbbaa2a4f46bf8184b";

    #[test]
    fn accepts_hex_in_either_case() {
        let n = parse_nonce(HEX).unwrap();
        assert_eq!(n[0], 0x35);
        assert_eq!(parse_nonce(&HEX.to_uppercase()), Some(n));
        assert_eq!(to_hex(&n), HEX);
    }

    #[test]
    fn accepts_base64url_with_or_without_padding() {
        let n = parse_hex(HEX).unwrap();
        let b64 = URL_SAFE_NO_PAD.encode(n);
        assert_eq!(parse_nonce(&b64), Some(n));
        assert_eq!(parse_nonce(&format!("{b64}=")), Some(n));
        assert!(parse_nonce("r5mP6AbVNua5FsNw-oFD4tFJUrXQA1tYwMsmrg4Ft2Q").is_some());
    }

    #[test]
    fn refuses_other_lengths_and_characters() {
        assert!(parse_nonce("").is_none());
        assert!(parse_nonce(&HEX[..62]).is_none());
        assert!(parse_nonce(&HEX.replace('a', "g")).is_none());
        assert!(parse_nonce(&URL_SAFE_NO_PAD.encode([1u8; 31])).is_none());
        assert!(parse_nonce("QQQQQQQQQQ").is_none());
    }
}
