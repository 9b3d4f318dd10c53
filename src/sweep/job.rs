//! One quote of the sweep: a pair and a trade method, quoted by the suite's own quote step
//! (its checks judge the answer), then swapped by the suite's swap step when drawn for it.

use super::Env;
use super::refusal::{self, Answer};
use crate::profile::Pair;
use crate::runner::PairRun;
use crate::runner::outcome::StepOutcome;
use std::time::{Duration, Instant};

/// `fixed` or `float` on the current swap API, or the seed API's one quote (no method).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Fixed,
    Float,
    Seed,
}

impl Method {
    pub(crate) const ALL: [Method; 3] = [Method::Fixed, Method::Float, Method::Seed];

    /// `fixed`, `float`, or `swap_v1` (the seed API's profile section).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Method::Fixed => "fixed",
            Method::Float => "float",
            Method::Seed => "swap_v1",
        }
    }

    /// The latency histogram of its quotes (`POST /quote fixed`).
    pub(crate) fn quote_endpoint(self) -> &'static str {
        match self {
            Method::Fixed => "POST /quote fixed",
            Method::Float => "POST /quote float",
            Method::Seed => "POST /quote swap_v1",
        }
    }

    /// The latency histogram of its swaps (`POST /swap/fixed`).
    fn swap_endpoint(self) -> &'static str {
        match self {
            Method::Fixed => "POST /swap/fixed",
            Method::Float => "POST /swap/float",
            Method::Seed => "POST /swap/swap_v1",
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.name() == text)
    }
}

/// What to do: quote `pairs[pair]` by `method`, and swap it when `swap`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Job {
    pub pair: usize,
    pub method: Method,
    pub swap: bool,
}

/// What a job produced.
pub(crate) struct Done {
    pub job: Job,
    pub quote: StepOutcome,
    pub answer: Answer,
    pub latency: Duration,
    pub swap: Option<StepOutcome>,
}

/// Runs one job.
pub(crate) async fn run(env: &Env, job: Job) -> Done {
    let pair = profile_pair(env, job.pair);
    let (quote_step, swap_step) = env.steps.of(job.method);
    let section = match (job.method, &env.steps.seed_section) {
        (Method::Seed, Some(seed)) => seed,
        _ => &env.section,
    };
    let ctx = env.ctx();
    let mut run = PairRun::new(&ctx, section, &pair);
    let t = Instant::now();
    let quote = run.step(quote_step).await;
    let latency = t.elapsed();
    env.latencies.record(job.method.quote_endpoint(), latency);
    let answer = refusal::answer(&quote);
    let swap = match swap_step {
        Some(step) if job.swap && answer == Answer::Quoted => {
            let t = Instant::now();
            let s = run.step(step).await;
            env.latencies
                .record(job.method.swap_endpoint(), t.elapsed());
            Some(s)
        }
        _ => None,
    };
    Done {
        job,
        quote,
        answer,
        latency,
        swap,
    }
}

/// The pair as the suite's steps read it: the advertised minimum as the amount, and the
/// profile's addresses, tickers and decimals for a swap (empty when the profile has none:
/// a quote does not use them).
fn profile_pair(env: &Env, index: usize) -> Pair {
    let listed = &env.pairs[index];
    let from = env.addresses.get(&listed.from);
    let to = env.addresses.get(&listed.to);
    let ticker = |a: Option<&crate::profile::SweepAddress>, id: &str| {
        a.map_or_else(|| id.to_ascii_uppercase(), |a| a.ticker.clone())
    };
    Pair {
        from: listed.from.clone(),
        to: listed.to.clone(),
        amount: listed.min.clone(),
        payload_currency_from: ticker(from, &listed.from),
        payload_currency_to: ticker(to, &listed.to),
        decimals_from: from.map_or(0, |a| a.decimals),
        decimals_to: to.map_or(0, |a| a.decimals),
        refund_address: from.map(|a| a.address.clone()).unwrap_or_default(),
        payout_address: to.map(|a| a.address.clone()).unwrap_or_default(),
        refund_extra_id: from.and_then(|a| a.extra_id.clone()),
        payout_extra_id: to.and_then(|a| a.extra_id.clone()),
        kyc_amount: None,
        amount_below_minimum: listed.min.clone(),
        amount_above_maximum: listed.max.clone(),
        span: crate::source::Span::default(),
    }
}
