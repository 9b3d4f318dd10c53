//! The device's base64 decoder and the lenient signature decoder on any text, checked against
//! each other and against the `base64` crate.
#![no_main]

use libfuzzer_sys::fuzz_target;
use provider_conformance::swap::base64::{decode_device, decode_lenient};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let device = decode_device(text);
    let lenient = decode_lenient(text);
    if let Ok(d) = &device {
        // What the device accepts, the lenient decoder reads the same way.
        let l = lenient
            .as_ref()
            .expect("lenient accepts what the device accepts");
        assert_eq!(d.bytes, l.bytes);
        // And a reference decoder agrees (the device ignores trailing bits and padding).
        use base64::Engine;
        let engine = base64::engine::GeneralPurpose::new(
            &base64::alphabet::URL_SAFE,
            base64::engine::GeneralPurposeConfig::new()
                .with_decode_allow_trailing_bits(true)
                .with_decode_padding_mode(base64::engine::DecodePaddingMode::RequireNone),
        );
        let body = text.trim_end_matches('=').replace('/', "_");
        if text.len() - text.trim_end_matches('=').len() <= 2 {
            assert_eq!(
                engine.decode(body).expect("the base64 crate decodes it"),
                d.bytes
            );
        }
    }
});
