//! The provider profile: where the provider's APIs are, its credentials, its key, its pairs.
//!
//! Every section is optional; a suite runs only when the section it needs is present.
//! `${env:NAME}` is resolved at load time and its value, like every header value and the
//! bearer token, is registered as a secret.

use crate::curve::Curve;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Sources, Span};
use crate::template::Template;
use crate::yaml::{self, MapReader, Node, NodeKind};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// The APIs a provider can expose, one profile section each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Api {
    /// The current Partner Swap API (ledger-integration §4.1).
    Swap,
    /// The seed documents' swap API with check_quote (§4.2).
    SwapV1,
    /// The buy API (§5).
    Buy,
}

impl Api {
    pub const ALL: [Api; 3] = [Api::Swap, Api::SwapV1, Api::Buy];

    /// The profile key of the section.
    pub fn key(self) -> &'static str {
        match self {
            Api::Swap => "swap",
            Api::SwapV1 => "swap_v1",
            Api::Buy => "buy",
        }
    }

    pub fn from_key(key: &str) -> Option<Api> {
        Api::ALL.into_iter().find(|a| a.key() == key)
    }
}

/// How the nonce is sent to the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NonceEncoding {
    /// 64 lowercase hex characters (current documentation).
    Hex,
    /// base64url of the 32 bytes, no padding (older documentation).
    Base64Url,
}

/// Which device flow the provider is registered for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureModeSetting {
    Ng,
    Legacy,
}

/// One profile section, validated.
#[derive(Debug, Clone)]
pub struct Section {
    pub api: Api,
    pub base_url: String,
    /// Header name and value; every value is a secret.
    pub headers: Vec<(String, String)>,
    pub curve: Option<Curve>,
    /// Uncompressed SEC1 hex, or the text of a PEM file.
    pub public_key: Option<String>,
    /// The public key, parsed and checked to be on `curve`.
    pub key: Option<crate::swap::PublicKey>,
    pub nonce_encoding: NonceEncoding,
    pub signature_mode: SignatureModeSetting,
    /// The section as JSON, for `${profile.<section>...}`.
    pub json: Value,
    pub span: Span,
}

/// A loaded provider profile.
#[derive(Debug, Clone)]
pub struct Profile {
    pub name: String,
    pub file: FileId,
    pub sections: BTreeMap<Api, Section>,
    /// The whole profile as JSON after `${env:...}` resolution.
    pub json: Value,
    /// Values that must never appear in any output.
    pub secrets: Vec<String>,
    /// `known_deviations:` failures accepted for now (see [`crate::deviations`]).
    pub known_deviations: Vec<crate::deviations::Deviation>,
}

const TOP_KEYS: &[&str] = &["name", "swap", "swap_v1", "buy", "known_deviations"];
const SWAP_KEYS: &[&str] = &[
    "base_url",
    "headers",
    "curve",
    "public_key",
    "nonce_encoding",
    "signature_mode",
    "pairs",
    "status_deadline_secs",
];
const SWAP_V1_KEYS: &[&str] = &[
    "base_url",
    "headers",
    "bearer_token",
    "curve",
    "public_key",
    "nonce_encoding",
    "signature_mode",
    "pairs",
    "status_deadline_secs",
    "ip_check",
];
const BUY_KEYS: &[&str] = &["base_url", "headers", "quote"];
/// Pair keys a pair may leave out; `${pair.<key>}` is then null and its JSON key is omitted.
pub const PAIR_OPTIONAL: &[&str] = &["refund_extra_id", "payout_extra_id", "kyc_amount"];
/// Pair keys with a default filled in at load time (see `fill_pair_defaults`).
const PAIR_DEFAULTED: &[&str] = &["amount_below_minimum", "amount_above_maximum"];
const PAIR_REQUIRED: &[&str] = &[
    "from",
    "to",
    "amount",
    "payload_currency_from",
    "payload_currency_to",
    "decimals_from",
    "decimals_to",
    "refund_address",
    "payout_address",
];
const IP_CHECK_KEYS: &[&str] = &[
    "method",
    "path",
    "ip_in",
    "ip_name",
    "accepted_ip",
    "rejected_ip",
];
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
    let root = match yaml::parse(file, &sources.get(file).text) {
        Ok(root) => root,
        Err(diags) => {
            // No tree, so no known values: mask whatever a credential-looking key holds.
            let masked = mask_credential_values(&sources.get(file).text);
            let found: Vec<String> = masked.into_iter().collect();
            sources.mask(file, &found);
            return Err(diags);
        }
    };
    let mut diags = Vec::new();
    let mut secrets = Vec::new();
    let json = resolve_env(&root, env, &mut secrets, &mut diags);
    let Some(top) = MapReader::new(&root, "the profile", TOP_KEYS, &mut diags) else {
        return Err(diags);
    };
    let profile_name = top.req_str("name", &mut diags).unwrap_or_default();
    if let Some(n) = top.get("name") {
        let len = profile_name.len();
        if !profile_name.is_empty() && !(3..=15).contains(&len) {
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
        let Some(node) = top.get(api.key()) else {
            continue;
        };
        let section_json = json.get(api.key()).cloned().unwrap_or(Value::Null);
        if let Some(s) = load_section(api, node, section_json, dir, &mut diags) {
            sections.insert(api, s);
        }
    }
    let known_deviations = top.get("known_deviations").map_or_else(Vec::new, |n| {
        crate::deviations::parse(n, sources, &crate::catalogue::ids(), &mut diags)
    });
    if top.get("swap").is_none() && top.get("swap_v1").is_none() && top.get("buy").is_none() {
        diags.push(
            Diagnostic::error(root.span, "the profile has no API section")
                .with_help("add at least one of `swap`, `swap_v1` or `buy`"),
        );
    }
    if diags.is_empty() {
        for s in sections.values() {
            secrets.extend(s.headers.iter().map(|(_, v)| v.clone()));
            if let Some(Value::String(t)) = s.json.get("bearer_token") {
                secrets.push(t.clone());
            }
        }
        secrets.retain(|s| !s.is_empty());
        Ok(Profile {
            name: profile_name,
            file,
            sections,
            json,
            secrets,
            known_deviations,
        })
    } else {
        // Diagnostics quote profile lines: mask credentials written in the file itself, with
        // as many `*` as characters so that carets stay aligned.
        for api in Api::ALL {
            let Some(section) = json.get(api.key()) else {
                continue;
            };
            let headers = section.get("headers").and_then(Value::as_object);
            let values = headers
                .into_iter()
                .flat_map(|h| h.values())
                .chain(section.get("bearer_token"));
            secrets.extend(values.filter_map(Value::as_str).map(str::to_string));
        }
        sources.mask(file, &secrets);
        Err(diags)
    }
}

/// Values of keys that look like credentials (`X-API-KEY: ...`, `bearer_token: ...`), found
/// line by line in a text that is not valid YAML.
fn mask_credential_values(text: &str) -> std::collections::BTreeSet<String> {
    let re = regex::Regex::new(
        r#"(?i)(api[-_]?key|token|secret|authorization|password|bearer)[^:\n]*:\s*("([^"\n]*)"|'([^'\n]*)'|([^,}\s#][^,}\n#]*))"#,
    )
    .expect("a valid regex");
    re.captures_iter(text)
        .filter_map(|c| c.get(3).or(c.get(4)).or(c.get(5)))
        .map(|m| m.as_str().trim().to_string())
        .filter(|v| !v.is_empty() && !v.starts_with("${"))
        .collect()
}

fn load_section(
    api: Api,
    node: &Node,
    json: Value,
    dir: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<Section> {
    let what = format!("profile section `{}`", api.key());
    let keys = match api {
        Api::Swap => SWAP_KEYS,
        Api::SwapV1 => SWAP_V1_KEYS,
        Api::Buy => BUY_KEYS,
    };
    let before = diags.len();
    let r = MapReader::new(node, &what, keys, diags)?;
    if let Some(url_node) = r.required("base_url", diags)
        && crate::yaml::reader_expect_str(url_node, "base_url", diags).is_some()
    {
        let url = json
            .get("base_url")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if !(url.starts_with("http://") || url.starts_with("https://"))
            || reqwest::Url::parse(url).is_err()
        {
            diags.push(
                Diagnostic::error(
                    url_node.span,
                    format!("`base_url` is not an http(s) URL: `{url}`"),
                )
                .with_label("expected e.g. https://staging.example.com/ledger"),
            );
        }
    }
    let mut headers = Vec::new();
    if let Some(h) = r.get("headers") {
        if let NodeKind::Map(entries) = &h.kind {
            for (k, v) in entries {
                let name = k.as_scalar().unwrap_or_default().to_string();
                match json.get("headers").and_then(|j| j.get(&name)) {
                    Some(Value::String(val)) => headers.push((name, val.clone())),
                    Some(Value::Number(n)) => headers.push((name, n.to_string())),
                    // A scalar without a value had its `${env:...}` reported already.
                    _ if v.as_scalar().is_some() => {}
                    _ => diags.push(
                        Diagnostic::error(v.span, format!("header `{name}` must be a string"))
                            .with_label(format!("found {}", v.type_name())),
                    ),
                }
            }
        } else {
            diags.push(
                Diagnostic::error(h.span, "`headers` must be a mapping")
                    .with_label(format!("found {}", h.type_name())),
            );
        }
    }
    let curve = r
        .get("curve")
        .and_then(|n| match n.as_scalar().map(str::parse::<Curve>) {
            Some(Ok(c)) => Some(c),
            Some(Err(e)) => {
                diags.push(Diagnostic::error(n.span, e).with_label("unknown curve"));
                None
            }
            None => {
                diags.push(Diagnostic::error(n.span, "`curve` must be a string"));
                None
            }
        });
    let public_key = r.get("public_key").and_then(|n| {
        let text = json.get("public_key").and_then(Value::as_str)?.trim().to_string();
        if text.starts_with("04") && text.chars().all(|c| c.is_ascii_hexdigit()) {
            if text.len() != 130 {
                diags.push(
                    Diagnostic::error(n.span, format!("`public_key` must be 65 bytes (130 hex characters), found {}", text.len()))
                        .with_label("uncompressed SEC1 public key expected"),
                );
                return None;
            }
            Some(text)
        } else if text.starts_with("02") || text.starts_with("03") {
            diags.push(
                Diagnostic::error(n.span, "`public_key` is compressed; the device needs the uncompressed 65-byte form (04...)")
                    .with_label("compressed key"),
            );
            None
        } else {
            let path = dir.join(&text);
            match std::fs::read_to_string(&path) {
                Ok(pem) if pem.contains("-----BEGIN") => Some(pem),
                Ok(_) => {
                    diags.push(Diagnostic::error(n.span, format!("`{text}` is not a PEM file")).with_label("expected hex (04...) or a PEM file path"));
                    None
                }
                Err(e) => {
                    diags.push(Diagnostic::error(n.span, format!("cannot read public key file `{text}`: {e}")).with_label("expected hex (04...) or a PEM file path"));
                    None
                }
            }
        }
    });
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
        &[
            ("ng", SignatureModeSetting::Ng),
            ("legacy", SignatureModeSetting::Legacy),
        ],
        SignatureModeSetting::Ng,
        diags,
    );
    r.opt_u64("status_deadline_secs", diags);
    if api == Api::SwapV1 {
        // The seed flow sends the user's bearer token to /check_quote and /swap.
        r.req_str("bearer_token", diags);
    }
    if matches!(api, Api::Swap | Api::SwapV1) {
        if curve.is_none() && r.get("curve").is_none() {
            r.required("curve", diags);
        }
        if r.get("public_key").is_none() {
            r.required("public_key", diags);
        }
        if let Some(pairs) = r.required("pairs", diags) {
            let items = yaml::reader_expect_seq(pairs, "pairs", diags);
            if items.is_empty() && matches!(pairs.kind, NodeKind::Seq(_)) {
                diags.push(
                    Diagnostic::error(pairs.span, "`pairs` is empty")
                        .with_help("list at least one pair to exercise"),
                );
            }
            for (i, p) in items.iter().enumerate() {
                check_pair(p, json.get("pairs").and_then(|a| a.get(i)), diags);
            }
        }
        if let Some(ip) = r.get("ip_check")
            && let Some(ipr) = MapReader::new(ip, "`ip_check`", IP_CHECK_KEYS, diags)
        {
            for k in ["path", "accepted_ip", "rejected_ip"] {
                ipr.req_str(k, diags);
            }
            if let Some(v) = ipr.opt_str("ip_in", diags)
                && !["body", "query", "header"].contains(&v.as_str())
            {
                diags.push(
                    Diagnostic::error(
                        ipr.get("ip_in").map(|n| n.span).unwrap_or(ipr.span()),
                        format!("unknown `ip_in` `{v}`"),
                    )
                    .with_label("expected `body`, `query` or `header`"),
                );
            }
        }
    }
    if api == Api::Buy
        && let Some(q) = r.required("quote", diags)
        && let Some(qr) = MapReader::new(q, "`quote`", BUY_QUOTE_KEYS, diags)
    {
        for k in BUY_QUOTE_KEYS {
            qr.required(k, diags);
        }
        qr.opt_u64("amount", diags);
    }
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
    let mut json = json;
    if let Some(Value::Array(pairs)) = json.get_mut("pairs") {
        pairs.iter_mut().for_each(fill_pair_defaults);
    }
    Some(Section {
        api,
        base_url: json
            .get("base_url")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim_end_matches('/')
            .to_string(),
        headers,
        curve,
        public_key,
        key,
        nonce_encoding,
        signature_mode,
        json,
        span: node.span,
    })
}

/// The value of a key that takes one of a few words; `default` when absent or unknown (reported).
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

/// Amounts the error flows send when the profile does not give them: one base unit of the
/// `from` currency (below any real minimum, still a valid precision) and 10^9 coins.
fn fill_pair_defaults(pair: &mut Value) {
    let Some(obj) = pair.as_object_mut() else {
        return;
    };
    let decimals = obj
        .get("decimals_from")
        .and_then(Value::as_u64)
        .unwrap_or(0) as usize;
    if !obj.contains_key("amount_below_minimum") {
        let below = if decimals == 0 {
            "0".to_string()
        } else {
            format!("0.{}1", "0".repeat(decimals - 1))
        };
        obj.insert("amount_below_minimum".into(), Value::String(below));
    }
    if !obj.contains_key("amount_above_maximum") {
        obj.insert(
            "amount_above_maximum".into(),
            Value::String("1000000000".into()),
        );
    }
}

fn check_pair(node: &Node, json: Option<&Value>, diags: &mut Vec<Diagnostic>) {
    let known: Vec<&str> = PAIR_REQUIRED
        .iter()
        .chain(PAIR_OPTIONAL)
        .chain(PAIR_DEFAULTED)
        .copied()
        .collect();
    let Some(r) = MapReader::new(node, "pair", &known, diags) else {
        return;
    };
    for k in PAIR_REQUIRED {
        r.required(k, diags);
    }
    // Text sent as is: a list or mapping here would be sent as JSON structure.
    for k in [
        "from",
        "to",
        "payload_currency_from",
        "payload_currency_to",
        "refund_address",
        "payout_address",
        "refund_extra_id",
        "payout_extra_id",
    ] {
        r.opt_str(k, diags);
    }
    for k in ["decimals_from", "decimals_to"] {
        if let Some(v) = r.opt_u64(k, diags)
            && v > 38
        {
            diags.push(
                Diagnostic::error(
                    r.get(k).map(|n| n.span).unwrap_or(r.span()),
                    format!("`{k}` must be at most 38, found {v}"),
                )
                .with_label("16-byte amounts cannot hold more"),
            );
        }
    }
    if let (Some(n), Some(Value::String(a))) = (r.get("amount"), json.and_then(|j| j.get("amount")))
    {
        if !crate::checks::decimal::is_decimal_string(a) {
            diags.push(
                Diagnostic::error(
                    n.span,
                    format!("`amount` must be a decimal string like \"0.01\", found `{a}`"),
                )
                .with_label("not a decimal"),
            );
        }
    } else if let Some(n) = r.get("amount") {
        diags.push(
            Diagnostic::error(
                n.span,
                "`amount` must be a quoted decimal string like \"0.01\"",
            )
            .with_label("quote it: a YAML number may lose digits"),
        );
    }
}

/// Converts the tree to JSON, resolving `${env:NAME}` in every string; env values become secrets.
fn resolve_env(
    node: &Node,
    env: &dyn Fn(&str) -> Option<String>,
    secrets: &mut Vec<String>,
    diags: &mut Vec<Diagnostic>,
) -> Value {
    match &node.kind {
        NodeKind::Scalar { text, .. } if text.contains("${") => {
            let template = match Template::parse(text, node.span) {
                Ok(t) => t,
                Err(d) => {
                    diags.push(*d);
                    return Value::Null;
                }
            };
            let mut ok = true;
            for var in template.vars() {
                match var.strip_prefix("env:") {
                    Some(name) => match env(name) {
                        Some(v) => secrets.push(v),
                        None => {
                            ok = false;
                            diags.push(
                                Diagnostic::error(
                                    node.span,
                                    format!("environment variable `{name}` is not set"),
                                )
                                .with_label(format!("`${{env:{name}}}` used here"))
                                .with_help(format!("export {name}=... before running")),
                            );
                        }
                    },
                    None => {
                        ok = false;
                        diags.push(
                            Diagnostic::error(
                                node.span,
                                format!("unknown variable `{var}` in a profile"),
                            )
                            .with_label("only `${env:NAME}` is allowed in profiles"),
                        );
                    }
                }
            }
            if !ok {
                return Value::Null;
            }
            template
                .render(&|name| name.strip_prefix("env:").and_then(env).map(Value::String))
                .unwrap_or(Value::Null)
        }
        NodeKind::Seq(items) => Value::Array(
            items
                .iter()
                .map(|i| resolve_env(i, env, secrets, diags))
                .collect(),
        ),
        NodeKind::Map(entries) => {
            let mut m = Map::new();
            for (k, v) in entries {
                m.insert(
                    k.as_scalar().unwrap_or_default().to_string(),
                    resolve_env(v, env, secrets, diags),
                );
            }
            Value::Object(m)
        }
        _ => node.to_json(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
