//! `--rps R`: a token bucket that holds one token and refills one every `1.05 / R` seconds,
//! so no window of one second ever holds more than R requests, bursts and retries included
//! (every request of the run takes a token in [`super::Http`], a retry too). The 5 %
//! margin covers the time between taking a token and the request reaching the wire (task
//! scheduling on a loaded machine), so that the provider, which counts arrivals, never sees
//! R + 1 requests within a second either.

use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

/// The margin over `1 / R` between two requests.
const MARGIN: f64 = 1.05;

/// Paces requests; without a rate, every `take` returns at once.
pub(crate) struct Bucket {
    gap: Option<Duration>,
    /// When the next token is ready.
    next: Mutex<Option<Instant>>,
}

impl Bucket {
    /// A bucket for at most `rps` requests per second; `None` does not pace.
    pub(crate) fn new(rps: Option<u32>) -> Bucket {
        Bucket {
            gap: rps
                .filter(|r| *r > 0)
                .map(|r| Duration::from_secs_f64(MARGIN / f64::from(r))),
            next: Mutex::new(None),
        }
    }

    /// Waits for the next token. Tokens are handed out in the order asked (the lock is fair).
    pub(crate) async fn take(&self) {
        let Some(gap) = self.gap else { return };
        let mut next = self.next.lock().await;
        let now = Instant::now();
        let at = next.map_or(now, |n| n.max(now));
        // Holding the lock while waiting keeps the order and the spacing.
        tokio::time::sleep_until(at).await;
        *next = Some(at + gap);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn no_second_holds_more_than_r_tokens_even_in_a_burst() {
        let bucket = std::sync::Arc::new(Bucket::new(Some(10)));
        let start = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..13 {
            let b = bucket.clone();
            tasks.push(tokio::spawn(async move {
                b.take().await;
                Instant::now()
            }));
        }
        let mut times = Vec::new();
        for t in tasks {
            times.push(t.await.unwrap() - start);
        }
        times.sort();
        // Any 11 consecutive tokens span more than a second.
        for w in times.windows(11) {
            assert!(w[10] - w[0] > Duration::from_secs(1), "{w:?}");
        }
        assert!(times[12] < Duration::from_secs(2), "{:?}", times[12]);
    }

    #[tokio::test]
    async fn without_a_rate_nothing_waits() {
        let bucket = Bucket::new(None);
        let start = std::time::Instant::now();
        for _ in 0..1000 {
            bucket.take().await;
        }
        assert!(start.elapsed() < Duration::from_millis(100));
    }
}
