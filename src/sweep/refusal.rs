//! Whether an advertised pair's quote was refused, and as what: the sweep's own verdicts
//! (SWEEP-001, SWEEP-002). A quote that was answered is judged by the quote step's checks.

use crate::runner::outcome::StepOutcome;
use serde::Deserialize;

/// The amount keys of `/quote`'s refusals (and their names before the 2024-08-14 rename).
const RANGE_KEYS: &[&str] = &[
    "FROM_CURRENCY_MINIMUM_AMOUNT_ERROR",
    "FROM_CURRENCY_MAXIMUM_AMOUNT_ERROR",
    "TO_CURRENCY_MINIMUM_AMOUNT_ERROR",
    "TO_CURRENCY_MAXIMUM_AMOUNT_ERROR",
];

/// What became of one quote of an advertised pair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Answer {
    /// Answered 2xx: the step's checks judge it.
    Quoted,
    /// Refused as outside the amount limits although the amount is inside the advertised ones.
    OutOfRange(String),
    /// Refused otherwise (`SWAP_PAIR_NOT_FOUND_ERROR`, a 5xx, ...).
    Refused(String),
    /// Still 429 or 503 when the retries ran out: no verdict on the pair.
    Throttled(String),
    /// No response (transport failure): the step's checks say why.
    NoResponse,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody {
    message_key: Option<String>,
    message: Option<String>,
}

/// Reads the quote step's last exchange.
pub(crate) fn answer(step: &StepOutcome) -> Answer {
    let Some(resp) = step.exchanges.last().and_then(|e| e.response.as_ref()) else {
        return Answer::NoResponse;
    };
    if (200..300).contains(&resp.status) {
        return Answer::Quoted;
    }
    let body: Option<ErrorBody> = serde_json::from_str(&resp.body).ok();
    let key = body.as_ref().and_then(|b| b.message_key.clone());
    let said = body
        .and_then(|b| b.message)
        .map(|m| format!(": {}", m.chars().take(120).collect::<String>()))
        .unwrap_or_default();
    let what = match &key {
        Some(k) => format!("status {} `{k}`{said}", resp.status),
        None => format!("status {}{said}", resp.status),
    };
    match resp.status {
        429 | 503 => Answer::Throttled(format!("{what} (the retries ran out)")),
        400 if key.as_deref().is_some_and(|k| RANGE_KEYS.contains(&k)) => Answer::OutOfRange(what),
        _ => Answer::Refused(what),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::outcome::{Exchange, RecordedRequest, RecordedResponse};
    use crate::source::Location;

    fn step(status: Option<u16>, body: &str) -> StepOutcome {
        StepOutcome {
            name: "fixed quote".into(),
            location: Location {
                file: "s".into(),
                line: 1,
                col: 1,
            },
            exchanges: vec![Exchange {
                request: RecordedRequest {
                    method: "POST".into(),
                    url: "u".into(),
                    headers: Vec::new(),
                    body: None,
                },
                response: status.map(|status| RecordedResponse {
                    status,
                    headers: Vec::new(),
                    body: body.into(),
                    body_bytes: body.len(),
                }),
                error: status.is_none().then(|| "refused".into()),
                elapsed_ms: 1,
                at_ms: 0,
            }],
            checks: Vec::new(),
            decoded_payload: None,
            secrets: Vec::new(),
        }
    }

    #[test]
    fn refusals_are_told_apart_by_status_and_key() {
        assert_eq!(answer(&step(Some(200), "{}")), Answer::Quoted);
        assert_eq!(answer(&step(None, "")), Answer::NoResponse);
        let min = r#"{"messageKey":"FROM_CURRENCY_MINIMUM_AMOUNT_ERROR","message":"too small"}"#;
        assert_eq!(
            answer(&step(Some(400), min)),
            Answer::OutOfRange("status 400 `FROM_CURRENCY_MINIMUM_AMOUNT_ERROR`: too small".into())
        );
        let missing = r#"{"messageKey":"SWAP_PAIR_NOT_FOUND_ERROR","message":"no"}"#;
        assert_eq!(
            answer(&step(Some(404), missing)),
            Answer::Refused("status 404 `SWAP_PAIR_NOT_FOUND_ERROR`: no".into())
        );
        assert_eq!(
            answer(&step(Some(500), "oops")),
            Answer::Refused("status 500".into())
        );
        assert!(matches!(answer(&step(Some(429), "")), Answer::Throttled(_)));
        // A range key under another status is no range refusal.
        assert!(matches!(answer(&step(Some(404), min)), Answer::Refused(_)));
    }
}
