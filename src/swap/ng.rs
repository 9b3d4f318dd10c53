//! The NG swap flow (SWAP_NG, partner version 2): base64url payload, 32-byte nonce in field 12,
//! ECDSA-SHA256 over `"." + payload` with a 64-byte r‖s signature (ledger-integration §2.5).

use super::base64::{self, Base64Error, DeviceBase64};
use super::bind;
use super::device::{DeviceVerdict, Stage};
use super::envelope::Envelope;
use super::expect::{Expectations, Nonce, VerifyConfig};
use super::fields;
use super::hex;
use super::key::PublicKey;
use super::outcome::RuleOutcome;
use super::payload::{self, DEVICE_BUFFER, DecodedPayload, PayloadEncoding, field};
use super::pb;
use super::rules::{
    PAYLOAD_BASE64, PAYLOAD_DOT, PAYLOAD_LEGACY_ID_EMPTY, PAYLOAD_NONCE, PAYLOAD_PROTOBUF,
    PAYLOAD_SIZE, PAYLOAD_WIRE, SIG_LEADING_ZERO, SIG_SHAPE, SIG_VERIFY,
};
use super::signature::{self, Coverage, RawSignature, SigError};
use crate::curve::Curve;

const DESERIALIZATION_FAILED: u16 = 0x6A81;
const WRONG_TRANSACTION_ID: u16 = 0x6A82;
const INCORRECT_COMMAND_DATA: u16 = 0x6A80;
const SIGN_VERIFICATION_FAIL: u16 = 0x9D1A;

/// NG APDU data limit in bytes (Ledger Live's splitter; 512 exactly also works).
const APDU_LIMIT: usize = 509;
/// Fee length assumed when the real one is unknown, in bytes.
pub(crate) const DEFAULT_FEE_LEN: usize = 8;

/// `the device would answer: refuses at …` for messages of rules stricter than the device.
pub(crate) fn device_instead(device: &DeviceVerdict) -> String {
    format!("the device would answer: {}", device.summary())
}

/// Runs every NG rule but SWAP-PAYLOAD-001 on an envelope. Like Ledger Live's checker, the
/// rules after SWAP-PAYLOAD-002 read the payload without its leading `.`; `device` is the
/// device's own verdict on the payload as returned.
pub(crate) fn check(
    env: &Envelope,
    cfg: &VerifyConfig,
    exp: &Expectations,
    device: &DeviceVerdict,
) -> (Vec<RuleOutcome>, Option<DecodedPayload>) {
    let mut out = Vec::new();
    let payload = env.payload.as_str();
    let body = match payload.strip_prefix('.') {
        Some(rest) => {
            out.push(
                RuleOutcome::fail(
                    PAYLOAD_DOT,
                    format!(
                        "payload starts with `.`: Ledger Live refuses this (PAYLOAD_LEADING_DOT), it adds its own dot; the device would receive the `.` and read it as 64, and {}",
                        device_instead(device)
                    ),
                )
                .ll("PAYLOAD_LEADING_DOT"),
            );
            rest
        }
        None => {
            out.push(RuleOutcome::pass(PAYLOAD_DOT, "payload has no leading `.`"));
            payload
        }
    };
    let device_b64 = base64::decode_device(body);
    // Text the device garbles: Ledger Live stops here (INVALID_ENCODING), and so do the rules
    // on the fields; the device's reading is still decoded, shown, and judged by the device gate.
    let garbled = base64::ledger_live_check(body).is_err()
        && device_b64
            .as_ref()
            .is_ok_and(|b| !b.garbled_chars.is_empty());
    let mut rules = Vec::new();
    let (decoded, why_not) = match &device_b64 {
        Err(e) => {
            rules.push(RuleOutcome::skip(
                PAYLOAD_PROTOBUF,
                "the device does not decode the payload's base64 (see SWAP-PAYLOAD-003)",
            ));
            rules.push(RuleOutcome::skip(PAYLOAD_WIRE, "payload not decoded"));
            (
                None,
                format!("the device refuses the payload's base64 ({e})"),
            )
        }
        Ok(b) => {
            let (d, why) = decode_rule(b.bytes.clone(), PayloadEncoding::Base64url, &mut rules);
            rules.push(wire_rule(&b.bytes, d.is_some()));
            (d.map(|d| d.with_garbling(b)), why)
        }
    };
    out.push(base64_outcome(
        body,
        &device_b64,
        decoded.as_ref(),
        body.len() != payload.len(),
    ));
    let (checked, why_not) = if garbled {
        let why = "the payload is not base64url and the device garbles it (see SWAP-PAYLOAD-003 and the device gate)".to_owned();
        out.extend(rules.iter().map(|o| RuleOutcome::skip(o.id, why.clone())));
        (None, why)
    } else {
        out.extend(rules);
        (decoded.as_ref(), why_not)
    };
    match checked {
        Some(d) => {
            out.push(fields::limits(d));
            out.push(fields::required(d, field::DEVICE_TRANSACTION_ID_NG));
            out.push(nonce(d, exp.nonce.as_ref()));
            out.push(legacy_id_empty(d));
            out.push(fields::amounts(d, exp));
            out.push(fields::extra(d));
        }
        None => {
            for id in [
                super::rules::PAYLOAD_LIMITS,
                super::rules::PAYLOAD_REQUIRED,
                PAYLOAD_NONCE,
                PAYLOAD_LEGACY_ID_EMPTY,
                super::rules::PAYLOAD_AMOUNTS,
                super::rules::PAYLOAD_EXTRA,
            ] {
                out.push(RuleOutcome::skip(
                    id,
                    format!("payload not decoded: {why_not}"),
                ));
            }
        }
    }
    out.push(size(body, exp.fee_len, device));
    out.extend(bind::bindings(
        checked,
        &why_not,
        env.payin_address.as_deref(),
        exp,
    ));
    out.extend(signature_rules(
        env,
        cfg,
        decoded.as_ref().map(|d| d.protobuf.as_slice()),
        device,
    ));
    (out, decoded)
}

/// SWAP-PAYLOAD-012: Ledger Live's wire scan, stricter than nanopb.
pub(crate) fn wire_rule(bytes: &[u8], nanopb_decoded: bool) -> RuleOutcome {
    if !nanopb_decoded {
        return RuleOutcome::skip(
            PAYLOAD_WIRE,
            "the device does not decode the protobuf (see SWAP-PAYLOAD-004)",
        );
    }
    match pb::parse(bytes, |n| payload::field_spec(n).map(|_| 2)) {
        Ok(_) => RuleOutcome::pass(PAYLOAD_WIRE, "standard protobuf wire format"),
        Err(e) => RuleOutcome::fail(
            PAYLOAD_WIRE,
            format!(
                "protobuf {e}: Ledger Live refuses this (PROTOBUF_DECODE_FAILED); nanopb on the device reads it anyway (a zero tag ends the message, field 0 is skipped, a known field is read as declared whatever its wire type, overlong varints are accepted)"
            ),
        )
        .ll("PROTOBUF_DECODE_FAILED"),
    }
}

/// Field values as the device reads them, for the fields the device's base64 garbled.
fn garbled_fields_text(d: &DecodedPayload) -> String {
    let shown: Vec<String> = d
        .garbled_fields()
        .iter()
        .filter_map(|&n| d.fields.iter().find(|f| f.number == n))
        .map(|f| format!("`{}` as {}", f.name, f.display))
        .collect();
    if shown.is_empty() {
        String::new()
    } else {
        format!(": {}", shown.join(", "))
    }
}

fn base64_outcome(
    body: &str,
    device: &Result<DeviceBase64, Base64Error>,
    decoded: Option<&DecodedPayload>,
    after_dot: bool,
) -> RuleOutcome {
    let note = if after_dot {
        " (checked after the leading `.`, see SWAP-PAYLOAD-002)"
    } else {
        ""
    };
    if let Err(e) = base64::ledger_live_check(body) {
        let instead = match device {
            Err(de) => {
                return RuleOutcome::fail_sw(
                    PAYLOAD_BASE64,
                    format!("{e}{note}: Ledger Live refuses this (INVALID_ENCODING), and so does the device: {de}"),
                    DESERIALIZATION_FAILED,
                )
                .ll("INVALID_ENCODING");
            }
            Ok(b) if b.garbled_chars.is_empty() => "decode it".to_owned(),
            Ok(b) => format!(
                "decode it with {} character(s) read as 64, garbling {} byte(s){}",
                b.garbled_chars.len(),
                b.garbled_bytes.len(),
                decoded.map(garbled_fields_text).unwrap_or_default()
            ),
        };
        return RuleOutcome::fail(
            PAYLOAD_BASE64,
            format!(
                "{e}{note}: Ledger Live refuses this (INVALID_ENCODING); the device would {instead}"
            ),
        )
        .ll("INVALID_ENCODING");
    }
    let Ok(d) = device else {
        return RuleOutcome::fail_sw(
            PAYLOAD_BASE64,
            format!("payload decodes to no bytes{note}"),
            DESERIALIZATION_FAILED,
        )
        .ll("INVALID_ENCODING");
    };
    let mut warnings = Vec::new();
    if let Some(at) = d.slash_at {
        warnings.push(format!(
            "`/` at offset {at} is standard base64: the device maps it to 63 like `_`, but base64url is expected"
        ));
    }
    // `=` padding is the provider's choice: the device strips up to two (base64.c) and Ledger
    // Live's pattern allows them (`={0,2}$`); that the signature covers them as returned is
    // SWAP-SIG-002's to check.
    let padding = match d.padding {
        0 => String::new(),
        n => format!(" ({n} trailing `=`, which the device strips)"),
    };
    if warnings.is_empty() {
        RuleOutcome::pass(
            PAYLOAD_BASE64,
            format!(
                "{} base64url chars decode to {} bytes{padding}{note}",
                body.len(),
                d.bytes.len()
            ),
        )
    } else {
        RuleOutcome::warn(PAYLOAD_BASE64, format!("{}{note}", warnings.join("; ")))
    }
}

/// Runs SWAP-PAYLOAD-004 on the decoded bytes (nanopb's rules, without its size limits, which
/// SWAP-PAYLOAD-005 reports): the payload, or why the rules after it cannot run.
pub(crate) fn decode_rule(
    bytes: Vec<u8>,
    encoding: PayloadEncoding,
    out: &mut Vec<RuleOutcome>,
) -> (Option<DecodedPayload>, String) {
    match payload::decode_protobuf(bytes, encoding) {
        Ok(d) => {
            out.push(protobuf_outcome(&d));
            (Some(d), String::new())
        }
        Err(e) => {
            out.push(
                RuleOutcome::fail_sw(
                    PAYLOAD_PROTOBUF,
                    format!("nanopb refuses the protobuf {e}"),
                    DESERIALIZATION_FAILED,
                )
                .ll("PROTOBUF_DECODE_FAILED"),
            );
            (None, format!("protobuf {e}"))
        }
    }
}

pub(crate) fn protobuf_outcome(d: &DecodedPayload) -> RuleOutcome {
    if d.protobuf.len() > DEVICE_BUFFER {
        return RuleOutcome::fail_sw(
            PAYLOAD_PROTOBUF,
            format!(
                "decoded payload is {} bytes, over the device's {DEVICE_BUFFER}-byte buffer",
                d.protobuf.len()
            ),
            DESERIALIZATION_FAILED,
        );
    }
    let mut quirks = Vec::new();
    if let Some(at) = d.zero_tag_at {
        quirks.push(format!(
            "a zero tag at byte {at} ends the message for the device, the {} bytes after it are ignored",
            d.protobuf.len() - at - 1
        ));
    }
    let wrong: Vec<String> = d
        .occurrences
        .iter()
        .filter(|o| o.wire_type != 2)
        .map(|o| format!("field {} with wire type {}", o.number, o.wire_type))
        .collect();
    if !wrong.is_empty() {
        quirks.push(format!(
            "{}: nanopb reads them as length-delimited anyway",
            wrong.join(", ")
        ));
    }
    if !d.overlong_varints.is_empty() {
        quirks.push(format!(
            "overlong varints at bytes {:?}: nanopb accepts them",
            d.overlong_varints
        ));
    }
    let unknown = match d.unknown_fields.len() {
        0 => String::new(),
        n => format!(
            ", {n} unknown field{} skipped (numbers {})",
            if n == 1 { "" } else { "s" },
            d.unknown_fields
                .iter()
                .map(|u| u.number.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let summary = format!(
        "{} bytes decode to {} known fields{unknown}",
        d.protobuf.len(),
        d.fields.len()
    );
    let repeated: Vec<String> = d
        .fields
        .iter()
        .filter(|f| f.occurrences > 1)
        .map(|f| format!("field {} {} ({} times)", f.number, f.name, f.occurrences))
        .collect();
    if !repeated.is_empty() {
        quirks.push(format!(
            "repeated: {}: the device keeps the last occurrence, other decoders may not",
            repeated.join(", ")
        ));
    }
    if quirks.is_empty() {
        RuleOutcome::pass(PAYLOAD_PROTOBUF, summary)
    } else {
        RuleOutcome::warn(
            PAYLOAD_PROTOBUF,
            format!("{summary}; {}", quirks.join("; ")),
        )
    }
}

fn nonce(d: &DecodedPayload, expected: Option<&Nonce>) -> RuleOutcome {
    let got = d.bytes(field::DEVICE_TRANSACTION_ID_NG);
    if got.len() != 32 {
        let text = String::from_utf8_lossy(got);
        let hint = if got.len() == 64 && hex::is_hex(&text) {
            ": it holds the 64-char hex text, put the 32 decoded bytes instead".to_owned()
        } else if (got.len() == 43 || got.len() == 44) && base64::decode_lenient(&text).is_ok() {
            ": it holds base64 text, put the 32 decoded bytes instead".to_owned()
        } else if got.is_empty() && !d.bytes(field::DEVICE_TRANSACTION_ID).is_empty() {
            ": the nonce seems to be in field 11 device_transaction_id, the legacy field".to_owned()
        } else {
            String::new()
        };
        let o = RuleOutcome::fail_sw(
            PAYLOAD_NONCE,
            format!(
                "field 12 device_transaction_id_ng is {} bytes, expected exactly 32{hint}",
                got.len()
            ),
            WRONG_TRANSACTION_ID,
        );
        // An empty nonce is Ledger Live's MISSING_FIELD (SWAP-PAYLOAD-006).
        return if got.is_empty() {
            o
        } else {
            o.ll("INVALID_DEVICE_TRANSACTION_ID")
        };
    }
    match expected {
        Some(Nonce::Ng(want)) if want.as_slice() == got => RuleOutcome::pass(
            PAYLOAD_NONCE,
            format!("field 12 equals the nonce sent ({})", hex::encode(got)),
        ),
        Some(Nonce::Ng(want)) => RuleOutcome::fail_sw(
            PAYLOAD_NONCE,
            format!(
                "field 12 device_transaction_id_ng: expected {}, got {}",
                hex::encode(want),
                hex::encode(got)
            ),
            WRONG_TRANSACTION_ID,
        )
        .ll("EXPECTED_VALUE_MISMATCH"),
        Some(Nonce::Legacy(_)) => RuleOutcome::skip(
            PAYLOAD_NONCE,
            "a legacy 10-char nonce was given for the NG flow: cannot compare",
        ),
        None => RuleOutcome::skip(
            PAYLOAD_NONCE,
            format!(
                "field 12 is 32 bytes ({}) but no nonce was given to compare with",
                hex::encode(got)
            ),
        ),
    }
}

fn legacy_id_empty(d: &DecodedPayload) -> RuleOutcome {
    match d.raw(field::DEVICE_TRANSACTION_ID) {
        None => RuleOutcome::pass(PAYLOAD_LEGACY_ID_EMPTY, "field 11 is absent"),
        Some([]) => RuleOutcome::pass(PAYLOAD_LEGACY_ID_EMPTY, "field 11 is empty"),
        Some(v) => RuleOutcome::fail(
            PAYLOAD_LEGACY_ID_EMPTY,
            format!(
                "field 11 device_transaction_id: expected empty in the NG flow, got {}; the device does not read field 11 in the NG flow, it only limits its size (app-exchange process_transaction.c:245-268)",
                payload::quote(v)
            ),
        ),
    }
}

fn size(payload: &str, fee_len: Option<usize>, device: &DeviceVerdict) -> RuleOutcome {
    let fee = fee_len.unwrap_or(DEFAULT_FEE_LEN);
    let fee_note = if fee_len.is_some() {
        ""
    } else {
        " (fee length assumed 8)"
    };
    let len = payload.len();
    let apdu = 3 + len + 1 + fee;
    let max_chars = APDU_LIMIT.saturating_sub(4 + fee);
    let formula = format!("3 + {len} + 1 + {fee} = {apdu} bytes");
    if apdu > APDU_LIMIT && !(fee_len.is_some() && apdu == 512) {
        let instead = match (device.stage, device.status_word) {
            (Some(Stage::ProcessTransaction), Some(0x6A80 | 0x6A89)) => {
                format!("; {}", device_instead(device))
            }
            _ => String::new(),
        };
        return RuleOutcome::fail(
            PAYLOAD_SIZE,
            format!(
                "payload is {len} chars: NG APDU data {formula} exceeds {APDU_LIMIT}{fee_note}: Ledger Live refuses this (PAYLOAD_TOO_LARGE), its APDU split drops bytes at 510 and 511 bytes and the device takes at most 512; keep the payload at or below {max_chars} chars{instead}"
            ),
        )
        .ll("PAYLOAD_TOO_LARGE");
    }
    if len * 10 >= max_chars * 9 {
        return RuleOutcome::warn(
            PAYLOAD_SIZE,
            format!(
                "payload is {len} chars, within 10% of the {max_chars}-char limit (NG APDU data {formula}){fee_note}"
            ),
        );
    }
    RuleOutcome::pass(
        PAYLOAD_SIZE,
        format!("payload is {len} chars: NG APDU data {formula} ≤ {APDU_LIMIT}{fee_note}"),
    )
}

/// Short key id for messages: `04a1b2c3…e5f6`.
pub(crate) fn key_id(key: &PublicKey) -> String {
    let h = key.to_hex();
    format!("{}…{}", &h[..8], &h[h.len() - 4..])
}

fn is_high_s(s: &[u8; 32], curve: Curve) -> bool {
    // n / 2, computed by shifting n right one bit.
    let n = signature::order(curve);
    let mut half = [0u8; 32];
    let mut carry = 0u8;
    for (h, &b) in half.iter_mut().zip(n.iter()) {
        *h = (b >> 1) | carry;
        carry = (b & 1) << 7;
    }
    s.as_slice() > half.as_slice()
}

fn signature_rules(
    env: &Envelope,
    cfg: &VerifyConfig,
    protobuf: Option<&[u8]>,
    device: &DeviceVerdict,
) -> [RuleOutcome; 3] {
    let curve = cfg.curve;
    let decoded = base64::decode_lenient(&env.signature);
    let raw = decoded.as_ref().ok().map(|l| l.bytes.as_slice());
    let parsed = decoded
        .as_ref()
        .map_err(|e| SigError::Encoding {
            expected: "base64url",
            detail: e.to_string(),
        })
        .and_then(|l| signature::parse_rs(&l.bytes, curve).map(|sig| (sig, l.standard_alphabet)));
    let shape = match &parsed {
        Ok((_, true)) => RuleOutcome::warn(
            SIG_SHAPE,
            "64 bytes r‖s, but in standard base64 (`+` or `/`): Ledger Live decodes it, base64url is expected",
        ),
        Ok(_) => RuleOutcome::pass(
            SIG_SHAPE,
            format!("64 bytes r‖s with 0 < r, s < n of {curve}"),
        ),
        Err(e @ SigError::Range { .. }) => {
            RuleOutcome::fail_sw(SIG_SHAPE, e.to_string(), SIGN_VERIFICATION_FAIL)
                .ll("SIGNATURE_MALFORMED")
        }
        Err(e @ SigError::Encoding { .. }) => RuleOutcome::fail(
            SIG_SHAPE,
            format!("{e}: Ledger Live cannot decode it, the device never receives a signature"),
        )
        .ll("SIGNATURE_MALFORMED"),
        Err(e) => RuleOutcome::fail_sw(SIG_SHAPE, e.to_string(), INCORRECT_COMMAND_DATA)
            .ll("SIGNATURE_MALFORMED"),
    };
    // The device model already verified "." + payload with this key and signature.
    let dot_verified = device.signature_verified.filter(|_| {
        device.stage.is_none_or(|s| s == Stage::CheckSignature) && cfg.public_key.curve() == curve
    });
    let key = &cfg.public_key;
    let verify = if key.curve() != curve {
        RuleOutcome::fail(
            SIG_VERIFY,
            format!(
                "the public key is a {} key but the registered curve is {curve}",
                key.curve()
            ),
        )
        .ll("SIGNATURE_INVALID")
    } else {
        match &parsed {
            Ok((sig, _)) => {
                let mut o = verify_outcome(key, &env.payload, protobuf, sig, dot_verified);
                if let Some(body) = env.payload.strip_prefix('.') {
                    // Ledger Live's checker verifies the payload without its leading dot.
                    o.ledger_live = match signature::classify_ng(key, body, protobuf, sig, None) {
                        Coverage::DotPayload => None,
                        Coverage::NoDot => Some("SIGNATURE_WITHOUT_DOT_PREFIX"),
                        Coverage::RawProtobuf => Some("SIGNATURE_OVER_RAW_PROTOBUF"),
                        _ => Some("SIGNATURE_INVALID"),
                    };
                }
                o
            }
            Err(e) => RuleOutcome::skip(SIG_VERIFY, not_rs_note(e, raw, key, &env.payload)),
        }
    };
    let zero = match &parsed {
        Ok((sig, _)) => match sig.leading_zero() {
            Some(which) => RuleOutcome::warn(
                SIG_LEADING_ZERO,
                format!(
                    "{which} starts with 0x00 (r = {}, s = {}): Ledger Live flags this as a firmware R/S-to-DER edge case the device may reject",
                    hex::encode(&sig.r),
                    hex::encode(&sig.s)
                ),
            )
            .ll("SIGNATURE_LEADING_ZERO"),
            None => RuleOutcome::pass(SIG_LEADING_ZERO, "neither r nor s starts with 0x00"),
        },
        Err(_) => RuleOutcome::skip(
            SIG_LEADING_ZERO,
            "signature is not a valid 64-byte r‖s (see SWAP-SIG-001)",
        ),
    };
    [shape, verify, zero]
}

fn verify_outcome(
    key: &PublicKey,
    payload: &str,
    protobuf: Option<&[u8]>,
    sig: &RawSignature,
    dot_verified: Option<bool>,
) -> RuleOutcome {
    let curve = key.curve();
    let coverage = signature::classify_ng(key, payload, protobuf, sig, dot_verified);
    let code = match coverage {
        Coverage::NoDot => "SIGNATURE_WITHOUT_DOT_PREFIX",
        Coverage::RawProtobuf => "SIGNATURE_OVER_RAW_PROTOBUF",
        _ => "SIGNATURE_INVALID",
    };
    let fail = |m: String| RuleOutcome::fail_sw(SIG_VERIFY, m, SIGN_VERIFICATION_FAIL).ll(code);
    match coverage {
        Coverage::DotPayload => {
            let high = if is_high_s(&sig.s, curve) {
                " (high-S, which the device accepts)"
            } else {
                ""
            };
            RuleOutcome::pass(
                SIG_VERIFY,
                format!(
                    "verifies over \".\" + payload ({} chars, as returned) with the registered {curve} key {}{high}",
                    payload.len() + 1,
                    key_id(key)
                ),
            )
        }
        Coverage::NoDot if payload.starts_with('.') => fail(
            "the signature covers the payload as returned, which already starts with `.`: remove the dot from the payload, Ledger Live adds it before the device hashes".to_owned(),
        ),
        Coverage::NoDot => fail(
            "signed without the dot prefix: the signature covers the payload alone, the device hashes \".\" + payload".to_owned(),
        ),
        Coverage::RawProtobuf => fail(
            "signed over the raw protobuf bytes: the device hashes the ASCII text \".\" + base64url payload".to_owned(),
        ),
        Coverage::WithoutPadding => fail(
            "padding mismatch: the signature covers \".\" + payload without its `=` padding, but the payload was returned with it; sign exactly the returned text".to_owned(),
        ),
        Coverage::WithPadding => fail(
            "padding mismatch: the signature covers \".\" + payload with `=` padding, but the payload was returned without it; sign exactly the returned text".to_owned(),
        ),
        Coverage::StandardBase64 => fail(
            "the signature covers \".\" + the payload in standard base64 (`+`, `/`, `=`), but the payload was returned as base64url; sign exactly the returned text".to_owned(),
        ),
        Coverage::Unknown => fail(format!(
            "does not verify with the registered {curve} key {} over \".\" + payload (nor over the payload alone, the raw protobuf or a padding variant): wrong key or curve, or another message was signed",
            key_id(key)
        )),
    }
}

/// For a signature that is not 64-byte r‖s, says whether its content would have verified.
fn not_rs_note(e: &SigError, raw: Option<&[u8]>, key: &PublicKey, payload: &str) -> String {
    let msg = format!(".{payload}");
    let verifies = |sig: &RawSignature| key.verify(msg.as_bytes(), &sig.to_bytes());
    let base = "signature is not a valid 64-byte r‖s (see SWAP-SIG-001)";
    match (e, raw) {
        (
            SigError::Der {
                inner: Some(sig), ..
            },
            _,
        ) => {
            let does = if verifies(sig) {
                "verifies"
            } else {
                "does not verify either"
            };
            format!("{base}; its DER content, re-encoded as r‖s, {does} over \".\" + payload")
        }
        (SigError::Unpadded { len: 63 }, Some(bytes)) if bytes.len() == 63 => {
            let mut r_short = [0u8; 64];
            r_short[1..].copy_from_slice(bytes);
            let mut s_short = [0u8; 64];
            s_short[..32].copy_from_slice(&bytes[..32]);
            s_short[33..].copy_from_slice(&bytes[32..]);
            let fixed = [r_short, s_short]
                .iter()
                .any(|b| verifies(&RawSignature::from_rs(b)));
            if fixed {
                format!("{base}; left-padded to 64 bytes it verifies over \".\" + payload")
            } else {
                format!("{base}; left-padding it to 64 bytes does not make it verify either")
            }
        }
        _ => base.to_owned(),
    }
}
