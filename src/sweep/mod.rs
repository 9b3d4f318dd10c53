//! The pair sweep (`run --sweep`): every pair `/pairs` advertises, or a seeded sample, quoted
//! for each trade method it advertises at its advertised minimum, each quote judged by the
//! bundled swap suite's own quote step (schema, method, expiry, latency, limits), and a few
//! pairs also swapped with the full payload check. Gentle: `--concurrency` quotes at once,
//! `--rps` paced by a token bucket, within the run's `--deadline`.
//!
//! ```text
//! /pairs, /currencies (every page) ─select─▶ jobs (pair × method) ─job::run, N at once─▶ Done
//!   ─tally─▶ one check outcome per requirement and method (+ NDJSON line per quote)
//!   ─finish─▶ Swept { flows "sweep › fixed", "sweep › float", summary with latencies }
//! ```
//!
//! Refusals of an advertised pair are the sweep's own requirements: SWEEP-001 (refused, e.g.
//! `SWAP_PAIR_NOT_FOUND_ERROR`) and SWEEP-002 (the advertised minimum refused as out of
//! range); the quote budget is SWEEP-003 (p95) and SWEEP-004 (max).

mod bucket;
mod job;
mod latency;
mod listing;
mod progress;
mod record;
mod refusal;
mod results;
mod select;
mod summary;
mod tally;

pub use summary::{EndpointLatency, Sample, SweepSummary};

/// The requirement ids the sweep judges itself (the others are the swap suite's checks).
pub(crate) const IDS: &[&str] = &["SWEEP-001", "SWEEP-002", "SWEEP-003", "SWEEP-004"];

use crate::profile::{Section, SweepAddress};
use crate::runner::FlowContext;
use crate::runner::outcome::{FlowOutcome, StopReason};
use crate::suite::Step;
use bucket::Bucket;
use futures_util::StreamExt;
use job::{Job, Method};
use latency::Latencies;
use listing::ListedPair;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

/// The suite steps a sweep runs per trade method: the quote, and the swap that follows it.
#[derive(Default)]
pub(crate) struct Steps<'a> {
    pub fixed: Option<(&'a Step, Option<&'a Step>)>,
    pub float: Option<(&'a Step, Option<&'a Step>)>,
    /// The seed API's quote step (never swapped: its swap needs `/check_quote` and a login).
    pub seed: Option<&'a Step>,
    /// The profile's `swap_v1` section, when the seed API is swept too.
    pub seed_section: Option<&'a Section>,
}

impl<'a> Steps<'a> {
    fn of(&self, m: Method) -> (&'a Step, Option<&'a Step>) {
        let s = match m {
            Method::Fixed => self.fixed,
            Method::Float => self.float,
            Method::Seed => self.seed.map(|q| (q, None)),
        };
        // `jobs` plans only methods that have a step.
        s.or(self.fixed)
            .or(self.float)
            .expect("a planned method has a step")
    }

    fn has(&self, m: Method) -> bool {
        match m {
            Method::Fixed => self.fixed.is_some(),
            Method::Float => self.float.is_some(),
            Method::Seed => self.seed.is_some() && self.seed_section.is_some(),
        }
    }
}

/// How the sweep runs.
pub(crate) struct Settings<'a> {
    pub sample: Option<u64>,
    pub seed: u64,
    pub swaps: u64,
    pub addresses: &'a BTreeMap<String, SweepAddress>,
    pub concurrency: usize,
    pub rps: Option<u32>,
    pub results: Option<PathBuf>,
    /// When the run's `--deadline` passes.
    pub deadline: tokio::time::Instant,
    pub deadline_secs: u64,
}

/// What a sweep produced.
pub(crate) struct Swept {
    /// One flow per trade method (`fixed`, `float`), or one `listing` flow when the lists
    /// could not be read.
    pub flows: Vec<FlowOutcome>,
    pub summary: SweepSummary,
    /// Why it stopped before every quote was sent, and how many were not.
    pub stopped: Option<(StopReason, String)>,
    /// The first error writing `--sweep-results`.
    pub results_error: Option<(PathBuf, std::io::Error)>,
}

/// What every job shares.
pub(crate) struct Env<'a> {
    ctx: &'a FlowContext<'a>,
    section: &'a Section,
    steps: &'a Steps<'a>,
    pairs: &'a [ListedPair],
    addresses: &'a BTreeMap<String, SweepAddress>,
    bucket: &'a Bucket,
    latencies: &'a Latencies,
}

/// Runs the sweep against `section` (the current swap API).
pub(crate) async fn sweep(
    ctx: &FlowContext<'_>,
    section: &Section,
    steps: &Steps<'_>,
    settings: &Settings<'_>,
) -> Swept {
    let start = Instant::now();
    let bucket = Bucket::new(settings.rps);
    let latencies = Latencies::default();
    let lister = listing::Lister {
        http: ctx.http,
        base_url: &section.base_url,
        headers: &section.headers,
        bucket: &bucket,
        latencies: &latencies,
    };
    let mut summary = SweepSummary {
        rps_limit: settings.rps,
        concurrency: settings.concurrency.max(1),
        ..SweepSummary::default()
    };
    let listing = tokio::select! {
        l = lister.read() => l,
        () = tokio::time::sleep_until(settings.deadline) => Err(format!(
            "the {} s deadline passed while reading the lists", settings.deadline_secs
        )),
    };
    let mut listing = match listing {
        Ok(l) => l,
        Err(why) => {
            summary.requests = latencies.requests();
            summary.latency = latencies.summary();
            return Swept {
                flows: vec![record::not_run(&why)],
                summary,
                stopped: None,
                results_error: None,
            };
        }
    };
    let mut flows = Vec::new();
    if let (Some(seed), true) = (steps.seed_section, steps.has(Method::Seed)) {
        match lister.seed_pairs(seed).await {
            Ok(listed) => {
                let (matched, unmatched) = listing::add_seed_method(&mut listing.pairs, &listed);
                summary.seed_pairs = Some(matched + unmatched);
                summary.seed_pairs_without_limits = unmatched;
            }
            Err(why) => flows.push(record::not_run(&format!("the seed API: {why}"))),
        }
    }
    summary.pages = listing.pages;
    summary.currencies = listing.currencies;
    summary.pairs_left_out = listing.unreadable + listing.duplicates + listing.empty_range;
    summary.pairs_listed = listing.pairs.len();
    summary.sample = settings.sample.map(|size| Sample {
        size,
        seed: settings.seed,
    });
    let pairs = select::sweep_pairs(listing.pairs, settings.sample, settings.seed);
    summary.pairs_swept = pairs.len();
    let swaps = select::swap_pairs(&pairs, settings.addresses, settings.swaps, settings.seed);
    let jobs = jobs(&pairs, steps, &swaps);
    summary.quotes_planned = jobs.len();
    let env = Env {
        ctx,
        section,
        steps,
        pairs: &pairs,
        addresses: settings.addresses,
        bucket: &bucket,
        latencies: &latencies,
    };
    let mut recorder = record::Recorder::new(&pairs, settings, steps);
    let stopped = drive(&env, jobs, settings, &mut recorder).await;
    summary.quotes_done = recorder.quotes_done;
    summary.swaps_done = recorder.swaps_done;
    summary.requests = latencies.requests();
    summary.latency = latencies.summary();
    let elapsed = start.elapsed();
    summary.duration_ms = elapsed.as_millis() as u64;
    summary.requests_per_sec = summary.requests as f64 / elapsed.as_secs_f64().max(1e-6);
    summary.results_file = settings.results.as_ref().map(|p| p.display().to_string());
    let stopped = stopped.map(|reason| {
        let left = summary.quotes_planned - summary.quotes_done;
        (
            reason,
            format!(
                "sweep: {left} of {} quote(s) not sent",
                summary.quotes_planned
            ),
        )
    });
    let (swept_flows, results_error) = recorder.finish(&summary);
    flows.extend(swept_flows);
    Swept {
        flows,
        summary,
        stopped,
        results_error: results_error.map(|e| (settings.results.clone().unwrap_or_default(), e)),
    }
}

/// One job per pair and advertised trade method the suite has a step for; a pair drawn for
/// a swap is swapped by its first such method.
fn jobs(pairs: &[ListedPair], steps: &Steps<'_>, swaps: &[usize]) -> Vec<Job> {
    let mut out = Vec::new();
    for (i, p) in pairs.iter().enumerate() {
        let mut swap = swaps.binary_search(&i).is_ok();
        for m in p.methods.iter().filter_map(|m| Method::parse(m)) {
            if steps.has(m) {
                out.push(Job {
                    pair: i,
                    method: m,
                    swap,
                });
                swap = false;
            }
        }
    }
    out
}

/// Runs the jobs, `--concurrency` at once, until done, Ctrl-C or the deadline.
async fn drive(
    env: &Env<'_>,
    jobs: Vec<Job>,
    settings: &Settings<'_>,
    recorder: &mut record::Recorder<'_>,
) -> Option<StopReason> {
    let bar = progress::bar(jobs.len(), progress::wanted());
    let mut stream = futures_util::stream::iter(jobs)
        .map(|job| job::run(env, job))
        .buffer_unordered(settings.concurrency.max(1));
    let mut interrupt = crate::interrupt::watch();
    let deadline = tokio::time::sleep_until(settings.deadline);
    tokio::pin!(deadline);
    let stopped = loop {
        tokio::select! {
            next = stream.next() => {
                let Some(done) = next else { break None };
                recorder.add(done);
                bar.inc(1);
            }
            _ = interrupt.recv() => break Some(StopReason::Interrupted),
            () = &mut deadline => break Some(StopReason::Deadline { secs: settings.deadline_secs }),
        }
    };
    bar.finish_and_clear();
    stopped
}
