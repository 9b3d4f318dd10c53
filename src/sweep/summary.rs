//! What a sweep tells besides its checks: how many pairs it read and quoted, how fast, and
//! the latency of each endpoint. Kept in the run's outcome (`RunOutcome::sweep`) for every
//! report; the checks themselves are in the outcome's `sweep` suite.

use serde::Serialize;

/// The figures of one sweep.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SweepSummary {
    /// Pairs `/pairs` advertised (each once, with a range that holds an amount).
    pub pairs_listed: usize,
    /// Pairs quoted: every listed pair, or the sample.
    pub pairs_swept: usize,
    /// Quotes planned: one per swept pair and advertised trade method.
    pub quotes_planned: usize,
    /// Quotes answered or failed before the run stopped.
    pub quotes_done: usize,
    /// Swaps sent (`--sweep-swaps`).
    pub swaps_done: usize,
    /// Pages of `/pairs` and `/currencies` read.
    pub pages: usize,
    /// Currencies `/currencies` listed.
    pub currencies: usize,
    /// Advertised items left out: not a pair with decimal limits, listed twice, or with a
    /// minimum above the maximum (the suites' checks name them).
    pub pairs_left_out: usize,
    /// Pairs the seed API's `/pairs` listed, when the profile has a `swap_v1` section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed_pairs: Option<usize>,
    /// Seed pairs not quoted: the seed `/pairs` gives no limits, so a seed pair is quoted at
    /// the minimum the current API advertises for the same pair, and these have none.
    pub seed_pairs_without_limits: usize,
    /// `--sample N` and its `--seed`, when a sample was drawn.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample: Option<Sample>,
    /// `--rps`, when requests were paced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rps_limit: Option<u32>,
    pub concurrency: usize,
    /// Every request of the sweep: pages, quotes and swaps.
    pub requests: u64,
    pub duration_ms: u64,
    /// `requests` over the sweep's wall time.
    pub requests_per_sec: f64,
    /// Per endpoint, in endpoint order.
    pub latency: Vec<EndpointLatency>,
    /// Where every pair's result went (`--sweep-results`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub results_file: Option<String>,
}

/// The seeded draw of a sample.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sample {
    pub size: u64,
    pub seed: u64,
}

/// The latency percentiles of one endpoint, in milliseconds (to the microsecond).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EndpointLatency {
    /// `POST /quote fixed`, `GET /pairs`, ...
    pub endpoint: String,
    pub count: u64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}
