//! The pair sweep (`run --sweep`): every pair `/pairs` advertises, or a seeded sample, quoted
//! for each trade method it advertises at its advertised minimum, each quote judged by the
//! bundled swap suite's own quote step (schema, method, expiry, latency, limits), and a few
//! pairs also swapped with the full payload check. Gentle: `--concurrency` quotes at once,
//! `--rps` paced by the HTTP client's token bucket, within the run's `--deadline`.
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

use crate::profile::{Profile, Section, SweepAddress};
use crate::runner::FlowContext;
use crate::runner::http::Http;
use crate::runner::outcome::{FlowOutcome, StopReason};
use crate::source::Sources;
use crate::suite::Step;
use job::{Job, Method};
use latency::Latencies;
use listing::ListedPair;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

/// The suite steps a sweep runs per trade method: the quote, and the swap that follows it.
/// Owned, so that every job (a task of its own) can read them.
#[derive(Default)]
pub(crate) struct Steps {
    pub fixed: Option<(Step, Option<Step>)>,
    pub float: Option<(Step, Option<Step>)>,
    /// The seed API's quote step (never swapped: its swap needs `/check_quote` and a login).
    pub seed: Option<Step>,
    /// The profile's `swap_v1` section, when the seed API is swept too.
    pub seed_section: Option<Section>,
}

/// A method's quote step and the swap step after it.
fn pick(s: &Option<(Step, Option<Step>)>) -> Option<(&Step, Option<&Step>)> {
    s.as_ref().map(|(q, w)| (q, w.as_ref()))
}

impl Steps {
    fn of(&self, m: Method) -> (&Step, Option<&Step>) {
        let s = match m {
            Method::Fixed => pick(&self.fixed),
            Method::Float => pick(&self.float),
            Method::Seed => self.seed.as_ref().map(|q| (q, None)),
        };
        // `jobs` plans only methods that have a step.
        s.or(pick(&self.fixed))
            .or(pick(&self.float))
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

/// What every job shares: owned and behind an `Arc`, so that the jobs run as tasks on every
/// worker thread (judging a quote costs about what sending it does).
pub(crate) struct Env {
    profile: Profile,
    sources: Sources,
    http: Arc<Http>,
    section: Section,
    steps: Steps,
    pairs: Arc<[ListedPair]>,
    addresses: BTreeMap<String, SweepAddress>,
    latencies: Arc<Latencies>,
}

impl Env {
    /// The run's context as a flow sees it (the sweep's steps need no suite).
    fn ctx(&self) -> FlowContext<'_> {
        FlowContext {
            suites: &[],
            profile: &self.profile,
            sources: &self.sources,
            http: &self.http,
            brief: true,
        }
    }
}

/// What the sweep reads from the run: its profile, texts and HTTP client.
pub(crate) struct Run<'a> {
    pub profile: &'a Profile,
    pub sources: &'a Sources,
    pub http: &'a Arc<Http>,
}

/// Runs the sweep against `section` (the current swap API).
pub(crate) async fn sweep(
    run: &Run<'_>,
    section: &Section,
    steps: Steps,
    settings: &Settings<'_>,
) -> Swept {
    let start = Instant::now();
    let latencies = Arc::new(Latencies::default());
    let lister = listing::Lister {
        http: run.http,
        base_url: &section.base_url,
        headers: &section.headers,
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
    if let (Some(seed), true) = (&steps.seed_section, steps.has(Method::Seed)) {
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
    let jobs = jobs(&pairs, &steps, &swaps);
    summary.quotes_planned = jobs.len();
    let env = Arc::new(Env {
        profile: run.profile.clone(),
        sources: run.sources.clone(),
        http: Arc::clone(run.http),
        section: section.clone(),
        steps,
        pairs: pairs.into(),
        addresses: settings.addresses.clone(),
        latencies: Arc::clone(&latencies),
    });
    let recorder = record::Recorder::new(Arc::clone(&env.pairs), settings, &env.steps);
    let (stopped, recorder) = drive(&env, jobs, settings, recorder).await;
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
fn jobs(pairs: &[ListedPair], steps: &Steps, swaps: &[usize]) -> Vec<Job> {
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

/// Runs the jobs, `--concurrency` at once, until done, Ctrl-C or the deadline; the jobs
/// still running then are aborted. Each of the `--concurrency` tasks takes the next job,
/// runs it and records it (on whichever worker thread it is on), so the run's own thread
/// is not woken for each quote.
async fn drive(
    env: &Arc<Env>,
    jobs: Vec<Job>,
    settings: &Settings<'_>,
    recorder: record::Recorder,
) -> (Option<StopReason>, record::Recorder) {
    let bar = progress::bar(jobs.len(), progress::wanted());
    let queue = Arc::new(Queue {
        jobs,
        next: AtomicUsize::new(0),
        recorder: Mutex::new(Some(recorder)),
        bar: bar.clone(),
    });
    let mut running = tokio::task::JoinSet::new();
    let spawn = |running: &mut tokio::task::JoinSet<()>| {
        let (env, queue) = (Arc::clone(env), Arc::clone(&queue));
        running.spawn(async move { queue.work(&env).await });
    };
    for _ in 0..settings.concurrency.max(1) {
        spawn(&mut running);
    }
    let mut interrupt = crate::interrupt::watch();
    let deadline = tokio::time::sleep_until(settings.deadline);
    tokio::pin!(deadline);
    let stopped = loop {
        tokio::select! {
            next = running.join_next() => match next {
                None => break None,
                // A job panics only on a bug: its quote is not counted, and a new task
                // takes the panicked one's place, so the jobs after it still run.
                Some(Err(e)) if e.is_panic() => spawn(&mut running),
                // A task ends when the jobs run out.
                Some(_) => {}
            },
            _ = interrupt.recv() => break Some(StopReason::Interrupted),
            () = &mut deadline => break Some(StopReason::Deadline { secs: settings.deadline_secs }),
        }
    };
    // Aborted at an await: a job being recorded (no await inside) is recorded whole.
    running.shutdown().await;
    bar.finish_and_clear();
    // Taken once, here: every task has ended.
    let recorder = queue
        .recorder
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
        .expect("the recorder is taken once, after the tasks");
    (stopped, recorder)
}

/// The jobs, shared by the tasks that run them, and where their results go.
struct Queue {
    jobs: Vec<Job>,
    next: AtomicUsize,
    /// `None` once the sweep has taken it back.
    recorder: Mutex<Option<record::Recorder>>,
    bar: indicatif::ProgressBar,
}

impl Queue {
    /// Runs jobs until none is left.
    async fn work(&self, env: &Env) {
        while let Some(job) = self.jobs.get(self.next.fetch_add(1, Ordering::Relaxed)) {
            let done = job::run(env, *job).await;
            if let Some(r) = self
                .recorder
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .as_mut()
            {
                r.add(done);
            }
            self.bar.inc(1);
        }
    }
}
