//! What one step exchanged with the provider, as the checks judge it: the JSON sent and the
//! responses received (one, every poll attempt, or every page). The runner fills it in; the
//! checks read it. Neither side needs the other's types.

use serde_json::Value;
use std::time::Duration;

/// A received response with its raw body.
#[derive(Debug, Clone)]
pub(crate) struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Time from sending the request to the end of the body.
    pub elapsed: Duration,
}

impl Response {
    /// The media type without parameters, lowercase.
    pub(crate) fn content_type(&self) -> Option<String> {
        self.header("content-type").map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
    }

    /// The first header named `name` (case-insensitive).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON, or why it is not.
    pub(crate) fn json(&self) -> Result<Value, String> {
        if self.body.is_empty() {
            return Err("the body is empty".into());
        }
        let text =
            std::str::from_utf8(&self.body).map_err(|e| format!("the body is not UTF-8: {e}"))?;
        serde_json::from_str(text).map_err(|e| format!("the body is not JSON: {e}"))
    }
}

/// A response and its body parsed as JSON once.
#[derive(Debug, Clone)]
pub(crate) struct Received {
    pub response: Response,
    /// The body as JSON, or why it is not.
    pub json: Result<Value, String>,
}

impl From<Response> for Received {
    fn from(response: Response) -> Self {
        Received {
            json: response.json(),
            response,
        }
    }
}

/// One step's request and what came back.
#[derive(Debug, Clone)]
pub(crate) struct Exchange {
    /// The JSON body sent, when there was one.
    pub request: Option<Value>,
    pub series: Series,
}

/// The responses of one step.
#[derive(Debug, Clone)]
pub(crate) enum Series {
    /// One request, one response.
    Single(Received),
    /// The same request repeated until a condition held or the budget ran out.
    Polled {
        /// Every attempt that got a response, in order.
        attempts: Vec<Received>,
        /// The transport failure that stopped the polling, if one did.
        failure: Option<String>,
        /// From the first attempt to the last verdict.
        elapsed: Duration,
        /// The deadline the polling ran under, in seconds.
        deadline_secs: u64,
    },
    /// A cursor followed across pages.
    Paged {
        /// Every page that got a response, in order.
        pages: Vec<Received>,
        /// The transport failure that stopped the pagination, if one did.
        failure: Option<String>,
    },
}

impl Series {
    /// The last response: the one a step's checks and captures see (but for pagination,
    /// whose non-page checks see the collected items).
    pub(crate) fn last(&self) -> Option<&Received> {
        match self {
            Series::Single(r) => Some(r),
            Series::Polled { attempts, .. } => attempts.last(),
            Series::Paged { pages, .. } => pages.last(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(headers: &[(&str, &str)], body: &str) -> Response {
        Response {
            status: 200,
            headers: headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.as_bytes().to_vec(),
            elapsed: Duration::from_millis(1),
        }
    }

    #[test]
    fn content_types_drop_parameters_and_case() {
        let r = response(&[("Content-Type", "Application/JSON; charset=utf-8")], "{}");
        assert_eq!(r.content_type().as_deref(), Some("application/json"));
        assert_eq!(
            r.header("content-type"),
            Some("Application/JSON; charset=utf-8")
        );
    }

    #[test]
    fn bodies_say_why_they_are_not_json() {
        assert_eq!(response(&[], "").json(), Err("the body is empty".into()));
        assert!(
            response(&[], "{oops")
                .json()
                .unwrap_err()
                .starts_with("the body is not JSON")
        );
        let r = Received::from(response(&[], r#"{"a":1}"#));
        assert_eq!(r.json, Ok(serde_json::json!({"a": 1})));
        assert_eq!(
            Series::Single(r).last().map(|r| r.response.status),
            Some(200)
        );
    }
}
