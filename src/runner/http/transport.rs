//! The wire: HTTP/1.1 over hyper's pooled client, with rustls for `https://` (the platform's
//! verifier, as reqwest sets it up). No redirect is followed, no request is retried here (that
//! is `retry.rs`'s, and only on `Retry-After`), and the whole exchange, body included, is
//! bounded by one timeout. Sending through hyper directly rather than through reqwest saves
//! reqwest's URL round trips and its layers' copies of each request, about a sixth of a sweep
//! quote's instructions.

use super::InResponse;
use bytes::Bytes;
use http::header::{ACCEPT, HeaderName, HeaderValue, USER_AGENT};
use http_body_util::{BodyExt, Full};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How many parsed URLs are kept; past that the cache starts again (status URLs, one per
/// swap, would otherwise grow it without bound).
const KEPT_URLS: usize = 256;

const AGENT: &str = concat!("provider-conformance/", env!("CARGO_PKG_VERSION"));

/// Why an exchange produced no response: a timeout counts toward the unreachable rule.
#[derive(Debug)]
pub(super) enum Failure {
    Timeout(String),
    Other(String),
}

pub(super) struct Transport {
    client: Client<HttpsConnector<HttpConnector>, Full<Bytes>>,
    timeout: Duration,
    max_body: usize,
    /// Request URLs parsed once: the sweep sends thousands of quotes to the same `…/quote`.
    uris: Mutex<HashMap<String, http::Uri>>,
}

impl Transport {
    /// `verify_with_platform`: load the platform's roots for `https://`; without it no server
    /// certificate is trusted (a run whose base URLs are all `http://` reaches no other host).
    pub(super) fn new(
        timeout: Duration,
        max_body: usize,
        verify_with_platform: bool,
    ) -> Result<Transport, rustls::Error> {
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()?;
        let tls = if verify_with_platform {
            let verifier = rustls_platform_verifier::Verifier::new(provider)?;
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(verifier))
                .with_no_client_auth()
        } else {
            builder
                .with_root_certificates(rustls::RootCertStore::empty())
                .with_no_client_auth()
        };
        let mut tcp = HttpConnector::new();
        tcp.enforce_http(false);
        tcp.set_nodelay(true);
        tcp.set_connect_timeout(Some(timeout));
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(tcp);
        let client = Client::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(Duration::from_secs(90))
            .build(connector);
        Ok(Transport {
            client,
            timeout,
            max_body,
            uris: Mutex::default(),
        })
    }

    /// Sends one request and reads the whole answer, within the timeout.
    pub(super) async fn exchange(
        &self,
        method: &http::Method,
        url: &str,
        headers: &[(String, String)],
        body: Option<&str>,
    ) -> Result<InResponse, Failure> {
        let start = Instant::now();
        let request = self.request(method, url, headers, body)?;
        let work = async {
            let response = self.client.request(request).await.map_err(sending)?;
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_string(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let mut incoming = response.into_body();
            let mut body = Vec::new();
            while let Some(frame) = incoming.frame().await {
                let frame =
                    frame.map_err(|e| Failure::Other(chain("the body could not be read", &e)))?;
                let Ok(data) = frame.into_data() else {
                    continue;
                };
                if body.len() + data.len() > self.max_body {
                    return Err(Failure::Other(format!(
                        "the response body is larger than the {} byte limit (--max-response-bytes)",
                        self.max_body
                    )));
                }
                body.extend_from_slice(&data);
            }
            Ok(InResponse {
                status,
                headers,
                body,
                elapsed: start.elapsed(),
            })
        };
        match tokio::time::timeout(self.timeout, work).await {
            Ok(r) => r,
            Err(_) => Err(Failure::Timeout(format!(
                "timed out: no complete response within {} ms",
                self.timeout.as_millis()
            ))),
        }
    }

    fn request(
        &self,
        method: &http::Method,
        url: &str,
        headers: &[(String, String)],
        body: Option<&str>,
    ) -> Result<http::Request<Full<Bytes>>, Failure> {
        let refused = |why: String| Failure::Other(format!("request failed: {why}"));
        let mut request = http::Request::new(Full::new(match body {
            Some(b) => Bytes::copy_from_slice(b.as_bytes()),
            None => Bytes::new(),
        }));
        *request.method_mut() = method.clone();
        *request.uri_mut() = self.uri(url).map_err(refused)?;
        let map = request.headers_mut();
        for (k, v) in headers {
            let name = HeaderName::from_bytes(k.as_bytes())
                .map_err(|_| refused(format!("`{k}` is not a valid header name")))?;
            let value = HeaderValue::from_str(v)
                .map_err(|_| refused(format!("the value of header `{k}` is not valid")))?;
            map.append(name, value);
        }
        if !map.contains_key(USER_AGENT) {
            map.insert(USER_AGENT, HeaderValue::from_static(AGENT));
        }
        if !map.contains_key(ACCEPT) {
            map.insert(ACCEPT, HeaderValue::from_static("*/*"));
        }
        Ok(request)
    }

    /// The URL as the WHATWG parser reads it (percent-encoding what needs it, as browsers
    /// and reqwest do), then as an HTTP request target.
    fn uri(&self, text: &str) -> Result<http::Uri, String> {
        let mut uris = self.uris.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(uri) = uris.get(text) {
            return Ok(uri.clone());
        }
        let url = url::Url::parse(text).map_err(|e| format!("`{text}` is not a URL: {e}"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!(
                "`{text}` is not an http:// or https:// URL (its scheme is `{}`)",
                url.scheme()
            ));
        }
        let uri = http::Uri::try_from(url.as_str())
            .map_err(|e| format!("`{text}` is not a URL a request can be sent to: {e}"))?;
        if uris.len() >= KEPT_URLS {
            uris.clear();
        }
        uris.insert(text.to_string(), uri.clone());
        Ok(uri)
    }
}

/// A failure to send or to receive the head: a connect timeout counts as a timeout.
fn sending(e: hyper_util::client::legacy::Error) -> Failure {
    let timed_out = source_chain(&e).any(|s| {
        s.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut)
    });
    if timed_out {
        Failure::Timeout(chain("timed out", &e))
    } else if e.is_connect() {
        Failure::Other(chain("could not connect", &e))
    } else {
        Failure::Other(chain("request failed", &e))
    }
}

fn source_chain<'a>(
    e: &'a (dyn std::error::Error + 'static),
) -> impl Iterator<Item = &'a (dyn std::error::Error + 'static)> {
    std::iter::successors(Some(e), |e| e.source())
}

/// `kind: error: its source: …`, the whole chain on one line.
fn chain(kind: &str, e: &(dyn std::error::Error + 'static)) -> String {
    let mut msg = kind.to_string();
    for s in source_chain(e) {
        let text = s.to_string();
        // hyper repeats a source's text in its own Display at times; say each once.
        if !msg.ends_with(&text) {
            msg.push_str(": ");
            msg.push_str(&text);
        }
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn transport() -> Transport {
        Transport::new(Duration::from_secs(2), 1024, false).unwrap()
    }

    #[test]
    fn a_url_is_parsed_once_and_kept_within_the_bound() {
        let t = transport();
        let a = t.uri("http://127.0.0.1:1/v2/quote").unwrap();
        assert_eq!(a, "http://127.0.0.1:1/v2/quote");
        assert_eq!(t.uri("http://127.0.0.1:1/v2/quote").unwrap(), a);
        for i in 0..KEPT_URLS + 10 {
            t.uri(&format!("http://127.0.0.1:1/status?swapId={i}"))
                .unwrap();
        }
        assert!(t.uris.lock().unwrap().len() <= KEPT_URLS);
    }

    #[test]
    fn a_url_is_encoded_as_a_browser_would_and_other_schemes_are_refused() {
        let t = transport();
        assert_eq!(
            t.uri("http://127.0.0.1:1/q?name=a b").unwrap(),
            "http://127.0.0.1:1/q?name=a%20b"
        );
        assert!(t.uri("not a url").unwrap_err().contains("is not a URL"));
        assert!(
            t.uri("ftp://127.0.0.1/x")
                .unwrap_err()
                .contains("scheme is `ftp`")
        );
    }

    #[test]
    fn a_bad_header_is_refused_before_anything_is_sent() {
        let t = transport();
        let headers = [("bad name".to_string(), "v".to_string())];
        let Err(Failure::Other(why)) =
            t.request(&http::Method::GET, "http://127.0.0.1:1/", &headers, None)
        else {
            panic!("a header name with a space was accepted");
        };
        assert!(
            why.contains("`bad name` is not a valid header name"),
            "{why}"
        );
    }

    #[test]
    fn the_agent_and_accept_headers_are_added_unless_given() {
        let t = transport();
        let headers = [("Accept".to_string(), "application/json".to_string())];
        let r = t
            .request(
                &http::Method::POST,
                "http://127.0.0.1:1/",
                &headers,
                Some("{}"),
            )
            .unwrap();
        assert_eq!(r.headers()[ACCEPT], "application/json");
        assert_eq!(r.headers()[USER_AGENT], AGENT);
    }

    #[test]
    fn the_platform_verifier_is_set_up_for_https() {
        assert!(Transport::new(Duration::from_secs(2), 1024, true).is_ok());
    }

    #[tokio::test]
    async fn a_refused_connection_says_it_could_not_connect() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        drop(listener);
        let t = transport();
        let Err(Failure::Other(why)) = t.exchange(&http::Method::GET, &url, &[], None).await else {
            panic!("a closed port answered");
        };
        assert!(why.starts_with("could not connect: "), "{why}");
    }
}
