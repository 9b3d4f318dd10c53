//! The device gate: what the Exchange app answers to a /swap response, modelled step by step in
//! the app's own order (LedgerHQ/app-exchange at `50712d1d`), with the first status word.
//!
//! PROCESS_TRANSACTION_RESPONSE (`src/process_transaction.c:331-391`):
//! 1. the frame Ledger Live sends: 0x6A80, or 0x6A89 for a split over 512 bytes (`apdu`);
//! 2. base64 (NG) and nanopb decoding: 0x6A81 (`base64`, `nanopb`);
//! 3. payin extra id against extra data: 0x6A8D (`:190-225`);
//! 4. the nonce: 0x6A82 (`:227-272`); NG reads only field 12, legacy only field 11.
//!
//! CHECK_TRANSACTION_SIGNATURE (`src/check_tx_signature.c:20-148`), in its own APDU:
//! 5. the signature's form: 0x6A80 (NG: 64 bytes r‖s; legacy: DER of 67 to 73 bytes whose
//!    second byte + 2 is its length);
//! 6. ECDSA over SHA-256 of `"." + payload` (NG) or of the raw protobuf (legacy): 0x9D1A.
//!
//! Where Ledger Live itself refuses to send something (no hex, an APDU over 255 bytes, a
//! signature it cannot decode), the device says nothing: `status_word` is None and the reason
//! says who refused. Missing fields and zero amounts are not refused by these steps.

pub(crate) mod apdu;
pub(crate) mod base64;
pub(crate) mod nanopb;

use std::borrow::Cow;

use serde::{Serialize, Serializer};

use super::expect::{Nonce, SignatureMode};
use super::key::{self, PublicKey};
use crate::curve::Curve;

/// DESERIALIZATION_FAILED.
pub(crate) const DESERIALIZATION_FAILED: u16 = 0x6A81;
/// WRONG_TRANSACTION_ID.
pub(crate) const WRONG_TRANSACTION_ID: u16 = 0x6A82;
/// WRONG_EXTRA_ID_OR_EXTRA_DATA.
pub(crate) const WRONG_EXTRA_ID_OR_EXTRA_DATA: u16 = 0x6A8D;
/// SIGN_VERIFICATION_FAIL.
pub(crate) const SIGN_VERIFICATION_FAIL: u16 = 0x9D1A;

/// The app's base64 output buffer, in bytes (`process_transaction.c:148`).
pub(crate) const DECODE_BUFFER: usize = 512;

/// The app's name for a status word it answers here (`src/swap_errors.h`).
pub(crate) fn status_word_name(sw: u16) -> &'static str {
    match sw {
        0x6A80 => "INCORRECT_COMMAND_DATA",
        0x6A81 => "DESERIALIZATION_FAILED",
        0x6A82 => "WRONG_TRANSACTION_ID",
        0x6A89 => "INVALID_P2_EXTENSION",
        0x6A8D => "WRONG_EXTRA_ID_OR_EXTRA_DATA",
        0x9D1A => "SIGN_VERIFICATION_FAIL",
        _ => "",
    }
}

/// The APDU a refusal comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// PROCESS_TRANSACTION_RESPONSE.
    ProcessTransaction,
    /// CHECK_TRANSACTION_SIGNATURE.
    CheckSignature,
}

impl Stage {
    /// `process_transaction` or `check_signature`.
    pub fn label(self) -> &'static str {
        match self {
            Stage::ProcessTransaction => "process_transaction",
            Stage::CheckSignature => "check_signature",
        }
    }
}

/// The device's verdict on one response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceVerdict {
    /// True when both APDUs would answer 0x9000.
    pub accepts: bool,
    /// The APDU that refused, when one did (None when accepted, or never sent).
    pub stage: Option<Stage>,
    /// The first status word the app answers, as 4 hex digits; None when it accepts or when
    /// Ledger Live never sends the APDU.
    #[serde(serialize_with = "hex_word")]
    pub status_word: Option<u16>,
    /// Why, or what was not checked.
    pub reason: String,
    /// Whether the signature verified (None when the app never got that far); lets the
    /// signature rules skip a second verification.
    #[serde(skip)]
    pub signature_verified: Option<bool>,
}

fn hex_word<S: Serializer>(sw: &Option<u16>, s: S) -> Result<S::Ok, S::Error> {
    match sw {
        Some(w) => s.serialize_str(&format!("{w:04X}")),
        None => s.serialize_none(),
    }
}

impl DeviceVerdict {
    fn accept(reason: impl Into<String>, verified: bool) -> Self {
        Self {
            accepts: true,
            stage: None,
            status_word: None,
            reason: reason.into(),
            signature_verified: Some(verified),
        }
    }

    fn refuse(stage: Stage, sw: u16, reason: impl Into<String>) -> Self {
        Self {
            accepts: false,
            stage: Some(stage),
            status_word: Some(sw),
            reason: reason.into(),
            signature_verified: None,
        }
    }

    /// Ledger Live never sends the APDU of `stage` (or anything, when None).
    pub fn not_sent(stage: Option<Stage>, reason: impl Into<String>) -> Self {
        Self {
            accepts: false,
            stage,
            status_word: None,
            reason: reason.into(),
            signature_verified: None,
        }
    }

    /// `refuses at process_transaction with 0x6A81 DESERIALIZATION_FAILED: …`, or `accepts`.
    pub fn summary(&self) -> String {
        match (self.accepts, self.stage, self.status_word) {
            (true, ..) => format!("accepts ({})", self.reason),
            (false, Some(stage), Some(sw)) => format!(
                "refuses at {} with 0x{sw:04X} {}: {}",
                stage.label(),
                status_word_name(sw),
                self.reason
            ),
            (false, _, _) => format!("not reached: {}", self.reason),
        }
    }
}

#[cfg(test)]
impl DeviceVerdict {
    /// An accepting verdict, for unit tests of the reports.
    pub(crate) fn accepting(reason: &str) -> Self {
        Self::accept(reason, true)
    }
}

/// What the device is given.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DeviceInput<'a> {
    /// The registered flow.
    pub mode: SignatureMode,
    /// `providerSig.payload`, exactly as returned.
    pub payload: &'a str,
    /// `providerSig.signature`, exactly as returned.
    pub signature: &'a str,
    /// The registered key and curve.
    pub key: &'a PublicKey,
    /// The registered curve (SET_PARTNER_KEY; the legacy flow forces secp256k1).
    pub curve: Curve,
    /// The nonce the device generated, when known.
    pub nonce: Option<&'a Nonce>,
    /// Length of the fee Ledger Live appends, in bytes.
    pub fee_len: usize,
}

/// Node's `Buffer.from(text, "hex")`, which Ledger Live uses for legacy payloads and
/// signatures: pairs of hex digits up to the first one that is not.
pub(crate) fn node_hex(text: &str) -> Vec<u8> {
    let digits: Vec<u8> = text
        .bytes()
        .map_while(|b| char::from(b).to_digit(16))
        .map(|d| d as u8)
        .collect();
    digits.chunks_exact(2).map(|p| (p[0] << 4) | p[1]).collect()
}

/// Node's `Buffer.from(text, "base64")`, which turns the NG signature text into the bytes Ledger
/// Live sends: both alphabets, other characters skipped, decoding stops at the first `=`, and a
/// trailing partial byte is dropped. It never fails (an empty text gives no bytes).
pub(crate) fn node_base64(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in text.bytes().take_while(|&b| b != b'=') {
        let v = match b {
            b'+' => 62,
            _ => match base64::pr2six(b) {
                64 => continue,
                v => v,
            },
        };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    out
}

/// The device's verdict on a payload and signature.
pub(crate) fn predict(input: &DeviceInput<'_>) -> DeviceVerdict {
    let process = match input.mode {
        SignatureMode::Ng => process_ng(input),
        SignatureMode::Legacy => process_legacy(input),
    };
    let (signed, note) = match process {
        Ok(ok) => ok,
        Err(v) => return v,
    };
    match input.mode {
        SignatureMode::Ng => check_ng_signature(input, &signed, &note),
        SignatureMode::Legacy => check_legacy_signature(input, &signed, &note),
    }
}

type Processed = Result<(Vec<u8>, String), DeviceVerdict>;

fn refuse_process(sw: u16, reason: impl Into<String>) -> DeviceVerdict {
    DeviceVerdict::refuse(Stage::ProcessTransaction, sw, reason)
}

/// PROCESS_TRANSACTION_RESPONSE in SWAP_NG: returns the bytes the signature covers (`"."` +
/// the payload as received) and a note on what was not checked.
fn process_ng(input: &DeviceInput<'_>) -> Processed {
    let received = apdu::deliver_ng(input.payload.as_bytes(), input.fee_len)
        .map_err(|e| refuse_process(e.status_word, e.why))?;
    let decoded = match base64::decode(&received, DECODE_BUFFER) {
        Ok(d) if !d.bytes.is_empty() => d,
        Ok(_) => {
            return Err(refuse_process(
                DESERIALIZATION_FAILED,
                "the payload decodes to no bytes",
            ));
        }
        Err(base64::Refusal::LengthOneModFour { len }) => {
            return Err(refuse_process(
                DESERIALIZATION_FAILED,
                format!("the payload is {len} characters, padding included: 1 modulo 4"),
            ));
        }
        Err(base64::Refusal::TooLong { maxsize }) => {
            return Err(refuse_process(
                DESERIALIZATION_FAILED,
                format!("the payload decodes to more than the {maxsize}-byte buffer"),
            ));
        }
    };
    let pb = nanopb::decode(&decoded.bytes)
        .map_err(|e| refuse_process(DESERIALIZATION_FAILED, format!("nanopb: {e}")))?;
    check_extra(&pb)?;
    let note = match input.nonce {
        _ if pb.bytes(12).len() != 32 => {
            return Err(refuse_process(
                WRONG_TRANSACTION_ID,
                format!(
                    "field 12 device_transaction_id_ng is {} bytes, not 32",
                    pb.bytes(12).len()
                ),
            ));
        }
        Some(Nonce::Ng(want)) if want.as_slice() != pb.bytes(12) => {
            return Err(refuse_process(
                WRONG_TRANSACTION_ID,
                "field 12 device_transaction_id_ng differs from the nonce",
            ));
        }
        Some(Nonce::Ng(_)) => String::new(),
        _ => "the nonce was not given: field 12 was only checked to be 32 bytes".to_owned(),
    };
    let mut signed = b".".to_vec();
    signed.extend_from_slice(&received);
    Ok((signed, note))
}

/// PROCESS_TRANSACTION_RESPONSE in the legacy SWAP flow: the bytes the signature covers (the
/// raw protobuf) and a note.
fn process_legacy(input: &DeviceInput<'_>) -> Processed {
    let raw = node_hex(input.payload);
    if !apdu::legacy_fits(raw.len(), input.fee_len) {
        return Err(DeviceVerdict::not_sent(
            Some(Stage::ProcessTransaction),
            format!(
                "Ledger Live's transport refuses the {}-byte legacy APDU (1 + {} + 1 + {}), over 255 bytes",
                2 + raw.len() + input.fee_len,
                raw.len(),
                input.fee_len
            ),
        ));
    }
    let pb = nanopb::decode(&raw)
        .map_err(|e| refuse_process(DESERIALIZATION_FAILED, format!("nanopb: {e}")))?;
    check_extra(&pb)?;
    // `device_transaction_id[10]` is always NUL after a successful decode (nanopb writes the
    // NUL within the 11 bytes), so only the memcmp of the first 10 bytes can fail.
    let got = &pb.char_array(11)[..10];
    let note = match input.nonce {
        Some(Nonce::Legacy(want)) if want.as_bytes() != got => {
            return Err(refuse_process(
                WRONG_TRANSACTION_ID,
                "field 11 device_transaction_id differs from the nonce",
            ));
        }
        Some(Nonce::Legacy(_)) => String::new(),
        _ => "the nonce was not given, so field 11 was not compared".to_owned(),
    };
    Ok((raw, note))
}

/// `check_extra_id_extra_data` (`process_transaction.c:190-225`); Nano S also refuses any
/// extra data, which this model does not (it models the other devices).
fn check_extra(pb: &nanopb::Decoded) -> Result<(), DeviceVerdict> {
    let has_id = pb.char_array(2).first().is_some_and(|&b| b != 0);
    let data = pb.bytes(13);
    let has_data = !data.is_empty() && data != [0];
    if has_id && has_data {
        return Err(refuse_process(
            WRONG_EXTRA_ID_OR_EXTRA_DATA,
            "both payin_extra_id and payin_extra_data are set",
        ));
    }
    if has_data && data.len() != 33 {
        return Err(refuse_process(
            WRONG_EXTRA_ID_OR_EXTRA_DATA,
            format!("payin_extra_data is {} bytes, not 33", data.len()),
        ));
    }
    Ok(())
}

fn accepted(note: &str, what: &str) -> DeviceVerdict {
    if note.is_empty() {
        DeviceVerdict::accept(what, true)
    } else {
        DeviceVerdict::accept(format!("{what}; {note}"), true)
    }
}

/// The key SET_PARTNER_KEY loads: the registered bytes on `curve`.
fn device_key<'k>(
    input: &DeviceInput<'k>,
    curve: Curve,
) -> Result<Cow<'k, PublicKey>, DeviceVerdict> {
    if input.key.curve() == curve {
        return Ok(Cow::Borrowed(input.key));
    }
    key::from_sec1(input.key.sec1(), curve)
        .map(Cow::Owned)
        .map_err(|_| {
            DeviceVerdict::not_sent(
                Some(Stage::CheckSignature),
                format!(
                    "the registered key is not a {curve} point, the curve SET_PARTNER_KEY uses"
                ),
            )
        })
}

/// CHECK_TRANSACTION_SIGNATURE in SWAP_NG: Ledger Live sends `[0x01 dot prefix, 0x01 r‖s]`
/// and the signature it decoded from base64 (`node_base64`).
fn check_ng_signature(input: &DeviceInput<'_>, signed: &[u8], note: &str) -> DeviceVerdict {
    let sig = node_base64(input.signature);
    let Ok(rs) = <[u8; 64]>::try_from(sig.as_slice()) else {
        return DeviceVerdict::refuse(
            Stage::CheckSignature,
            apdu::INCORRECT_COMMAND_DATA,
            format!("the signature is {} bytes, not 64 (r‖s)", sig.len()),
        );
    };
    let key = match device_key(input, input.curve) {
        Ok(k) => k,
        Err(v) => return v,
    };
    if key.verify(signed, &rs) {
        accepted(note, "the signature verifies over \".\" + payload")
    } else {
        let mut v = DeviceVerdict::refuse(
            Stage::CheckSignature,
            SIGN_VERIFICATION_FAIL,
            format!(
                "the signature does not verify over \".\" + payload with the registered {} key",
                input.curve
            ),
        );
        v.signature_verified = Some(false);
        v
    }
}

/// DER of r‖s as Ledger Live's `signatureExport` (asn1.js) writes it: minimal positive integers.
pub(crate) fn der_of(rs: &[u8; 64]) -> Vec<u8> {
    let int = |v: &[u8]| {
        let trimmed: Vec<u8> = v.iter().copied().skip_while(|&b| b == 0).collect();
        let mut body = if trimmed.first().is_some_and(|&b| b & 0x80 != 0) {
            vec![0]
        } else {
            Vec::new()
        };
        body.extend(if trimmed.is_empty() { vec![0] } else { trimmed });
        let mut out = vec![0x02, body.len() as u8];
        out.extend(body);
        out
    };
    let mut seq = int(&rs[..32]);
    seq.extend(int(&rs[32..]));
    let mut out = vec![0x30, seq.len() as u8];
    out.extend(seq);
    out
}

/// CHECK_TRANSACTION_SIGNATURE in the legacy flow: Ledger Live hex-decodes the 64-byte r‖s and
/// sends it as DER; the app checks the DER length (`check_tx_signature.c:71-87`).
fn check_legacy_signature(input: &DeviceInput<'_>, signed: &[u8], note: &str) -> DeviceVerdict {
    let Ok(rs) = <[u8; 64]>::try_from(node_hex(input.signature).as_slice()) else {
        return DeviceVerdict::not_sent(
            Some(Stage::CheckSignature),
            "Ledger Live converts only a 64-byte hex r‖s signature to DER",
        );
    };
    let der = der_of(&rs);
    if !(67..=73).contains(&der.len()) || usize::from(der[1]) + 2 != der.len() {
        return DeviceVerdict::refuse(
            Stage::CheckSignature,
            apdu::INCORRECT_COMMAND_DATA,
            format!(
                "the DER signature is {} bytes, outside the 67 to 73 the app accepts",
                der.len()
            ),
        );
    }
    let key = match device_key(input, Curve::Secp256k1) {
        Ok(k) => k,
        Err(v) => return v,
    };
    if key.verify(signed, &rs) {
        accepted(note, "the signature verifies over the raw protobuf")
    } else {
        let mut v = DeviceVerdict::refuse(
            Stage::CheckSignature,
            SIGN_VERIFICATION_FAIL,
            "the signature does not verify over SHA-256 of the raw protobuf with the key as secp256k1",
        );
        v.signature_verified = Some(false);
        v
    }
}

#[cfg(test)]
mod tests;
