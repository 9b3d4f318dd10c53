//! The Exchange app's `base64_decode` (app-exchange `src/base64.c:52-109`), byte for byte.
//!
//! What the C code does, and this port with it:
//! - it refuses a text whose raw length, padding included, is 1 modulo 4 (`:63`);
//! - it strips at most two trailing `=` (`:69-74`), so a third `=` is decoded as a character;
//! - it maps every byte through `pr2six` (`:33-50`), where a character outside `A-Z a-z 0-9 - _ /`
//!   is 64: not an error, its bits spill into the neighbouring output bytes ("garbling");
//! - a lone character left after the last group of four produces nothing;
//! - it returns -1 when the output would exceed `maxsize` (the caller's 512-byte buffer).
//!
//! The caller (`process_transaction.c:154-161`) treats a result `<= 0` as DESERIALIZATION_FAILED.

/// The value `pr2six` gives a character outside the alphabet.
pub(crate) const INVALID: u32 = 64;

/// `pr2six[b]` (`base64.c:33-50`).
pub(crate) fn pr2six(b: u8) -> u32 {
    u32::from(match b {
        b'A'..=b'Z' => b - b'A',
        b'a'..=b'z' => b - b'a' + 26,
        b'0'..=b'9' => b - b'0' + 52,
        b'-' => 62,
        b'_' | b'/' => 63,
        _ => 64,
    })
}

/// What `base64_decode` produced.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Decoded {
    /// The output bytes (possibly empty: the caller then refuses the payload).
    pub bytes: Vec<u8>,
    /// 0-based byte offsets, in the text, of the characters read as 64 (garbled).
    pub garbled_chars: Vec<usize>,
    /// 0-based offsets of the output bytes those characters changed.
    pub garbled_bytes: Vec<usize>,
    /// How many trailing `=` were stripped (0 to 2).
    pub stripped: usize,
}

/// Why `base64_decode` returned -1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// The raw length, padding included, is 1 modulo 4.
    LengthOneModFour {
        /// The raw length in bytes.
        len: usize,
    },
    /// The output would not fit in `maxsize` bytes.
    TooLong {
        /// The output buffer, in bytes.
        maxsize: usize,
    },
}

/// Output bytes touched by the character at position `i` (0 to 3) of a group of four.
const TOUCHES: [&[usize]; 4] = [&[0], &[0, 1], &[1, 2], &[2]];

/// `base64_decode(out, maxsize, text, len)`, returning the output instead of its length.
pub(crate) fn decode(text: &[u8], maxsize: usize) -> Result<Decoded, Refusal> {
    let len = text.len();
    if len % 4 == 1 {
        return Err(Refusal::LengthOneModFour { len });
    }
    let mut out = Decoded::default();
    if len == 0 {
        return Ok(out);
    }
    let mut n = len;
    for _ in 0..2 {
        if n > 0 && text[n - 1] == b'=' {
            n -= 1;
            out.stripped += 1;
        }
    }
    let mut room = maxsize;
    let mut at = 0;
    let v = |i: usize| pr2six(text[i]);
    let group = |at: usize, count: usize, out: &mut Decoded| {
        // The bytes this (possibly partial) group writes: 3 for a full group, count - 1 else.
        let writes = if count == 4 { 3 } else { count - 1 };
        let base = out.bytes.len();
        let b0 = (v(at) << 2) | (v(at + 1) >> 4);
        out.bytes.push((b0 & 0xff) as u8);
        if writes > 1 {
            let b1 = (v(at + 1) << 4) | (v(at + 2) >> 2);
            out.bytes.push((b1 & 0xff) as u8);
        }
        if writes > 2 {
            let b2 = (v(at + 2) << 6) | v(at + 3);
            out.bytes.push((b2 & 0xff) as u8);
        }
        // Only the characters the C code reads: all four of a full group, count of a tail.
        let read = if count == 4 { 4 } else { writes + 1 };
        for (i, touched) in TOUCHES.iter().enumerate().take(read) {
            if v(at + i) == INVALID {
                out.garbled_chars.push(at + i);
                for t in touched.iter().filter(|&&t| t < writes) {
                    if !out.garbled_bytes.contains(&(base + t)) {
                        out.garbled_bytes.push(base + t);
                    }
                }
            }
        }
    };
    while n > 4 {
        if room < 3 {
            return Err(Refusal::TooLong { maxsize });
        }
        group(at, 4, &mut out);
        at += 4;
        n -= 4;
        room -= 3;
    }
    // The tail (`:88-106`): one byte per character beyond the first, each checking the room.
    if n > 1 {
        let writes = n - 1;
        if room < writes {
            return Err(Refusal::TooLong { maxsize });
        }
        group(at, n, &mut out);
    }
    out.garbled_bytes.sort_unstable();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(text: &str) -> Vec<u8> {
        decode(text.as_bytes(), 512).expect("decodes").bytes
    }

    #[test]
    fn decodes_base64url_and_the_slash() {
        assert_eq!(bytes("aGVsbG8_Pg"), b"hello?>");
        assert_eq!(bytes("aGVsbG8/Pg=="), b"hello?>");
        assert_eq!(bytes("YWJj"), b"abc");
    }

    #[test]
    fn the_length_rule_counts_the_padding() {
        // 4n+1 raw characters, padding included, is refused ...
        assert_eq!(
            decode(b"abcd=", 512),
            Err(Refusal::LengthOneModFour { len: 5 })
        );
        assert_eq!(
            decode(b"YWJjZA===", 512),
            Err(Refusal::LengthOneModFour { len: 9 })
        );
        // ... but 4n+1 characters once two `=` are stripped decode, the lone one ignored.
        assert_eq!(bytes("YWJjZ=="), b"abc");
        // Three `=`: two are stripped, the third is read as 64 and garbles the last byte.
        let d = decode(b"YWI===", 512).expect("6 chars");
        assert_eq!(d.stripped, 2);
        assert_eq!(d.garbled_chars, vec![3]);
        assert_eq!(d.garbled_bytes, vec![2]);
        assert_eq!(d.bytes, vec![0x61, 0x62, 0x40]);
    }

    #[test]
    fn empty_and_padding_only_give_no_bytes() {
        assert_eq!(bytes(""), b"");
        assert_eq!(bytes("=="), b"");
        assert_eq!(bytes("==="), b"");
        assert_eq!(decode(b"=", 512), Err(Refusal::LengthOneModFour { len: 1 }));
    }

    #[test]
    fn characters_outside_the_alphabet_garble_their_neighbours() {
        // `+` is 64: in the first position it shifts out entirely, in the last it sets bit 6.
        let d = decode(b"+WJj", 512).expect("decodes");
        assert_eq!(d.bytes, vec![(22 >> 4) as u8, 0x62, 0x63]);
        assert_eq!(d.garbled_chars, vec![0]);
        assert_eq!(d.garbled_bytes, vec![0]);
        let d = decode(b"YWJ+", 512).expect("decodes");
        assert_eq!(d.bytes, vec![0x61, 0x62, 0x40]);
        assert_eq!(d.garbled_bytes, vec![2]);
        let d = decode(b"YW.j", 512).expect("decodes");
        assert_eq!(d.garbled_bytes, vec![1, 2]);
        assert_eq!(d.garbled_chars, vec![2]);
    }

    #[test]
    fn the_output_buffer_is_bounded() {
        let text = "A".repeat(684);
        // 684 characters would make 513 bytes.
        assert_eq!(
            decode(text.as_bytes(), 512),
            Err(Refusal::TooLong { maxsize: 512 })
        );
        let fits = "A".repeat(683);
        assert_eq!(decode(fits.as_bytes(), 512).map(|d| d.bytes.len()), Ok(512));
    }
}
