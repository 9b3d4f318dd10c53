//! Turns each finished quote into its sweep verdicts (SWEEP-001, SWEEP-002), adds them and
//! the quote step's own outcomes to the tallies, writes its NDJSON line, and at the end
//! builds the sweep's flows, with the quote budget (SWEEP-003, SWEEP-004) on the latencies.

use super::job::{Done, Method};
use super::latency::{self, Figure};
use super::listing::ListedPair;
use super::refusal::Answer;
use super::results::{Line, Results};
use super::summary::SweepSummary;
use super::tally::StepTally;
use super::{Settings, Steps};
use crate::checks::{Grade, Judgement};
use crate::runner::outcome::{CheckOutcome, FlowOutcome, Status, StepOutcome};
use crate::source::Location;
use std::sync::Arc;

/// The tallies of one trade method.
struct MethodTally {
    method: Method,
    quote: StepTally,
    swap: StepTally,
}

/// Collects the sweep's results as they come.
pub(crate) struct Recorder {
    pairs: Arc<[ListedPair]>,
    tallies: Vec<MethodTally>,
    results: Option<Results>,
    results_error: Option<std::io::Error>,
    started_at: String,
    pub(crate) quotes_done: usize,
    pub(crate) swaps_done: usize,
}

impl Recorder {
    pub(crate) fn new(pairs: Arc<[ListedPair]>, settings: &Settings<'_>, steps: &Steps) -> Self {
        let (results, results_error) = match settings.results.as_deref().map(Results::create) {
            None => (None, None),
            Some(Ok(r)) => (Some(r), None),
            Some(Err(e)) => (None, Some(e)),
        };
        let tallies = Method::ALL
            .into_iter()
            .filter(|m| steps.has(*m))
            .map(|m| {
                let (quote, swap) = steps.of(m);
                MethodTally {
                    method: m,
                    quote: StepTally::new(&quote.name),
                    swap: StepTally::new(swap.map_or("swap", |s| s.name.as_str())),
                }
            })
            .collect();
        Recorder {
            pairs,
            tallies,
            results,
            results_error,
            started_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            quotes_done: 0,
            swaps_done: 0,
        }
    }

    /// Adds one finished job.
    pub(crate) fn add(&mut self, mut done: Done) {
        let listed = &self.pairs[done.job.pair];
        let label = listed.label();
        let mut checks = sweep_checks(listed, &done.answer, &done.quote.location);
        if matches!(done.answer, Answer::Quoted | Answer::NoResponse) {
            checks.append(&mut done.quote.checks);
        }
        self.quotes_done += 1;
        self.swaps_done += usize::from(done.swap.is_some());
        if let Some(results) = &mut self.results {
            let mut failed: Vec<&str> = Vec::new();
            let mut warned: Vec<&str> = Vec::new();
            let swap_checks = done.swap.iter().flat_map(|s| s.checks.iter());
            for c in checks.iter().chain(swap_checks) {
                let list = match c.status {
                    Status::Fail | Status::Error | Status::Skip => &mut failed,
                    Status::Warn => &mut warned,
                    _ => continue,
                };
                if !list.contains(&&*c.id) {
                    list.push(&c.id);
                }
            }
            results.write(&Line {
                pair: &label,
                from: &listed.from,
                to: &listed.to,
                method: done.job.method.name(),
                amount: listed.min.as_str(),
                answer: answer_word(&done.answer),
                status: done
                    .quote
                    .exchanges
                    .last()
                    .and_then(|e| e.response.as_ref())
                    .map(|r| r.status),
                latency_ms: done.latency.as_micros() as f64 / 1000.0,
                failed,
                warned,
                swapped: done.job.swap.then_some(done.swap.is_some()),
            });
        }
        let Some(t) = self
            .tallies
            .iter_mut()
            .find(|t| t.method == done.job.method)
        else {
            return;
        };
        t.quote.add(&label, &done.quote, &checks);
        if let Some(s) = &done.swap {
            t.swap.add(&label, s, &s.checks);
        }
    }

    /// The sweep's flows, and the first error writing the results file.
    pub(crate) fn finish(
        self,
        summary: &SweepSummary,
    ) -> (Vec<FlowOutcome>, Option<std::io::Error>) {
        let results_error = self
            .results_error
            .or_else(|| self.results.and_then(Results::finish));
        let flows = self
            .tallies
            .into_iter()
            // A method no swept pair advertises (or a sample that drew none) has no flow.
            .filter(|t| !t.quote.is_empty())
            .map(|t| {
                let endpoint = t.method.quote_endpoint();
                let location = Location {
                    file: "<pair sweep>".into(),
                    line: 0,
                    col: 0,
                };
                let mut steps = Vec::new();
                let quote_location = (!t.quote.is_empty()).then(|| t.quote.location());
                if !t.quote.is_empty() {
                    steps.push(t.quote.finish());
                }
                if !t.swap.is_empty() {
                    steps.push(t.swap.finish());
                }
                let latency = summary.latency.iter().find(|l| l.endpoint == endpoint);
                let at = quote_location.unwrap_or(location.clone());
                steps.push(StepOutcome {
                    name: "quote latency".into(),
                    location: at.clone(),
                    exchanges: Vec::new(),
                    checks: vec![
                        outcome("SWEEP-003", latency::budget(Figure::P95, latency), &at),
                        outcome("SWEEP-004", latency::budget(Figure::Max, latency), &at),
                    ],
                    decoded_payload: None,
                    secrets: Vec::new(),
                });
                FlowOutcome {
                    name: t.method.name().to_string(),
                    tags: vec!["sweep".into(), t.method.name().into()],
                    started_at: self.started_at.clone(),
                    duration_ms: summary.duration_ms,
                    steps,
                }
            })
            .collect();
        (flows, results_error)
    }
}

fn answer_word(a: &Answer) -> &'static str {
    match a {
        Answer::Quoted => "quoted",
        Answer::OutOfRange(_) => "out_of_range",
        Answer::Refused(_) => "refused",
        Answer::Throttled(_) => "throttled",
        Answer::NoResponse => "no_response",
    }
}

fn outcome(id: &str, j: Judgement, location: &Location) -> CheckOutcome {
    CheckOutcome {
        id: id.into(),
        check: "sweep",
        status: match j.grade {
            Grade::Pass => Status::Pass,
            Grade::Warn => Status::Warn,
            Grade::Fail => Status::Fail,
            Grade::Error => Status::Error,
            Grade::Skip => Status::Skip,
        },
        message: j.message,
        location: location.clone(),
        status_word: None,
    }
}

/// The sweep's own verdicts on one quote of an advertised pair.
fn sweep_checks(pair: &ListedPair, answer: &Answer, at: &Location) -> Vec<CheckOutcome> {
    let (min, from) = (pair.min.as_str(), pair.from.as_str());
    let check = |id: &str, status: Status, message: String| CheckOutcome {
        id: id.into(),
        check: "sweep",
        status,
        message,
        location: at.clone(),
        status_word: None,
    };
    match answer {
        // Passes are only counted: their messages are not shown.
        Answer::Quoted => vec![
            check("SWEEP-001", Status::Pass, "quoted".into()),
            check("SWEEP-002", Status::Pass, "accepted".into()),
        ],
        Answer::OutOfRange(what) => vec![check(
            "SWEEP-002",
            Status::Fail,
            format!("{min} {from}, the advertised minimum, refused: {what}"),
        )],
        Answer::Refused(what) => vec![check("SWEEP-001", Status::Fail, format!("refused: {what}"))],
        Answer::Throttled(what) => vec![check(
            "SWEEP-001",
            Status::Error,
            format!("not quoted: {what}"),
        )],
        Answer::NoResponse => Vec::new(),
    }
}

/// The flow of a sweep that could not read the lists.
pub(crate) fn not_run(why: &str) -> FlowOutcome {
    let location = Location {
        file: "<pair sweep>".into(),
        line: 0,
        col: 0,
    };
    FlowOutcome {
        name: "listing".into(),
        tags: vec!["sweep".into()],
        started_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        duration_ms: 0,
        steps: vec![StepOutcome {
            name: "read /pairs and /currencies".into(),
            location: location.clone(),
            exchanges: Vec::new(),
            checks: vec![CheckOutcome {
                id: "SWEEP-001".into(),
                check: "sweep",
                status: Status::Error,
                message: format!("not run: {why}"),
                location,
                status_word: None,
            }],
            decoded_payload: None,
            secrets: Vec::new(),
        }],
    }
}
