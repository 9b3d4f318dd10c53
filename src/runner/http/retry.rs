//! Honouring a provider's "not now": a `429 Too Many Requests` (RFC 6585 §4) or a
//! `503 Service Unavailable` (RFC 9110 §15.6.4) that carries `Retry-After` (RFC 9110 §10.2.3,
//! delay-seconds or an HTTP-date) is waited out and sent again, at most `max_retries` times,
//! and counted for the reports. When the retries run out the request fails with a message
//! that names the limit. A `429` or `503` without `Retry-After`, or asking for a wait longer
//! than `max_wait` or ending past the run's deadline, is not waited for: it is an answer like
//! any other, which the checks judge (a provider that asks for two minutes is not waited on).

use crate::runner::outcome::Retries;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

/// The run's `--max-retries` default: retries of one request after `429`/`503`.
pub(crate) const DEFAULT_MAX_RETRIES: u32 = 5;
/// The run's `--max-retry-wait` default, in seconds: the longest single wait made.
pub(crate) const DEFAULT_MAX_RETRY_WAIT_SECS: u64 = 30;

/// How far the harness goes along with `Retry-After`.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    /// Retries of one request; 0 never retries (the `429`/`503` is the answer).
    pub max_retries: u32,
    /// The longest single wait; a provider asking for more gets its answer judged as it is.
    pub max_wait: Duration,
    /// The run's deadline: a wait that would end past it is not started.
    pub deadline: Option<Instant>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: DEFAULT_MAX_RETRIES,
            max_wait: Duration::from_secs(DEFAULT_MAX_RETRY_WAIT_SECS),
            deadline: None,
        }
    }
}

/// What to do with a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Decision {
    /// Hand it to the checks.
    Answer,
    /// Wait this long, then send the request again.
    Wait(Duration),
    /// Fail the request with this message: the retries ran out.
    GiveUp(String),
}

impl RetryPolicy {
    /// Decides after a response with `status` and `Retry-After` value `retry_after`, when
    /// `retried` retries of this request were already made.
    pub(super) fn decide(&self, status: u16, retry_after: Option<&str>, retried: u32) -> Decision {
        if !matches!(status, 429 | 503) || self.max_retries == 0 {
            return Decision::Answer;
        }
        let Some(value) = retry_after else {
            return Decision::Answer;
        };
        let Some(wait) = parse_retry_after(value, SystemTime::now()) else {
            return Decision::Answer;
        };
        let what = format!("`{status}` with `Retry-After: {}`", value.trim());
        if retried >= self.max_retries {
            return Decision::GiveUp(format!(
                "rate limited: still {what} after {retried} retries (the limit, `--max-retries {}`)",
                self.max_retries
            ));
        }
        let past_deadline = self.deadline.is_some_and(|d| Instant::now() + wait > d);
        if wait > self.max_wait || past_deadline {
            return Decision::Answer;
        }
        Decision::Wait(wait)
    }
}

/// `Retry-After` as a delay: delay-seconds (`120`) or an HTTP-date (`Sun, 06 Nov 1994
/// 08:49:37 GMT`, or its obsolete RFC 850 and asctime forms, which recipients must accept,
/// RFC 9110 §5.6.7). A date in the past is no wait. `None` for anything else.
pub(super) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // A huge number is a huge wait (over any cap), not a parse failure.
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Retries made in a run, shared by every flow (and the sweep).
#[derive(Debug, Default)]
pub(super) struct RetryTally {
    retried: AtomicU64,
    waited_ms: AtomicU64,
    gave_up: AtomicU64,
}

impl RetryTally {
    pub(super) fn waited(&self, wait: Duration) {
        self.retried.fetch_add(1, Ordering::Relaxed);
        self.waited_ms
            .fetch_add(wait.as_millis() as u64, Ordering::Relaxed);
    }

    pub(super) fn gave_up(&self) {
        self.gave_up.fetch_add(1, Ordering::Relaxed);
    }

    pub(super) fn totals(&self) -> Retries {
        Retries {
            retried: self.retried.load(Ordering::Relaxed),
            waited_ms: self.waited_ms.load(Ordering::Relaxed),
            gave_up: self.gave_up.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    // 784111777 is Sun, 06 Nov 1994 08:49:37 GMT, the example of RFC 9110 §5.6.7.
    const EXAMPLE: u64 = 784_111_777;

    #[test]
    fn seconds_and_the_three_http_date_forms_are_read() {
        let now = at(EXAMPLE - 3);
        assert_eq!(parse_retry_after(" 2 ", now), Some(Duration::from_secs(2)));
        for date in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(
                parse_retry_after(date, now),
                Some(Duration::from_secs(3)),
                "{date}"
            );
        }
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", at(EXAMPLE + 60)),
            Some(Duration::ZERO),
            "a date in the past is no wait"
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
        for bad in ["", "-1", "1.5", "soon", "Sun, 06 Nov 1994"] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
    }

    #[test]
    fn only_429_and_503_with_retry_after_are_waited_out() {
        let p = RetryPolicy::default();
        assert_eq!(
            p.decide(429, Some("1"), 0),
            Decision::Wait(Duration::from_secs(1))
        );
        assert_eq!(p.decide(503, Some("0"), 4), Decision::Wait(Duration::ZERO));
        assert_eq!(p.decide(429, None, 0), Decision::Answer);
        assert_eq!(p.decide(503, Some("later"), 0), Decision::Answer);
        assert_eq!(p.decide(500, Some("1"), 0), Decision::Answer);
        assert_eq!(p.decide(200, Some("1"), 0), Decision::Answer);
        let off = RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        };
        assert_eq!(off.decide(429, Some("1"), 0), Decision::Answer);
    }

    #[test]
    fn giving_up_names_the_limit() {
        let p = RetryPolicy {
            max_retries: 2,
            max_wait: Duration::from_secs(10),
            deadline: None,
        };
        assert_eq!(
            p.decide(429, Some("1"), 2),
            Decision::GiveUp(
                "rate limited: still `429` with `Retry-After: 1` after 2 retries (the limit, `--max-retries 2`)".into()
            )
        );
    }

    #[test]
    fn a_wait_over_the_cap_or_past_the_deadline_is_not_made() {
        let p = RetryPolicy {
            max_retries: 2,
            max_wait: Duration::from_secs(10),
            deadline: None,
        };
        assert_eq!(p.decide(503, Some("120"), 0), Decision::Answer);
        assert_eq!(
            p.decide(503, Some("10"), 0),
            Decision::Wait(Duration::from_secs(10))
        );
        let soon = RetryPolicy {
            deadline: Some(Instant::now() + Duration::from_millis(500)),
            ..p
        };
        assert_eq!(soon.decide(429, Some("2"), 0), Decision::Answer);
        assert_eq!(
            soon.decide(429, Some("0"), 0),
            Decision::Wait(Duration::ZERO)
        );
    }

    #[test]
    fn the_tally_counts_retries_waits_and_give_ups() {
        let t = RetryTally::default();
        assert!(t.totals().is_empty());
        t.waited(Duration::from_millis(1500));
        t.waited(Duration::from_millis(250));
        t.gave_up();
        assert_eq!(
            t.totals(),
            Retries {
                retried: 2,
                waited_ms: 1750,
                gave_up: 1
            }
        );
    }
}
