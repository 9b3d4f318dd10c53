//! The HTTP client: per-request timeout, a response size cap, no redirects followed
//! (`transport.rs`), and the unreachable rule (`reach.rs`): a base URL that timed out N times
//! in a row gets no more requests; `429`/`503` with `Retry-After` waited out and sent again
//! (`retry.rs`); `--rps` paced (`pace.rs`).

mod pace;
mod reach;
mod retry;
mod transport;

pub(crate) use reach::{UNREACHABLE, Unanswered};
pub(crate) use retry::{DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_WAIT_SECS, RetryPolicy};

use super::outcome::{Exchange, RecordedRequest, RecordedResponse, Retries};
use pace::Bucket;
use reach::{Gate, Reach};
use retry::{Decision, RetryTally};
use std::time::Duration;
use transport::{Failure, Transport};

/// Client settings.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    pub timeout: Duration,
    /// Largest response body read, in bytes; a larger body is a transport error.
    pub max_body: usize,
    /// Consecutive timeouts against one base URL after which its remaining requests are not
    /// sent; 0 never stops sending.
    pub unreachable_after: u32,
    /// The profile's base URLs: the unit the unreachable rule counts by. When every one is
    /// `http://`, the client loads no TLS roots (requests go nowhere else: redirects are not
    /// followed), which saves reading the system's certificate store at start.
    pub base_urls: Vec<String>,
    /// How `429`/`503` with `Retry-After` are waited out.
    pub retry: RetryPolicy,
    /// `--rps`: at most this many requests in any one second, retries included.
    pub rps: Option<u32>,
    /// `--concurrency`: at most this many requests in flight at once (a request waiting out
    /// a `Retry-After` keeps its place; a flow waiting between status polls holds none).
    pub concurrency: usize,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            timeout: Duration::from_secs(10),
            max_body: 4 * 1024 * 1024,
            unreachable_after: 3,
            base_urls: Vec::new(),
            retry: RetryPolicy::default(),
            rps: None,
            concurrency: 4,
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
    transport: Transport,
    config: HttpConfig,
    reach: Reach,
    retries: RetryTally,
    pace: Bucket,
    slots: tokio::sync::Semaphore,
}

impl Http {
    pub fn new(config: HttpConfig) -> Result<Http, rustls::Error> {
        let transport = Transport::new(
            config.timeout,
            config.max_body,
            !plain_http_only(&config.base_urls),
        )?;
        let reach = Reach::new(config.unreachable_after, config.base_urls.clone());
        Ok(Http {
            transport,
            pace: Bucket::new(config.rps),
            slots: tokio::sync::Semaphore::new(config.concurrency.max(1)),
            config,
            reach,
            retries: RetryTally::default(),
        })
    }

    /// Sends the request, paced by `--rps` (a retry too); a transport failure is an `Err` with
    /// a readable reason. A request to
    /// a base URL that stopped answering is not sent and fails at once ([`UNREACHABLE`]). A
    /// `429`/`503` with `Retry-After` is waited out and sent again ([`RetryPolicy`]); when the
    /// retries run out the request fails with a message naming the limit.
    pub async fn send(&self, req: &OutRequest) -> Result<InResponse, String> {
        // The semaphore is never closed; were it, the request would go without a place.
        let _slot = self.slots.acquire().await.ok();
        let mut retried = 0;
        loop {
            let resp = self.send_once(req).await?;
            let retry_after = resp.header("retry-after");
            match self.config.retry.decide(resp.status, retry_after, retried) {
                Decision::Answer => return Ok(resp),
                Decision::GiveUp(why) => {
                    self.retries.gave_up();
                    return Err(why);
                }
                Decision::Wait(wait) => {
                    self.retries.waited(wait);
                    retried += 1;
                    tokio::time::sleep(wait).await;
                }
            }
        }
    }

    /// What the run's retries came to.
    pub fn retries(&self) -> Retries {
        self.retries.totals()
    }

    async fn send_once(&self, req: &OutRequest) -> Result<InResponse, String> {
        let base = self.reach.base_of(&req.url);
        if let Gate::Refuse(why) = self.reach.gate(&base) {
            return Err(why);
        }
        self.pace.take().await;
        // Formatted only when it is needed: the first of a streak of timeouts.
        let sent_at = chrono::Utc::now();
        match self.exchange(req).await {
            Ok(r) => {
                self.reach.answered(&base);
                Ok(r)
            }
            Err(Failure::Timeout(why)) => {
                let sent_at = sent_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
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
        self.transport
            .exchange(&req.method, &req.url, &req.headers, req.body.as_deref())
            .await
    }
}

/// Whether every base URL is plain `http://` (and there is at least one).
fn plain_http_only(base_urls: &[String]) -> bool {
    !base_urls.is_empty()
        && base_urls.iter().all(|u| {
            u.get(..7)
                .is_some_and(|s| s.eq_ignore_ascii_case("http://"))
        })
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
            body: text_of(&r.body[..r.body.len().min(64 * 1024)]),
            body_bytes: r.body.len(),
        }),
        error: resp.err().map(str::to_string),
        elapsed_ms: elapsed.as_millis() as u64,
        at_ms: at.as_millis() as u64,
    }
}

/// The body as text: checked at full speed, and only a body that is not UTF-8 (or is cut in
/// the middle of a character) goes through the slower lossy conversion.
fn text_of(body: &[u8]) -> String {
    match std::str::from_utf8(body) {
        Ok(text) => text.to_owned(),
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderMap, StatusCode};
    use axum::response::IntoResponse;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::time::Instant;

    /// A loopback server whose first `busy` answers are `status` with `Retry-After: after`.
    async fn throttling(busy: u32, status: u16, after: String) -> (String, Arc<AtomicU32>) {
        let hits = Arc::new(AtomicU32::new(0));
        let seen = hits.clone();
        let app = axum::Router::new().route(
            "/x",
            axum::routing::get(move || {
                let n = seen.fetch_add(1, Ordering::SeqCst);
                let after = after.clone();
                async move {
                    if n < busy {
                        let mut h = HeaderMap::new();
                        h.insert("retry-after", after.parse().unwrap());
                        (StatusCode::from_u16(status).unwrap(), h, "busy").into_response()
                    } else {
                        "ok".into_response()
                    }
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/x", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        (url, hits)
    }

    fn get(url: &str) -> OutRequest {
        OutRequest {
            method: reqwest::Method::GET,
            url: url.to_string(),
            headers: Vec::new(),
            body: None,
        }
    }

    fn http(max_retries: u32, base: &str) -> Http {
        Http::new(HttpConfig {
            base_urls: vec![base.to_string()],
            retry: RetryPolicy {
                max_retries,
                ..RetryPolicy::default()
            },
            ..HttpConfig::default()
        })
        .unwrap()
    }

    #[tokio::test]
    async fn a_429_with_retry_after_seconds_is_waited_out_and_counted() {
        let (url, hits) = throttling(2, 429, "0".into()).await;
        let h = http(3, &url);
        let r = h.send(&get(&url)).await.unwrap();
        assert_eq!((r.status, r.body.as_slice()), (200, b"ok".as_slice()));
        assert_eq!(hits.load(Ordering::SeqCst), 3);
        assert_eq!(
            h.retries(),
            Retries {
                retried: 2,
                waited_ms: 0,
                gave_up: 0
            }
        );
    }

    #[tokio::test]
    async fn a_503_with_an_http_date_is_waited_out() {
        // An HTTP-date has whole seconds: one in the past is no wait at all.
        let past = httpdate::fmt_http_date(std::time::SystemTime::now() - Duration::from_secs(5));
        let (url, hits) = throttling(1, 503, past).await;
        let h = http(3, &url);
        assert_eq!(h.send(&get(&url)).await.unwrap().status, 200);
        assert_eq!(hits.load(Ordering::SeqCst), 2);
        assert_eq!(h.retries().retried, 1);
    }

    #[tokio::test]
    async fn retries_that_run_out_fail_naming_the_limit() {
        let (url, hits) = throttling(10, 429, "0".into()).await;
        let h = http(2, &url);
        let why = h.send(&get(&url)).await.unwrap_err();
        assert_eq!(
            why,
            "rate limited: still `429` with `Retry-After: 0` after 2 retries (the limit, `--max-retries 2`)"
        );
        assert_eq!(hits.load(Ordering::SeqCst), 3);
        assert_eq!(h.retries().gave_up, 1);
        // Without retries the 429 is the answer, for the checks to judge.
        let off = http(0, &url);
        assert_eq!(off.send(&get(&url)).await.unwrap().status, 429);
        assert!(off.retries().is_empty());
    }

    #[tokio::test]
    async fn retries_take_a_token_of_the_rps_bucket_too() {
        // Three `429`s, then the answer: four requests at `--rps 10` are 105 ms apart.
        let (url, hits) = throttling(3, 429, "0".into()).await;
        let h = Http::new(HttpConfig {
            base_urls: vec![url.clone()],
            rps: Some(10),
            ..HttpConfig::default()
        })
        .unwrap();
        let start = Instant::now();
        assert_eq!(h.send(&get(&url)).await.unwrap().status, 200);
        assert_eq!(hits.load(Ordering::SeqCst), 4);
        assert!(
            start.elapsed() >= Duration::from_millis(3 * 105),
            "{:?}",
            start.elapsed()
        );
    }

    #[tokio::test]
    async fn no_more_than_concurrency_requests_are_in_flight() {
        // A server that holds each request 30 ms and notes the most it held at once.
        let (now, most) = (Arc::new(AtomicU32::new(0)), Arc::new(AtomicU32::new(0)));
        let (n, m) = (now.clone(), most.clone());
        let app = axum::Router::new().route(
            "/x",
            axum::routing::get(move || {
                let (n, m) = (n.clone(), m.clone());
                async move {
                    m.fetch_max(n.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(30)).await;
                    n.fetch_sub(1, Ordering::SeqCst);
                    "ok"
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/x", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        for (concurrency, want) in [(1, 1), (3, 3)] {
            most.store(0, Ordering::SeqCst);
            let h = Http::new(HttpConfig {
                base_urls: vec![url.clone()],
                concurrency,
                ..HttpConfig::default()
            })
            .unwrap();
            let req = get(&url);
            let sends = (0..8).map(|_| h.send(&req));
            for r in futures_util::future::join_all(sends).await {
                assert_eq!(r.unwrap().status, 200);
            }
            assert_eq!(
                most.load(Ordering::SeqCst),
                want,
                "--concurrency {concurrency}"
            );
        }
    }

    #[test]
    fn tls_roots_are_skipped_only_when_every_base_url_is_plain_http() {
        assert!(plain_http_only(&[
            "http://127.0.0.1:1/v2".into(),
            "HTTP://h".into()
        ]));
        assert!(!plain_http_only(&["http://h".into(), "https://h".into()]));
        assert!(!plain_http_only(&[]));
    }
}
