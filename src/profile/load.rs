//! Reads a profile text into a [`Profile`], collecting every problem with its position.

use super::env;
use super::mask;
use super::model::{
    Api, BuyQuote, IpAnswer, IpCheck, IpIn, Login, NonceEncoding, Profile, Section, TestSwaps,
};
use super::pair::load_pairs;
use super::view::profile_json;
use crate::curve::Curve;
use crate::diagnostic::Diagnostic;
use crate::source::Sources;
use crate::swap::SignatureMode;
use crate::yaml::{self, MapReader, Node, NodeKind};
use std::collections::BTreeMap;
use std::path::Path;

const TOP_KEYS: &[&str] = &[
    "name",
    "swap",
    "swap_v1",
    "buy",
    "known_deviations",
    "widgets",
    "sweep",
];
const SWAP_KEYS: &[&str] = &[
    "base_url",
    "headers",
    "curve",
    "public_key",
    "nonce_encoding",
    "signature_mode",
    "pairs",
    "status_deadline_secs",
    "test_swaps",
];
const SWAP_V1_KEYS: &[&str] = &[
    "base_url",
    "headers",
    "login",
    "bearer_token",
    "curve",
    "public_key",
    "nonce_encoding",
    "signature_mode",
    "pairs",
    "status_deadline_secs",
    "ip_check",
    "kyc_users",
];
const BUY_KEYS: &[&str] = &["base_url", "headers", "quote"];
const IP_CHECK_KEYS: &[&str] = &[
    "method",
    "path",
    "ip_in",
    "ip_name",
    "accepted_ip",
    "rejected_ip",
    "answer",
];
const IP_ANSWER_KEYS: &[&str] = &["field", "accepted", "rejected"];
const BUY_QUOTE_KEYS: &[&str] = &["from", "to", "payment_method", "amount", "country", "dest"];

/// Loads a profile text. `dir` resolves relative PEM paths; `env` reads the environment.
pub fn load_profile(
    sources: &mut Sources,
    name: &str,
    text: String,
    dir: &Path,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Profile, Vec<Diagnostic>> {
    let file = sources.add(name, text);
    let raw = match yaml::parse(file, &sources.get(file).text) {
        Ok(root) => root,
        Err(diags) => {
            // No tree, so no known values: mask whatever a credential-looking key holds.
            let found: Vec<String> = mask::credential_values(&sources.get(file).text)
                .into_iter()
                .collect();
            sources.mask(file, &found);
            return Err(diags);
        }
    };
    let mut diags = Vec::new();
    let resolved = env::resolve(&raw, env, &mut diags);
    let reported = diags.len();
    let mut profile = read_profile(&resolved.root, dir, &mut diags);
    let mut step_secrets = Vec::new();
    if let Some(Some(w)) = profile.as_mut().map(|p| p.3.as_mut()) {
        step_secrets = super::widgets::read_step_files(w, sources, env, &mut diags);
    }
    // A value whose variable had no value was reported once; say nothing more about it.
    let mut index = 0;
    diags.retain(|d| {
        index += 1;
        index <= reported || !d.span.is_some_and(|s| resolved.unresolved.contains(&s))
    });
    match profile {
        Some((name, sections, known_deviations, widgets, sweep)) if diags.is_empty() => {
            let mut secrets = resolved.secrets;
            secrets.extend(step_secrets);
            for s in sections.values() {
                secrets.extend(s.headers.iter().map(|(_, v)| v.clone()));
                secrets.extend(s.bearer_token.clone());
                secrets.extend(s.kyc_users.iter().map(|u| u.bearer_token.clone()));
            }
            secrets.retain(|s| !s.is_empty());
            let view = profile_json(&name, sections.values());
            Ok(Profile {
                name,
                file,
                sections,
                secrets,
                known_deviations,
                widgets,
                sweep,
                view,
            })
        }
        _ => {
            // Diagnostics quote profile lines: mask the credentials written in the file.
            let mut secrets = resolved.secrets;
            secrets.extend(mask::credentials(&resolved.root, &resolved.unresolved));
            sources.mask(file, &secrets);
            Err(diags)
        }
    }
}

type Parts = (
    String,
    BTreeMap<Api, Section>,
    Option<Node>,
    Option<super::widgets::Widgets>,
    Option<super::SweepConfig>,
);

/// The name, the sections that validated and the raw `known_deviations`.
fn read_profile(root: &Node, dir: &Path, diags: &mut Vec<Diagnostic>) -> Option<Parts> {
    let top = MapReader::new(root, "the profile", TOP_KEYS, diags)?;
    let name = top.req_str("name", diags).unwrap_or_default();
    if let Some(n) = top.get("name") {
        let len = name.len();
        if !name.is_empty() && !(3..=15).contains(&len) {
            diags.push(
                Diagnostic::error(n.span, format!("`name` must be 3 to 15 bytes, found {len}"))
                    .with_label("as registered with Ledger")
                    .with_help(
                        "the device refuses partner names outside 3 to 15 bytes (SET_PARTNER_KEY)",
                    ),
            );
        }
    }
    let mut sections = BTreeMap::new();
    for api in Api::ALL {
        if let Some(node) = top.get(api.key())
            && let Some(s) = load_section(api, node, dir, diags)
        {
            sections.insert(api, s);
        }
    }
    if Api::ALL.iter().all(|a| top.get(a.key()).is_none()) {
        diags.push(
            Diagnostic::error(root.span, "the profile has no API section")
                .with_help("add at least one of `swap`, `swap_v1` or `buy`"),
        );
    }
    let widgets = top
        .get("widgets")
        .and_then(|n| super::widgets::read(n, dir, diags));
    let sweep = top
        .get("sweep")
        .and_then(|n| super::sweep::load_sweep(n, diags));
    Some((
        name,
        sections,
        top.get("known_deviations").cloned(),
        widgets,
        sweep,
    ))
}

fn load_section(api: Api, node: &Node, dir: &Path, diags: &mut Vec<Diagnostic>) -> Option<Section> {
    let what = format!("profile section `{}`", api.key());
    let keys = match api {
        Api::Swap => SWAP_KEYS,
        Api::SwapV1 => SWAP_V1_KEYS,
        Api::Buy => BUY_KEYS,
    };
    let before = diags.len();
    let r = MapReader::new(node, &what, keys, diags)?;
    let base_url = base_url(&r, diags);
    let headers = headers(&r, diags);
    let curve = curve(&r, diags);
    let public_key = r.get("public_key").and_then(|n| public_key(n, dir, diags));
    let default_encoding = if api == Api::SwapV1 {
        NonceEncoding::Base64Url
    } else {
        NonceEncoding::Hex
    };
    let nonce_encoding = choice(
        &r,
        "nonce_encoding",
        &[
            ("hex", NonceEncoding::Hex),
            ("base64url", NonceEncoding::Base64Url),
        ],
        default_encoding,
        diags,
    );
    let signature_mode = choice(
        &r,
        "signature_mode",
        &[("ng", SignatureMode::Ng), ("legacy", SignatureMode::Legacy)],
        SignatureMode::Ng,
        diags,
    );
    let status_deadline_secs = r.opt_u64("status_deadline_secs", diags);
    let test_swaps = test_swaps(&r, api, diags);
    // The seed flow sends the user's bearer token to /check_quote and /swap; it needs one
    // only when the provider needs a login (seed: "bearerToken (can be NULL)").
    let login = if api == Api::SwapV1 {
        let options = [("required", Login::Required), ("none", Login::None)];
        choice(&r, "login", &options, Login::None, diags)
    } else {
        Login::None
    };
    let bearer_token = match (api, login) {
        (Api::SwapV1, Login::Required) => r.req_str("bearer_token", diags),
        (Api::SwapV1, Login::None) => r.opt_str("bearer_token", diags),
        _ => None,
    };
    let mut pairs = Vec::new();
    if matches!(api, Api::Swap | Api::SwapV1) {
        if curve.is_none() && r.get("curve").is_none() {
            r.required("curve", diags);
        }
        if r.get("public_key").is_none() {
            r.required("public_key", diags);
        }
        if let Some(list) = r.required("pairs", diags) {
            pairs = load_pairs(list, diags);
        }
    }
    let kyc_users = if api == Api::SwapV1 {
        super::kyc::load_kyc_users(&r, diags)
    } else {
        Vec::new()
    };
    let ip_check = (api == Api::SwapV1)
        .then(|| r.get("ip_check").and_then(|n| ip_check(n, diags)))
        .flatten();
    let quote = (api == Api::Buy)
        .then(|| r.required("quote", diags).and_then(|q| buy_quote(q, diags)))
        .flatten();
    let key = match (&public_key, curve) {
        (Some(text), Some(c)) => match crate::swap::parse_public_key(text, c) {
            Ok(k) => Some(k),
            Err(e) => {
                let span = r.get("public_key").map_or(r.span(), |n| n.span);
                diags.push(
                    Diagnostic::error(span, format!("`public_key` is not a valid {c} key: {e}"))
                        .with_label("here"),
                );
                None
            }
        },
        _ => None,
    };
    if diags.len() > before {
        return None;
    }
    Some(Section {
        api,
        base_url: base_url?.trim_end_matches('/').to_string(),
        headers,
        curve,
        public_key,
        key,
        nonce_encoding,
        signature_mode,
        pairs,
        status_deadline_secs,
        test_swaps,
        login,
        bearer_token,
        kyc_users,
        ip_check,
        quote,
        span: node.span,
    })
}

fn base_url(r: &MapReader<'_>, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let node = r.required("base_url", diags)?;
    let url = yaml::reader_expect_str(node, "base_url", diags)?;
    if !(url.starts_with("http://") || url.starts_with("https://"))
        || reqwest::Url::parse(&url).is_err()
    {
        diags.push(
            Diagnostic::error(
                node.span,
                format!("`base_url` is not an http(s) URL: `{url}`"),
            )
            .with_label("expected e.g. https://staging.example.com/ledger"),
        );
        return None;
    }
    Some(url)
}

/// Header names and values, as written (a number keeps its digits).
fn headers(r: &MapReader<'_>, diags: &mut Vec<Diagnostic>) -> Vec<(String, String)> {
    let Some(h) = r.get("headers") else {
        return Vec::new();
    };
    let NodeKind::Map(entries) = &h.kind else {
        diags.push(
            Diagnostic::error(h.span, "`headers` must be a mapping")
                .with_label(format!("found {}", h.type_name())),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in entries {
        let name = k.as_scalar().unwrap_or_default().to_string();
        match v.as_scalar() {
            Some(value) => out.push((name, value.to_string())),
            None => diags.push(
                Diagnostic::error(v.span, format!("header `{name}` must be a string"))
                    .with_label(format!("found {}", v.type_name())),
            ),
        }
    }
    out
}

fn curve(r: &MapReader<'_>, diags: &mut Vec<Diagnostic>) -> Option<Curve> {
    let n = r.get("curve")?;
    match n.as_scalar().map(str::parse::<Curve>) {
        Some(Ok(c)) => Some(c),
        Some(Err(e)) => {
            diags.push(Diagnostic::error(n.span, e).with_label("unknown curve"));
            None
        }
        None => {
            diags.push(Diagnostic::error(n.span, "`curve` must be a string"));
            None
        }
    }
}

/// Uncompressed SEC1 hex as written, or the text of the PEM file it names.
fn public_key(n: &Node, dir: &Path, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let text = yaml::reader_expect_str(n, "public_key", diags)?
        .trim()
        .to_string();
    let fail = |diags: &mut Vec<Diagnostic>, message: String, label: &str| {
        diags.push(Diagnostic::error(n.span, message).with_label(label.to_string()));
        None
    };
    if text.starts_with("04") && text.chars().all(|c| c.is_ascii_hexdigit()) {
        if text.len() != 130 {
            let message = format!(
                "`public_key` must be 65 bytes (130 hex characters), found {}",
                text.len()
            );
            return fail(diags, message, "uncompressed SEC1 public key expected");
        }
        return Some(text);
    }
    if text.starts_with("02") || text.starts_with("03") {
        let message =
            "`public_key` is compressed; the device needs the uncompressed 65-byte form (04...)";
        return fail(diags, message.to_string(), "compressed key");
    }
    let hint = "expected hex (04...) or a PEM file path";
    let path = dir.join(&text);
    let read = crate::input::read_text(
        crate::input::Origin::File(&path),
        crate::input::MAX_FILE_BYTES,
    );
    match read {
        Ok(pem) if pem.contains("-----BEGIN") => Some(pem),
        Ok(_) => fail(diags, format!("`{text}` is not a PEM file"), hint),
        Err(e) => fail(
            diags,
            format!("cannot read public key file `{text}`: {e}"),
            hint,
        ),
    }
}

/// The value of a key that takes one of a few words; `default` when absent or unknown (reported).
/// `test_swaps: settle | stay_pending` (swap section): whether test swaps, which are never
/// funded, reach a final state on the provider's staging environment.
fn test_swaps(r: &MapReader<'_>, api: Api, diags: &mut Vec<Diagnostic>) -> TestSwaps {
    if api != Api::Swap {
        return TestSwaps::Settle;
    }
    let options = [
        ("settle", TestSwaps::Settle),
        ("stay_pending", TestSwaps::StayPending),
    ];
    choice(r, "test_swaps", &options, TestSwaps::Settle, diags)
}

fn choice<T: Copy>(
    r: &MapReader<'_>,
    key: &str,
    options: &[(&str, T)],
    default: T,
    diags: &mut Vec<Diagnostic>,
) -> T {
    let Some(word) = r.opt_str(key, diags) else {
        return default;
    };
    if let Some((_, v)) = options.iter().find(|(w, _)| *w == word) {
        return *v;
    }
    let names: Vec<String> = options.iter().map(|(w, _)| format!("`{w}`")).collect();
    let span = r.get(key).map_or(r.span(), |n| n.span);
    let what = key.replace('_', " ");
    diags.push(
        Diagnostic::error(span, format!("unknown {what} `{word}`"))
            .with_label(format!("expected {}", names.join(" or "))),
    );
    default
}

fn ip_check(node: &Node, diags: &mut Vec<Diagnostic>) -> Option<IpCheck> {
    let r = MapReader::new(node, "`ip_check`", IP_CHECK_KEYS, diags)?;
    let path = r.req_str("path", diags);
    let accepted_ip = r.req_str("accepted_ip", diags);
    let rejected_ip = r.req_str("rejected_ip", diags);
    let ip_in = match r.opt_str("ip_in", diags).as_deref() {
        None | Some("body") => IpIn::Body,
        Some("query") => IpIn::Query,
        Some("header") => IpIn::Header,
        Some(v) => {
            let span = r.get("ip_in").map_or(r.span(), |n| n.span);
            diags.push(
                Diagnostic::error(span, format!("unknown `ip_in` `{v}`"))
                    .with_label("expected `body`, `query` or `header`"),
            );
            IpIn::Body
        }
    };
    let method_text = r.opt_str("method", diags).unwrap_or_else(|| "POST".into());
    let method = match reqwest::Method::from_bytes(method_text.to_ascii_uppercase().as_bytes()) {
        Ok(m) => Some(m),
        Err(_) => {
            let span = r.get("method").map_or(r.span(), |n| n.span);
            diags.push(
                Diagnostic::error(span, format!("`{method_text}` is not an HTTP method"))
                    .with_label("expected e.g. POST or GET"),
            );
            None
        }
    };
    Some(IpCheck {
        method: method?,
        path: path?,
        ip_in,
        ip_name: r.opt_str("ip_name", diags).unwrap_or_else(|| "ip".into()),
        accepted_ip: accepted_ip?,
        rejected_ip: rejected_ip?,
        answer: ip_answer(r.get("answer"), diags)?,
    })
}

/// `answer: status` (the default) or `answer: { field: $.accepted, accepted: true, rejected: false }`.
fn ip_answer(node: Option<&Node>, diags: &mut Vec<Diagnostic>) -> Option<IpAnswer> {
    let Some(node) = node else {
        return Some(IpAnswer::Status);
    };
    if node.as_scalar() == Some("status") {
        return Some(IpAnswer::Status);
    }
    if node.as_scalar().is_some() {
        diags.push(
            Diagnostic::error(node.span, "unknown `answer` of `ip_check`")
                .with_label("expected `status` or `{ field, accepted, rejected }`"),
        );
        return None;
    }
    let r = MapReader::new(node, "`ip_check.answer`", IP_ANSWER_KEYS, diags)?;
    let path = r.req_str("field", diags)?;
    if let Err(e) = serde_json_path::JsonPath::parse(&path) {
        let span = r.get("field").map_or(r.span(), |n| n.span);
        diags.push(
            Diagnostic::error(span, format!("`field` `{path}` is not JSONPath: {e}"))
                .with_label("expected e.g. `$.accepted`"),
        );
        return None;
    }
    let accepted = r.required("accepted", diags).map(Node::to_json);
    let rejected = r.required("rejected", diags).map(Node::to_json);
    let (accepted, rejected) = (accepted?, rejected?);
    if accepted == rejected {
        diags.push(
            Diagnostic::error(r.span(), "`accepted` and `rejected` are the same value")
                .with_label("the answer could not tell them apart"),
        );
        return None;
    }
    Some(IpAnswer::Field {
        path,
        accepted,
        rejected,
    })
}

fn buy_quote(node: &Node, diags: &mut Vec<Diagnostic>) -> Option<BuyQuote> {
    let r = MapReader::new(node, "`quote`", BUY_QUOTE_KEYS, diags)?;
    for k in BUY_QUOTE_KEYS {
        r.required(k, diags);
    }
    let amount = r.opt_u64("amount", diags);
    let mut text = |k: &str| r.get(k).and_then(|n| yaml::reader_expect_str(n, k, diags));
    Some(BuyQuote {
        from: text("from")?,
        to: text("to")?,
        payment_method: text("payment_method")?,
        country: text("country")?,
        dest: text("dest")?,
        amount: amount?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::curve::Curve;

    const GOOD: &str = r#"
name: ACME
swap:
  base_url: https://staging.acme.example/ledger
  headers: { X-API-KEY: "${env:ACME_API_KEY}" }
  curve: secp256k1
  public_key: "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"
  pairs:
    - { from: btc, to: eth, amount: "0.01", payload_currency_from: BTC, payload_currency_to: ETH,
        decimals_from: 8, decimals_to: 18, refund_address: "bc1qxyz", payout_address: "0xabc" }
buy:
  base_url: https://buy.acme.example
  headers: { X-API-KEY: literal-key }
  quote: { from: EUR, to: bitcoin, payment_method: card, amount: 100, country: FR, dest: "bc1q" }
"#;

    fn load(text: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Profile, Vec<Diagnostic>> {
        let mut sources = Sources::default();
        load_profile(
            &mut sources,
            "p.yaml",
            text.to_string(),
            Path::new("."),
            env,
        )
    }

    #[test]
    fn loads_sections_and_registers_secrets() {
        let p = load(GOOD, &|n| {
            (n == "ACME_API_KEY").then(|| "s3cret-key".to_string())
        })
        .unwrap();
        assert_eq!(p.name, "ACME");
        let swap = &p.sections[&Api::Swap];
        assert_eq!(
            swap.headers,
            vec![("X-API-KEY".to_string(), "s3cret-key".to_string())]
        );
        assert_eq!(swap.curve, Some(Curve::Secp256k1));
        assert!(p.secrets.contains(&"s3cret-key".to_string()));
        assert!(p.secrets.contains(&"literal-key".to_string()));
        assert!(!p.sections.contains_key(&Api::SwapV1));
        assert_eq!(swap.pairs[0].decimals_to, 18);
        assert_eq!(swap.pairs[0].amount_below_minimum.as_str(), "0.00000001");
        assert_eq!(
            p.sections[&Api::Buy].quote.as_ref().map(|q| q.amount),
            Some(100)
        );
        assert_eq!(p.view()["buy"]["quote"]["to"], "bitcoin");
        assert_eq!(p.view()["swap"]["pairs"][0]["amount"], "0.01");
    }

    #[test]
    fn a_missing_environment_variable_is_an_error_with_a_position() {
        let err = load(GOOD, &|_| None).unwrap_err();
        assert_eq!(
            err[0].message,
            "environment variable `ACME_API_KEY` is not set"
        );
        assert_eq!(err[0].span.unwrap().start.line, 5);
    }

    #[test]
    fn diagnostics_never_quote_a_literal_credential() {
        let literal = GOOD.replace("${env:ACME_API_KEY}", "literal-Secret-1");
        // A semantic error on the credential's line, then a syntax error on it.
        for (text, what) in [
            (
                literal.replace("headers: {", "headers: { bogus: [1],"),
                "header `bogus` must be a string",
            ),
            (
                literal.replace("headers: {", "headers: { [, "),
                "invalid YAML",
            ),
        ] {
            let mut sources = Sources::default();
            let err =
                load_profile(&mut sources, "p.yaml", text, Path::new("."), &|_| None).unwrap_err();
            let rendered = crate::diagnostic::render_all(&err, &sources);
            assert!(rendered.contains(what), "{rendered}");
            assert!(!rendered.contains("literal-Secret-1"), "{rendered}");
        }
    }

    #[test]
    fn collects_every_mistake() {
        let bad = GOOD
            .replace("name: ACME", "name: AC")
            .replace("curve: secp256k1", "curve: ed25519")
            .replace("decimals_from: 8", "decimals_form: 8");
        let err = load(&bad, &|_| Some("k".into())).unwrap_err();
        let messages: Vec<_> = err.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages.contains(&"`name` must be 3 to 15 bytes, found 2"),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with("unknown curve `ed25519`")),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"unknown key `decimals_form` in pair"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"missing key `decimals_from` in pair"),
            "{messages:?}"
        );
    }

    #[test]
    fn structures_where_text_is_expected_are_refused() {
        let bad = GOOD
            .replace(
                "base_url: https://staging.acme.example/ledger",
                "base_url: { url: x }",
            )
            .replace("refund_address: \"bc1qxyz\"", "refund_address: [bc1qxyz]");
        let err = load(&bad, &|_| Some("k".into())).unwrap_err();
        let messages: Vec<_> = err.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages.contains(&"`base_url` must be a string"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"`refund_address` must be a string"),
            "{messages:?}"
        );
    }

    #[test]
    fn a_value_without_its_variable_is_reported_once() {
        let text = GOOD
            .replace("https://staging.acme.example/ledger", "${env:ACME_URL}")
            .replace("amount: \"0.01\"", "amount: \"${env:ACME_AMOUNT}\"");
        let err = load(&text, &|n| (n == "ACME_API_KEY").then(|| "k".to_string())).unwrap_err();
        let messages: Vec<_> = err.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "environment variable `ACME_URL` is not set",
                "environment variable `ACME_AMOUNT` is not set",
            ]
        );
    }

    #[test]
    fn the_ip_check_is_typed() {
        let text = GOOD.replace("swap:", "swap_v1:").replace(
            "  pairs:",
            "  bearer_token: t\n  ip_check: { path: /ip, ip_in: query, accepted_ip: 1.1.1.1, rejected_ip: 2.2.2.2 }\n  pairs:",
        );
        let p = load(&text, &|_| Some("k".into())).unwrap();
        let ip = p.sections[&Api::SwapV1].ip_check.clone().unwrap();
        assert_eq!(
            (ip.method.as_str(), ip.ip_in, ip.ip_name.as_str()),
            ("POST", super::IpIn::Query, "ip")
        );
        assert_eq!(p.view()["swap_v1"]["ip_check"]["path"], "/ip");
        let bad = text.replace("ip_in: query", "ip_in: cookie, method: \"GE T\"");
        let err = load(&bad, &|_| Some("k".into())).unwrap_err();
        let messages: Vec<_> = err.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            ["unknown `ip_in` `cookie`", "`GE T` is not an HTTP method"]
        );
    }

    #[test]
    fn a_token_is_required_only_with_a_login() {
        let text = GOOD.replace("swap:", "swap_v1:");
        let p = load(&text, &|_| Some("k".into())).unwrap();
        let s = &p.sections[&Api::SwapV1];
        assert_eq!((s.login, s.bearer_token.as_deref()), (Login::None, None));
        assert_eq!(p.view()["swap_v1"]["login"], "none");
        assert!(p.view()["swap_v1"]["bearer_token"].is_null());
        let required = text.replace("  pairs:", "  login: required\n  pairs:");
        let err = load(&required, &|_| Some("k".into())).unwrap_err();
        assert_eq!(
            err[0].message,
            "missing key `bearer_token` in profile section `swap_v1`"
        );
        let given = required.replace("  pairs:", "  bearer_token: t\n  pairs:");
        let p = load(&given, &|_| Some("k".into())).unwrap();
        assert_eq!(p.sections[&Api::SwapV1].login, Login::Required);
        assert_eq!(p.view()["swap_v1"]["login"], "required");
        let bad = text.replace("  pairs:", "  login: maybe\n  pairs:");
        let err = load(&bad, &|_| Some("k".into())).unwrap_err();
        assert!(
            err[0].message.starts_with("unknown login `maybe`"),
            "{err:?}"
        );
    }

    #[test]
    fn kyc_users_are_named_by_state_and_their_tokens_are_secrets() {
        use crate::profile::KycState;
        let text = GOOD.replace("swap:", "swap_v1:").replace(
            "  pairs:",
            "  kyc_users: { pending: \"${env:PENDING}\", over_limit: limit-token }\n  pairs:",
        );
        let p = load(&text, &|_| Some("pending-token".into())).unwrap();
        let users = &p.sections[&Api::SwapV1].kyc_users;
        let got: Vec<(KycState, &str)> = users
            .iter()
            .map(|u| (u.state, u.bearer_token.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (KycState::Pending, "pending-token"),
                (KycState::OverLimit, "limit-token")
            ]
        );
        assert!(p.secrets.iter().any(|s| s == "pending-token"));
        assert!(p.secrets.iter().any(|s| s == "limit-token"));
        let bad = text.replace("pending:", "pendng:");
        let err = load(&bad, &|_| Some("t".into())).unwrap_err();
        assert_eq!(err[0].message, "unknown KYC state `pendng`");
        assert_eq!(err[0].help.as_deref(), Some("did you mean `pending`?"));
        let twice = text.replace("limit-token", "pending-token");
        let err = load(&twice, &|_| Some("pending-token".into())).unwrap_err();
        assert!(err[0].message.contains("another state's token"), "{err:?}");
        // A profile that does not load still masks the tokens its diagnostics quote.
        let masked = GOOD.replace("swap:", "swap_v1:").replace(
            "  pairs:",
            "  kyc_users: { failed: written-token }\n  nope: 1\n  pairs:",
        );
        let mut sources = Sources::default();
        assert!(
            load_profile(&mut sources, "p.yaml", masked, Path::new("."), &|_| Some(
                "k".into()
            ))
            .is_err()
        );
        assert!(
            !sources
                .get(crate::source::FileId(0))
                .text
                .contains("written-token")
        );
    }

    #[test]
    fn test_swaps_settle_unless_the_profile_says_they_stay_pending() {
        let p = load(GOOD, &|_| Some("k".into())).unwrap();
        assert_eq!(p.sections[&Api::Swap].test_swaps, TestSwaps::Settle);
        assert_eq!(p.view()["swap"]["test_swaps"], "settle");
        let pending = GOOD.replace("  pairs:", "  test_swaps: stay_pending\n  pairs:");
        let p = load(&pending, &|_| Some("k".into())).unwrap();
        assert_eq!(p.sections[&Api::Swap].test_swaps, TestSwaps::StayPending);
        assert_eq!(p.view()["swap"]["test_swaps"], "stay_pending");
        let bad = GOOD.replace("  pairs:", "  test_swaps: pending\n  pairs:");
        let err = load(&bad, &|_| Some("k".into())).unwrap_err();
        assert!(
            err[0].message.starts_with("unknown test swaps `pending`"),
            "{err:?}"
        );
        // The seed API's status is asked once: the key is not there.
        let v1 = pending.replace("swap:", "swap_v1:");
        let err = load(&v1, &|_| Some("k".into())).unwrap_err();
        assert!(err[0].message.contains("test_swaps"), "{err:?}");
    }

    #[test]
    fn the_ip_answer_is_the_status_or_a_declared_field() {
        let ip =
            "  ip_check: { path: /ip, accepted_ip: 1.1.1.1, rejected_ip: 2.2.2.2ANSWER }\n  pairs:";
        let text = |answer: &str| {
            GOOD.replace("swap:", "swap_v1:")
                .replace("  pairs:", &ip.replace("ANSWER", answer))
        };
        let answer = |answer: &str| {
            load(&text(answer), &|_| Some("k".into()))
                .map(|p| p.sections[&Api::SwapV1].ip_check.clone().unwrap().answer)
                .map_err(|e| e[0].message.clone())
        };
        assert_eq!(answer(""), Ok(IpAnswer::Status));
        assert_eq!(answer(", answer: status"), Ok(IpAnswer::Status));
        assert_eq!(
            answer(", answer: { field: $.accepted, accepted: true, rejected: false }"),
            Ok(IpAnswer::Field {
                path: "$.accepted".into(),
                accepted: true.into(),
                rejected: false.into()
            })
        );
        assert_eq!(
            answer(", answer: { field: $.ok, accepted: 1, rejected: 1 }"),
            Err("`accepted` and `rejected` are the same value".into())
        );
        assert_eq!(
            answer(", answer: { field: \"$[\", accepted: 1, rejected: 0 }")
                .map_err(|m| m.starts_with("`field` `$[` is not JSONPath")),
            Err(true)
        );
        assert_eq!(
            answer(", answer: body"),
            Err("unknown `answer` of `ip_check`".into())
        );
    }
}
