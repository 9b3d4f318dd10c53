//! The /swap payload decoder and the whole verifier on any payload text: decoding (device
//! base64 or hex, nanopb rules), the field table, the JSON form, and every rule.
#![no_main]

use libfuzzer_sys::fuzz_target;
use provider_conformance::curve::Curve;
use provider_conformance::swap::{
    self, Expectations, SignatureMode, VerifyConfig, decode_payload, parse_public_key,
};

const KEY: &str = "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8";

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        // Raw bytes are a protobuf as the device would receive it.
        if let Ok(d) =
            swap::payload::decode_protobuf(data.to_vec(), swap::payload::PayloadEncoding::Hex)
        {
            let _ = d.field_rows();
        }
        return;
    };
    if let Ok(d) = decode_payload(text) {
        let _ = d.field_rows();
        let _ = serde_json::to_string(&d).expect("a decoded payload serializes");
    }
    let public_key = parse_public_key(KEY, Curve::Secp256k1).expect("the generator is a key");
    let body = serde_json::json!({
        "payinAddress": "bc1q",
        "providerSig": { "payload": text, "signature": "AAAA" },
    });
    for mode in [SignatureMode::Ng, SignatureMode::Legacy] {
        let cfg = VerifyConfig {
            mode,
            curve: Curve::Secp256k1,
            public_key: public_key.clone(),
        };
        let exp = Expectations {
            amount_from: Some("0.01".into()),
            decimals_from: Some(8),
            decimals_to: Some(18),
            ..Expectations::default()
        };
        let verdict = swap::verify_response(&body, &cfg, &exp);
        let _ = provider_conformance::report::swap_verdict::verdict_human(&verdict);
        let _ = provider_conformance::report::swap_verdict::verdict_json(&verdict);
    }
});
