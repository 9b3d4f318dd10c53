//! Checks: each turns a response into a verdict. Checks never print and never send requests.

mod assert;
pub mod decimal;
mod error_convention;
pub mod swap_payload;
pub mod time;

pub use assert::{evaluate as evaluate_assertion, short};

use crate::runner::http::InResponse;
use crate::runner::outcome::Status;
use crate::suite::{CheckKind, Convention};
use serde_json::Value;

/// The result of one check before it is placed in an outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub status: Status,
    pub message: String,
}

impl Verdict {
    pub fn pass(message: impl Into<String>) -> Self {
        Verdict {
            status: Status::Pass,
            message: message.into(),
        }
    }
    pub fn fail(message: impl Into<String>) -> Self {
        Verdict {
            status: Status::Fail,
            message: message.into(),
        }
    }
    fn from(r: Result<String, String>) -> Self {
        match r {
            Ok(m) => Verdict::pass(m),
            Err(m) => Verdict::fail(m),
        }
    }
}

/// What a check looks at.
pub struct Input<'a> {
    pub response: &'a InResponse,
    /// The body parsed as JSON once, or why it is not JSON.
    pub json: &'a Result<Value, String>,
    pub lookup: &'a dyn Fn(&str) -> Option<Value>,
}

/// Evaluates every check kind but `swap_payload` (see [`swap_payload`]).
pub fn evaluate(kind: &CheckKind, input: &Input<'_>) -> Verdict {
    let resp = input.response;
    match kind {
        CheckKind::Status(patterns) => {
            let shown: Vec<String> = patterns.iter().map(ToString::to_string).collect();
            if patterns.iter().any(|p| p.matches(resp.status)) {
                Verdict::pass(format!("status {}", resp.status))
            } else {
                Verdict::fail(format!(
                    "status {}, expected {}{}",
                    resp.status,
                    shown.join(" or "),
                    body_hint(input)
                ))
            }
        }
        CheckKind::Schema { name, validator } => match input.json {
            Err(why) => Verdict::fail(format!("cannot validate against `{name}`: {why}")),
            Ok(doc) => {
                let errors: Vec<String> = validator
                    .iter_errors(doc)
                    .take(5)
                    .map(|e| {
                        let at = e.instance_path().to_string();
                        format!(
                            "at `{}`: {} (schema: {})",
                            if at.is_empty() { "/".to_string() } else { at },
                            e,
                            e.schema_path()
                        )
                    })
                    .collect();
                if errors.is_empty() {
                    Verdict::pass(format!("matches `{name}`"))
                } else {
                    Verdict::fail(format!("does not match `{name}`: {}", errors.join("; ")))
                }
            }
        },
        CheckKind::ErrorConvention {
            convention,
            key,
            additional_fields,
        } => {
            let key = match key {
                Some(t) => match t.render_string(input.lookup) {
                    Ok(k) => Some(k),
                    Err(v) => {
                        return Verdict {
                            status: Status::Skip,
                            message: format!("not run: `{v}` has no value"),
                        };
                    }
                },
                None => None,
            };
            Verdict::from(error_convention::check(
                *convention,
                key.as_deref(),
                additional_fields,
                input,
            ))
        }
        CheckKind::ContentType(want) => match resp.content_type() {
            Some(ct) if &ct == want => Verdict::pass(format!("content type {ct}")),
            Some(ct) => Verdict::fail(format!("content type `{ct}`, expected `{want}`")),
            None => Verdict::fail(format!("no content type, expected `{want}`")),
        },
        CheckKind::Latency(max) => {
            let ms = resp.elapsed.as_millis();
            if ms <= u128::from(*max) {
                Verdict::pass(format!("answered in {ms} ms (budget {max} ms)"))
            } else {
                Verdict::fail(format!("answered in {ms} ms, over the {max} ms budget"))
            }
        }
        CheckKind::Assert(a) => match input.json {
            Err(why) => Verdict::fail(format!("cannot check `{}`: {why}", a.path.text)),
            Ok(doc) => Verdict::from(assert::evaluate(a, doc, input.lookup)),
        },
        CheckKind::EmptyBody => {
            if resp.body.is_empty() {
                Verdict::pass("no body")
            } else {
                Verdict::fail(format!(
                    "a body of {} bytes, expected none: {}",
                    resp.body.len(),
                    snippet(&resp.body)
                ))
            }
        }
        CheckKind::SwapPayload => Verdict {
            status: Status::Error,
            message: "the payload check is evaluated by the runner".into(),
        },
    }
}

fn body_hint(input: &Input<'_>) -> String {
    let resp = input.response;
    let mut hint = String::new();
    if (300..400).contains(&resp.status)
        && let Some(to) = resp.header("location")
    {
        // Redirects are never followed, so that credentials never reach another host.
        hint.push_str(&format!(
            "; a redirect to `{}` (never followed)",
            snippet(to.as_bytes())
        ));
    }
    if !resp.body.is_empty() {
        hint.push_str(&format!("; body: {}", snippet(&resp.body)));
    }
    hint
}

/// The start of a body, for messages.
pub fn snippet(body: &[u8]) -> String {
    let text: String = String::from_utf8_lossy(&body[..body.len().min(300)])
        .chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            // A provider's bytes must not reach a terminal as escape sequences.
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect();
    if body.len() > 300 {
        format!("{text}…")
    } else {
        text
    }
}

impl Convention {
    pub fn name(self) -> &'static str {
        match self {
            Convention::Swap => "swap",
            Convention::SwapV1 => "swap_v1",
            Convention::Buy => "buy",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suite::StatusPattern;
    use std::time::Duration;

    fn response(status: u16, headers: &[(&str, &str)], body: &[u8]) -> InResponse {
        InResponse {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.to_vec(),
            elapsed: Duration::from_millis(1),
        }
    }

    #[test]
    fn snippets_never_carry_control_characters() {
        let s = snippet(b"<h1>\x1b[2Jgone\x07</h1>\r\n");
        assert_eq!(s, "<h1>\u{fffd}[2Jgone\u{fffd}</h1>  ");
    }

    #[test]
    fn a_redirect_names_where_it_leads() {
        let resp = response(302, &[("Location", "http://elsewhere.example/x")], b"");
        let json = resp.json();
        let lookup = |_: &str| None;
        let input = Input {
            response: &resp,
            json: &json,
            lookup: &lookup,
        };
        let v = evaluate(&CheckKind::Status(vec![StatusPattern::Exact(200)]), &input);
        assert_eq!(v.status, Status::Fail);
        assert_eq!(
            v.message,
            "status 302, expected 200; a redirect to `http://elsewhere.example/x` (never followed)"
        );
    }
}
