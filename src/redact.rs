//! The one choke point for secrets: every outcome passes through [`Redactor`] before any
//! report, console line or log sees it.
//!
//! Secrets are the profile's header values, its `${env:...}` values and bearer token (known at
//! load time), and the values captured with `secret: true` (learned as flows finish). Each is
//! masked with its derived forms: base64 and base64url (padded or not) of the secret, of
//! `:secret` and of `secret:` (HTTP Basic credentials with an empty user or password),
//! percent-encoded and JSON-escaped text. A `Basic ...` or `Bearer ...` value also registers
//! its credential part.

use crate::runner::outcome::{CheckOutcome, Exchange, FlowOutcome, RunOutcome};
use crate::swap::hex;
use crate::swap::{DecodedPayload, SwapEvidence};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use base64::Engine;

/// What a secret is replaced with.
pub(crate) const MASK: &str = "***";

/// Secrets shorter than this are not searched for in free text: a header value such as `1`
/// would otherwise mask every digit. Credential headers are masked whatever their length.
pub(crate) const MIN_SECRET_CHARS: usize = 4;

/// Replaces secrets and their derived forms (base64, base64url, URL-encoded, JSON-escaped).
#[derive(Debug, Clone, Default)]
pub(crate) struct Redactor {
    /// Every form of every secret, longest first, each once.
    needles: Vec<String>,
    /// One searcher over all of them, rebuilt when a secret is learned: a text is read once,
    /// not once per form (a memmem searcher per form was a tenth of a one-flow run's
    /// instructions, callgrind). `None` with needles only when it could not be built.
    searcher: Option<AhoCorasick>,
}

impl Redactor {
    pub(crate) fn new<'a>(secrets: impl IntoIterator<Item = &'a String>) -> Redactor {
        let mut r = Redactor::default();
        if secrets.into_iter().fold(false, |added, s| r.add(s) | added) {
            r.build();
        }
        r
    }

    /// Registers one more secret (and its derived forms).
    pub(crate) fn learn(&mut self, secret: &str) {
        if self.add(secret) {
            self.build();
        }
    }

    /// Adds the forms of `secret` not known yet; whether there were any.
    fn add(&mut self, secret: &str) -> bool {
        let mut added = derived_forms(secret);
        for scheme in ["Bearer ", "Basic ", "Token "] {
            if secret.len() > scheme.len()
                && secret[..scheme.len()].eq_ignore_ascii_case(scheme)
                && secret.is_char_boundary(scheme.len())
            {
                let credential = secret[scheme.len()..].trim();
                added.extend(derived_forms(credential));
                if scheme == "Basic "
                    && let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(credential)
                    && let Ok(pair) = String::from_utf8(bytes)
                {
                    added.extend(derived_forms(&pair));
                    if let Some((_, password)) = pair.split_once(':') {
                        added.extend(derived_forms(password));
                    }
                }
            }
        }
        added.retain(|a| !self.needles.contains(a));
        if added.is_empty() {
            return false;
        }
        self.needles.append(&mut added);
        self.needles
            .sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        self.needles.dedup();
        true
    }

    /// The searcher over every form: an NFA, which is built in a few thousand instructions
    /// per form (a DFA took a third of a one-flow run's to build, and is no faster on texts
    /// this short); every occurrence, overlapping ones too (`Standard`): their union is masked.
    fn build(&mut self) {
        self.searcher = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::NoncontiguousNFA))
            .match_kind(MatchKind::Standard)
            .build(&self.needles)
            .ok();
    }

    /// Whether `haystack` holds a secret.
    fn holds(&self, haystack: &[u8]) -> bool {
        match &self.searcher {
            Some(s) => s.is_match(haystack),
            None => self
                .needles
                .iter()
                .any(|n| memchr::memmem::find(haystack, n.as_bytes()).is_some()),
        }
    }

    /// The text with every secret masked: each stretch covered by an occurrence of any form
    /// (overlapping occurrences are one stretch) becomes one [`MASK`].
    pub(crate) fn text(&self, s: &str) -> String {
        let Some(searcher) = &self.searcher else {
            let mut out = s.to_string();
            for n in &self.needles {
                out = out.replace(n.as_str(), MASK);
            }
            return out;
        };
        // Occurrences come by where they end; one that starts inside earlier stretches joins
        // them. Only the stretches are kept: a long run of overlapping occurrences is one.
        let mut stretches: Vec<(usize, usize)> = Vec::new();
        for m in searcher.find_overlapping_iter(s) {
            let (mut start, mut end) = (m.start(), m.end());
            while let Some(&(s0, e0)) = stretches.last() {
                if e0 <= start {
                    break;
                }
                start = start.min(s0);
                end = end.max(e0);
                stretches.pop();
            }
            stretches.push((start, end));
        }
        let mut out = String::with_capacity(s.len());
        let mut at = 0;
        for (start, end) in stretches {
            // A form is whole text: it starts and ends on a character boundary.
            out.push_str(&s[at..start]);
            out.push_str(MASK);
            at = end;
        }
        out.push_str(&s[at..]);
        out
    }

    fn in_place(&self, s: &mut String) {
        if self.holds(s.as_bytes()) {
            *s = self.text(s);
        }
    }

    pub(crate) fn check(&self, c: &mut CheckOutcome) {
        self.in_place(&mut c.message);
    }

    pub(crate) fn exchange(&self, e: &mut Exchange) {
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
            for (k, v) in &mut r.headers {
                self.in_place(v);
                if is_credential_header(k) {
                    *v = MASK.to_string();
                }
            }
        }
        if let Some(err) = &mut e.error {
            self.in_place(err);
        }
    }

    /// Learns the flow's secret captures, then redacts the whole flow outcome, as the
    /// runner emits it.
    pub(crate) fn flow(&mut self, f: &mut FlowOutcome) {
        for step in &mut f.steps {
            for s in std::mem::take(&mut step.secrets) {
                self.learn(&s);
            }
        }
        self.redact_flow(f);
    }

    fn redact_flow(&self, f: &mut FlowOutcome) {
        self.in_place(&mut f.name);
        for step in &mut f.steps {
            step.checks.iter_mut().for_each(|c| self.check(c));
            step.exchanges.iter_mut().for_each(|e| self.exchange(e));
            if let Some(e) = &mut step.decoded_payload {
                self.evidence(e);
            }
        }
    }

    /// Redacts a whole run again with every secret learned so far: a value captured as
    /// secret in one flow is masked in the flows that finished before it too.
    pub(crate) fn run(&self, run: &mut RunOutcome) {
        self.in_place(&mut run.target);
        for suite in &mut run.suites {
            suite.flows.iter_mut().for_each(|f| self.redact_flow(f));
        }
        for d in &mut run.deviations {
            self.in_place(&mut d.message);
            self.in_place(&mut d.reason);
        }
        if let Some(stop) = &mut run.stopped {
            stop.not_run.iter_mut().for_each(|f| self.in_place(f));
        }
        for u in &mut run.unreachable {
            self.in_place(&mut u.base_url);
            u.flows.iter_mut().for_each(|f| self.in_place(f));
        }
    }
}

impl Redactor {
    /// Whether `bytes`, or their hex as the reports show it, hold a secret.
    fn bytes_hold_secret(&self, bytes: &[u8]) -> bool {
        let shown = hex::encode(bytes);
        // memmem, not `windows`: a field can hold megabytes (a hostile payload under a raised
        // `--max-response-bytes`), and a naive scan per secret made such a run take seconds.
        self.holds(shown.as_bytes()) || self.holds(bytes)
    }

    /// Redacts the /swap evidence of a step, on its types: text is masked in place, and bytes
    /// holding a secret (which cannot be masked inside their hex) are dropped, never kept.
    pub(crate) fn evidence(&self, e: &mut SwapEvidence) {
        self.in_place(&mut e.device.reason);
        if let Some(r) = &mut e.ledger_live.reason {
            self.in_place(r);
        }
        if let Some(d) = &mut e.decoded {
            self.payload(d);
        }
    }

    fn payload(&self, d: &mut DecodedPayload) {
        if self.needles.is_empty() {
            return;
        }
        for f in &mut d.fields {
            self.in_place(&mut f.display);
            if self.bytes_hold_secret(&f.value) {
                f.value.clear();
                if !f.display.contains(MASK) {
                    f.display = MASK.to_string();
                }
                d.redacted = true;
            }
        }
        if self.bytes_hold_secret(&d.protobuf) {
            d.protobuf.clear();
            d.redacted = true;
        }
    }
}

/// `secret` and the encodings it may travel in; none shorter than [`MIN_SECRET_CHARS`].
fn derived_forms(secret: &str) -> Vec<String> {
    if secret.chars().count() < MIN_SECRET_CHARS {
        return Vec::new();
    }
    let mut out = vec![secret.to_string()];
    for raw in [
        secret.to_string(),
        format!(":{secret}"),
        format!("{secret}:"),
    ] {
        for engine in [
            &base64::engine::general_purpose::STANDARD,
            &base64::engine::general_purpose::STANDARD_NO_PAD,
            &base64::engine::general_purpose::URL_SAFE,
            &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        ] {
            out.push(engine.encode(raw.as_bytes()));
        }
    }
    out.push(crate::percent::encode_with(secret, false));
    out.push(crate::percent::encode_with(secret, true));
    out.push(crate::percent::encode_with(secret, false).replace("%20", "+"));
    out.push(
        serde_json::to_string(secret)
            .unwrap_or_default()
            .trim_matches('"')
            .to_string(),
    );
    out.retain(|n| n.chars().count() >= MIN_SECRET_CHARS);
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

    #[test]
    fn masks_secrets_and_derived_forms() {
        let secret = "s3cr3t/k+y=".to_string();
        let r = Redactor::new([&secret]);
        let b64 = STANDARD.encode(&secret);
        let text = format!(
            "a {secret} b {b64} c {} d {}",
            crate::percent::encode_with(&secret, false),
            crate::percent::encode_with(&secret, true)
        );
        assert_eq!(r.text(&text), "a *** b *** c *** d ***");
    }

    #[test]
    fn masks_basic_and_bearer_credentials() {
        let secret = "sentinel-Pa55".to_string();
        let r = Redactor::new([&secret]);
        for shown in [
            format!(
                "Authorization: Basic {}",
                STANDARD.encode(format!(":{secret}"))
            ),
            format!(
                "Authorization: Basic {}",
                STANDARD.encode(format!("{secret}:"))
            ),
            format!("Authorization: Bearer {secret}"),
            format!("token={}", URL_SAFE_NO_PAD.encode(&secret)),
        ] {
            assert!(
                r.text(&shown).ends_with(MASK),
                "{shown} -> {}",
                r.text(&shown)
            );
        }
    }

    #[test]
    fn a_basic_header_value_registers_its_password() {
        let header = format!("Basic {}", STANDARD.encode("acme:hunter22"));
        let r = Redactor::new([&header]);
        assert_eq!(r.text("pw=hunter22"), "pw=***");
        assert_eq!(r.text("Bearer acme:hunter22"), "Bearer ***");
    }

    #[test]
    fn learned_secrets_are_masked_from_then_on() {
        let mut r = Redactor::default();
        assert_eq!(r.text("t=captured-token-1"), "t=captured-token-1");
        r.learn("captured-token-1");
        assert_eq!(r.text("t=captured-token-1"), "t=***");
    }

    #[test]
    fn short_values_are_not_searched_for() {
        let one = "1".to_string();
        let r = Redactor::new([&one]);
        assert_eq!(r.text("version 1.10"), "version 1.10");
    }

    #[test]
    fn evidence_is_redacted_on_its_types_and_fails_closed() {
        use crate::swap::payload::{PayloadEncoding, decode_protobuf};
        use crate::swap::testkit::Pb;
        let secret = "q\"uo\\te\nd-Secret".to_string();
        let r = Redactor::new([&secret]);
        let d = decode_protobuf(
            Pb::new().string(5, &secret).string(7, "BTC").into_bytes(),
            PayloadEncoding::Base64url,
        )
        .expect("decodes");
        let v = crate::swap::SwapVerdict::new(
            Vec::new(),
            Some(d),
            crate::swap::DeviceVerdict::accepting(&format!("saw {secret}")),
        );
        let mut e = v.evidence();
        r.evidence(&mut e);
        let json = serde_json::to_string(&e).expect("json");
        assert!(!json.contains("Secret"), "{json}");
        assert!(!json.contains(&hex::encode(secret.as_bytes())), "{json}");
        let d = e.decoded.as_ref().expect("payload kept");
        assert!(d.redacted && d.protobuf.is_empty());
        assert_eq!(d.fields[0].display, format!("\"{MASK}\""));
        assert_eq!(d.fields[1].display, "\"BTC\"");
        assert_eq!(e.device.reason, "saw ***");
    }

    #[test]
    fn overlapping_occurrences_are_masked_as_one_stretch() {
        let (long, short) = ("cdefghij".to_string(), "xab_c".to_string());
        let r = Redactor::new([&long, &short]);
        // Neither secret's characters are left, whichever occurrence starts first.
        assert_eq!(r.text("1 xab_cdefghij 2"), "1 *** 2");
        let abab = "abab".to_string();
        let r = Redactor::new([&abab]);
        assert_eq!(r.text("ababab abab"), "*** ***");
        // A long form ending after shorter ones that start later joins them all.
        let (a, b, c) = (
            "bcde".to_string(),
            "fghi".to_string(),
            "abcdefghijk".to_string(),
        );
        let r = Redactor::new([&a, &b, &c]);
        assert_eq!(r.text("0abcdefghijk1 bcde-fghi"), "0***1 ***-***");
        let aaaa = "aaaa".to_string();
        assert_eq!(Redactor::new([&aaaa]).text(&"a".repeat(100_000)), MASK);
    }

    proptest::proptest! {
        #[test]
        fn no_form_of_a_secret_is_left(
            secrets in proptest::collection::vec("[ab]{4,7}", 1..4),
            text in "[ab ]{0,80}",
        ) {
            let r = Redactor::new(&secrets);
            let out = r.text(&text);
            for n in &r.needles {
                proptest::prop_assert!(!out.contains(n.as_str()), "{n} in {out}");
            }
        }
    }

    #[test]
    fn without_a_searcher_every_form_is_still_masked() {
        let secret = "s3cr3t/k+y=".to_string();
        let mut r = Redactor::new([&secret]);
        r.searcher = None;
        let text = format!("a {secret} b {}", STANDARD.encode(&secret));
        assert!(r.holds(text.as_bytes()));
        assert_eq!(r.text(&text), "a *** b ***");
    }

    #[test]
    fn leaves_other_text_alone() {
        let r = Redactor::new(&[]);
        assert_eq!(r.text("nothing secret"), "nothing secret");
    }
}
