//! Known answers rebuilt from the two real test suites (issue 11).
//!
//! - LedgerHQ/app-exchange `test/python/` (ragger, on Speculos): the status words the Exchange
//!   app answers. The device gate must give exactly these. The partner keys there are random
//!   (`SigningAuthority`); these vectors sign with fixed test keys of their own.
//! - LedgerHQ/ledger-live `libs/ledgerjs/packages/hw-app-exchange/src/SwapPayloadChecker.test.ts`:
//!   the codes its checker reports. The Ledger Live gate must give exactly these (or contain
//!   them, where the source test only checks containment). Its keys are fixed (`0x11` and
//!   `0x22` repeated), and so are these; the signatures are RFC 6979 low-S where the source
//!   signs with `lowS: false`, which no check tells apart.

use crate::device_kit::{
    Pb, b64url, der, device_of, hex, ledger_live_of, public_hex, sign, verdict,
};
use libtest_mimic::{Failed, Trial};
use provider_conformance::curve::Curve;
use provider_conformance::swap::{Expectations, Nonce, RuleStatus, SignatureMode, SwapVerdict};

pub(crate) fn trials() -> Vec<Trial> {
    vec![
        Trial::test(
            "device_vectors::app_exchange_status_words",
            app_exchange_vectors,
        ),
        Trial::test(
            "device_vectors::ledger_live_checker_codes",
            ledger_live_vectors,
        ),
    ]
}

/// Rule ids these vectors assert as failing, for the coverage test.
pub(crate) fn expected_ids() -> Vec<&'static str> {
    vec!["SWAP-PAYLOAD-012"]
}

const PT: Option<&str> = Some("process_transaction");
const CS: Option<&str> = Some("check_signature");

fn check(failures: &mut Vec<String>, name: &str, ok: bool, got: String) {
    if !ok {
        failures.push(format!("{name}: got {got}"));
    }
}

fn done(failures: Vec<String>, total: usize) -> Result<(), Failed> {
    if failures.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} of {total} vectors disagree:\n{}",
            failures.len(),
            failures.join("\n")
        )
        .into())
    }
}

// ---- app-exchange ragger tests ------------------------------------------------------------

const R1_PARTNER: [u8; 32] = [0x5a; 32];
const R1_FAKE: [u8; 32] = [0x6b; 32];
const NG_NONCE: [u8; 32] = [0x35; 32];
const LEGACY_NONCE: &str = "KQXLZBNWAM";

/// `tx_infos` of `test_extra_data.py::TestExtraData::test_extra_data_and_or_extra_id`.
fn extra_data_tx(extra_id: Option<&str>, extra_data: Option<&[u8]>) -> Vec<u8> {
    Pb::default()
        .string(1, "LKY4hyq7ucxtdGoQ6ajkwv4ddTNA4WpYhF")
        .opt(2, extra_id.unwrap_or("").as_bytes())
        .string(3, "MJovkMvQ2rXXUj7TGVvnQyVMWghSdqZsmu")
        .string(5, "0xDad77910DbDFdE764fC21FCD4E74D71bBACA6D8D")
        .string(7, "BTC")
        .string(8, "ETH")
        .bytes(9, b"\x08T2V")
        .bytes(10, b"\xa6\xdbt\x9b+\xd8\x00")
        .bytes(12, &NG_NONCE)
        .opt(13, extra_data.unwrap_or(&[]))
        .0
}

/// `SWAP_TX_INFOS` of `test_transaction_id.py`, with the given transaction id.
fn transaction_id_tx(ng: bool, id: &[u8]) -> Vec<u8> {
    Pb::default()
        .string(1, "0xd692Cb1346262F584D17B4B470954501f6715a82")
        .string(3, "0xDad77910DbDFdE764fC21FCD4E74D71bBACA6D8D")
        .string(5, "bc1qqtl9jlrwcr3fsfcjj2du7pu6fcgaxl5dsw2vyg")
        .string(7, "ETH")
        .string(8, "BTC")
        .bytes(9, &[0x01, 0x3f, 0xc3, 0xa7, 0x17, 0xfb, 0x50, 0x00])
        .bytes(10, &[0x0b, 0xeb, 0xc2, 0x00])
        .bytes(if ng { 12 } else { 11 }, id)
        .0
}

/// The SWAP_NG flow of the ragger client (`transaction_builder.py`, `SWAP_NG_SPECS`): urlsafe
/// base64 with padding, secp256r1, r‖s over `"." + payload`.
fn ng_case(pb: &[u8], signer: &[u8; 32]) -> SwapVerdict {
    let payload = b64url(pb, true);
    let sig = sign(Curve::Secp256r1, signer, format!(".{payload}").as_bytes());
    let exp = Expectations {
        nonce: Some(Nonce::Ng(NG_NONCE)),
        ..Expectations::default()
    };
    verdict(
        SignatureMode::Ng,
        Curve::Secp256r1,
        &public_hex(Curve::Secp256r1, &R1_PARTNER),
        &payload,
        &b64url(&sig, false),
        &exp,
    )
}

/// The legacy SWAP flow (`SWAP_SPECS`): raw bytes (hex for Ledger Live), secp256k1, over the
/// raw protobuf; Ledger Live turns the hex r‖s into the DER the ragger client sends.
fn legacy_case(pb: &[u8], signer: &[u8; 32]) -> SwapVerdict {
    let sig = sign(Curve::Secp256k1, signer, pb);
    let exp = Expectations {
        nonce: Some(Nonce::Legacy(LEGACY_NONCE.into())),
        ..Expectations::default()
    };
    verdict(
        SignatureMode::Legacy,
        Curve::Secp256k1,
        &public_hex(Curve::Secp256k1, &R1_PARTNER),
        &hex(pb),
        &hex(&sig),
        &exp,
    )
}

type Device = (bool, Option<&'static str>, Option<u16>);

fn app_exchange_vectors() -> Result<(), Failed> {
    let x33 = hex_bytes("01000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
    let x32 = hex_bytes("01000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E");
    let id19 = Some("abcdefghijklmnopqrs");
    let refused: Device = (false, PT, Some(0x6A8D));
    let accepted: Device = (true, None, None);
    let mut cases: Vec<(String, SwapVerdict, Device)> = Vec::new();
    // test_extra_data.py::test_extra_data_and_or_extra_id, its eight configurations.
    for (i, (id, data, want)) in [
        (id19, Some(&x33[..]), refused),
        (Some("a"), Some(&[0u8, 0][..]), refused),
        (Some("a"), Some(&[1u8][..]), refused),
        (None, Some(&x32[..]), refused),
        (None, None, accepted),
        (id19, None, accepted),
        (None, Some(&x33[..]), accepted),
        (id19, Some(&[0u8][..]), accepted),
    ]
    .into_iter()
    .enumerate()
    {
        let v = ng_case(&extra_data_tx(id, data), &R1_PARTNER);
        cases.push((
            format!("test_extra_data.py configuration {}", i + 1),
            v,
            want,
        ));
    }
    // test_transaction_id.py::test_wrong_transaction_id, SWAP_NG and SWAP.
    let ng_short = &NG_NONCE[..31];
    let mut ng_bumped = ng_short.to_vec();
    ng_bumped[30] = ng_bumped[30].wrapping_add(1);
    let legacy = LEGACY_NONCE.as_bytes();
    let mut legacy_bumped = legacy[..9].to_vec();
    legacy_bumped[8] += 1;
    for (what, ng, id, want) in [
        (
            "SWAP_NG id + b'0x0'",
            true,
            [&NG_NONCE[..], b"0x0"].concat(),
            (false, PT, Some(0x6A81)),
        ),
        (
            "SWAP_NG id[:-1]",
            true,
            ng_short.to_vec(),
            (false, PT, Some(0x6A82)),
        ),
        (
            "SWAP_NG id[:-1] last byte + 1",
            true,
            ng_bumped,
            (false, PT, Some(0x6A82)),
        ),
        (
            "SWAP id + b'0x0'",
            false,
            [legacy, b"0x0"].concat(),
            (false, PT, Some(0x6A81)),
        ),
        (
            "SWAP id[:-1]",
            false,
            legacy[..9].to_vec(),
            (false, PT, Some(0x6A82)),
        ),
        (
            "SWAP id[:-1] last byte + 1",
            false,
            legacy_bumped,
            (false, PT, Some(0x6A82)),
        ),
    ] {
        let pb = transaction_id_tx(ng, &id);
        let v = if ng {
            ng_case(&pb, &R1_PARTNER)
        } else {
            legacy_case(&pb, &R1_PARTNER)
        };
        cases.push((format!("test_transaction_id.py {what}"), v, want));
    }
    // test_fake_signer.py::test_fake_transaction_infos: signed by another partner key.
    let v = ng_case(&transaction_id_tx(true, &NG_NONCE), &R1_FAKE);
    cases.push((
        "test_fake_signer.py SWAP_NG".into(),
        v,
        (false, CS, Some(0x9D1A)),
    ));
    let v = legacy_case(&transaction_id_tx(false, legacy), &R1_FAKE);
    cases.push((
        "test_fake_signer.py SWAP".into(),
        v,
        (false, CS, Some(0x9D1A)),
    ));
    // The same transactions signed by the partner: accepted.
    let v = ng_case(&transaction_id_tx(true, &NG_NONCE), &R1_PARTNER);
    cases.push((
        "test_transaction_id.py SWAP_NG, the original id".into(),
        v,
        accepted,
    ));
    let v = legacy_case(&transaction_id_tx(false, legacy), &R1_PARTNER);
    cases.push((
        "test_transaction_id.py SWAP, the original id".into(),
        v,
        accepted,
    ));
    let mut failures = Vec::new();
    for (name, v, want) in &cases {
        let got = device_of(v);
        check(
            &mut failures,
            name,
            got == *want,
            format!("{got:?}, want {want:?}: {}", v.device.reason),
        );
    }
    done(failures, cases.len())
}

fn hex_bytes(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

// ---- Ledger Live's SwapPayloadChecker.test.ts --------------------------------------------

const PARTNER: [u8; 32] = [0x11; 32];
const OTHER: [u8; 32] = [0x22; 32];

fn ll_nonce() -> [u8; 32] {
    let mut n = [0u8; 32];
    for (i, b) in n.iter_mut().enumerate().take(30) {
        *b = [0xc0, 0xff, 0xee][i % 3];
    }
    n[30] = 0xbe;
    n[31] = 0xef;
    n
}

/// `VALID_FIELDS`, as protobufjs encodes them, with changes.
#[derive(Clone)]
struct Fields {
    payin: Vec<u8>,
    payin_extra_id: Vec<u8>,
    refund: Vec<u8>,
    payout: Vec<u8>,
    from: Vec<u8>,
    to: Vec<u8>,
    to_provider: Vec<u8>,
    to_wallet: Vec<u8>,
    legacy_id: Vec<u8>,
    nonce: Vec<u8>,
    /// protobufjs writes a string that was set, even empty.
    extra_id_set: bool,
}

impl Fields {
    fn valid() -> Self {
        Self {
            payin: b"0x1111111111111111111111111111111111111111".to_vec(),
            payin_extra_id: Vec::new(),
            refund: b"0x2222222222222222222222222222222222222222".to_vec(),
            payout: b"bc1qtestpayoutaddress0000000000000000000".to_vec(),
            from: b"ETH".to_vec(),
            to: b"BTC".to_vec(),
            to_provider: hex_bytes("0de0b6b3a7640000"),
            to_wallet: hex_bytes("0186a0"),
            legacy_id: Vec::new(),
            nonce: ll_nonce().to_vec(),
            extra_id_set: false,
        }
    }

    fn legacy() -> Self {
        Self {
            legacy_id: b"ABCDEFGHIJ".to_vec(),
            nonce: Vec::new(),
            ..Self::valid()
        }
    }

    fn encode(&self) -> Vec<u8> {
        let pb = Pb::default().opt(1, &self.payin);
        let pb = if self.extra_id_set {
            pb.bytes(2, &self.payin_extra_id)
        } else {
            pb.opt(2, &self.payin_extra_id)
        };
        pb.opt(3, &self.refund)
            .opt(5, &self.payout)
            .opt(7, &self.from)
            .opt(8, &self.to)
            .opt(9, &self.to_provider)
            .opt(10, &self.to_wallet)
            .opt(11, &self.legacy_id)
            .opt(12, &self.nonce)
            .0
    }
}

#[derive(Clone, Copy)]
enum Signed {
    DotPrefixed,
    NoDot,
    RawProtobuf,
}

/// `buildInput`: the payload, its signature and the key.
struct Input {
    mode: SignatureMode,
    curve: Curve,
    key: String,
    payload: String,
    signature: String,
    exp: Expectations,
}

fn build(f: &Fields, curve: Curve, signed: Signed) -> Input {
    let raw = f.encode();
    let payload = b64url(&raw, false);
    let msg = match signed {
        Signed::DotPrefixed => format!(".{payload}").into_bytes(),
        Signed::NoDot => payload.clone().into_bytes(),
        Signed::RawProtobuf => raw,
    };
    Input {
        mode: SignatureMode::Ng,
        curve,
        key: public_hex(curve, &PARTNER),
        signature: b64url(&sign(curve, &PARTNER, &msg), false),
        payload,
        exp: Expectations::default(),
    }
}

/// A payload signed over `"." + payload` exactly as given (`signedAsGiven`).
fn as_given(payload: &str) -> Input {
    let c = Curve::Secp256k1;
    Input {
        mode: SignatureMode::Ng,
        curve: c,
        key: public_hex(c, &PARTNER),
        signature: b64url(&sign(c, &PARTNER, format!(".{payload}").as_bytes()), false),
        payload: payload.to_owned(),
        exp: Expectations::default(),
    }
}

/// `buildLegacyInput`: hex payload, hex r‖s over the raw protobuf.
fn legacy(f: &Fields, curve: Curve, signer: &[u8; 32]) -> Input {
    let raw = f.encode();
    Input {
        mode: SignatureMode::Legacy,
        curve,
        key: public_hex(curve, &PARTNER),
        payload: hex(&raw),
        signature: hex(&sign(curve, signer, &raw)),
        exp: Expectations::default(),
    }
}

impl Input {
    fn run(&self) -> SwapVerdict {
        verdict(
            self.mode,
            self.curve,
            &self.key,
            &self.payload,
            &self.signature,
            &self.exp,
        )
    }
}

enum Want {
    /// `expect(errorCodes).toEqual(...)` (and no warnings when the test says `issues: []`).
    Exactly(&'static [&'static str]),
    /// `toContainEqual` for each.
    Contains(&'static [&'static str]),
    /// Valid, with exactly these warnings.
    ValidWarning(&'static [&'static str]),
}

fn judge(failures: &mut Vec<String>, name: &str, v: &SwapVerdict, want: &Want) {
    let (errors, warnings) = ledger_live_of(v);
    let ok = match want {
        Want::Exactly(codes) => errors == *codes && (!codes.is_empty() || warnings.is_empty()),
        Want::Contains(codes) => codes.iter().all(|c| errors.contains(c)),
        Want::ValidWarning(codes) => errors.is_empty() && warnings == *codes,
    };
    check(
        failures,
        name,
        ok,
        format!("errors {errors:?}, warnings {warnings:?}"),
    );
}

fn ll_cases() -> Vec<(String, Input, Want)> {
    let k1 = Curve::Secp256k1;
    let r1 = Curve::Secp256r1;
    let valid = Fields::valid();
    let mut out: Vec<(String, Input, Want)> = Vec::new();
    let mut add = |name: &str, input: Input, want: Want| out.push((name.to_owned(), input, want));
    add(
        "accepts a valid secp256k1 payload",
        build(&valid, k1, Signed::DotPrefixed),
        Want::Exactly(&[]),
    );
    add(
        "accepts a valid secp256r1 payload",
        build(&valid, r1, Signed::DotPrefixed),
        Want::Exactly(&[]),
    );
    add("accepts the Speculos-validated Swap NG sample with '=' padding", Input {
        mode: SignatureMode::Ng,
        curve: k1,
        key: "0478d5facdae2305f48795d3ce7d9244f5060d2f800901da5746d1f4177ae8d7bbe63f3870efc0d36af8f91962811e1d8d9df91ce3b3ea2cd9f550c7d465f8b7b3".into(),
        payload: "CipiYzFxYXIwc3Jycjd4Zmt2eTVsNjQzbHlkbnc5cmU1OWd0enp3ZjVtZHEaKmJjMXFhcjBzcnJyN3hma3Z5NWw2NDNseWRudzlyZTU5Z3R6endmNHRlcSoqMHhiNzk0ZjVlYTBiYTM5NDk0Y2U4Mzk2MTNmZmZiYTc0Mjc5NTc5MjY4OgNCVENCA0JBVEoCBH5SBgV0-95gAGIgNQrqDJf3R_HQ92CBRhSkdSOAGxrrfQvLuqKk9Gv4GEs=".into(),
        signature: "zGcNUYKM8sLxvT7zPU1C8vrMmanVlUroELnAeil4weo1LCk0zUBRse5-3Acv7I7II90xVTIxm26BnxRbZvVmTQ==".into(),
        exp: Expectations::default(),
    }, Want::Exactly(&[]));
    let mut dotted = build(&valid, k1, Signed::DotPrefixed);
    dotted.payload = format!(".{}", dotted.payload);
    add(
        "reports PAYLOAD_LEADING_DOT for a payload given in JWS form",
        dotted,
        Want::Exactly(&["PAYLOAD_LEADING_DOT"]),
    );
    let mut dotted = build(
        &Fields {
            to: Vec::new(),
            ..valid.clone()
        },
        k1,
        Signed::NoDot,
    );
    dotted.payload = format!(".{}", dotted.payload);
    add(
        "still runs the other checks on the payload without the dot",
        dotted,
        Want::Exactly(&[
            "PAYLOAD_LEADING_DOT",
            "MISSING_FIELD",
            "SIGNATURE_WITHOUT_DOT_PREFIX",
        ]),
    );
    let mut lone = as_given(".");
    lone.signature = b64url(&sign(k1, &PARTNER, b".."), false);
    add(
        "reports PAYLOAD_LEADING_DOT and INVALID_ENCODING for a lone dot",
        lone,
        Want::Exactly(&["PAYLOAD_LEADING_DOT", "INVALID_ENCODING"]),
    );
    // "encoding": a fixture with `-` and `_` (payin_extra_id "~~~").
    let tilde = Fields {
        payin_extra_id: b"~~~".to_vec(),
        ..valid.clone()
    };
    let raw = tilde.encode();
    let payload = b64url(&raw, false);
    let padded = |n: usize| -> String {
        (0..3)
            .map(|i| {
                b64url(
                    &Fields {
                        payin_extra_id: vec![b'x'; i],
                        extra_id_set: true,
                        ..valid.clone()
                    }
                    .encode(),
                    false,
                )
            })
            .find(|p| p.len() % 4 == 4 - n)
            .map(|p| format!("{p}{}", "=".repeat(n)))
            .expect("a padded payload")
    };
    add(
        "accepts a payload with one \"=\" of padding",
        as_given(&padded(1)),
        Want::Exactly(&[]),
    );
    add(
        "accepts a payload with two \"=\" of padding",
        as_given(&padded(2)),
        Want::Exactly(&[]),
    );
    add(
        "accepts a payload with \"/\" instead of \"_\"",
        as_given(&payload.replace('_', "/")),
        Want::Exactly(&[]),
    );
    add(
        "accepts a payload with \"/\" and \"=\" padding",
        as_given(&format!("{}=", payload.replace('_', "/"))),
        Want::Exactly(&[]),
    );
    let mut mismatch = as_given(padded(1).trim_end_matches('='));
    mismatch.payload = padded(1);
    add(
        "verifies the signature over \".\" + payload including its padding",
        mismatch,
        Want::Exactly(&["SIGNATURE_INVALID"]),
    );
    let standard = {
        let mut s = b64url(&raw, true).replace('-', "+").replace('_', "/");
        while !s.len().is_multiple_of(4) {
            s.push('=');
        }
        s
    };
    for (what, bad) in [
        ("full standard base64", standard.clone()),
        ("\"+\" instead of \"-\"", payload.replace('-', "+")),
        (
            "\"=\" in the middle",
            format!("{}={}", &payload[..8], &payload[9..]),
        ),
        ("three trailing \"=\"", format!("{}==", padded(1))),
        ("a length of 4n+1", payload[..payload.len() - 2].to_owned()),
        ("a space", format!("{} {}", &payload[..8], &payload[9..])),
        ("an empty payload", String::new()),
    ] {
        add(
            &format!("reports INVALID_ENCODING for {what}"),
            as_given(&bad),
            Want::Exactly(&["INVALID_ENCODING"]),
        );
    }
    let undecodable = b64url(&[0x0a, 0xff], false);
    add(
        "reports PROTOBUF_DECODE_FAILED for bytes that are not a NewTransactionResponse",
        as_given(&undecodable),
        Want::Exactly(&["PROTOBUF_DECODE_FAILED"]),
    );
    let mut other = as_given(&undecodable);
    other.signature = b64url(
        &sign(k1, &OTHER, format!(".{undecodable}").as_bytes()),
        false,
    );
    add(
        "still runs the signature checks when the payload does not decode",
        other,
        Want::Exactly(&["PROTOBUF_DECODE_FAILED", "SIGNATURE_INVALID"]),
    );
    let drop = |f: &Fields, which: usize| {
        let mut f = f.clone();
        [
            &mut f.payin,
            &mut f.payout,
            &mut f.refund,
            &mut f.from,
            &mut f.to,
            &mut f.to_provider,
            &mut f.to_wallet,
            &mut f.nonce,
        ][which]
            .clear();
        f
    };
    for (i, name) in [
        "payin_address",
        "payout_address",
        "refund_address",
        "currency_from",
        "currency_to",
        "amount_to_provider",
        "amount_to_wallet",
        "device_transaction_id_ng",
    ]
    .iter()
    .enumerate()
    {
        add(
            &format!("reports MISSING_FIELD when {name} is missing"),
            build(&drop(&valid, i), k1, Signed::DotPrefixed),
            Want::Exactly(&["MISSING_FIELD"]),
        );
    }
    add(
        "reports MISSING_FIELD when a required string field is starting with NUL",
        build(
            &Fields {
                payout: b"\0bc1qpayout".to_vec(),
                ..valid.clone()
            },
            k1,
            Signed::DotPrefixed,
        ),
        Want::Contains(&["MISSING_FIELD"]),
    );
    let nul = Fields {
        payout: [&valid.payout[..], b"\0suffix"].concat(),
        ..valid.clone()
    };
    let mut matching = build(&nul, k1, Signed::DotPrefixed);
    matching.exp.payout_address = Some(String::from_utf8_lossy(&valid.payout).into_owned());
    add(
        "compares an expected string up to its first NUL (matching)",
        matching,
        Want::Exactly(&[]),
    );
    let mut mismatching = build(&nul, k1, Signed::DotPrefixed);
    mismatching.exp.payout_address = Some(String::from_utf8_lossy(&nul.payout).into_owned());
    add(
        "compares an expected string up to its first NUL (mismatching)",
        mismatching,
        Want::Exactly(&["EXPECTED_VALUE_MISMATCH"]),
    );
    add(
        "reports ZERO_AMOUNT when amount_to_provider is 0",
        build(
            &Fields {
                to_provider: vec![0],
                ..valid.clone()
            },
            k1,
            Signed::DotPrefixed,
        ),
        Want::Contains(&["ZERO_AMOUNT"]),
    );
    add(
        "reports ZERO_AMOUNT when amount_to_wallet is 0",
        build(
            &Fields {
                to_wallet: vec![0],
                ..valid.clone()
            },
            k1,
            Signed::DotPrefixed,
        ),
        Want::Contains(&["ZERO_AMOUNT"]),
    );
    for n in [31, 33] {
        add(
            &format!(
                "reports INVALID_DEVICE_TRANSACTION_ID for a {n}-byte device_transaction_id_ng"
            ),
            build(
                &Fields {
                    nonce: vec![0xab; n],
                    ..valid.clone()
                },
                k1,
                Signed::DotPrefixed,
            ),
            Want::Contains(&["INVALID_DEVICE_TRANSACTION_ID"]),
        );
    }
    add(
        "reports FIELD_EXCEEDS_LIMIT for an oversized payin_extra_id",
        build(
            &Fields {
                payin_extra_id: vec![b'a'; 40],
                ..valid.clone()
            },
            k1,
            Signed::DotPrefixed,
        ),
        Want::Contains(&["FIELD_EXCEEDS_LIMIT"]),
    );
    add(
        "reports FIELD_EXCEEDS_LIMIT for an oversized currency_from",
        build(
            &Fields {
                from: vec![b'A'; 10],
                ..valid.clone()
            },
            k1,
            Signed::DotPrefixed,
        ),
        Want::Contains(&["FIELD_EXCEEDS_LIMIT"]),
    );
    add(
        "reports FIELD_EXCEEDS_LIMIT for an oversized bytes field (amount_to_wallet)",
        build(
            &Fields {
                to_wallet: vec![0xff; 17],
                ..valid.clone()
            },
            k1,
            Signed::DotPrefixed,
        ),
        Want::Contains(&["FIELD_EXCEEDS_LIMIT"]),
    );
    add(
        "accepts every field sized exactly at the device usable limit",
        build(
            &Fields {
                payin_extra_id: vec![b'a'; 19],
                from: vec![b'A'; 9],
                to_wallet: vec![0xff; 16],
                ..valid.clone()
            },
            k1,
            Signed::DotPrefixed,
        ),
        Want::Exactly(&[]),
    );
    let mut all = build(&valid, k1, Signed::DotPrefixed);
    all.exp = Expectations {
        nonce: Some(Nonce::Ng(ll_nonce())),
        currency_from: Some("ETH".into()),
        currency_to: Some("BTC".into()),
        amount_from: Some("1".into()),
        decimals_from: Some(18),
        payout_address: Some(String::from_utf8_lossy(&valid.payout).into_owned()),
        refund_address: Some(String::from_utf8_lossy(&valid.refund).into_owned()),
        ..Expectations::default()
    };
    add(
        "reports no issue when every expected value matches",
        all,
        Want::Exactly(&[]),
    );
    let mut wrong = build(&valid, k1, Signed::DotPrefixed);
    wrong.exp.nonce = Some(Nonce::Ng([0; 32]));
    add(
        "reports EXPECTED_VALUE_MISMATCH for a different nonce",
        wrong,
        Want::Exactly(&["EXPECTED_VALUE_MISMATCH"]),
    );
    add(
        "reports SIGNATURE_WITHOUT_DOT_PREFIX",
        build(&valid, k1, Signed::NoDot),
        Want::Exactly(&["SIGNATURE_WITHOUT_DOT_PREFIX"]),
    );
    add(
        "reports SIGNATURE_OVER_RAW_PROTOBUF",
        build(&valid, k1, Signed::RawProtobuf),
        Want::Exactly(&["SIGNATURE_OVER_RAW_PROTOBUF"]),
    );
    for c in [k1, r1] {
        let mut i = build(&valid, c, Signed::DotPrefixed);
        i.signature = b64url(
            &sign(c, &OTHER, format!(".{}", i.payload).as_bytes()),
            false,
        );
        add(
            &format!("reports SIGNATURE_INVALID when signed with another {c} key"),
            i,
            Want::Exactly(&["SIGNATURE_INVALID"]),
        );
    }
    let mut cross = build(&valid, k1, Signed::DotPrefixed);
    cross.signature = b64url(
        &sign(r1, &PARTNER, format!(".{}", cross.payload).as_bytes()),
        false,
    );
    add(
        "reports SIGNATURE_INVALID for a secp256r1 signature checked against a secp256k1 key",
        cross,
        Want::Exactly(&["SIGNATURE_INVALID"]),
    );
    let base = build(&valid, k1, Signed::DotPrefixed);
    let compact = sign(k1, &PARTNER, format!(".{}", base.payload).as_bytes());
    for (what, sig) in [
        ("an empty signature", String::new()),
        ("63 bytes", b64url(&compact[..63], false)),
        ("65 bytes", b64url(&[&compact[..], &[0]].concat(), false)),
        ("a DER signature", b64url(&der(k1, &compact), false)),
    ] {
        let mut i = build(&valid, k1, Signed::DotPrefixed);
        i.signature = sig;
        add(
            &format!("reports SIGNATURE_MALFORMED for {what}"),
            i,
            Want::Contains(&["SIGNATURE_MALFORMED"]),
        );
    }
    for c in [k1, r1] {
        for byte in [0x00, 0xff] {
            let mut i = build(&valid, c, Signed::DotPrefixed);
            i.signature = b64url(&[byte; 64], false);
            add(
                &format!("reports SIGNATURE_MALFORMED for all 0x{byte:02X} on {c}"),
                i,
                Want::Exactly(&["SIGNATURE_MALFORMED"]),
            );
        }
    }
    for c in [k1, r1] {
        for (which, at) in [("r", 0), ("s", 32)] {
            let found = (0..100_000).find_map(|i| {
                let f = Fields {
                    payin_extra_id: format!("lz{i}").into_bytes(),
                    ..valid.clone()
                };
                let input = build(&f, c, Signed::DotPrefixed);
                let sig = sign(c, &PARTNER, format!(".{}", input.payload).as_bytes());
                (sig[at] == 0 && sig[32 - at] != 0).then_some(input)
            });
            if let Some(i) = found {
                add(
                    &format!(
                        "warns with SIGNATURE_LEADING_ZERO when {which} starts with 0x00 on {c}"
                    ),
                    i,
                    Want::ValidWarning(&["SIGNATURE_LEADING_ZERO"]),
                );
            }
        }
    }
    let mut many = build(
        &Fields {
            to: Vec::new(),
            to_provider: vec![0],
            payin_extra_id: vec![b'a'; 40],
            nonce: vec![0xab; 31],
            ..valid.clone()
        },
        k1,
        Signed::NoDot,
    );
    many.exp.currency_from = Some("BTC".into());
    add(
        "reports all problems at once",
        many,
        Want::Contains(&[
            "MISSING_FIELD",
            "ZERO_AMOUNT",
            "INVALID_DEVICE_TRANSACTION_ID",
            "FIELD_EXCEEDS_LIMIT",
            "EXPECTED_VALUE_MISMATCH",
            "SIGNATURE_WITHOUT_DOT_PREFIX",
        ]),
    );
    // checkSwapPayload legacy.
    let lf = Fields::legacy();
    add(
        "legacy: accepts a valid secp256k1 legacy payload",
        legacy(&lf, k1, &PARTNER),
        Want::Exactly(&[]),
    );
    add(
        "legacy: reports LEGACY_CURVE_UNSUPPORTED for a payload correctly signed with secp256r1",
        legacy(&lf, r1, &PARTNER),
        Want::Exactly(&["LEGACY_CURVE_UNSUPPORTED"]),
    );
    add(
        "legacy: reports LEGACY_CURVE_UNSUPPORTED instead of a signature issue",
        legacy(&lf, r1, &OTHER),
        Want::Exactly(&["LEGACY_CURVE_UNSUPPORTED"]),
    );
    for prefix in ["0x", "0X"] {
        let mut i = legacy(&lf, k1, &PARTNER);
        i.payload = format!("{prefix}{}", i.payload);
        add(
            &format!("legacy: reports INVALID_ENCODING for a {prefix} prefixed hex payload"),
            i,
            Want::Exactly(&["INVALID_ENCODING"]),
        );
    }
    let mut other = legacy(
        &Fields {
            to: Vec::new(),
            ..lf.clone()
        },
        k1,
        &OTHER,
    );
    other.payload = format!("0x{}", other.payload);
    add(
        "legacy: reports the other issues of a 0x prefixed hex payload",
        other,
        Want::Exactly(&["INVALID_ENCODING", "MISSING_FIELD", "SIGNATURE_INVALID"]),
    );
    let mut upper = legacy(&lf, k1, &PARTNER);
    upper.payload = upper.payload.to_uppercase();
    add(
        "legacy: accepts an uppercase hex payload",
        upper,
        Want::Exactly(&[]),
    );
    let mut upper = legacy(&lf, k1, &PARTNER);
    upper.signature = upper.signature.to_uppercase();
    add(
        "legacy: accepts an uppercase hex signature",
        upper,
        Want::Exactly(&[]),
    );
    let mut b64 = legacy(&lf, k1, &PARTNER);
    b64.signature = b64url(&hex_bytes(&b64.signature), false);
    add(
        "legacy: reports SIGNATURE_MALFORMED for the base64url of the 64-byte signature",
        b64,
        Want::Contains(&["SIGNATURE_MALFORMED"]),
    );
    out
}

fn ledger_live_vectors() -> Result<(), Failed> {
    let cases = ll_cases();
    let mut failures = Vec::new();
    for (name, input, want) in &cases {
        judge(
            &mut failures,
            &format!("SwapPayloadChecker.test.ts {name:?}"),
            &input.run(),
            want,
        );
    }
    // Our own vector for Ledger Live's wire scan (`scanWireFields`, PayloadCheckerShared.ts):
    // a known field sent with wire type 0 is refused by it, read as declared by nanopb.
    let pb = [&Fields::valid().encode()[..], &[0x18, 2, b'o', b'k']].concat();
    let v = as_given(&b64url(&pb, false)).run();
    let wire = v.outcome("SWAP-PAYLOAD-012").map(|o| o.status);
    check(
        &mut failures,
        "own vector: a known field with wire type 0",
        wire == Some(RuleStatus::Fail)
            && ledger_live_of(&v).0 == ["PROTOBUF_DECODE_FAILED"]
            && v.device.accepts,
        format!(
            "{wire:?}, {:?}, device {:?}",
            ledger_live_of(&v),
            device_of(&v)
        ),
    );
    done(failures, cases.len() + 1)
}
