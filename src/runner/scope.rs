//! Variable values during one flow: profile, pair, captures, step vars and generators.

use crate::profile::{NonceEncoding, Pair, Profile};
use crate::template::{Generator, Reference, lookup_path};
use base64::Engine;
use serde_json::Value;
use std::collections::HashMap;

/// The values visible to one flow instance.
pub(crate) struct Scope<'a> {
    pub profile: &'a Profile,
    pub pair: Option<&'a Pair>,
    pub nonce_encoding: NonceEncoding,
    /// The provider is registered for the legacy flow: `gen.nonce` is then 10 letters A to Z.
    pub legacy: bool,
    /// Step vars and captures, by name.
    pub values: HashMap<String, Value>,
}

impl Scope<'_> {
    /// The value of a variable; generators make a fresh value at each call.
    pub(crate) fn get(&self, reference: &Reference) -> Option<Value> {
        match reference {
            Reference::Name(name) => self.values.get(name).cloned(),
            Reference::Profile(path) => lookup_path(self.profile.view(), &path.join(".")).cloned(),
            Reference::Pair(key) => self.pair.map(|p| p.value(*key)),
            Reference::Gen(Generator::Nonce) if self.legacy => Some(Value::String(generate(
                Generator::NonceLegacy,
                self.nonce_encoding,
            ))),
            Reference::Gen(g) => Some(Value::String(generate(*g, self.nonce_encoding))),
            // Profiles only: resolved when the profile loads.
            Reference::Env(_) => None,
        }
    }
}

/// Fresh random bytes from the OS.
pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    // getrandom only fails where the OS has no entropy source; a zero nonce would then be
    // caught by the provider's own checks, so this is not worth aborting the run for.
    let _ = getrandom::fill(&mut b);
    b
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A fresh value of a generator.
fn generate(g: Generator, encoding: NonceEncoding) -> String {
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    match g {
        Generator::Nonce => match encoding {
            NonceEncoding::Hex => hex(&random_bytes::<32>()),
            NonceEncoding::Base64Url => b64.encode(random_bytes::<32>()),
        },
        Generator::NonceHex => hex(&random_bytes::<32>()),
        Generator::NonceBase64Url => b64.encode(random_bytes::<32>()),
        // The legacy device nonce: 10 characters 'A' + rng % 26.
        Generator::NonceLegacy => random_bytes::<10>()
            .iter()
            .map(|b| (b'A' + b % 26) as char)
            .collect(),
        Generator::Uuid => {
            let mut b = random_bytes::<16>();
            b[6] = (b[6] & 0x0f) | 0x40;
            b[8] = (b[8] & 0x3f) | 0x80;
            let h = hex(&b);
            format!(
                "{}-{}-{}-{}-{}",
                &h[0..8],
                &h[8..12],
                &h[12..16],
                &h[16..20],
                &h[20..32]
            )
        }
        Generator::NowIso => chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        Generator::NowMs => chrono::Utc::now().timestamp_millis().to_string(),
        Generator::WrongSecret => format!("invalid-{}", hex(&random_bytes::<6>())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_follow_the_encoding_and_differ() {
        let hex_nonce = generate(Generator::Nonce, NonceEncoding::Hex);
        assert_eq!(hex_nonce.len(), 64);
        assert!(
            hex_nonce
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_ne!(hex_nonce, generate(Generator::Nonce, NonceEncoding::Hex));
        let b = generate(Generator::Nonce, NonceEncoding::Base64Url);
        assert_eq!(b.len(), 43);
        let legacy = generate(Generator::NonceLegacy, NonceEncoding::Hex);
        assert!(legacy.len() == 10 && legacy.chars().all(|c| c.is_ascii_uppercase()));
    }

    #[test]
    fn uuids_are_version_4() {
        let u = generate(Generator::Uuid, NonceEncoding::Hex);
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
    }

    #[test]
    fn references_resolve_by_variant() {
        let text = r#"
name: ACME
buy:
  base_url: https://buy.acme.example
  quote: { from: EUR, to: bitcoin, payment_method: card, amount: 100, country: FR, dest: d }
"#;
        let mut sources = crate::source::Sources::default();
        let profile = crate::profile::load_profile(
            &mut sources,
            "p.yaml",
            text.into(),
            std::path::Path::new("."),
            &|_| None,
        )
        .unwrap();
        let mut scope = Scope {
            profile: &profile,
            pair: None,
            nonce_encoding: NonceEncoding::Hex,
            legacy: true,
            values: HashMap::new(),
        };
        scope.values.insert("quote_id".into(), Value::from("q1"));
        let get = |name: &str| scope.get(&Reference::parse(name));
        assert_eq!(get("profile.buy.quote.amount"), Some(Value::from(100)));
        assert_eq!(get("quote_id"), Some(Value::from("q1")));
        assert_eq!(get("pair.from"), None);
        assert_eq!(get("env:HOME"), None);
        let nonce = get("gen.nonce").unwrap();
        assert_eq!(nonce.as_str().map(str::len), Some(10), "legacy nonce");
    }
}
