//! The legacy swap flow (partner version 1): hex protobuf, 10-char nonce in field 11,
//! ECDSA-SHA256 over the raw protobuf bytes, secp256k1 only, 64-byte r‖s in hex, one APDU
//! (ledger-integration §2.5 "Legacy swap via LL", §7.7).

use super::base64;
use super::bind;
use super::device::{self, DeviceVerdict};
use super::envelope::Envelope;
use super::expect::{Expectations, Nonce, VerifyConfig};
use super::fields;
use super::hex;
use super::ng::{decode_rule, device_instead, key_id, wire_rule};
use super::outcome::RuleOutcome;
use super::payload::{self, DecodedPayload, PayloadEncoding, field};
use super::rules::{
    LEGACY_CURVE, LEGACY_ENCODING, LEGACY_NONCE, LEGACY_SIGNATURE, LEGACY_SIZE, PAYLOAD_AMOUNTS,
    PAYLOAD_EXTRA, PAYLOAD_LIMITS, PAYLOAD_PROTOBUF, PAYLOAD_REQUIRED, PAYLOAD_WIRE,
};
use super::signature::{self, SigError};
use crate::curve::Curve;

const WRONG_TRANSACTION_ID: u16 = 0x6A82;
const INCORRECT_COMMAND_DATA: u16 = 0x6A80;
const SIGN_VERIFICATION_FAIL: u16 = 0x9D1A;
/// One short APDU, in bytes.
const APDU_LIMIT: usize = 255;
const DEFAULT_FEE_LEN: usize = 8;

/// SWAP-LEGACY-003: the legacy flow forces secp256k1.
pub(crate) fn curve(cfg: &VerifyConfig) -> RuleOutcome {
    match cfg.curve {
        Curve::Secp256k1 => RuleOutcome::pass(LEGACY_CURVE, "registered curve is secp256k1"),
        Curve::Secp256r1 => RuleOutcome::fail(
            LEGACY_CURVE,
            "registered curve is secp256r1, but the legacy swap flow forces secp256k1: Ledger Live refuses this (LEGACY_CURVE_UNSUPPORTED); the device loads a legacy partner key as secp256k1 (app-exchange set_partner_key.c:37-38)",
        )
        .ll("LEGACY_CURVE_UNSUPPORTED"),
    }
}

/// Runs every legacy rule but SWAP-PAYLOAD-001 on an envelope.
pub(crate) fn check(
    env: &Envelope,
    cfg: &VerifyConfig,
    exp: &Expectations,
    device: &DeviceVerdict,
) -> (Vec<RuleOutcome>, Option<DecodedPayload>) {
    let mut out = Vec::new();
    // Ledger Live's checker reads a `0x`-prefixed payload without it (and reports the prefix,
    // as Ledger Live's own hex decoding would send no bytes).
    let prefixed = env
        .payload
        .get(..2)
        .is_some_and(|p| p.eq_ignore_ascii_case("0x"))
        && hex::decode(&env.payload[2..]).is_ok_and(|b| !b.is_empty());
    let hex_bytes = if prefixed {
        hex::decode(&env.payload[2..])
    } else {
        hex::decode(&env.payload)
    };
    out.push(match &hex_bytes {
        Ok(_) if prefixed => RuleOutcome::fail(
            LEGACY_ENCODING,
            format!(
                "payload starts with `0x`: Ledger Live refuses this (INVALID_ENCODING), it hex-decodes the payload as is and would send no bytes; remove the prefix; {}",
                device_instead(device)
            ),
        )
        .ll("INVALID_ENCODING"),
        Ok(b) if !b.is_empty() => RuleOutcome::pass(
            LEGACY_ENCODING,
            format!("{} hex chars, {} bytes of protobuf", env.payload.len(), b.len()),
        ),
        Ok(_) => RuleOutcome::fail(
            LEGACY_ENCODING,
            format!("payload is empty; {}", device_instead(device)),
        )
        .ll("INVALID_ENCODING"),
        Err(e) => {
            let hint = if base64::ledger_live_check(&env.payload).is_ok() {
                " (it looks like base64url, the NG form: is the provider registered for the right flow?)"
            } else {
                ""
            };
            RuleOutcome::fail(
                LEGACY_ENCODING,
                format!(
                    "payload is not hex: {e}{hint}: Ledger Live refuses this (INVALID_ENCODING); it would send the bytes before the first non-hex digit, and {}",
                    device_instead(device)
                ),
            )
            .ll("INVALID_ENCODING")
        }
    });
    let (decoded, why_not) = match hex_bytes {
        Err(e) => {
            out.push(RuleOutcome::skip(
                PAYLOAD_PROTOBUF,
                "payload is not hex (see SWAP-LEGACY-001)",
            ));
            (None, format!("payload is not hex ({e})"))
        }
        Ok(bytes) => {
            let (d, why) = decode_rule(bytes.clone(), PayloadEncoding::Hex, &mut out);
            out.push(wire_rule(&bytes, d.is_some()));
            (d, why)
        }
    };
    if !out.iter().any(|o| o.id == PAYLOAD_WIRE) {
        out.push(RuleOutcome::skip(PAYLOAD_WIRE, "payload not decoded"));
    }
    match &decoded {
        Some(d) => {
            out.push(fields::limits(d));
            out.push(fields::required(d, field::DEVICE_TRANSACTION_ID));
            out.push(fields::amounts(d, exp));
            out.push(fields::extra(d));
            out.push(nonce(d, exp.nonce.as_ref()));
            out.push(size(d, exp.fee_len));
        }
        None => {
            for id in [
                PAYLOAD_LIMITS,
                PAYLOAD_REQUIRED,
                PAYLOAD_AMOUNTS,
                PAYLOAD_EXTRA,
                LEGACY_NONCE,
                LEGACY_SIZE,
            ] {
                out.push(RuleOutcome::skip(
                    id,
                    format!("payload not decoded: {why_not}"),
                ));
            }
        }
    }
    out.extend(bind::bindings(
        decoded.as_ref(),
        &why_not,
        env.payin_address.as_deref(),
        exp,
    ));
    out.push(curve(cfg));
    out.push(signature_rule(env, cfg, decoded.as_ref()));
    (out, decoded)
}

fn nonce(d: &DecodedPayload, expected: Option<&Nonce>) -> RuleOutcome {
    let got = d.bytes(field::DEVICE_TRANSACTION_ID);
    let fail = |m: String| RuleOutcome::fail_sw(LEGACY_NONCE, m, WRONG_TRANSACTION_ID);
    // The device compares the 10 bytes of field 11 with its nonce, 10 letters A-Z
    // (process_transaction.c:228-244): any other length or character cannot match.
    if got.len() != 10 || !got.iter().all(u8::is_ascii_uppercase) {
        let o = fail(format!(
            "field 11 device_transaction_id: expected exactly 10 letters A-Z, got {} ({} bytes)",
            payload::quote(got),
            got.len()
        ));
        return if got.is_empty() {
            o
        } else {
            o.ll("INVALID_DEVICE_TRANSACTION_ID")
        };
    }
    let text = String::from_utf8_lossy(got);
    let ng = d.bytes(field::DEVICE_TRANSACTION_ID_NG);
    let ng_note = if ng.is_empty() {
        String::new()
    } else {
        format!(
            "; field 12 device_transaction_id_ng is {} bytes: the device does not read field 12 in the legacy flow, it only limits its size, so leave it unset",
            ng.len()
        )
    };
    match expected {
        Some(Nonce::Legacy(want)) if want.as_bytes() == got => {
            let m = format!("field 11 equals the nonce sent ({want:?}){ng_note}");
            if ng.is_empty() {
                RuleOutcome::pass(LEGACY_NONCE, m)
            } else {
                RuleOutcome::warn(LEGACY_NONCE, m)
            }
        }
        Some(Nonce::Legacy(want)) => fail(format!(
            "field 11 device_transaction_id: expected {want:?}, got {text:?}{ng_note}"
        ))
        .ll("EXPECTED_VALUE_MISMATCH"),
        Some(Nonce::Ng(_)) => RuleOutcome::skip(
            LEGACY_NONCE,
            "a 32-byte NG nonce was given for the legacy flow: cannot compare",
        ),
        None => RuleOutcome::skip(
            LEGACY_NONCE,
            format!("field 11 is {text:?} but no nonce was given to compare with{ng_note}"),
        ),
    }
}

fn size(d: &DecodedPayload, fee_len: Option<usize>) -> RuleOutcome {
    let fee = fee_len.unwrap_or(DEFAULT_FEE_LEN);
    let fee_note = if fee_len.is_some() {
        ""
    } else {
        " (fee length assumed 8)"
    };
    let len = d.protobuf.len();
    let total = 1 + len + 1 + fee;
    let formula = format!("1 + {len} + 1 + {fee} = {total} bytes");
    if total > APDU_LIMIT {
        RuleOutcome::fail(
            LEGACY_SIZE,
            format!(
                "legacy APDU data {formula} exceeds {APDU_LIMIT}{fee_note}: Ledger Live's transport refuses it (PAYLOAD_TOO_LARGE), the device never receives it"
            ),
        )
        .ll("PAYLOAD_TOO_LARGE")
    } else if total * 10 >= APDU_LIMIT * 9 {
        RuleOutcome::warn(
            LEGACY_SIZE,
            format!("legacy APDU data {formula} is within 10% of {APDU_LIMIT}{fee_note}"),
        )
    } else {
        RuleOutcome::pass(
            LEGACY_SIZE,
            format!("legacy APDU data {formula} ≤ {APDU_LIMIT}{fee_note}"),
        )
    }
}

fn signature_rule(env: &Envelope, cfg: &VerifyConfig, d: Option<&DecodedPayload>) -> RuleOutcome {
    let malformed = |m: String| RuleOutcome::fail(LEGACY_SIGNATURE, m).ll("SIGNATURE_MALFORMED");
    let bytes = match hex::decode(&env.signature) {
        Ok(b) => b,
        Err(e) => {
            let hint = if base64::decode_lenient(&env.signature).is_ok() {
                " (it looks like base64, the NG form)"
            } else {
                ""
            };
            return malformed(format!(
                "signature is not hex: {e}{hint}: Ledger Live converts only a 64-byte hex r‖s to DER"
            ));
        }
    };
    let der_len = <[u8; 64]>::try_from(bytes.as_slice()).map(|rs| device::der_of(&rs).len());
    let sig = match signature::parse_rs(&bytes, Curve::Secp256k1) {
        Ok(sig) => sig,
        Err(e @ SigError::Range { .. }) => {
            // Ledger Live's DER of an out-of-range r or s may already fail the length check.
            let sw = match der_len {
                Ok(n) if !(67..=73).contains(&n) => INCORRECT_COMMAND_DATA,
                _ => SIGN_VERIFICATION_FAIL,
            };
            return RuleOutcome::fail_sw(LEGACY_SIGNATURE, e.to_string(), sw)
                .ll("SIGNATURE_MALFORMED");
        }
        Err(e) => return malformed(e.to_string()),
    };
    if let Ok(n) = der_len
        && !(67..=73).contains(&n)
    {
        return RuleOutcome::fail_sw(
            LEGACY_SIGNATURE,
            format!(
                "Ledger Live sends this r‖s as a {n}-byte DER signature, and the device accepts only 67 to 73 bytes (app-exchange check_tx_signature.c:71-87)"
            ),
            INCORRECT_COMMAND_DATA,
        );
    }
    if cfg.curve != Curve::Secp256k1 || cfg.public_key.curve() != Curve::Secp256k1 {
        return RuleOutcome::skip(
            LEGACY_SIGNATURE,
            "64-byte r‖s, but it cannot be verified: the legacy flow needs a secp256k1 key (see SWAP-LEGACY-003)",
        );
    }
    let Some(d) = d else {
        return RuleOutcome::skip(
            LEGACY_SIGNATURE,
            "64-byte r‖s, but the payload did not decode, so the signed bytes are unknown",
        );
    };
    let key = &cfg.public_key;
    let rs = sig.to_bytes();
    if key.verify(&d.protobuf, &rs) {
        return RuleOutcome::pass(
            LEGACY_SIGNATURE,
            format!(
                "64-byte r‖s verifies over SHA-256 of the {} raw protobuf bytes with the secp256k1 key {}",
                d.protobuf.len(),
                key_id(key)
            ),
        );
    }
    let why = if key.verify(env.payload.as_bytes(), &rs) {
        "the signature covers the hex text, not the raw protobuf bytes".to_owned()
    } else if key.verify(format!(".{}", env.payload).as_bytes(), &rs) {
        "the signature covers \".\" + hex text (NG style), not the raw protobuf bytes".to_owned()
    } else {
        format!(
            "does not verify over SHA-256 of the raw protobuf bytes with the secp256k1 key {}",
            key_id(key)
        )
    };
    RuleOutcome::fail_sw(LEGACY_SIGNATURE, why, SIGN_VERIFICATION_FAIL).ll("SIGNATURE_INVALID")
}
