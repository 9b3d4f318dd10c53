//! Throughput of `verify_response` (verifications per second) on both curves, for a typical
//! payload of about 300 base64url characters. Plain `std::time::Instant`, no framework:
//! `cargo bench --bench verify`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use k256::ecdsa::signature::Signer;
use provider_conformance::curve::Curve;
use provider_conformance::swap::{
    Expectations, Nonce, SignatureMode, VerifyConfig, parse_public_key, verify_response,
};
use serde_json::{Value, json};

const SECRET: [u8; 32] = [0x42; 32];
const NONCE: [u8; 32] = [0x35; 32];

fn field(out: &mut Vec<u8>, number: u8, value: &[u8]) {
    out.push((number << 3) | 2);
    out.push(u8::try_from(value.len()).expect("short field"));
    out.extend_from_slice(value);
}

fn b64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | (u32::from(b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A payload with realistic address lengths: 225 protobuf bytes, 300 base64url chars.
fn payload() -> String {
    let mut pb = Vec::new();
    field(
        &mut pb,
        1,
        b"bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlhbc1qxy2kgdygjrsqtzq2n0y",
    );
    field(
        &mut pb,
        3,
        b"bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdqbc1qar0srrr7xfkv",
    );
    field(&mut pb, 5, b"0x71C7656EC7ab88b098defB751B7401B5f6d8976F");
    field(&mut pb, 7, b"BTC");
    field(&mut pb, 8, b"ETH");
    field(&mut pb, 9, &[0x0f, 0x42, 0x40]);
    field(
        &mut pb,
        10,
        &[0x06, 0xf0, 0x5b, 0x59, 0xd3, 0xb2, 0x00, 0x00],
    );
    field(&mut pb, 12, &NONCE);
    b64url(&pb)
}

fn case(curve: Curve) -> (Value, VerifyConfig) {
    let payload = payload();
    let msg = format!(".{payload}");
    let (sig, public) = match curve {
        Curve::Secp256k1 => {
            let key = k256::ecdsa::SigningKey::from_slice(&SECRET).expect("key");
            let sig: k256::ecdsa::Signature = key.sign(msg.as_bytes());
            let public = key.verifying_key().to_sec1_point(false);
            (sig.to_bytes().to_vec(), hex(public.as_bytes()))
        }
        Curve::Secp256r1 => {
            let key = p256::ecdsa::SigningKey::from_slice(&SECRET).expect("key");
            let sig: p256::ecdsa::Signature = key.sign(msg.as_bytes());
            let public = key.verifying_key().to_sec1_point(false);
            (sig.to_bytes().to_vec(), hex(public.as_bytes()))
        }
    };
    let body = json!({
        "swapId": "SWAP-1",
        "payinAddress": "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlhbc1qxy2kgdygjrsqtzq2n0y",
        "providerSig": { "payload": payload, "signature": b64url(&sig) }
    });
    let cfg = VerifyConfig {
        mode: SignatureMode::Ng,
        curve,
        public_key: parse_public_key(&public, curve).expect("public key"),
    };
    (body, cfg)
}

fn main() {
    let exp = Expectations {
        nonce: Some(Nonce::Ng(NONCE)),
        payout_address: Some("0x71C7656EC7ab88b098defB751B7401B5f6d8976F".into()),
        currency_from: Some("BTC".into()),
        currency_to: Some("ETH".into()),
        amount_from: Some("0.01".into()),
        decimals_from: Some(8),
        ..Expectations::default()
    };
    for curve in [Curve::Secp256k1, Curve::Secp256r1] {
        let (body, cfg) = case(curve);
        let chars = body["providerSig"]["payload"].as_str().map_or(0, str::len);
        let first = verify_response(&body, &cfg, &exp);
        assert!(first.device_accepts(), "{:#?}", first.rules);
        // Warm up, then run for about two seconds.
        for _ in 0..50 {
            black_box(verify_response(black_box(&body), &cfg, &exp));
        }
        let start = Instant::now();
        let mut n = 0u32;
        while start.elapsed() < Duration::from_secs(2) {
            for _ in 0..50 {
                black_box(verify_response(black_box(&body), &cfg, &exp));
            }
            n += 50;
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "verify_response {curve}: {:.0} verifications/s ({:.1} µs each, {chars}-char payload, {n} runs)",
            f64::from(n) / secs,
            secs * 1e6 / f64::from(n)
        );
    }
}
