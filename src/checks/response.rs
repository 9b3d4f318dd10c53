//! Checks of one response: status, schema, error convention, content type, latency,
//! assertions and an empty body.

use super::assert;
use super::error_convention;
use super::verdict::{Grade, Judgement};
use crate::exchange::Response;
use crate::suite::{Assertion, Convention, StatusPattern};
use crate::template::{Lookup, Template};
use serde_json::Value;

/// What a check of one response looks at.
pub(super) struct Input<'a> {
    pub response: &'a Response,
    /// The body parsed as JSON once, or why it is not (or the items a pagination collected).
    pub json: &'a Result<Value, String>,
    pub lookup: &'a Lookup<'a>,
    /// Passes without their detail ([`super::Context::brief`]).
    pub brief: bool,
}

/// `status: [200, 4xx]`.
pub(super) fn status(patterns: &[StatusPattern], input: &Input<'_>) -> Judgement {
    let resp = input.response;
    if patterns.iter().any(|p| p.matches(resp.status)) {
        Judgement::pass_unless_brief(input.brief, || format!("status {}", resp.status))
    } else {
        let shown: Vec<String> = patterns.iter().map(ToString::to_string).collect();
        Judgement::fail(format!(
            "status {}, expected {}{}",
            resp.status,
            shown.join(" or "),
            body_hint(input)
        ))
    }
}

/// `schema: NAME`: the body against a JSON Schema, naming both paths of each error.
pub(super) fn schema(
    name: &str,
    validator: &jsonschema::Validator,
    input: &Input<'_>,
) -> Judgement {
    let doc = match input.json {
        Err(why) => return Judgement::fail(format!("cannot validate against `{name}`: {why}")),
        Ok(doc) => doc,
    };
    // The quick yes/no first: collecting errors costs more, and most answers have none.
    if validator.is_valid(doc) {
        return Judgement::pass_unless_brief(input.brief, || format!("matches `{name}`"));
    }
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
        Judgement::pass(format!("matches `{name}`"))
    } else {
        Judgement::fail(format!("does not match `{name}`: {}", errors.join("; ")))
    }
}

/// `error_convention:` the error body of the API, with an expected key when one is given.
pub(super) fn error_convention(
    convention: Convention,
    key: Option<&Template>,
    additional_fields: &[String],
    input: &Input<'_>,
) -> Judgement {
    let key = match key.map(|t| t.render_string(input.lookup)) {
        Some(Ok(k)) => Some(k),
        Some(Err(v)) => {
            return Judgement::with(Grade::Skip, format!("not run: `{v}` has no value"));
        }
        None => None,
    };
    Judgement::from_result(error_convention::check(
        convention,
        key.as_deref(),
        additional_fields,
        input,
    ))
}

/// `content_type:` the media type, without parameters.
pub(super) fn content_type(want: &str, input: &Input<'_>) -> Judgement {
    match input.response.content_type() {
        Some(ct) if ct == want => {
            Judgement::pass_unless_brief(input.brief, || format!("content type {ct}"))
        }
        Some(ct) => Judgement::fail(format!("content type `{ct}`, expected `{want}`")),
        None => Judgement::fail(format!("no content type, expected `{want}`")),
    }
}

/// `latency_ms:` the budget, in milliseconds.
pub(super) fn latency(max: u64, input: &Input<'_>) -> Judgement {
    let ms = input.response.elapsed.as_millis();
    if ms <= u128::from(max) {
        Judgement::pass_unless_brief(input.brief, || {
            format!("answered in {ms} ms (budget {max} ms)")
        })
    } else {
        Judgement::fail(format!("answered in {ms} ms, over the {max} ms budget"))
    }
}

/// `assert:` a JSONPath assertion on the body.
pub(super) fn assertion(a: &Assertion, input: &Input<'_>) -> Judgement {
    match input.json {
        Err(why) => Judgement::fail(format!("cannot check `{}`: {why}", a.path.text)),
        Ok(doc) => Judgement::from_result(assert::evaluate(a, doc, input.lookup, input.brief)),
    }
}

/// `empty_body:` no byte at all.
pub(super) fn empty_body(input: &Input<'_>) -> Judgement {
    let body = &input.response.body;
    if body.is_empty() {
        Judgement::pass("no body")
    } else {
        Judgement::fail(format!(
            "a body of {} bytes, expected none: {}",
            body.len(),
            snippet(body)
        ))
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
pub(crate) fn snippet(body: &[u8]) -> String {
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
    use crate::suite::CheckKind;
    use serde_json::json;
    use std::time::Duration;

    fn response(status: u16, content_type: &str, body: &str, ms: u64) -> Response {
        Response {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.as_bytes().to_vec(),
            elapsed: Duration::from_millis(ms),
        }
    }

    /// The function of each kind, as [`crate::checks::evaluate`] picks it.
    fn judge(kind: &CheckKind, input: &Input<'_>) -> Judgement {
        match kind {
            CheckKind::Status(p) => status(p, input),
            CheckKind::Schema { name, validator } => schema(name, validator, input),
            CheckKind::ErrorConvention {
                convention,
                key,
                additional_fields,
            } => error_convention(*convention, key.as_ref(), additional_fields, input),
            CheckKind::ContentType(want) => content_type(want, input),
            CheckKind::Latency(max) => latency(*max, input),
            CheckKind::Assert(a) => assertion(a, input),
            CheckKind::EmptyBody => empty_body(input),
            CheckKind::SwapPayload | CheckKind::IpAnswer(_) | CheckKind::LedgerList(_) => {
                panic!("not a check of one response alone")
            }
        }
    }

    fn eval(kind: &CheckKind, resp: &Response) -> Judgement {
        let json = resp.json();
        judge(
            kind,
            &Input {
                response: resp,
                json: &json,
                lookup: &|_| None,
                brief: false,
            },
        )
    }

    #[test]
    fn a_brief_pass_has_no_detail_and_a_brief_failure_all_of_it() {
        let brief = |kind: &CheckKind, resp: &Response| {
            let json = resp.json();
            let lookup = |_: &crate::template::Reference| None;
            judge(
                kind,
                &Input {
                    response: resp,
                    json: &json,
                    lookup: &lookup,
                    brief: true,
                },
            )
        };
        let ok = response(200, "application/json", "{}", 1);
        let bad = response(500, "text/html", "<h1>oops</h1>", 1);
        for kind in [
            CheckKind::Status(vec![StatusPattern::Exact(200)]),
            CheckKind::ContentType("application/json".into()),
            CheckKind::Latency(5000),
        ] {
            let pass = brief(&kind, &ok);
            assert_eq!(
                (pass.grade, pass.message.as_str()),
                (Grade::Pass, super::super::verdict::BRIEF)
            );
            assert_ne!(eval(&kind, &ok).message, super::super::verdict::BRIEF);
            if !matches!(kind, CheckKind::Latency(_)) {
                assert_eq!(brief(&kind, &bad), eval(&kind, &bad));
                assert_eq!(brief(&kind, &bad).grade, Grade::Fail);
            }
        }
    }

    #[test]
    fn status_matches_codes_and_classes() {
        let kind = CheckKind::Status(vec![StatusPattern::Exact(401), StatusPattern::Class(4)]);
        assert_eq!(
            eval(&kind, &response(403, "application/json", "{}", 1)).grade,
            Grade::Pass
        );
        let v = eval(
            &CheckKind::Status(vec![StatusPattern::Exact(200)]),
            &response(500, "text/html", "<h1>oops</h1>", 1),
        );
        assert_eq!(v.grade, Grade::Fail);
        assert_eq!(v.message, "status 500, expected 200; body: <h1>oops</h1>");
    }

    #[test]
    fn content_type_ignores_parameters() {
        let kind = CheckKind::ContentType("application/json".into());
        assert_eq!(
            eval(
                &kind,
                &response(200, "application/json; charset=utf-8", "{}", 1)
            )
            .grade,
            Grade::Pass
        );
        let v = eval(&kind, &response(200, "text/plain", "{}", 1));
        assert_eq!(
            v.message,
            "content type `text/plain`, expected `application/json`"
        );
    }

    #[test]
    fn latency_has_a_budget() {
        assert_eq!(
            eval(
                &CheckKind::Latency(5000),
                &response(200, "application/json", "{}", 4999)
            )
            .grade,
            Grade::Pass
        );
        let v = eval(
            &CheckKind::Latency(5000),
            &response(200, "application/json", "{}", 6000),
        );
        assert_eq!(v.message, "answered in 6000 ms, over the 5000 ms budget");
    }

    #[test]
    fn empty_body_refuses_any_byte() {
        assert_eq!(
            eval(&CheckKind::EmptyBody, &response(200, "", "", 1)).grade,
            Grade::Pass
        );
        assert_eq!(
            eval(
                &CheckKind::EmptyBody,
                &response(200, "application/json", "{}", 1)
            )
            .grade,
            Grade::Fail
        );
    }

    #[test]
    fn schema_failures_name_both_paths() {
        let mut store = crate::suite::schemas::SchemaStore::default();
        let validator = store.get("swap/quote.json", None).unwrap();
        let kind = CheckKind::Schema {
            name: "swap/quote.json".into(),
            validator,
        };
        let good = json!({"amountTo": "1", "providerFees": "0", "referralFees": "0", "payoutNetworkFees": "0",
            "tradeMethod": "float", "expiry": "2030-01-01T00:00:00Z"});
        assert_eq!(
            eval(
                &kind,
                &response(200, "application/json", &good.to_string(), 1)
            )
            .grade,
            Grade::Pass
        );
        let mut bad = good.clone();
        bad["amountTo"] = json!(270.5);
        let v = eval(
            &kind,
            &response(200, "application/json", &bad.to_string(), 1),
        );
        assert_eq!(v.grade, Grade::Fail);
        assert!(
            v.message.contains("at `/amountTo`") && v.message.contains("schema: /"),
            "{}",
            v.message
        );
        let v = eval(&kind, &response(200, "application/json", "not json", 1));
        assert!(
            v.message
                .starts_with("cannot validate against `swap/quote.json`: the body is not JSON"),
            "{}",
            v.message
        );
    }

    #[test]
    fn error_conventions() {
        let swap = |key: Option<&str>, fields: Vec<String>| CheckKind::ErrorConvention {
            convention: Convention::Swap,
            key: key.map(|k| crate::template::Template::parse(k, Default::default()).unwrap()),
            additional_fields: fields,
        };
        let body = r#"{"messageKey":"FROM_CURRENCY_MINIMUM_AMOUNT_ERROR","message":"too low","additionalFields":{"minRequiredAmount":"1"}}"#;
        let resp = response(400, "application/json", body, 1);
        let k = swap(
            Some("FROM_CURRENCY_MINIMUM_AMOUNT_ERROR"),
            vec!["minRequiredAmount".into()],
        );
        assert_eq!(eval(&k, &resp).grade, Grade::Pass);
        let v = eval(&swap(Some("SWAP_PAIR_NOT_FOUND_ERROR"), vec![]), &resp);
        assert_eq!(
            v.message,
            "`messageKey` is `FROM_CURRENCY_MINIMUM_AMOUNT_ERROR`, expected `SWAP_PAIR_NOT_FOUND_ERROR`"
        );
        let v = eval(&swap(None, vec!["maxRequiredAmount".into()]), &resp);
        assert_eq!(v.message, "`additionalFields` lacks maxRequiredAmount");
        let v1 = CheckKind::ErrorConvention {
            convention: Convention::SwapV1,
            key: None,
            additional_fields: vec![],
        };
        let ok = response(
            403,
            "application/json",
            r#"{"code":"KYC_PENDING","error":"e","description":"d"}"#,
            1,
        );
        assert_eq!(eval(&v1, &ok).grade, Grade::Pass);
        let odd = response(
            403,
            "application/json",
            r#"{"code":"KYC_LEVEL","error":"e","description":"d"}"#,
            1,
        );
        assert_eq!(eval(&v1, &odd).grade, Grade::Fail);
        let buy = CheckKind::ErrorConvention {
            convention: Convention::Buy,
            key: None,
            additional_fields: vec![],
        };
        assert_eq!(
            eval(
                &buy,
                &response(
                    400,
                    "text/plain",
                    "Invalid value for: query parameter from",
                    1
                )
            )
            .grade,
            Grade::Pass
        );
        assert_eq!(
            eval(
                &buy,
                &response(401, "application/json", r#"{"code":401,"message":"no"}"#, 1)
            )
            .grade,
            Grade::Pass
        );
        assert_eq!(
            eval(
                &buy,
                &response(
                    401,
                    "application/json",
                    r#"{"code":"401","message":"no"}"#,
                    1
                )
            )
            .grade,
            Grade::Fail
        );
    }

    fn response_with(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Response {
        Response {
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
        let resp = response_with(302, &[("Location", "http://elsewhere.example/x")], b"");
        let json = resp.json();
        let lookup = |_: &crate::template::Reference| None;
        let input = Input {
            response: &resp,
            json: &json,
            lookup: &lookup,
            brief: false,
        };
        let v = judge(&CheckKind::Status(vec![StatusPattern::Exact(200)]), &input);
        assert_eq!(v.grade, Grade::Fail);
        assert_eq!(
            v.message,
            "status 302, expected 200; a redirect to `http://elsewhere.example/x` (never followed)"
        );
    }
}
