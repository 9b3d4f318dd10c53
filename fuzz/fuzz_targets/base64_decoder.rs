//! The device's base64 decoder (garbling included) and the lenient signature decoder on any
//! text, checked against each other and against the `base64` crate where the text is clean.
#![no_main]

use libfuzzer_sys::fuzz_target;
use provider_conformance::swap::base64::{decode_device, decode_lenient, ledger_live_check};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let device = decode_device(text);
    let lenient = decode_lenient(text);
    if let Ok(d) = &device {
        assert!(d.garbled_chars.iter().all(|&i| i < text.len()));
        assert!(d.garbled_bytes.iter().all(|&i| i < d.bytes.len()));
    }
    // Clean text (Ledger Live's pattern, nothing garbled, no lone trailing character).
    let clean = ledger_live_check(text).is_ok()
        && text.trim_end_matches('=').len() % 4 != 1
        && device.as_ref().is_ok_and(|d| d.garbled_chars.is_empty());
    if let (true, Ok(d)) = (clean, &device) {
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
