//! The one choke point for secrets: every outcome passes through [`Redactor`] before any
//! report, console line or log sees it.

use crate::runner::outcome::{CheckOutcome, Exchange, FlowOutcome};
use base64::Engine;

/// What a secret is replaced with.
pub const MASK: &str = "***";

/// Replaces secrets and their derived forms (base64, base64url, URL-encoded, JSON-escaped).
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    needles: Vec<String>,
}

impl Redactor {
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a String>) -> Redactor {
        let mut needles = Vec::new();
        for s in secrets {
            if s.is_empty() {
                continue;
            }
            needles.push(s.clone());
            for engine in [
                &base64::engine::general_purpose::STANDARD,
                &base64::engine::general_purpose::STANDARD_NO_PAD,
                &base64::engine::general_purpose::URL_SAFE,
                &base64::engine::general_purpose::URL_SAFE_NO_PAD,
            ] {
                needles.push(engine.encode(s.as_bytes()));
            }
            needles.push(percent_encode(s));
            needles.push(
                serde_json::to_string(s)
                    .unwrap_or_default()
                    .trim_matches('"')
                    .to_string(),
            );
        }
        needles.retain(|n| !n.is_empty());
        needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
        needles.dedup();
        Redactor { needles }
    }

    /// The text with every secret masked.
    pub fn text(&self, s: &str) -> String {
        let mut out = s.to_string();
        for n in &self.needles {
            if out.contains(n.as_str()) {
                out = out.replace(n.as_str(), MASK);
            }
        }
        out
    }

    fn in_place(&self, s: &mut String) {
        if self.needles.iter().any(|n| s.contains(n.as_str())) {
            *s = self.text(s);
        }
    }

    pub fn check(&self, c: &mut CheckOutcome) {
        self.in_place(&mut c.message);
    }

    pub fn exchange(&self, e: &mut Exchange) {
        self.in_place(&mut e.request.url);
        for (k, v) in &mut e.request.headers {
            self.in_place(v);
            if is_credential_header(k) {
                *v = MASK.to_string();
            }
        }
        if let Some(b) = &mut e.request.body {
            self.in_place(b);
        }
        if let Some(r) = &mut e.response {
            self.in_place(&mut r.body);
            for (_, v) in &mut r.headers {
                self.in_place(v);
            }
        }
        if let Some(err) = &mut e.error {
            self.in_place(err);
        }
    }

    /// Redacts a whole flow outcome, as the runner emits it.
    pub fn flow(&self, f: &mut FlowOutcome) {
        for step in &mut f.steps {
            step.checks.iter_mut().for_each(|c| self.check(c));
            step.exchanges.iter_mut().for_each(|e| self.exchange(e));
            if let Some(d) = &mut step.decoded_payload {
                let mut text = d.to_string();
                self.in_place(&mut text);
                if let Ok(v) = serde_json::from_str(&text) {
                    *d = v;
                }
            }
        }
    }
}

/// Headers whose value is a credential whatever the profile says.
fn is_credential_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n == "authorization"
        || n == "proxy-authorization"
        || n == "cookie"
        || n.contains("api-key")
        || n.contains("apikey")
        || n.contains("token")
        || n.contains("secret")
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_secrets_and_derived_forms() {
        let secret = "s3cr3t/k+y=".to_string();
        let r = Redactor::new([&secret]);
        let b64 = base64::engine::general_purpose::STANDARD.encode(&secret);
        let text = format!("a {secret} b {b64} c {} d", percent_encode(&secret));
        assert_eq!(r.text(&text), "a *** b *** c *** d");
    }

    #[test]
    fn leaves_other_text_alone() {
        let r = Redactor::new(&[]);
        assert_eq!(r.text("nothing secret"), "nothing secret");
    }
}
