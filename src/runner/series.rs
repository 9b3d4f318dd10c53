//! Sends a step's request: once, repeated for a poll, or page by page. I/O and timing only:
//! when a poll has reached its condition and which cursor comes next, the checks decide.

use super::http::{Http, InResponse, OutRequest, record};
use super::outcome::Exchange as Recorded;
use crate::checks;
use crate::exchange::{Received, Response, Series};
use crate::suite::{Paginate, Poll};
use crate::template::Lookup;
use std::time::{Duration, Instant};

/// Sends requests for one step, recording each exchange for the reports.
pub(super) struct Sender<'a> {
    pub http: &'a Http,
    /// When the flow started: exchanges are stamped relative to it.
    pub flow_start: Instant,
    pub recorded: Vec<Recorded>,
}

impl Sender<'_> {
    /// Sends once; a transport failure is an `Err` with a readable reason.
    pub(super) async fn send(&mut self, req: &OutRequest) -> Result<Received, String> {
        let at = self.flow_start.elapsed();
        let t = Instant::now();
        let result = self.http.send(req).await;
        self.recorded.push(record(
            req,
            result.as_ref().map_err(String::as_str),
            t.elapsed(),
            at,
        ));
        result.map(received)
    }

    /// Repeats the request until the poll's condition holds, `max_attempts` is reached, or
    /// the next wait would pass the deadline. The waits start short and double up to the
    /// poll's `interval_ms` ([`Backoff`]), so a provider already final is not waited on.
    pub(super) async fn poll(
        &mut self,
        p: &Poll,
        req: &OutRequest,
        deadline_secs: u64,
        lookup: &Lookup<'_>,
    ) -> Series {
        let deadline = Duration::from_secs(deadline_secs);
        let started = Instant::now();
        let mut attempts = Vec::new();
        let mut backoff = Backoff::new(Duration::from_millis(p.interval_ms));
        let failure = loop {
            let attempt = match self.send(req).await {
                Ok(r) => r,
                Err(why) => break Some(why),
            };
            let done = checks::poll::reached(p, &attempt, lookup);
            attempts.push(attempt);
            let wait = backoff.next_wait();
            let out_of_budget =
                attempts.len() >= p.max_attempts as usize || started.elapsed() + wait > deadline;
            if done || out_of_budget {
                break None;
            }
            tokio::time::sleep(wait).await;
        };
        Series::Polled {
            attempts,
            failure,
            elapsed: started.elapsed(),
            deadline_secs,
        }
    }

    /// Follows the cursor from page to page, as long as the pagination check gives one.
    pub(super) async fn paginate(&mut self, p: &Paginate, first: &OutRequest) -> Series {
        let mut pages = Vec::new();
        let mut req = first.clone();
        let mut seen = std::collections::HashSet::new();
        let failure = loop {
            match self.send(&req).await {
                Ok(page) => pages.push(page),
                Err(why) => break Some(why),
            }
            let Some(cursor) = checks::paginate::next_cursor(p, &pages, &mut seen) else {
                break None;
            };
            match with_cursor(&first.url, &p.cursor_param, &cursor) {
                Ok(url) => req.url = url,
                Err(why) => break Some(why),
            }
        };
        Series::Paged { pages, failure }
    }
}

/// The first wait between two polls, in milliseconds.
const FIRST_WAIT_MS: u64 = 50;

/// The waits between polls: 50 ms, doubling, never more than the poll's interval (and never
/// more than 50 ms when the interval is shorter).
struct Backoff {
    next: Duration,
    interval: Duration,
}

impl Backoff {
    fn new(interval: Duration) -> Backoff {
        Backoff {
            next: Duration::from_millis(FIRST_WAIT_MS).min(interval),
            interval,
        }
    }

    /// The wait before the next poll; the one after it is twice as long, up to the interval.
    fn next_wait(&mut self) -> Duration {
        let wait = self.next;
        self.next = (wait * 2).min(self.interval);
        wait
    }
}

/// The first page's URL with `param` set to `cursor` (any earlier value replaced).
fn with_cursor(first: &str, param: &str, cursor: &str) -> Result<String, String> {
    let mut url = reqwest::Url::parse(first).map_err(|e| format!("bad url: {e}"))?;
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| k != param)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .append_pair(param, cursor);
    Ok(url.to_string())
}

fn received(r: InResponse) -> Received {
    Received::from(Response {
        status: r.status,
        headers: r.headers,
        body: r.body,
        elapsed: r.elapsed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_start_at_50_ms_and_double_up_to_the_interval() {
        let mut b = Backoff::new(Duration::from_millis(250));
        let waits: Vec<u128> = (0..5).map(|_| b.next_wait().as_millis()).collect();
        assert_eq!(waits, [50, 100, 200, 250, 250]);
        let mut short = Backoff::new(Duration::from_millis(10));
        assert_eq!(short.next_wait(), Duration::from_millis(10));
        assert_eq!(short.next_wait(), Duration::from_millis(10));
        let mut zero = Backoff::new(Duration::ZERO);
        assert_eq!(zero.next_wait(), Duration::ZERO);
    }

    #[test]
    fn a_cursor_replaces_the_previous_one() {
        let url = with_cursor("http://h/pairs?limit=2&cursor=a", "cursor", "b c").unwrap();
        assert_eq!(url, "http://h/pairs?limit=2&cursor=b+c");
    }
}
