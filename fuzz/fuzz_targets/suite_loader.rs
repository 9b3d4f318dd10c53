//! The suite loader on any text: YAML tree, validation, templates, JSONPath, schema names,
//! and the diagnostic renderer. It must return a suite or diagnostics, never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use provider_conformance::diagnostic::render_all;
use provider_conformance::profile::load_profile;
use provider_conformance::source::Sources;
use provider_conformance::suite::schemas::SchemaStore;
use provider_conformance::suite::{LoadContext, load_suite};
use std::path::Path;

/// A profile with every section, so that `${profile.*}` and `${pair.*}` are checked too.
const PROFILE: &str = r#"
name: Fuzz
swap:
  base_url: https://swap.fuzz.example
  headers: { X-API-KEY: key }
  curve: secp256k1
  public_key: "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"
  pairs:
    - { from: btc, to: eth, amount: "0.01", payload_currency_from: BTC, payload_currency_to: ETH,
        decimals_from: 8, decimals_to: 18, refund_address: "bc1q", payout_address: "0x" }
buy:
  base_url: https://buy.fuzz.example
  quote: { from: EUR, to: bitcoin, payment_method: card, amount: 100, country: FR, dest: "bc1q" }
"#;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut sources = Sources::default();
    let profile = load_profile(
        &mut sources,
        "profile.yaml",
        PROFILE.to_string(),
        Path::new("."),
        &|_| None,
    )
    .expect("the fuzz profile loads");
    let known_ids = provider_conformance::catalogue::ids();
    let mut schemas = SchemaStore::default();
    let mut ctx = LoadContext {
        profile: Some(&profile),
        schemas: &mut schemas,
        dir: None,
        known_ids: &known_ids,
    };
    if let Err(diags) = load_suite(&mut sources, "fuzz.yaml", text.to_string(), &mut ctx) {
        let _ = render_all(&diags, &sources);
    }
});
