//! The HTTP client: per-request timeout, a response size cap, no redirects followed, and the
//! unreachable rule (`reach.rs`): a base URL that timed out N times in a row gets no more
//! requests.

mod reach;

pub(crate) use reach::{UNREACHABLE, Unanswered};

use super::outcome::{Exchange, RecordedRequest, RecordedResponse};
use reach::{Gate, Reach};
use std::time::{Duration, Instant};

/// Client settings.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    pub timeout: Duration,
    /// Largest response body read, in bytes; a larger body is a transport error.
    pub max_body: usize,
    /// Consecutive timeouts against one base URL after which its remaining requests are not
    /// sent; 0 never stops sending.
    pub unreachable_after: u32,
    /// The profile's base URLs: the unit the unreachable rule counts by.
    pub base_urls: Vec<String>,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            timeout: Duration::from_secs(10),
            max_body: 4 * 1024 * 1024,
            unreachable_after: 3,
            base_urls: Vec::new(),
        }
    }
}

/// A request ready to send.
#[derive(Debug, Clone)]
pub struct OutRequest {
    pub method: reqwest::Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

/// A received response with its raw body.
#[derive(Debug, Clone)]
pub struct InResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub elapsed: Duration,
}

impl InResponse {
    /// The media type without parameters, lowercase.
    pub fn content_type(&self) -> Option<String> {
        self.header("content-type").map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON, or why it is not.
    pub fn json(&self) -> Result<serde_json::Value, String> {
        if self.body.is_empty() {
            return Err("the body is empty".into());
        }
        let text =
            std::str::from_utf8(&self.body).map_err(|e| format!("the body is not UTF-8: {e}"))?;
        serde_json::from_str(text).map_err(|e| format!("the body is not JSON: {e}"))
    }
}

pub struct Http {
    client: reqwest::Client,
    config: HttpConfig,
    reach: Reach,
}

/// Why a request got no usable response: a timeout counts toward the unreachable rule.
enum Failure {
    Timeout(String),
    Other(String),
}

impl Http {
    pub fn new(config: HttpConfig) -> Result<Http, reqwest::Error> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            .user_agent(concat!("provider-conformance/", env!("CARGO_PKG_VERSION")))
            .build()?;
        let reach = Reach::new(config.unreachable_after, config.base_urls.clone());
        Ok(Http {
            client,
            config,
            reach,
        })
    }

    /// Sends the request; a transport failure is an `Err` with a readable reason. A request to
    /// a base URL that stopped answering is not sent and fails at once ([`UNREACHABLE`]).
    pub async fn send(&self, req: &OutRequest) -> Result<InResponse, String> {
        let base = self.reach.base_of(&req.url);
        if let Gate::Refuse(why) = self.reach.gate(&base) {
            return Err(why);
        }
        let sent_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        match self.exchange(req).await {
            Ok(r) => {
                self.reach.answered(&base);
                Ok(r)
            }
            Err(Failure::Timeout(why)) => {
                self.reach.timed_out(&base, &sent_at);
                Err(why)
            }
            Err(Failure::Other(why)) => {
                self.reach.answered(&base);
                Err(why)
            }
        }
    }

    /// Base URLs whose requests were not sent because they stopped answering.
    pub fn unanswered(&self) -> Vec<Unanswered> {
        self.reach.unanswered()
    }

    async fn exchange(&self, req: &OutRequest) -> Result<InResponse, Failure> {
        let start = Instant::now();
        let mut builder = self.client.request(req.method.clone(), &req.url);
        for (k, v) in &req.headers {
            builder = builder.header(k, v);
        }
        if let Some(body) = &req.body {
            builder = builder.body(body.clone());
        }
        let timeout = self.config.timeout;
        let work = async {
            let mut resp = builder.send().await.map_err(describe)?;
            let status = resp.status().as_u16();
            let headers = resp
                .headers()
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_string(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let mut body = Vec::new();
            while let Some(chunk) = resp.chunk().await.map_err(describe)? {
                if body.len() + chunk.len() > self.config.max_body {
                    return Err(Failure::Other(format!(
                        "the response body is larger than the {} byte limit (--max-response-bytes)",
                        self.config.max_body
                    )));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(InResponse {
                status,
                headers,
                body,
                elapsed: start.elapsed(),
            })
        };
        // reqwest's timeout covers the whole exchange; this guard also bounds a body that drips.
        match tokio::time::timeout(timeout + Duration::from_millis(500), work).await {
            Ok(r) => r,
            Err(_) => Err(Failure::Timeout(format!(
                "no complete response within {} ms",
                timeout.as_millis()
            ))),
        }
    }
}

fn describe(e: reqwest::Error) -> Failure {
    if e.is_timeout() {
        Failure::Timeout(describe_text(&e))
    } else {
        Failure::Other(describe_text(&e))
    }
}

fn describe_text(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "the body could not be read"
    } else {
        "request failed"
    };
    let mut msg = format!("{kind}: {e}");
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(&format!(": {s}"));
        source = s.source();
    }
    msg
}

/// Records a request/response pair for the reports.
pub(crate) fn record(
    req: &OutRequest,
    resp: Result<&InResponse, &str>,
    elapsed: Duration,
    at: Duration,
) -> Exchange {
    Exchange {
        request: RecordedRequest {
            method: req.method.to_string(),
            url: req.url.clone(),
            headers: req.headers.clone(),
            body: req.body.clone(),
        },
        response: resp.ok().map(|r| RecordedResponse {
            status: r.status,
            headers: r.headers.clone(),
            body: String::from_utf8_lossy(&r.body[..r.body.len().min(64 * 1024)]).into_owned(),
            body_bytes: r.body.len(),
        }),
        error: resp.err().map(str::to_string),
        elapsed_ms: elapsed.as_millis() as u64,
        at_ms: at.as_millis() as u64,
    }
}
