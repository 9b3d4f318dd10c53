//! RFC 3986 percent-encoding (§2.3: every byte but the unreserved characters), for query
//! values the harness sends and for the encoded forms of secrets that redaction looks for.
//! The reference provider keeps its own encoder, so that a shared bug cannot cancel out.

/// Percent-encodes `text` with upper-case hex digits (`a b` → `a%20b`).
pub(crate) fn encode(text: &str) -> String {
    encode_with(text, false)
}

/// Percent-encodes `text` with upper-case or, with `lower`, lower-case hex digits.
pub(crate) fn encode_with(text: &str, lower: bool) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ if lower => format!("%{b:02x}"),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreserved_characters_stay_and_the_rest_is_encoded() {
        assert_eq!(encode("a b/c==-_.~"), "a%20b%2Fc%3D%3D-_.~");
        assert_eq!(encode("é"), "%C3%A9");
        assert_eq!(encode_with("é/", true), "%c3%a9%2f");
    }
}
