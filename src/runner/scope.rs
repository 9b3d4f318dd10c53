//! Variable values during one flow: profile, pair, captures, step vars and generators.

use crate::profile::NonceEncoding;
use crate::template::lookup_path;
use base64::Engine;
use serde_json::Value;
use std::collections::HashMap;

/// The values visible to one flow instance.
pub struct Scope<'a> {
    pub profile: &'a Value,
    pub pair: Option<&'a Value>,
    pub nonce_encoding: NonceEncoding,
    /// The provider is registered for the legacy flow: `gen.nonce` is then 10 letters A to Z.
    pub legacy: bool,
    pub values: HashMap<String, Value>,
}

impl Scope<'_> {
    /// The value of a variable; generators make a fresh value at each call.
    pub fn get(&self, name: &str) -> Option<Value> {
        if let Some(v) = self.values.get(name) {
            return Some(v.clone());
        }
        if let Some(rest) = name.strip_prefix("profile.") {
            return lookup_path(self.profile, rest).cloned();
        }
        if let Some(rest) = name.strip_prefix("pair.") {
            return match self.pair.and_then(|p| lookup_path(p, rest)) {
                Some(v) => Some(v.clone()),
                None if crate::profile::PAIR_OPTIONAL.contains(&rest) => Some(Value::Null),
                None => None,
            };
        }
        if name == "gen.nonce" && self.legacy {
            return generate("gen.nonce_legacy", self.nonce_encoding).map(Value::String);
        }
        generate(name, self.nonce_encoding).map(Value::String)
    }
}

/// Fresh random bytes from the OS.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    // getrandom only fails where the OS has no entropy source; a zero nonce would then be
    // caught by the provider's own checks, so this is not worth aborting the run for.
    let _ = getrandom::fill(&mut b);
    b
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The generators (`gen.*`).
fn generate(name: &str, encoding: NonceEncoding) -> Option<String> {
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    Some(match name {
        "gen.nonce" => match encoding {
            NonceEncoding::Hex => hex(&random_bytes::<32>()),
            NonceEncoding::Base64Url => b64.encode(random_bytes::<32>()),
        },
        "gen.nonce_hex" => hex(&random_bytes::<32>()),
        "gen.nonce_base64url" => b64.encode(random_bytes::<32>()),
        // The legacy device nonce: 10 characters 'A' + rng % 26.
        "gen.nonce_legacy" => random_bytes::<10>()
            .iter()
            .map(|b| (b'A' + b % 26) as char)
            .collect(),
        "gen.uuid" => {
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
        "gen.now_iso" => chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "gen.now_ms" => chrono::Utc::now().timestamp_millis().to_string(),
        "gen.wrong_secret" => format!("invalid-{}", hex(&random_bytes::<6>())),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_follow_the_encoding_and_differ() {
        let hex_nonce = generate("gen.nonce", NonceEncoding::Hex).unwrap();
        assert_eq!(hex_nonce.len(), 64);
        assert!(
            hex_nonce
                .chars()
                .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        );
        assert_ne!(
            hex_nonce,
            generate("gen.nonce", NonceEncoding::Hex).unwrap()
        );
        let b = generate("gen.nonce", NonceEncoding::Base64Url).unwrap();
        assert_eq!(b.len(), 43);
        let legacy = generate("gen.nonce_legacy", NonceEncoding::Hex).unwrap();
        assert!(legacy.len() == 10 && legacy.chars().all(|c| c.is_ascii_uppercase()));
    }

    #[test]
    fn uuids_are_version_4() {
        let u = generate("gen.uuid", NonceEncoding::Hex).unwrap();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
    }
}
