//! Latency per endpoint, in an HDR histogram of microseconds (3 significant digits, so a
//! percentile is exact to 0.1 %, in constant memory whatever the number of requests), and
//! the quote budget judged on it: Ledger's 5 s, on the 95th percentile and on the maximum.

use super::summary::EndpointLatency;
use crate::checks::{Grade, Judgement};
use hdrhistogram::Histogram;
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

/// Ledger's quote budget: "partner must reply in less that 5s, otherwise the quote is not
/// displayed in the quote results" (`flow/quote.mdx`, ledger-integration §1.1).
pub(crate) const QUOTE_BUDGET: Duration = Duration::from_secs(5);

/// The longest latency a histogram holds: one hour, in microseconds.
const HIGHEST_US: u64 = 3_600_000_000;

/// One histogram per endpoint (`POST /quote fixed`, `GET /pairs`, ...).
#[derive(Default)]
pub(crate) struct Latencies {
    by_endpoint: Mutex<BTreeMap<String, Histogram<u64>>>,
}

impl Latencies {
    /// Records one request of `endpoint` that took `took`.
    pub(crate) fn record(&self, endpoint: &str, took: Duration) {
        let us = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        let mut all = self.by_endpoint.lock().unwrap_or_else(|e| e.into_inner());
        if !all.contains_key(endpoint) {
            let Ok(h) = Histogram::new_with_bounds(1, HIGHEST_US, 3) else {
                return;
            };
            all.insert(endpoint.to_string(), h);
        }
        if let Some(h) = all.get_mut(endpoint) {
            h.saturating_record(us.clamp(1, HIGHEST_US));
        }
    }

    /// The percentiles of every endpoint, in endpoint order.
    pub(crate) fn summary(&self) -> Vec<EndpointLatency> {
        let all = self.by_endpoint.lock().unwrap_or_else(|e| e.into_inner());
        all.iter().map(|(e, h)| summarize(e, h)).collect()
    }

    /// How many requests were recorded.
    pub(crate) fn requests(&self) -> u64 {
        let all = self.by_endpoint.lock().unwrap_or_else(|e| e.into_inner());
        all.values().map(Histogram::len).sum()
    }
}

/// Milliseconds, to the microsecond.
fn ms(us: u64) -> f64 {
    us as f64 / 1000.0
}

fn summarize(endpoint: &str, h: &Histogram<u64>) -> EndpointLatency {
    EndpointLatency {
        endpoint: endpoint.to_string(),
        count: h.len(),
        p50_ms: ms(h.value_at_quantile(0.50)),
        p95_ms: ms(h.value_at_quantile(0.95)),
        p99_ms: ms(h.value_at_quantile(0.99)),
        max_ms: ms(h.max()),
    }
}

/// Which figure of the histogram a budget check reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Figure {
    P95,
    Max,
}

/// The quote budget judged on one figure of an endpoint's latencies.
pub(crate) fn budget(figure: Figure, latency: Option<&EndpointLatency>) -> Judgement {
    let Some(l) = latency else {
        return Judgement::with(Grade::Skip, "not run: no quote was answered");
    };
    let (name, value) = match figure {
        Figure::P95 => ("p95", l.p95_ms),
        Figure::Max => ("max", l.max_ms),
    };
    let budget_ms = QUOTE_BUDGET.as_millis() as f64;
    let text = format!(
        "{name} {value:.1} ms over {} quote(s) (p50 {:.1}, p99 {:.1}, max {:.1} ms)",
        l.count, l.p50_ms, l.p99_ms, l.max_ms
    );
    if value < budget_ms {
        Judgement::pass(format!("{text}, within {budget_ms} ms"))
    } else {
        Judgement::fail(format!("{text}: not below the {budget_ms} ms budget"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_come_from_the_histogram() {
        let l = Latencies::default();
        for i in 1..=100u64 {
            l.record("POST /quote fixed", Duration::from_millis(i));
        }
        l.record("GET /pairs", Duration::from_micros(250));
        let s = l.summary();
        assert_eq!(s[0].endpoint, "GET /pairs");
        assert_eq!((s[0].count, s[0].max_ms), (1, 0.25));
        let q = &s[1];
        assert_eq!(q.count, 100);
        // Exact to the histogram's 3 significant digits.
        assert!((q.p50_ms - 50.0).abs() < 0.1, "{q:?}");
        assert!((q.p95_ms - 95.0).abs() < 0.1, "{q:?}");
        assert!((q.p99_ms - 99.0).abs() < 0.1, "{q:?}");
        assert!((q.max_ms - 100.0).abs() < 0.1, "{q:?}");
        assert_eq!(l.requests(), 101);
    }

    #[test]
    fn the_budget_holds_on_p95_and_on_max() {
        let l = Latencies::default();
        for _ in 0..99 {
            l.record("q", Duration::from_millis(20));
        }
        l.record("q", Duration::from_millis(6000));
        let s = l.summary();
        assert_eq!(budget(Figure::P95, s.first()).grade, Grade::Pass);
        let max = budget(Figure::Max, s.first());
        assert_eq!(max.grade, Grade::Fail);
        assert!(max.message.starts_with("max 6000"), "{}", max.message);
        for _ in 0..10 {
            l.record("q", Duration::from_millis(5000));
        }
        let s = l.summary();
        assert_eq!(budget(Figure::P95, s.first()).grade, Grade::Fail);
        assert_eq!(budget(Figure::P95, None).grade, Grade::Skip);
    }
}
