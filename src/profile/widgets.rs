//! The profile's `widgets:` section: the login and KYC widgets of the seed documents, and
//! the buy widget `/buy-redirect` points to, each with its test user's scripted steps.
//!
//! ```yaml
//! widgets:
//!   login:
//!     url: https://acme.example/login?hideFrame=true&ledgerLive=true
//!     timeout_secs: 60
//!     steps:                               # or steps_file: login-steps.yaml (a list)
//!       - fill: { selector: "#email", value: "${env:ACME_USER}" }
//!       - fill: { selector: "#password", value: "${env:ACME_PASSWORD}" }
//!       - click: "#submit"
//!   kyc:
//!     url: https://acme.example/kyc
//!     params: seed                         # seed (?quoteId=&bearerToken=) or ledger_live
//!     users:
//!       - { name: verified, expected: KYC_OK }
//!       - { name: above-limit, amount: "6", expected: KYC_UPGRADE_REQUIRED }
//!   buy: { budget_secs: 20 }
//! ```

use super::env;
use crate::diagnostic::Diagnostic;
use crate::plain_decimal::PlainDecimal;
use crate::source::{Sources, Span};
use crate::yaml::{self, MapReader, Node, NodeKind};
use std::path::{Path, PathBuf};
use std::time::Duration;

const KEYS: &[&str] = &["login", "kyc", "buy"];
const LOGIN_KEYS: &[&str] = &["url", "timeout_secs", "steps", "steps_file"];
const KYC_KEYS: &[&str] = &["url", "params", "timeout_secs", "users"];
const USER_KEYS: &[&str] = &["name", "amount", "expected", "steps", "steps_file"];
const BUY_KEYS: &[&str] = &["budget_secs", "map_from", "map_to"];
const STEP_KINDS: &[&str] = &["fill", "click", "wait_for", "select", "press"];

/// The codes a KYC widget may answer: `KYC_OK`, or one of `/check_quote`'s (seed-swap).
pub const KYC_CODES: &[&str] = &[
    "KYC_OK",
    "UNKNOW_USER",
    "KYC_UNDEFINED",
    "KYC_PENDING",
    "KYC_FAILED",
    "KYC_UPGRADE_REQUIRED",
    "OVER_TRADE_LIMIT",
    "UNKNOWN_ERROR",
];

/// Default time a widget has to deliver its messages and exit.
const DEFAULT_TIMEOUT_SECS: u64 = 60;

/// The `widgets:` section.
#[derive(Debug, Clone, Default)]
pub struct Widgets {
    pub login: Option<LoginWidget>,
    pub kyc: Option<KycWidget>,
    pub buy: Option<BuyWidget>,
    pub span: Span,
}

/// The login widget: no input; answers a token (seed-swap "Login Widget").
#[derive(Debug, Clone)]
pub struct LoginWidget {
    pub url: String,
    pub timeout: Duration,
    pub steps: Steps,
    pub span: Span,
}

/// How the KYC widget receives its quote and token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KycParams {
    /// URL parameters `quoteId` and `bearerToken` (seed-swap "KYC Widget").
    Seed,
    /// Ledger Live's code: the token in `localStorage.authToken`, the quote as `quoteId`.
    LedgerLive,
}

/// The KYC widget and its test users.
#[derive(Debug, Clone)]
pub struct KycWidget {
    pub url: String,
    pub params: KycParams,
    pub timeout: Duration,
    pub users: Vec<KycWidgetUser>,
    pub span: Span,
}

/// A KYC test user: the quote to ask for, and the answer the provider expects.
#[derive(Debug, Clone)]
pub struct KycWidgetUser {
    pub name: String,
    /// The amount of the quote, in the first `swap_v1` pair; default that pair's amount.
    pub amount: Option<PlainDecimal>,
    /// `KYC_OK` or one of [`KYC_CODES`].
    pub expected: String,
    pub steps: Steps,
    pub span: Span,
}

/// The buy widget (`rampRedirectUrl` of `/buy-redirect`).
#[derive(Debug, Clone)]
pub struct BuyWidget {
    /// How long the page may take to load.
    pub budget: Duration,
    /// A testing aid: requests to URLs starting with the first are sent to the second
    /// instead, unseen by the page (the reference provider's widget domain is served on
    /// loopback, without TLS).
    pub map: Option<(String, String)>,
    pub span: Span,
}

/// Scripted steps, written inline or in a separate file (read after the profile).
#[derive(Debug, Clone, Default)]
pub struct Steps {
    pub list: Vec<Step>,
    /// `steps_file:` as resolved against the profile's folder, until it is read.
    pub(super) file: Option<(PathBuf, Span)>,
}

/// One scripted step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub action: Action,
    pub span: Span,
}

/// What a step does. Selectors are CSS selectors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Fill {
        selector: String,
        value: String,
    },
    Click {
        selector: String,
    },
    WaitFor {
        selector: String,
    },
    Select {
        selector: String,
        value: String,
    },
    /// A key (`Enter`, `Tab`, `Escape`, or one character), to `selector` or the focused field.
    Press {
        key: String,
        selector: Option<String>,
    },
}

impl Action {
    /// `click #submit`, for messages; values are never shown.
    pub fn describe(&self) -> String {
        match self {
            Action::Fill { selector, .. } => format!("fill `{selector}`"),
            Action::Click { selector } => format!("click `{selector}`"),
            Action::WaitFor { selector } => format!("wait_for `{selector}`"),
            Action::Select { selector, .. } => format!("select in `{selector}`"),
            Action::Press { key, .. } => format!("press `{key}`"),
        }
    }
}

/// Reads `widgets:`; `dir` resolves `steps_file`.
pub(super) fn read(node: &Node, dir: &Path, diags: &mut Vec<Diagnostic>) -> Option<Widgets> {
    let r = MapReader::new(node, "profile section `widgets`", KEYS, diags)?;
    let login = r.get("login").and_then(|n| {
        let l = MapReader::new(n, "`widgets.login`", LOGIN_KEYS, diags)?;
        Some(LoginWidget {
            url: url(&l, diags)?,
            timeout: timeout(&l, diags),
            steps: steps(&l, dir, diags),
            span: n.span,
        })
    });
    let kyc = r.get("kyc").and_then(|n| kyc(n, dir, diags));
    let buy = r.get("buy").and_then(|n| {
        let b = MapReader::new(n, "`widgets.buy`", BUY_KEYS, diags)?;
        Some(BuyWidget {
            budget: Duration::from_secs(b.opt_u64("budget_secs", diags).unwrap_or(20).max(1)),
            map: b.opt_str("map_from", diags).zip(b.opt_str("map_to", diags)),
            span: n.span,
        })
    });
    Some(Widgets {
        login,
        kyc,
        buy,
        span: node.span,
    })
}

fn kyc(n: &Node, dir: &Path, diags: &mut Vec<Diagnostic>) -> Option<KycWidget> {
    let k = MapReader::new(n, "`widgets.kyc`", KYC_KEYS, diags)?;
    let params = match k.get("params").map(|p| (p, p.as_scalar())) {
        None | Some((_, Some("seed"))) => KycParams::Seed,
        Some((_, Some("ledger_live"))) => KycParams::LedgerLive,
        Some((p, _)) => {
            diags.push(
                Diagnostic::error(p.span, "`params` must be `seed` or `ledger_live`")
                    .with_label("how the widget receives its quote and token"),
            );
            KycParams::Seed
        }
    };
    let mut users = Vec::new();
    if let Some(list) = k.required("users", diags) {
        for u in yaml::reader_expect_seq(list, "users", diags) {
            users.extend(user(u, dir, diags));
        }
    }
    Some(KycWidget {
        url: url(&k, diags)?,
        params,
        timeout: timeout(&k, diags),
        users,
        span: n.span,
    })
}

fn user(n: &Node, dir: &Path, diags: &mut Vec<Diagnostic>) -> Option<KycWidgetUser> {
    let u = MapReader::new(n, "a KYC test user", USER_KEYS, diags)?;
    let amount = u.get("amount").and_then(|a| {
        let text = yaml::reader_expect_str(a, "amount", diags)?;
        let parsed = PlainDecimal::parse(&text);
        if parsed.is_none() {
            diags.push(Diagnostic::error(
                a.span,
                "`amount` must be a plain decimal, e.g. \"0.5\"",
            ));
        }
        parsed
    });
    let expected = u.req_str("expected", diags)?;
    if !KYC_CODES.contains(&expected.as_str()) {
        let span = u.get("expected").map_or(n.span, |e| e.span);
        diags.push(
            Diagnostic::error(span, format!("unknown KYC outcome `{expected}`"))
                .with_suggestion(crate::suggest::did_you_mean(
                    &expected,
                    KYC_CODES.iter().copied(),
                ))
                .with_help(format!("expected one of: {}", KYC_CODES.join(", "))),
        );
    }
    Some(KycWidgetUser {
        name: u.req_str("name", diags)?,
        amount,
        expected,
        steps: steps(&u, dir, diags),
        span: n.span,
    })
}

fn url(r: &MapReader<'_>, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let node = r.required("url", diags)?;
    let text = yaml::reader_expect_str(node, "url", diags)?;
    if !(text.starts_with("http://") || text.starts_with("https://"))
        || reqwest::Url::parse(&text).is_err()
    {
        diags.push(
            Diagnostic::error(node.span, format!("`url` is not an http(s) URL: `{text}`"))
                .with_label("the widget's page"),
        );
        return None;
    }
    Some(text)
}

fn timeout(r: &MapReader<'_>, diags: &mut Vec<Diagnostic>) -> Duration {
    let secs = r
        .opt_u64("timeout_secs", diags)
        .unwrap_or(DEFAULT_TIMEOUT_SECS);
    Duration::from_secs(secs.max(1))
}

fn steps(r: &MapReader<'_>, dir: &Path, diags: &mut Vec<Diagnostic>) -> Steps {
    let mut out = Steps::default();
    if let Some(list) = r.get("steps") {
        out.list = read_steps(list, diags);
    }
    if let Some(f) = r.get("steps_file") {
        if r.get("steps").is_some() {
            diags.push(Diagnostic::error(
                f.span,
                "give `steps` or `steps_file`, not both",
            ));
        } else if let Some(path) = yaml::reader_expect_str(f, "steps_file", diags) {
            out.file = Some((dir.join(path), f.span));
        }
    }
    out
}

/// A list of steps, each a mapping of one key (the step's kind).
fn read_steps(list: &Node, diags: &mut Vec<Diagnostic>) -> Vec<Step> {
    yaml::reader_expect_seq(list, "steps", diags)
        .iter()
        .filter_map(|n| step(n, diags))
        .collect()
}

fn step(n: &Node, diags: &mut Vec<Diagnostic>) -> Option<Step> {
    let r = MapReader::new(n, "a step", STEP_KINDS, diags)?;
    let NodeKind::Map(entries) = &n.kind else {
        return None;
    };
    let [(key, value)] = entries.as_slice() else {
        diags.push(
            Diagnostic::error(n.span, "a step has exactly one key")
                .with_help(format!("one of: {}", STEP_KINDS.join(", "))),
        );
        return None;
    };
    let _ = r;
    let kind = key.as_scalar()?;
    let target = |diags: &mut Vec<Diagnostic>| -> Option<(String, Option<String>)> {
        if value.as_scalar().is_some() {
            return yaml::reader_expect_str(value, kind, diags).map(|s| (s, None));
        }
        let m = MapReader::new(value, "a step", &["selector", "value", "key"], diags)?;
        let first = if kind == "press" { "key" } else { "selector" };
        let second = if kind == "press" { "selector" } else { "value" };
        Some((m.req_str(first, diags)?, m.opt_str(second, diags)))
    };
    let (main, extra) = target(diags)?;
    let need_value = |diags: &mut Vec<Diagnostic>, v: Option<String>| {
        if v.is_none() {
            diags.push(Diagnostic::error(
                value.span,
                format!("`{kind}` needs `selector` and `value`"),
            ));
        }
        v
    };
    let action = match kind {
        "fill" => Action::Fill {
            selector: main,
            value: need_value(diags, extra)?,
        },
        "select" => Action::Select {
            selector: main,
            value: need_value(diags, extra)?,
        },
        "click" => Action::Click { selector: main },
        "wait_for" => Action::WaitFor { selector: main },
        "press" => Action::Press {
            key: main,
            selector: extra,
        },
        _ => return None,
    };
    Some(Step {
        action,
        span: n.span,
    })
}

/// Reads every `steps_file`, resolving `${env:…}` in it; returns the values read from the
/// environment (secrets).
pub(super) fn read_step_files(
    widgets: &mut Widgets,
    sources: &mut Sources,
    env_var: &dyn Fn(&str) -> Option<String>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<String> {
    let mut secrets = Vec::new();
    let all = widgets.login.iter_mut().map(|l| &mut l.steps).chain(
        widgets
            .kyc
            .iter_mut()
            .flat_map(|k| k.users.iter_mut().map(|u| &mut u.steps)),
    );
    for steps in all {
        let Some((path, _)) = steps.file.take() else {
            continue;
        };
        let text = match yaml::read_text(sources, &path, "steps file") {
            Ok(t) => t,
            Err(d) => {
                diags.push(*d);
                continue;
            }
        };
        let file = sources.add(path.display().to_string(), text);
        match yaml::parse(file, &sources.get(file).text) {
            Ok(root) => {
                let resolved = env::resolve(&root, env_var, diags);
                secrets.extend(resolved.secrets);
                steps.list = read_steps(&resolved.root, diags);
            }
            Err(d) => diags.extend(d),
        }
    }
    secrets
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> (Option<Widgets>, Vec<Diagnostic>) {
        let mut sources = Sources::default();
        let file = sources.add("p.yaml", text);
        let root = yaml::parse(file, text).expect("yaml");
        let mut diags = Vec::new();
        let w = read(&root, Path::new("."), &mut diags);
        (w, diags)
    }

    #[test]
    fn every_step_kind_reads_and_values_stay_out_of_descriptions() {
        let (w, diags) = load(
            "login:\n  url: https://a.example/login\n  timeout_secs: 5\n  steps:\n\
             \x20   - fill: { selector: \"#u\", value: secret-value }\n\
             \x20   - click: \"#go\"\n    - wait_for: \"#done\"\n\
             \x20   - select: { selector: \"#c\", value: FR }\n    - press: Enter\n\
             \x20   - press: { key: Tab, selector: \"#u\" }\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let login = w.unwrap().login.unwrap();
        assert_eq!(login.timeout, Duration::from_secs(5));
        let kinds: Vec<String> = login
            .steps
            .list
            .iter()
            .map(|s| s.action.describe())
            .collect();
        assert_eq!(
            kinds,
            [
                "fill `#u`",
                "click `#go`",
                "wait_for `#done`",
                "select in `#c`",
                "press `Enter`",
                "press `Tab`"
            ]
        );
        assert!(!kinds.concat().contains("secret-value"));
    }

    #[test]
    fn mistakes_are_reported_with_their_place() {
        let (_, diags) = load(
            "login: { url: \"ftp://x\" }\nkyc:\n  url: https://a.example/kyc\n  params: other\n\
             \x20 users:\n    - { name: u, expected: KYC_OKAY }\n    - { name: v, expected: KYC_OK, steps: [ { clik: \"#a\" } ] }\n",
        );
        let text: Vec<String> = diags.iter().map(|d| d.message.clone()).collect();
        assert!(
            text.iter().any(|m| m.contains("not an http(s) URL")),
            "{text:?}"
        );
        assert!(
            text.iter().any(|m| m.contains("`params` must be")),
            "{text:?}"
        );
        assert!(
            text.iter()
                .any(|m| m.contains("unknown KYC outcome `KYC_OKAY`")),
            "{text:?}"
        );
        assert!(
            text.iter().any(|m| m.contains("unknown key `clik`")),
            "{text:?}"
        );
    }
}
