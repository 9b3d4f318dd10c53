//! The login widget's token: delivered in a documented shape (WIDGET-LOGIN-001), a JWT with
//! `exp` ahead when the provider needs a bearer token (WIDGET-TOKEN-001).

use super::Verdicts;
use crate::widgets::observe::{Contract, Observation};
use serde_json::Value;

/// The token the widget delivered, and through which contract.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Delivered {
    pub token: String,
    pub via: Contract,
}

/// Finds the token: `setToken(token)` through the bridge, or the seed's
/// `{user_id, bearer_token}` posted (`userId`/`bearerToken`, as the seed's prose names them,
/// are read too).
pub(crate) fn token(obs: &Observation) -> Option<Delivered> {
    obs.messages.iter().find_map(|m| {
        let v: Value = serde_json::from_str(&m.data).ok()?;
        let token = match m.via {
            Contract::Bridge if v.get("type")? == "setToken" => v.get("token")?.as_str()?,
            Contract::Bridge => return None,
            Contract::PostMessage => {
                let o = v.as_object()?;
                let user = o.get("user_id").or_else(|| o.get("userId"));
                let t = o
                    .get("bearer_token")
                    .or_else(|| o.get("bearerToken"))?
                    .as_str()?;
                user?;
                t
            }
        };
        (!token.is_empty()).then(|| Delivered {
            token: token.to_string(),
            via: m.via,
        })
    })
}

/// What a message looks like, without its values: `postMessage {token}`, `window.ledger
/// setToken(an object)`.
fn shape(data: &str, via: Contract) -> String {
    let described = match serde_json::from_str::<Value>(data) {
        Ok(Value::Object(o)) if via == Contract::Bridge => match (o.get("type"), o.get("token")) {
            (Some(Value::String(t)), Some(tok)) => format!("{t}({})", kind(tok)),
            (Some(Value::String(t)), None) => format!("{t}()"),
            _ => "an unknown call".into(),
        },
        Ok(Value::Object(o)) => format!("{{{}}}", o.keys().cloned().collect::<Vec<_>>().join(", ")),
        Ok(other) => kind(&other).to_string(),
        Err(_) => "a string that is not JSON".into(),
    };
    format!("{} {described}", via.label())
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "a string",
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::Number(_) => "a number",
        Value::Bool(_) => "a boolean",
        Value::Null => "null",
    }
}

/// WIDGET-LOGIN-001; returns the token when one was delivered.
pub(crate) fn judge_shape(v: &mut Verdicts, obs: &Observation) -> Option<Delivered> {
    let found = token(obs);
    match (&found, obs.messages.is_empty()) {
        (Some(d), _) => v.pass(
            "WIDGET-LOGIN-001",
            "token_shape",
            match d.via {
                Contract::Bridge => {
                    "token delivered with `window.ledger.setToken` (Ledger Live's bridge)"
                }
                Contract::PostMessage => {
                    "token delivered as the seed's `postMessage` `{user_id, bearer_token}`"
                }
            },
        ),
        (None, true) => v.fail(
            "WIDGET-LOGIN-001",
            "token_shape",
            "the widget sent no message: neither `window.ledger.setToken` nor a `postMessage`",
        ),
        (None, false) => {
            let shapes: Vec<String> = obs.messages.iter().map(|m| shape(&m.data, m.via)).collect();
            v.fail(
                "WIDGET-LOGIN-001",
                "token_shape",
                format!(
                    "no message in a documented shape: got {}; expected `postMessage` `{{user_id, bearer_token}}` or `window.ledger.setToken(\"<token>\")`",
                    shapes.join(", ")
                ),
            );
        }
    }
    found
}

/// WIDGET-TOKEN-001, when the provider declares that it needs a bearer token (`swap_v1`'s
/// `login: required`); not reported otherwise.
pub(crate) fn judge_jwt(v: &mut Verdicts, delivered: Option<&Delivered>, needs_token: bool) {
    const ID: &str = "WIDGET-TOKEN-001";
    match (needs_token, delivered) {
        // Ledger Live checks the token's expiry only for a provider that `needsBearerToken`
        // (`shouldShowLoginBanner`): nothing to check, and nothing reported.
        (false, _) => {}
        (true, None) => v.skip(ID, "token_jwt", "no token was delivered (WIDGET-LOGIN-001)"),
        (true, Some(d)) => {
            let now = chrono::Utc::now().timestamp() as f64;
            v.judge(ID, "token_jwt", super::jwt::judge(&d.token, now));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::outcome::Status;
    use crate::widgets::observe::Message;

    fn obs(messages: &[(Contract, &str)]) -> Observation {
        Observation {
            messages: messages
                .iter()
                .map(|(via, data)| Message {
                    via: *via,
                    data: data.to_string(),
                    at_ms: 10,
                })
                .collect(),
            ..Observation::default()
        }
    }

    fn verdicts() -> Verdicts {
        Verdicts::new(crate::source::Location {
            file: "p".into(),
            line: 1,
            col: 1,
        })
    }

    #[test]
    fn both_documented_shapes_deliver_a_token() {
        let bridge = obs(&[(Contract::Bridge, r#"{"type":"setToken","token":"T"}"#)]);
        assert_eq!(token(&bridge).map(|d| d.token), Some("T".into()));
        let seed = obs(&[(
            Contract::PostMessage,
            r#"{"user_id":"u","bearer_token":"T"}"#,
        )]);
        assert_eq!(token(&seed).map(|d| d.via), Some(Contract::PostMessage));
    }

    #[test]
    fn other_shapes_fail_and_say_what_came_without_values() {
        let mut v = verdicts();
        let wrong = obs(&[
            (Contract::PostMessage, r#"{"token":"secret-T"}"#),
            (
                Contract::Bridge,
                r#"{"type":"setToken","token":{"t":"secret-T"}}"#,
            ),
        ]);
        assert!(judge_shape(&mut v, &wrong).is_none());
        let c = &v.checks[0];
        assert_eq!(c.status, Status::Fail);
        assert!(c.message.contains("postMessage {token}"), "{}", c.message);
        assert!(c.message.contains("setToken(an object)"), "{}", c.message);
        assert!(!c.message.contains("secret-T"));
        let mut none = verdicts();
        judge_shape(&mut none, &obs(&[]));
        assert_eq!(none.checks[0].status, Status::Fail);
    }
}
