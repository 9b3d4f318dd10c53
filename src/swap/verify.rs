//! Verifies a provider's /swap response the way the Exchange app will: reads `providerSig`,
//! runs every applicable rule of the catalogue, and returns one outcome per rule.

use serde_json::Value;

use super::device::{self, DeviceInput, DeviceVerdict};
use super::envelope;
use super::expect::{Expectations, SignatureMode, VerifyConfig};
use super::legacy;
use super::ng;
use super::outcome::RuleStatus;
use super::outcome::{RuleOutcome, SwapVerdict};
use super::rules::{
    self, BIND_AMOUNT, BIND_CURRENCY_FROM, BIND_CURRENCY_TO, BIND_PAYIN, BIND_PAYOUT, BIND_REFUND,
    LEGACY_CURVE, LEGACY_ENCODING, LEGACY_NONCE, LEGACY_SIGNATURE, LEGACY_SIZE, PAYLOAD_AMOUNTS,
    PAYLOAD_BASE64, PAYLOAD_DOT, PAYLOAD_EXTRA, PAYLOAD_LEGACY_ID_EMPTY, PAYLOAD_LIMITS,
    PAYLOAD_NONCE, PAYLOAD_PROTOBUF, PAYLOAD_REQUIRED, PAYLOAD_SHAPE, PAYLOAD_SIZE, PAYLOAD_WIRE,
    SIG_LEADING_ZERO, SIG_SHAPE, SIG_VERIFY,
};

const BINDINGS: [&str; 6] = [
    BIND_REFUND,
    BIND_PAYOUT,
    BIND_CURRENCY_FROM,
    BIND_CURRENCY_TO,
    BIND_PAYIN,
    BIND_AMOUNT,
];

/// The rule ids that apply in `mode`, in catalogue order.
pub(crate) fn applicable_rules(mode: SignatureMode) -> Vec<&'static str> {
    let payload: &[&str] = match mode {
        SignatureMode::Ng => &[
            PAYLOAD_SHAPE,
            PAYLOAD_DOT,
            PAYLOAD_BASE64,
            PAYLOAD_PROTOBUF,
            PAYLOAD_LIMITS,
            PAYLOAD_REQUIRED,
            PAYLOAD_NONCE,
            PAYLOAD_LEGACY_ID_EMPTY,
            PAYLOAD_AMOUNTS,
            PAYLOAD_EXTRA,
            PAYLOAD_SIZE,
            PAYLOAD_WIRE,
        ],
        SignatureMode::Legacy => &[
            PAYLOAD_SHAPE,
            PAYLOAD_PROTOBUF,
            PAYLOAD_LIMITS,
            PAYLOAD_REQUIRED,
            PAYLOAD_AMOUNTS,
            PAYLOAD_EXTRA,
            PAYLOAD_WIRE,
        ],
    };
    let tail: &[&str] = match mode {
        SignatureMode::Ng => &[SIG_SHAPE, SIG_VERIFY, SIG_LEADING_ZERO],
        SignatureMode::Legacy => &[
            LEGACY_ENCODING,
            LEGACY_NONCE,
            LEGACY_CURVE,
            LEGACY_SIZE,
            LEGACY_SIGNATURE,
        ],
    };
    let mut ids: Vec<&'static str> = payload
        .iter()
        .chain(&BINDINGS)
        .chain(tail)
        .copied()
        .collect();
    ids.sort_by_key(|id| rules::RULES.iter().position(|r| r.id == *id));
    ids
}

/// Checks a /swap response body (the whole body, or just `{"providerSig": {...}}`) against the
/// provider's registration and the request's values. One outcome per applicable rule, in
/// catalogue order, and the device's own verdict; never panics.
pub fn verify_response(body: &Value, cfg: &VerifyConfig, exp: &Expectations) -> SwapVerdict {
    let (shape, env) = envelope::read(body);
    let device = match &env {
        Some(env) => device::predict(&DeviceInput {
            mode: cfg.mode,
            payload: &env.payload,
            signature: &env.signature,
            key: &cfg.public_key,
            curve: cfg.curve,
            nonce: exp.nonce.as_ref(),
            fee_len: exp.fee_len.unwrap_or(ng::DEFAULT_FEE_LEN),
        }),
        None => DeviceVerdict::not_sent(
            None,
            "no usable providerSig: Ledger Live has no payload to send",
        ),
    };
    let (mut outcomes, decoded) = match (env, cfg.mode) {
        (Some(env), SignatureMode::Ng) => ng::check(&env, cfg, exp, &device),
        (Some(env), SignatureMode::Legacy) => legacy::check(&env, cfg, exp, &device),
        (None, mode) => {
            let skipped = applicable_rules(mode)
                .into_iter()
                .filter(|&id| id != PAYLOAD_SHAPE && id != LEGACY_CURVE)
                .map(|id| RuleOutcome::skip(id, "no usable providerSig (see SWAP-PAYLOAD-001)"));
            let mut v: Vec<RuleOutcome> = skipped.collect();
            if mode == SignatureMode::Legacy {
                v.push(legacy::curve(cfg));
            }
            (v, None)
        }
    };
    outcomes.push(shape);
    for o in &mut outcomes {
        // Ledger Live's checker compares the same values when it is given them.
        if o.status == RuleStatus::Fail && BINDINGS.contains(&o.id) && o.id != BIND_PAYIN {
            o.ledger_live = Some("EXPECTED_VALUE_MISMATCH");
        }
    }
    SwapVerdict::new(outcomes, decoded, device)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curve::Curve;
    use crate::swap::expect::{Nonce, parse_nonce};
    use crate::swap::key::parse_public_key;
    use crate::swap::outcome::RuleStatus;
    use crate::swap::testkit::{
        self, PAYIN, PAYOUT, Pb, REFUND, b64url, good_fields, response, response_for, sign,
    };
    use serde_json::json;

    fn cfg(curve: Curve) -> VerifyConfig {
        VerifyConfig {
            mode: SignatureMode::Ng,
            curve,
            public_key: parse_public_key(&testkit::public_hex(curve), curve).expect("key"),
        }
    }

    fn exp() -> Expectations {
        Expectations {
            nonce: Some(Nonce::Ng(testkit::nonce())),
            refund_address: Some(REFUND.into()),
            payout_address: Some(PAYOUT.into()),
            currency_from: Some("BTC".into()),
            currency_to: Some("eth".into()),
            amount_from: Some("0.01".into()),
            decimals_from: Some(8),
            decimals_to: Some(18),
            fee_len: None,
            ..Expectations::default()
        }
    }

    fn status(v: &SwapVerdict, id: &str) -> RuleStatus {
        v.outcome(id)
            .map(|o| o.status)
            .unwrap_or_else(|| panic!("{id} missing"))
    }

    fn message<'a>(v: &'a SwapVerdict, id: &str) -> &'a str {
        v.outcome(id).map(|o| o.message.as_str()).unwrap_or("")
    }

    fn assert_complete(v: &SwapVerdict, mode: SignatureMode) {
        let ids: Vec<&str> = v.rules.iter().map(|o| o.id).collect();
        assert_eq!(ids, applicable_rules(mode));
    }

    #[test]
    fn valid_response_passes_every_rule_on_both_curves() {
        for curve in [Curve::Secp256k1, Curve::Secp256r1] {
            let v = verify_response(&response_for(curve, good_fields()), &cfg(curve), &exp());
            assert_complete(&v, SignatureMode::Ng);
            for o in &v.rules {
                // The leading-zero rule may warn for some fixed signatures; none here.
                assert_eq!(o.status, RuleStatus::Pass, "{curve}: {o:?}");
                assert!(!o.message.ends_with('.'), "{}", o.message);
            }
            assert!(v.device_accepts() && v.bindings_hold());
            assert!(v.decoded.is_some());
        }
    }

    #[test]
    fn unknown_expectations_skip_instead_of_passing() {
        let c = Curve::Secp256r1;
        let v = verify_response(
            &response_for(c, good_fields()),
            &cfg(c),
            &Expectations::default(),
        );
        assert_complete(&v, SignatureMode::Ng);
        assert_eq!(status(&v, PAYLOAD_NONCE), RuleStatus::Skip);
        for id in [
            BIND_REFUND,
            BIND_PAYOUT,
            BIND_CURRENCY_FROM,
            BIND_CURRENCY_TO,
            BIND_AMOUNT,
        ] {
            assert_eq!(status(&v, id), RuleStatus::Skip, "{id}");
        }
        assert_eq!(status(&v, BIND_PAYIN), RuleStatus::Pass);
        assert!(v.device_accepts());
    }

    #[test]
    fn just_provider_sig_is_accepted() {
        let c = Curve::Secp256k1;
        let mut body = response_for(c, good_fields());
        body = json!({"providerSig": body["providerSig"].clone()});
        let v = verify_response(&body, &cfg(c), &exp());
        assert_eq!(status(&v, SIG_VERIFY), RuleStatus::Pass);
        assert_eq!(status(&v, BIND_PAYIN), RuleStatus::Skip);
    }

    #[test]
    fn missing_provider_sig_skips_the_rest() {
        let c = Curve::Secp256k1;
        let v = verify_response(&json!({"swapId": "x"}), &cfg(c), &exp());
        assert_complete(&v, SignatureMode::Ng);
        assert_eq!(status(&v, PAYLOAD_SHAPE), RuleStatus::Fail);
        assert!(v.rules[1..].iter().all(|o| o.status == RuleStatus::Skip));
        assert!(!v.device_accepts());
        let v = verify_response(&json!("nope"), &cfg(c), &exp());
        assert_eq!(status(&v, PAYLOAD_SHAPE), RuleStatus::Fail);
    }

    #[test]
    fn wrong_nonce_shows_expected_and_actual_hex() {
        let c = Curve::Secp256r1;
        let v = verify_response(
            &response_for(c, good_fields().bytes(12, &[7; 32])),
            &cfg(c),
            &exp(),
        );
        assert_eq!(status(&v, PAYLOAD_NONCE), RuleStatus::Fail);
        let m = message(&v, PAYLOAD_NONCE);
        assert!(m.contains(testkit::NONCE_HEX), "{m}");
        assert!(m.contains(&"07".repeat(32)), "{m}");
        assert!(m.ends_with("(0x6A82 WRONG_TRANSACTION_ID)"), "{m}");
        assert_eq!(
            v.outcome(PAYLOAD_NONCE).and_then(|o| o.status_word),
            Some(0x6A82)
        );
        assert!(!v.device_accepts());
    }

    #[test]
    fn hex_text_nonce_is_recognised() {
        let c = Curve::Secp256r1;
        let pb = good_fields().string(12, testkit::NONCE_HEX);
        let v = verify_response(&response_for(c, pb), &cfg(c), &exp());
        assert!(message(&v, PAYLOAD_NONCE).contains("64-char hex text"));
    }

    #[test]
    fn field_11_must_be_empty_in_ng() {
        let c = Curve::Secp256r1;
        let v = verify_response(
            &response_for(c, good_fields().string(11, "QQQQQQQQQQ")),
            &cfg(c),
            &exp(),
        );
        assert_eq!(status(&v, PAYLOAD_LEGACY_ID_EMPTY), RuleStatus::Fail);
        assert!(message(&v, PAYLOAD_LEGACY_ID_EMPTY).contains("\"QQQQQQQQQQ\""));
    }

    #[test]
    fn leading_dot_fails_and_is_diagnosed() {
        let c = Curve::Secp256k1;
        let inner = b64url(&good_fields().into_bytes(), false);
        let dotted = format!(".{inner}");
        // The provider signed the dotted text it returned.
        let sig = sign(c, dotted.as_bytes());
        let body = json!({"payinAddress": PAYIN, "providerSig": {"payload": dotted, "signature": b64url(&sig, false)}});
        let v = verify_response(&body, &cfg(c), &exp());
        assert_eq!(status(&v, PAYLOAD_DOT), RuleStatus::Fail);
        assert_eq!(status(&v, PAYLOAD_PROTOBUF), RuleStatus::Pass);
        assert_eq!(status(&v, SIG_VERIFY), RuleStatus::Fail);
        assert!(message(&v, SIG_VERIFY).contains("already starts with `.`"));
    }

    #[test]
    fn base64_rules_fail_on_plus_and_warn_on_slash_and_padding() {
        let c = Curve::Secp256r1;
        // `+` is read as 64 by the device: 0a 10 21, a field 1 that claims 16 bytes.
        let v = verify_response(&response(c, "Cg+h"), &cfg(c), &exp());
        assert_eq!(status(&v, PAYLOAD_BASE64), RuleStatus::Fail);
        assert!(message(&v, PAYLOAD_BASE64).contains("Ledger Live refuses this (INVALID_ENCODING); the device would decode it with 1 character(s) read as 64"));
        // The rules on the fields stop there, as Ledger Live's checker does; the device gate
        // still says what the device answers to its garbled reading.
        assert_eq!(status(&v, PAYLOAD_PROTOBUF), RuleStatus::Skip);
        assert_eq!(status(&v, BIND_REFUND), RuleStatus::Skip);
        assert!(v.decoded.is_none());
        assert_eq!(v.device.status_word, Some(0x6A81));
        assert_eq!(v.ledger_live().codes, ["INVALID_ENCODING"]);
        // The same bytes with padding and the standard `/` alphabet.
        let pb = good_fields().bytes(99, &[0xff, 0xff]);
        let text = b64url(&pb.into_bytes(), true).replace('_', "/");
        assert!(text.contains('/') && text.ends_with('='), "{text}");
        let v = verify_response(&response(c, &text), &cfg(c), &exp());
        assert_eq!(status(&v, PAYLOAD_BASE64), RuleStatus::Warn);
        assert_eq!(status(&v, SIG_VERIFY), RuleStatus::Pass);
        assert!(v.device_accepts());
        for bad in ["", "a", "abc===", "ab cd"] {
            let v = verify_response(&response(c, bad), &cfg(c), &exp());
            assert_eq!(status(&v, PAYLOAD_BASE64), RuleStatus::Fail, "{bad:?}");
        }
    }

    #[test]
    fn protobuf_errors_and_oversize_fail() {
        let c = Curve::Secp256r1;
        let truncated = Pb::new().raw(&[0x0a, 0x20, b'a']);
        let v = verify_response(&response_for(c, truncated), &cfg(c), &exp());
        assert_eq!(status(&v, PAYLOAD_PROTOBUF), RuleStatus::Fail);
        assert!(message(&v, PAYLOAD_PROTOBUF).contains("at byte 1 (field 1, wire type 2)"));
        let repeated = good_fields().string(7, "BTC");
        let v = verify_response(&response_for(c, repeated), &cfg(c), &exp());
        assert_eq!(status(&v, PAYLOAD_PROTOBUF), RuleStatus::Warn);
        assert!(message(&v, PAYLOAD_PROTOBUF).contains("field 7 currency_from (2 times)"));
        // Field 3 sent with wire type 0: nanopb reads a length anyway, Ledger Live refuses it.
        let wrong_wire = good_fields().raw(&[0x18, 3, b'a', b'b', b'c']);
        let v = verify_response(&response_for(c, wrong_wire), &cfg(c), &exp());
        assert_eq!(status(&v, PAYLOAD_PROTOBUF), RuleStatus::Warn);
        assert!(message(&v, PAYLOAD_PROTOBUF).contains("field 3 with wire type 0"));
        assert_eq!(status(&v, PAYLOAD_WIRE), RuleStatus::Fail);
        assert!(message(&v, PAYLOAD_WIRE).contains("wrong wire type"));
        assert_eq!(
            v.decoded
                .as_ref()
                .map(|d| d.text(crate::swap::payload::field::REFUND_ADDRESS)),
            Some("abc".to_owned())
        );
        // The same at the end, claiming 5 bytes that are not there: nanopb refuses it.
        let cut = good_fields().varint(3, 5);
        let v = verify_response(&response_for(c, cut), &cfg(c), &exp());
        assert_eq!(status(&v, PAYLOAD_PROTOBUF), RuleStatus::Fail);
        assert_eq!(v.device.status_word, Some(0x6A81));
        let big = good_fields().bytes(100, &[1; 600]);
        let v = verify_response(&response_for(c, big), &cfg(c), &exp());
        assert!(message(&v, PAYLOAD_PROTOBUF).contains("512-byte buffer"));
        assert_eq!(status(&v, PAYLOAD_SIZE), RuleStatus::Fail);
    }

    #[test]
    fn size_limit_warns_near_and_fails_above_497_chars() {
        let c = Curve::Secp256r1;
        // Unknown field 15 pads the payload to a chosen length: 3 bytes of overhead.
        let padded_to = |chars: usize| {
            let base = good_fields().into_bytes().len();
            let bytes = chars * 3 / 4;
            good_fields().bytes(15, &vec![b'x'; bytes - base - 3])
        };
        let v = verify_response(&response_for(c, padded_to(496)), &cfg(c), &exp());
        assert_eq!(
            status(&v, PAYLOAD_SIZE),
            RuleStatus::Warn,
            "{}",
            message(&v, PAYLOAD_SIZE)
        );
        let v = verify_response(&response_for(c, padded_to(500)), &cfg(c), &exp());
        assert_eq!(status(&v, PAYLOAD_SIZE), RuleStatus::Fail);
        assert!(message(&v, PAYLOAD_SIZE).contains("at or below 497 chars"));
        let v = verify_response(&response_for(c, good_fields()), &cfg(c), &exp());
        assert_eq!(status(&v, PAYLOAD_SIZE), RuleStatus::Pass);
    }

    #[test]
    fn signature_failures_are_classified() {
        let c = Curve::Secp256k1;
        let payload = b64url(&good_fields().into_bytes(), false);
        let body = |sig: &[u8]| json!({"payinAddress": PAYIN, "providerSig": {"payload": payload, "signature": b64url(sig, false)}});
        let v = verify_response(&body(&sign(c, payload.as_bytes())), &cfg(c), &exp());
        assert!(message(&v, SIG_VERIFY).starts_with("signed without the dot prefix"));
        assert_eq!(
            v.outcome(SIG_VERIFY).and_then(|o| o.status_word),
            Some(0x9D1A)
        );
        let v = verify_response(
            &body(&sign(c, &good_fields().into_bytes())),
            &cfg(c),
            &exp(),
        );
        assert!(message(&v, SIG_VERIFY).starts_with("signed over the raw protobuf bytes"));
        let v = verify_response(&body(&sign(c, b"something else")), &cfg(c), &exp());
        assert!(
            message(&v, SIG_VERIFY)
                .starts_with("does not verify with the registered secp256k1 key")
        );
        // Signed with the same secret on the other curve: the registered key does not match.
        let v = verify_response(
            &body(&sign(Curve::Secp256r1, format!(".{payload}").as_bytes())),
            &cfg(c),
            &exp(),
        );
        assert_eq!(status(&v, SIG_VERIFY), RuleStatus::Fail);
        assert!(!v.device_accepts());
    }

    #[test]
    fn padding_mismatch_is_named() {
        let c = Curve::Secp256r1;
        // An unknown field sized so the base64 text needs padding.
        let pb = (0..3)
            .map(|n| good_fields().bytes(15, &vec![1; n]).into_bytes())
            .find(|pb| pb.len() % 3 != 0)
            .expect("one length needs padding");
        let (plain, padded) = (b64url(&pb, false), b64url(&pb, true));
        let sig = sign(c, format!(".{plain}").as_bytes());
        let body = json!({"providerSig": {"payload": padded, "signature": b64url(&sig, false)}});
        let v = verify_response(&body, &cfg(c), &exp());
        assert!(
            message(&v, SIG_VERIFY).starts_with("padding mismatch"),
            "{}",
            message(&v, SIG_VERIFY)
        );
    }

    #[test]
    fn signature_shapes_fail_without_panicking() {
        let c = Curve::Secp256r1;
        let payload = b64url(&good_fields().into_bytes(), false);
        let good = sign(c, format!(".{payload}").as_bytes());
        let der = p256::ecdsa::Signature::from_slice(&good)
            .expect("sig")
            .to_der()
            .as_bytes()
            .to_vec();
        let n = crate::swap::signature::order(c);
        let mut s_is_n = good.clone();
        s_is_n[32..].copy_from_slice(n);
        let mut r_zero = good.clone();
        r_zero[..32].fill(0);
        let cases: Vec<(String, &str)> = vec![
            (b64url(&der, false), "DER"),
            (b64url(&good[1..], false), "63 bytes"),
            (b64url(&[5; 1000], false), "1000 bytes"),
            (b64url(&s_is_n, false), "not below the group order"),
            (b64url(&r_zero, false), "r is zero"),
            ("not*base64".to_owned(), "not base64url"),
            (String::new(), "not base64url"),
        ];
        for (sig, expect) in cases {
            let body = json!({"providerSig": {"payload": payload, "signature": sig}});
            let v = verify_response(&body, &cfg(c), &exp());
            assert_eq!(status(&v, SIG_SHAPE), RuleStatus::Fail, "{expect}");
            assert!(
                message(&v, SIG_SHAPE).contains(expect),
                "{expect}: {}",
                message(&v, SIG_SHAPE)
            );
            assert_eq!(status(&v, SIG_VERIFY), RuleStatus::Skip);
            assert_eq!(status(&v, SIG_LEADING_ZERO), RuleStatus::Skip);
        }
        let body = json!({"providerSig": {"payload": payload, "signature": b64url(&der, false)}});
        let v = verify_response(&body, &cfg(c), &exp());
        assert!(message(&v, SIG_VERIFY).contains("its DER content, re-encoded as r‖s, verifies"));
        // Standard base64 decodes the same for Ledger Live: a warning.
        let url = b64url(&good, false);
        let std = url.replace('-', "+").replace('_', "/");
        if std != url {
            let body = json!({"providerSig": {"payload": payload, "signature": std}});
            let v = verify_response(&body, &cfg(c), &exp());
            assert_eq!(status(&v, SIG_SHAPE), RuleStatus::Warn);
            assert_eq!(status(&v, SIG_VERIFY), RuleStatus::Pass);
        }
        // The compact JWS form with an empty protected header.
        let body = json!({"providerSig": format!(".{payload}.{url}")});
        let v = verify_response(&body, &cfg(c), &exp());
        assert_eq!(status(&v, PAYLOAD_SHAPE), RuleStatus::Pass);
        assert_eq!(status(&v, SIG_VERIFY), RuleStatus::Pass);
        // Padding on the signature is tolerated.
        let body = json!({"providerSig": {"payload": payload, "signature": b64url(&good, true)}});
        let v = verify_response(&body, &cfg(c), &exp());
        assert_eq!(status(&v, SIG_SHAPE), RuleStatus::Pass);
    }

    #[test]
    fn high_s_is_accepted_and_leading_zero_warns() {
        let c = Curve::Secp256k1;
        let payload = b64url(&good_fields().into_bytes(), false);
        let low = sign(c, format!(".{payload}").as_bytes());
        // (r, n - s) is the high-S twin of a low-S signature.
        let n = crate::swap::signature::order(c);
        let mut high = low.clone();
        let mut borrow = 0i16;
        for i in (0..32).rev() {
            let d = i16::from(n[i]) - i16::from(low[32 + i]) - borrow;
            borrow = i16::from(d < 0);
            high[32 + i] = (d + 256 * borrow) as u8;
        }
        let body = json!({"providerSig": {"payload": payload, "signature": b64url(&high, false)}});
        let v = verify_response(&body, &cfg(c), &exp());
        assert_eq!(status(&v, SIG_VERIFY), RuleStatus::Pass);
        assert!(message(&v, SIG_VERIFY).contains("high-S"));
        // Find a payload whose signature has r or s starting with 0x00 (about 1 in 128).
        let found = (0u32..2000).find_map(|i| {
            let p = b64url(&good_fields().varint(99, u64::from(i)).into_bytes(), false);
            let sig = sign(c, format!(".{p}").as_bytes());
            (sig[0] == 0 || sig[32] == 0).then_some((p, sig))
        });
        let (p, sig) = found.expect("a leading zero within 2000 tries");
        let body = json!({"providerSig": {"payload": p, "signature": b64url(&sig, false)}});
        let v = verify_response(&body, &cfg(c), &exp());
        assert_eq!(status(&v, SIG_LEADING_ZERO), RuleStatus::Warn);
        assert_eq!(status(&v, SIG_VERIFY), RuleStatus::Pass);
        assert!(v.device_accepts());
        // The same signature with the zero byte dropped: Ledger's Go tool bug (63 bytes).
        let mut short = sig.clone();
        short.remove(if sig[0] == 0 { 0 } else { 32 });
        let body = json!({"providerSig": {"payload": p, "signature": b64url(&short, false)}});
        let v = verify_response(&body, &cfg(c), &exp());
        assert_eq!(status(&v, SIG_SHAPE), RuleStatus::Fail);
        assert!(message(&v, SIG_SHAPE).contains("Go signing tool"));
        assert_eq!(
            v.outcome(SIG_SHAPE).and_then(|o| o.status_word),
            Some(0x6A80)
        );
        assert!(message(&v, SIG_VERIFY).contains("left-padded to 64 bytes it verifies"));
    }

    #[test]
    fn documentation_example_fails_clearly() {
        // Shape of the OpenAPI example: `payload_signature`, amounts as ASCII, nonce in field 11,
        // a DER signature in standard base64.
        let c = Curve::Secp256k1;
        let pb = Pb::new()
            .string(1, PAYIN)
            .string(3, REFUND)
            .string(5, PAYOUT)
            .string(7, "BTC")
            .string(8, "ETH")
            .bytes(9, b"1")
            .bytes(10, b"270")
            .string(11, "ABCDEFGHIJ");
        let payload = b64url(&pb.into_bytes(), false);
        let body =
            json!({"providerSig": {"payload": payload, "payload_signature": "MEUCIQDx+/AAAA=="}});
        let v = verify_response(&body, &cfg(c), &exp());
        assert_eq!(status(&v, PAYLOAD_SHAPE), RuleStatus::Fail);
        assert!(message(&v, PAYLOAD_SHAPE).contains("payload_signature"));
        assert_eq!(status(&v, PAYLOAD_NONCE), RuleStatus::Fail);
        assert!(message(&v, PAYLOAD_NONCE).contains("field 11"));
        assert_eq!(status(&v, PAYLOAD_LEGACY_ID_EMPTY), RuleStatus::Fail);
        assert_eq!(status(&v, SIG_SHAPE), RuleStatus::Fail);
        assert!(!v.device_accepts());
    }

    #[test]
    fn public_key_on_another_curve_fails_verification() {
        let v = verify_response(
            &response_for(Curve::Secp256r1, good_fields()),
            &VerifyConfig {
                curve: Curve::Secp256r1,
                ..cfg(Curve::Secp256k1)
            },
            &exp(),
        );
        assert!(
            message(&v, SIG_VERIFY)
                .contains("is a secp256k1 key but the registered curve is secp256r1")
        );
    }

    #[test]
    fn garbage_inputs_never_panic() {
        let c = Curve::Secp256r1;
        let huge = "A".repeat(200_000);
        for body in [
            json!({"providerSig": {"payload": huge, "signature": huge}}),
            json!({"providerSig": {"payload": "\u{0}\u{ffff}", "signature": "é"}}),
            json!({"providerSig": "..."}),
            json!({"providerSig": {"payload": "____", "signature": "____"}}),
            json!(null),
        ] {
            for mode in [SignatureMode::Ng, SignatureMode::Legacy] {
                let cfg = VerifyConfig { mode, ..cfg(c) };
                let v = verify_response(&body, &cfg, &exp());
                assert_complete(&v, mode);
                assert!(!v.device_accepts());
            }
        }
    }

    fn legacy_cfg() -> VerifyConfig {
        VerifyConfig {
            mode: SignatureMode::Legacy,
            ..cfg(Curve::Secp256k1)
        }
    }

    fn legacy_exp() -> Expectations {
        Expectations {
            nonce: Some(parse_nonce("QQQQQQQQQQ", SignatureMode::Legacy).expect("nonce")),
            ..exp()
        }
    }

    fn legacy_fields() -> Pb {
        Pb::new()
            .string(1, PAYIN)
            .string(3, REFUND)
            .string(5, PAYOUT)
            .string(7, "BTC")
            .string(8, "ETH")
            .bytes(9, &[0x0f, 0x42, 0x40])
            .bytes(10, &[0x06, 0xf0])
            .string(11, "QQQQQQQQQQ")
    }

    fn legacy_body(pb: &[u8], signed: &[u8]) -> serde_json::Value {
        let sig = sign(Curve::Secp256k1, signed);
        json!({"payinAddress": PAYIN, "providerSig": {"payload": crate::swap::hex::encode(pb), "signature": crate::swap::hex::encode(&sig)}})
    }

    #[test]
    fn legacy_valid_response_passes() {
        let pb = legacy_fields().into_bytes();
        let v = verify_response(&legacy_body(&pb, &pb), &legacy_cfg(), &legacy_exp());
        assert_complete(&v, SignatureMode::Legacy);
        for o in &v.rules {
            assert_eq!(o.status, RuleStatus::Pass, "{o:?}");
        }
    }

    #[test]
    fn legacy_rules_fail_for_ng_habits() {
        let pb = legacy_fields().into_bytes();
        // Signed the hex text instead of the raw bytes.
        let hex_text = crate::swap::hex::encode(&pb);
        let v = verify_response(
            &legacy_body(&pb, hex_text.as_bytes()),
            &legacy_cfg(),
            &legacy_exp(),
        );
        assert_eq!(status(&v, LEGACY_SIGNATURE), RuleStatus::Fail);
        assert!(message(&v, LEGACY_SIGNATURE).contains("hex text"));
        // A base64url payload.
        let body = response_for(Curve::Secp256k1, legacy_fields());
        let v = verify_response(&body, &legacy_cfg(), &legacy_exp());
        assert_eq!(status(&v, LEGACY_ENCODING), RuleStatus::Fail);
        assert!(message(&v, LEGACY_ENCODING).contains("base64url"));
        assert_eq!(status(&v, LEGACY_SIGNATURE), RuleStatus::Fail);
        // Wrong nonce, NG nonce present.
        let pb = legacy_fields().string(11, "ABCDEFGHIJ").into_bytes();
        let v = verify_response(&legacy_body(&pb, &pb), &legacy_cfg(), &legacy_exp());
        assert!(message(&v, LEGACY_NONCE).contains("expected \"QQQQQQQQQQ\", got \"ABCDEFGHIJ\""));
        // The device does not read field 12 in the legacy flow: a warning, and it accepts.
        let pb = legacy_fields().bytes(12, &testkit::nonce()).into_bytes();
        let v = verify_response(&legacy_body(&pb, &pb), &legacy_cfg(), &legacy_exp());
        assert_eq!(status(&v, LEGACY_NONCE), RuleStatus::Warn);
        assert!(message(&v, LEGACY_NONCE).contains("does not read field 12"));
        assert!(v.device_accepts(), "{:?}", v.device);
        let pb = legacy_fields().string(11, "qqqqqqqqqq").into_bytes();
        let v = verify_response(&legacy_body(&pb, &pb), &legacy_cfg(), &legacy_exp());
        assert!(message(&v, LEGACY_NONCE).contains("exactly 10 letters"));
    }

    #[test]
    fn legacy_curve_and_size() {
        let pb = legacy_fields().into_bytes();
        let r1 = VerifyConfig {
            mode: SignatureMode::Legacy,
            ..cfg(Curve::Secp256r1)
        };
        let v = verify_response(&legacy_body(&pb, &pb), &r1, &legacy_exp());
        assert_eq!(status(&v, LEGACY_CURVE), RuleStatus::Fail);
        assert!(message(&v, LEGACY_CURVE).contains("LEGACY_CURVE_UNSUPPORTED"));
        assert_eq!(status(&v, LEGACY_SIGNATURE), RuleStatus::Skip);
        let big = legacy_fields().bytes(30, &[0; 120]).into_bytes();
        let v = verify_response(&legacy_body(&big, &big), &legacy_cfg(), &legacy_exp());
        assert_eq!(status(&v, LEGACY_SIZE), RuleStatus::Fail);
        assert!(message(&v, LEGACY_SIZE).contains("exceeds 255"));
        let v = verify_response(&json!({}), &r1, &legacy_exp());
        assert_eq!(status(&v, LEGACY_CURVE), RuleStatus::Fail);
        let sig_b64 = json!({"providerSig": {"payload": crate::swap::hex::encode(&pb), "signature": b64url(&[1; 64], false)}});
        let v = verify_response(&sig_b64, &legacy_cfg(), &legacy_exp());
        assert!(message(&v, LEGACY_SIGNATURE).contains("not hex"));
    }
}
