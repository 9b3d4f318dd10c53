//! Reads `providerSig` out of a /swap response (rule SWAP-PAYLOAD-001).
//!
//! Accepted: the current object form `{"payload", "signature"}`; the seed-era object with an
//! informational `header {alg, kid}` (alg must be ES256); the compact JWS string
//! `".<payload>.<signature>"` with an empty protected header. The documentation example's
//! `payload_signature` key fails, but its value is still used so the signature can be diagnosed.

use serde_json::Value;

use super::outcome::RuleOutcome;
use super::rules::PAYLOAD_SHAPE;

/// The strings the device will see, plus the JSON payin address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Envelope {
    /// `providerSig.payload`, exactly as returned.
    pub payload: String,
    /// `providerSig.signature` (or `payload_signature`), exactly as returned.
    pub signature: String,
    /// The response's top-level `payinAddress`, when present.
    pub payin_address: Option<String>,
}

/// Describes a JSON value's type for messages.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Extracts the envelope and the SWAP-PAYLOAD-001 outcome. None when there is nothing usable.
pub(crate) fn read(body: &Value) -> (RuleOutcome, Option<Envelope>) {
    let fail = |m: String| (RuleOutcome::fail(PAYLOAD_SHAPE, m), None);
    let Some(obj) = body.as_object() else {
        return fail(format!(
            "response body is {}, expected a JSON object with `providerSig`",
            kind(body)
        ));
    };
    let payin_address = obj
        .get("payinAddress")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let Some(sig) = obj.get("providerSig") else {
        let hint = if obj.contains_key("payload") {
            ": `payload` is at the top level, it belongs inside `providerSig`"
        } else {
            ""
        };
        return fail(format!("`providerSig` is missing{hint}"));
    };
    match sig {
        Value::String(compact) => read_compact(compact, payin_address),
        Value::Object(map) => read_object(map, payin_address),
        other => fail(format!(
            "`providerSig` is {}, expected an object with string `payload` and `signature`",
            kind(other)
        )),
    }
}

fn read_compact(compact: &str, payin_address: Option<String>) -> (RuleOutcome, Option<Envelope>) {
    let parts: Vec<&str> = compact.split('.').collect();
    let [protected, payload, signature] = parts.as_slice() else {
        return (
            RuleOutcome::fail(
                PAYLOAD_SHAPE,
                format!(
                    "`providerSig` is a string with {} `.`-separated parts, expected the compact JWS form `.<payload>.<signature>` or an object",
                    parts.len()
                ),
            ),
            None,
        );
    };
    let env = Envelope {
        payload: (*payload).to_owned(),
        signature: (*signature).to_owned(),
        payin_address,
    };
    let outcome = if protected.is_empty() {
        RuleOutcome::pass(
            PAYLOAD_SHAPE,
            "compact JWS string `.<payload>.<signature>` with an empty protected header (seed-era form, accepted)",
        )
    } else {
        RuleOutcome::fail(
            PAYLOAD_SHAPE,
            format!(
                "compact JWS has a protected header `{protected}`: the device signs only \".\" + payload, so the protected header must be empty"
            ),
        )
    };
    (outcome, Some(env))
}

fn read_object(
    map: &serde_json::Map<String, Value>,
    payin_address: Option<String>,
) -> (RuleOutcome, Option<Envelope>) {
    let fail = |m: String| (RuleOutcome::fail(PAYLOAD_SHAPE, m), None);
    let payload = match map.get("payload") {
        Some(Value::String(p)) => p.clone(),
        Some(other) => {
            return fail(format!(
                "`providerSig.payload` is {}, expected a string",
                kind(other)
            ));
        }
        None => return fail("`providerSig.payload` is missing".to_owned()),
    };
    let mut problems = Vec::new();
    let signature = match (map.get("signature"), map.get("payload_signature")) {
        (Some(Value::String(s)), _) => s.clone(),
        (Some(other), _) => {
            return fail(format!(
                "`providerSig.signature` is {}, expected a string",
                kind(other)
            ));
        }
        (None, Some(Value::String(s))) => {
            problems.push(
                "`providerSig` has `payload_signature` (the documentation example's key) instead of `signature`"
                    .to_owned(),
            );
            s.clone()
        }
        (None, _) => return fail("`providerSig.signature` is missing".to_owned()),
    };
    let mut notes = Vec::new();
    match map.get("header") {
        None => {}
        Some(Value::Object(h)) => match h.get("alg") {
            None => notes.push("informational `header` without `alg`".to_owned()),
            Some(Value::String(alg)) if alg == "ES256" => {
                let kid = h.get("kid").and_then(Value::as_str).unwrap_or("none");
                notes.push(format!("informational `header` (alg ES256, kid `{kid}`)"));
            }
            Some(alg) => problems.push(format!(
                "`providerSig.header.alg` is {alg}, expected \"ES256\" (ECDSA-SHA256)"
            )),
        },
        Some(other) => problems.push(format!(
            "`providerSig.header` is {}, expected an object",
            kind(other)
        )),
    }
    match map.get("protected") {
        None => {}
        Some(Value::String(p)) if p.is_empty() => notes.push("empty `protected`".to_owned()),
        Some(p) => problems.push(format!(
            "`providerSig.protected` is {p}: the device signs only \".\" + payload, so send no protected header"
        )),
    }
    let env = Envelope {
        payload,
        signature,
        payin_address,
    };
    let outcome = if problems.is_empty() {
        let mut msg = format!(
            "object with string `payload` ({} chars) and `signature` ({} chars)",
            env.payload.chars().count(),
            env.signature.chars().count()
        );
        if !notes.is_empty() {
            msg.push_str(&format!(", {}", notes.join(", ")));
        }
        RuleOutcome::pass(PAYLOAD_SHAPE, msg)
    } else {
        RuleOutcome::fail(PAYLOAD_SHAPE, problems.join("; "))
    };
    (outcome, Some(env))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::swap::outcome::RuleStatus;
    use serde_json::json;

    #[test]
    fn accepts_the_object_form() {
        let (o, env) = read(
            &json!({"payinAddress": "x", "providerSig": {"payload": "ab", "signature": "cd"}}),
        );
        assert_eq!(o.status, RuleStatus::Pass);
        let env = env.expect("envelope");
        assert_eq!((env.payload.as_str(), env.signature.as_str()), ("ab", "cd"));
        assert_eq!(env.payin_address.as_deref(), Some("x"));
    }

    #[test]
    fn accepts_seed_era_forms() {
        let (o, _) = read(
            &json!({"providerSig": {"payload": "ab", "signature": "cd", "header": {"alg": "ES256", "kid": "p-2020"}}}),
        );
        assert_eq!(o.status, RuleStatus::Pass);
        assert!(o.message.contains("kid `p-2020`"));
        let (o, env) = read(&json!({"providerSig": ".ab.cd"}));
        assert_eq!(o.status, RuleStatus::Pass);
        assert_eq!(env.map(|e| e.signature), Some("cd".into()));
    }

    #[test]
    fn names_the_documentation_key_and_bad_headers() {
        let (o, env) = read(&json!({"providerSig": {"payload": "ab", "payload_signature": "cd"}}));
        assert_eq!(o.status, RuleStatus::Fail);
        assert!(o.message.contains("`payload_signature`"), "{}", o.message);
        assert_eq!(env.map(|e| e.signature), Some("cd".into()));
        let (o, _) = read(
            &json!({"providerSig": {"payload": "ab", "signature": "cd", "header": {"alg": "RS256"}}}),
        );
        assert_eq!(o.status, RuleStatus::Fail);
        assert!(o.message.contains("\"RS256\""));
        let (o, _) = read(&json!({"providerSig": "eyJhbGciOiJFUzI1NiJ9.ab.cd"}));
        assert_eq!(o.status, RuleStatus::Fail);
        let (o, _) = read(
            &json!({"providerSig": {"payload": "ab", "signature": "cd", "protected": "eyJ9"}}),
        );
        assert_eq!(o.status, RuleStatus::Fail);
    }

    #[test]
    fn fails_without_usable_strings() {
        for body in [
            json!([]),
            json!({}),
            json!({"payload": "ab"}),
            json!({"providerSig": 3}),
            json!({"providerSig": "ab.cd"}),
            json!({"providerSig": {"payload": 1, "signature": "cd"}}),
            json!({"providerSig": {"payload": "ab"}}),
            json!({"providerSig": {"payload": "ab", "signature": null}}),
        ] {
            let (o, env) = read(&body);
            assert_eq!(o.status, RuleStatus::Fail, "{body}");
            assert!(env.is_none(), "{body}");
        }
    }
}
