use super::*;
use crate::swap::expect::{Nonce, SignatureMode};
use crate::swap::key::parse_public_key;
use crate::swap::testkit::{self, Pb, b64url, good_fields, sign};

fn key(curve: Curve) -> PublicKey {
    parse_public_key(&testkit::public_hex(curve), curve).expect("key")
}

fn ng(payload: &str, sig: &[u8], nonce: Option<&Nonce>) -> DeviceVerdict {
    let c = Curve::Secp256r1;
    predict(&DeviceInput {
        mode: SignatureMode::Ng,
        payload,
        signature: &b64url(sig, false),
        key: &key(c),
        curve: c,
        nonce,
        fee_len: 8,
    })
}

fn signed(pb: Pb) -> (String, Vec<u8>) {
    let p = b64url(&pb.into_bytes(), false);
    let sig = sign(Curve::Secp256r1, format!(".{p}").as_bytes());
    (p, sig)
}

fn verdict(v: &DeviceVerdict) -> (bool, Option<Stage>, Option<u16>) {
    (v.accepts, v.stage, v.status_word)
}

const PT: Option<Stage> = Some(Stage::ProcessTransaction);
const CS: Option<Stage> = Some(Stage::CheckSignature);

#[test]
fn a_good_payload_is_accepted() {
    let n = Nonce::Ng(testkit::nonce());
    let (p, sig) = signed(good_fields());
    assert_eq!(verdict(&ng(&p, &sig, Some(&n))), (true, None, None));
    let v = ng(&p, &sig, None);
    assert!(
        v.accepts && v.reason.contains("nonce was not given"),
        "{v:?}"
    );
}

#[test]
fn the_first_status_word_follows_the_device_order() {
    let n = Nonce::Ng(testkit::nonce());
    // Wrong nonce and a bad signature: the nonce comes first.
    let (p, _) = signed(good_fields().bytes(12, &[7; 32]));
    assert_eq!(
        verdict(&ng(&p, &[1; 64], Some(&n))),
        (false, PT, Some(0x6A82))
    );
    // Both extra id and extra data, and a short nonce: extra first.
    let (p, sig) = signed(
        good_fields()
            .string(2, "memo")
            .bytes(13, &[1; 33])
            .bytes(12, &[1; 3]),
    );
    assert_eq!(verdict(&ng(&p, &sig, Some(&n))), (false, PT, Some(0x6A8D)));
    // A good payload with a 63-byte signature: the form, 0x6A80, in the second APDU.
    let (p, sig) = signed(good_fields());
    assert_eq!(
        verdict(&ng(&p, &sig[1..], Some(&n))),
        (false, CS, Some(0x6A80))
    );
    assert_eq!(verdict(&ng(&p, &[], Some(&n))), (false, CS, Some(0x6A80)));
    assert_eq!(
        verdict(&ng(&p, &[1; 64], Some(&n))),
        (false, CS, Some(0x9D1A))
    );
}

#[test]
fn missing_fields_and_zero_amounts_pass_the_exchange_steps() {
    let n = Nonce::Ng(testkit::nonce());
    let (p, sig) = signed(Pb::new().bytes(9, &[0]).bytes(12, &testkit::nonce()));
    assert_eq!(verdict(&ng(&p, &sig, Some(&n))), (true, None, None));
}

#[test]
fn base64_and_nanopb_quirks_are_the_devices() {
    let n = Nonce::Ng(testkit::nonce());
    // `=` padding that makes the raw length 4n+1 is refused even though stripping it would not.
    let bytes = good_fields().into_bytes();
    let plain = b64url(&bytes, false);
    let padded = if plain.len().is_multiple_of(4) {
        format!("{plain}=")
    } else {
        format!("{plain}{}", "=".repeat(5 - plain.len() % 4))
    };
    if padded.len() % 4 == 1 {
        let sig = sign(Curve::Secp256r1, format!(".{padded}").as_bytes());
        assert_eq!(
            verdict(&ng(&padded, &sig, Some(&n))),
            (false, PT, Some(0x6A81))
        );
    }
    // A zero tag ends the message: the garbage after it is never read.
    let (p, sig) = signed(good_fields().raw(&[0x00, 0xff, 0xff, 0xff]));
    assert_eq!(verdict(&ng(&p, &sig, Some(&n))), (true, None, None));
    // A known field with wire type 0 is read as length-delimited.
    let (p, sig) = signed(good_fields().raw(&[0x18, 2, b'o', b'k']));
    assert!(ng(&p, &sig, Some(&n)).accepts);
}

#[test]
fn oversized_frames_get_the_framing_status_words() {
    let n = Nonce::Ng(testkit::nonce());
    let (p, sig) = signed(good_fields().bytes(15, &[b'x'; 450]));
    assert_eq!(verdict(&ng(&p, &sig, Some(&n))), (false, PT, Some(0x6A89)));
}

#[test]
fn legacy_der_bounds_and_verification() {
    let pb = Pb::new()
        .string(1, testkit::PAYIN)
        .string(11, "QQQQQQQQQQ")
        .into_bytes();
    let k1 = key(Curve::Secp256k1);
    let nonce = Nonce::Legacy("QQQQQQQQQQ".into());
    let run = |sig: &[u8]| {
        predict(&DeviceInput {
            mode: SignatureMode::Legacy,
            payload: &crate::swap::hex::encode(&pb),
            signature: &crate::swap::hex::encode(sig),
            key: &k1,
            curve: Curve::Secp256k1,
            nonce: Some(&nonce),
            fee_len: 8,
        })
    };
    let good = sign(Curve::Secp256k1, &pb);
    assert_eq!(verdict(&run(&good)), (true, None, None));
    // r with four leading zero bytes: Ledger Live's DER is 66 bytes, under the 67 the app takes.
    let mut short = good.clone();
    short[..4].fill(0);
    short[4] = 0x01;
    assert_eq!(der_of(&short.clone().try_into().expect("64")).len(), 66);
    assert_eq!(verdict(&run(&short)), (false, CS, Some(0x6A80)));
    let mut other = good.clone();
    other[40] ^= 1;
    assert_eq!(verdict(&run(&other)), (false, CS, Some(0x9D1A)));
    // A 63-byte signature: Ledger Live cannot convert it, the device gets nothing.
    assert_eq!(verdict(&run(&good[1..])), (false, CS, None));
}

#[test]
fn node_hex_stops_at_the_first_bad_digit() {
    assert_eq!(node_hex("0aff"), vec![0x0a, 0xff]);
    assert_eq!(node_hex("0x0aff"), Vec::<u8>::new());
    assert_eq!(node_hex("0af"), vec![0x0a]);
    assert_eq!(node_hex("0azz"), vec![0x0a]);
}

#[test]
fn node_base64_is_lenient() {
    assert_eq!(node_base64("-_8="), node_base64("+/8"));
    assert_eq!(node_base64(""), Vec::<u8>::new());
    assert_eq!(node_base64("YW Jj"), b"abc");
    assert_eq!(node_base64("YWJj=ZZZZ"), b"abc");
}
