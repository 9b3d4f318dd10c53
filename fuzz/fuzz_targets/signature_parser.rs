//! Signature parsing on any bytes: r‖s with range checks, DER for diagnostics, and the text
//! forms (base64url, hex) the verifier reads first.
#![no_main]

use libfuzzer_sys::fuzz_target;
use provider_conformance::curve::Curve;
use provider_conformance::swap::{base64, hex, signature};

fuzz_target!(|data: &[u8]| {
    for curve in [Curve::Secp256k1, Curve::Secp256r1] {
        if let Ok(sig) = signature::parse_rs(data, curve) {
            assert_eq!(&sig.to_bytes()[..], data);
            let _ = sig.leading_zero();
        } else if let Err(e) = signature::parse_rs(data, curve) {
            let _ = e.to_string();
        }
    }
    if let Some(sig) = signature::parse_der(data) {
        let _ = sig.to_bytes();
    }
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(l) = base64::decode_lenient(text) {
            let _ = signature::parse_rs(&l.bytes, Curve::Secp256k1);
        }
        if let Ok(bytes) = hex::decode(text) {
            let _ = signature::parse_rs(&bytes, Curve::Secp256r1);
        }
    }
});
