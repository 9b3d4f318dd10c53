//! The reference provider at a distance and under load: `--latency-ms` delays every answer,
//! and `--rate-limit RPS` admits at most RPS requests in each one-second window (fixed windows
//! counted from the first request). A request past the limit is answered at once with
//! `429 Too Many Requests` and `Retry-After` (RFC 6585 §4) in whole seconds until the window
//! ends, and an `ErrorPayload` body (`messageKey: RATE_LIMITED`); it does not count toward the
//! window.

use axum::Json;
use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The `messageKey` of a `429` past the rate limit.
pub(crate) const RATE_LIMITED: &str = "RATE_LIMITED";

/// One-second windows, each admitting at most `limit` requests.
#[derive(Debug)]
struct Window {
    limit: u32,
    /// The current window's start and the requests admitted in it.
    current: Mutex<Option<(Instant, u32)>>,
}

impl Window {
    /// Admits a request arriving at `now`, or says how long until the window ends.
    fn admit(&self, now: Instant) -> Result<(), Duration> {
        let mut current = self
            .current
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let (start, admitted) = match *current {
            Some((start, n)) if now.duration_since(start) < Duration::from_secs(1) => (start, n),
            _ => (now, 0),
        };
        if admitted >= self.limit {
            *current = Some((start, admitted));
            return Err(Duration::from_secs(1) - now.duration_since(start));
        }
        *current = Some((start, admitted + 1));
        Ok(())
    }
}

/// What slows the provider down.
#[derive(Debug)]
struct Throttle {
    latency: Duration,
    window: Option<Window>,
}

/// `app` with the latency and the rate limit applied; unchanged when neither is set.
pub(super) fn wrap(app: Router, latency_ms: u64, rate_limit: Option<u32>) -> Router {
    if latency_ms == 0 && rate_limit.is_none() {
        return app;
    }
    let throttle = Arc::new(Throttle {
        latency: Duration::from_millis(latency_ms),
        window: rate_limit.map(|limit| Window {
            limit,
            current: Mutex::new(None),
        }),
    });
    app.layer(from_fn_with_state(throttle, throttled))
}

async fn throttled(State(t): State<Arc<Throttle>>, request: Request, next: Next) -> Response {
    let admitted = t
        .window
        .as_ref()
        .map_or(Ok(()), |w| w.admit(Instant::now()));
    let response = match admitted {
        Ok(()) => next.run(request).await,
        Err(left) => too_many(t.window.as_ref().map_or(0, |w| w.limit), left),
    };
    if !t.latency.is_zero() {
        tokio::time::sleep(t.latency).await;
    }
    response
}

/// The `429` answer: `Retry-After` is the rest of the window, rounded up to whole seconds.
fn too_many(limit: u32, left: Duration) -> Response {
    let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
    let body = json!({
        "messageKey": RATE_LIMITED,
        "message": format!("more than {limit} requests in one second (--rate-limit {limit})"),
    });
    let mut response = (StatusCode::TOO_MANY_REQUESTS, Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_admits_the_limit_then_says_how_long_is_left() {
        let w = Window {
            limit: 2,
            current: Mutex::new(None),
        };
        let t0 = Instant::now();
        assert_eq!(w.admit(t0), Ok(()));
        assert_eq!(w.admit(t0 + Duration::from_millis(100)), Ok(()));
        assert_eq!(
            w.admit(t0 + Duration::from_millis(300)),
            Err(Duration::from_millis(700))
        );
        assert_eq!(
            w.admit(t0 + Duration::from_millis(999)),
            Err(Duration::from_millis(1))
        );
        // A new window starts with the first request after the old one ends.
        assert_eq!(w.admit(t0 + Duration::from_millis(1000)), Ok(()));
        assert_eq!(w.admit(t0 + Duration::from_millis(1500)), Ok(()));
        assert!(w.admit(t0 + Duration::from_millis(1999)).is_err());
    }

    #[test]
    fn a_refusal_is_a_429_with_whole_seconds_of_retry_after() {
        let r = too_many(5, Duration::from_millis(300));
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()[header::RETRY_AFTER], "1");
        let r = too_many(5, Duration::from_millis(1200));
        assert_eq!(r.headers()[header::RETRY_AFTER], "2");
    }
}
