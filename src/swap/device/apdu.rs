//! How a payload travels to PROCESS_TRANSACTION_RESPONSE: Ledger Live frames it (hw-app-exchange
//! `Exchange.ts`, `processTransaction` and `processSplitTransaction`), the app reassembles the
//! split APDUs (app-exchange `src/apdu_parser.c:248-291`) and parses the frame
//! (`src/process_transaction.c:42-99`, `src/buf.c:10-52`).

/// The app's reassembly buffer, in bytes (`G_swap_ctx.raw_transaction[256 * 2]`).
pub(crate) const RECEPTION_BUFFER: usize = 512;
/// INCORRECT_COMMAND_DATA.
pub(crate) const INCORRECT_COMMAND_DATA: u16 = 0x6A80;
/// INVALID_P2_EXTENSION.
pub(crate) const INVALID_P2_EXTENSION: u16 = 0x6A89;

/// Where the frame fails, with the status word and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FrameError {
    /// The status word the app answers.
    pub status_word: u16,
    /// Why, in a sentence.
    pub why: String,
}

/// The NG frame Ledger Live builds: `[0x01 base64url, length (2 bytes), payload, fee length,
/// fee]`. The fee's value does not matter here, only its length.
fn ng_frame(payload: &[u8], fee_len: usize) -> Vec<u8> {
    let len = payload.len();
    let mut data = vec![0x01, ((len >> 8) % 256) as u8, (len % 256) as u8];
    data.extend_from_slice(payload);
    data.push((fee_len % 256) as u8);
    data.extend(std::iter::repeat_n(0x01, fee_len));
    data
}

/// The bytes the app holds once every APDU arrived, or the status word of the APDU it refused.
fn received(data: &[u8]) -> Result<Vec<u8>, FrameError> {
    let n = data.len();
    if n < 256 {
        return Ok(data.to_vec());
    }
    // `processSplitTransaction`: floor(n / 256) chunks of 255 bytes, then the bytes from
    // n - n % 255 on; the bytes in between are never sent (at 510 and 511 bytes, for example).
    let mut chunks: Vec<&[u8]> = (0..n / 256)
        .map(|i| &data[255 * i..255 * i + 255])
        .collect();
    chunks.push(&data[n - n % 255..]);
    let mut got = chunks[0].to_vec();
    for c in &chunks[1..] {
        if got.len() + c.len() > RECEPTION_BUFFER {
            return Err(FrameError {
                status_word: INVALID_P2_EXTENSION,
                why: format!(
                    "Ledger Live sends {n} bytes of APDU data in chunks, and the app refuses the chunk that takes it past its {RECEPTION_BUFFER}-byte buffer ({} + {} bytes)",
                    got.len(),
                    c.len()
                ),
            });
        }
        got.extend_from_slice(c);
    }
    Ok(got)
}

/// `parse_transaction` for SWAP_NG: returns the payload the app decodes.
fn parse_ng(data: &[u8], sent: usize) -> Result<Vec<u8>, FrameError> {
    let bad = |why: String| FrameError {
        status_word: INCORRECT_COMMAND_DATA,
        why,
    };
    let lost = if data.len() < sent {
        format!(
            " (Ledger Live's APDU split sent {sent} bytes as {}: it drops bytes at some sizes)",
            data.len()
        )
    } else {
        String::new()
    };
    if data.len() < 3 {
        return Err(bad(format!("the frame is {} bytes{lost}", data.len())));
    }
    let len = usize::from(u16::from_be_bytes([data[1], data[2]]));
    let fee_at = 3 + len;
    if fee_at >= data.len() || fee_at + 1 + usize::from(data[fee_at]) != data.len() {
        return Err(bad(format!(
            "the frame's lengths do not add up to the {} bytes received{lost}",
            data.len()
        )));
    }
    if data[fee_at] > 16 {
        return Err(bad(format!("the fee is {} bytes, over 16", data[fee_at])));
    }
    Ok(data[3..fee_at].to_vec())
}

/// What the app receives as the NG payload for `payload` and a fee of `fee_len` bytes.
pub(crate) fn deliver_ng(payload: &[u8], fee_len: usize) -> Result<Vec<u8>, FrameError> {
    let data = ng_frame(payload, fee_len);
    parse_ng(&received(&data)?, data.len())
}

/// The legacy frame `[length (1 byte), payload, fee length, fee]` goes in one APDU, and the
/// transport refuses APDU data of 256 bytes or more: the app never sees it (None).
pub(crate) fn legacy_fits(payload_len: usize, fee_len: usize) -> bool {
    1 + payload_len + 1 + fee_len < 256
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_payloads_arrive_whole() {
        let p = vec![b'A'; 100];
        assert_eq!(deliver_ng(&p, 8), Ok(p));
    }

    #[test]
    fn split_payloads_arrive_up_to_509_and_at_512_bytes() {
        // Frame size = 3 + len + 1 + fee.
        for (len, fee, ok) in [
            (497, 8, true),
            (498, 8, false),
            (499, 8, false),
            (500, 8, true),
        ] {
            let p = vec![b'A'; len];
            let got = deliver_ng(&p, fee);
            assert_eq!(got.is_ok(), ok, "{len} + {fee}: {got:?}");
            if let Err(e) = got {
                assert_eq!(e.status_word, INCORRECT_COMMAND_DATA);
                assert!(e.why.contains("drops bytes"), "{}", e.why);
            }
        }
    }

    #[test]
    fn more_than_512_bytes_are_refused_with_invalid_p2_extension() {
        let got = deliver_ng(&vec![b'A'; 600], 8);
        assert_eq!(got.map_err(|e| e.status_word), Err(INVALID_P2_EXTENSION));
    }

    #[test]
    fn legacy_frames_fit_one_apdu() {
        assert!(legacy_fits(245, 8));
        assert!(!legacy_fits(246, 8));
    }
}
