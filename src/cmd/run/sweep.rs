//! The pair sweep's place in `run`: whether the run sweeps (`--sweep`, a `sweep:` section
//! in the profile, or a filter that names it), the bundled swap suite whose quote and swap
//! steps it runs, its settings from the flags and the profile, and its flows folded into
//! the run's outcome.

use super::load::{Loaded, bad_input};
use crate::cli::RunArgs;
use crate::error::HarnessError;
use crate::profile::{Api, SweepConfig};
use crate::report::console;
use crate::runner::http::Http;
use crate::runner::outcome::{RunOutcome, Stop, SuiteOutcome};
use crate::source::Sources;
use crate::suite::{LoadContext, Suite, bundled, load_suite, schemas::SchemaStore};
use crate::sweep::{Settings, Steps, Swept};
use std::sync::Arc;
use std::time::Duration;

/// The suite files whose steps the sweep runs: the current API's, and the seed API's.
const SWAP_SUITE: &str = "suites/swap.yaml";
const SEED_SUITE: &str = "suites/swap-v1.yaml";

/// Whether the run sweeps.
pub(super) fn wanted(args: &RunArgs, loaded: &Loaded) -> bool {
    args.sweep
        || loaded.profile.sweep.is_some()
        || args.filters.iter().any(|f| {
            f == "sweep"
                || crate::sweep::IDS
                    .iter()
                    .any(|id| !f.is_empty() && id.starts_with(f))
        })
}

/// Loads the bundled swap suite for the sweep's steps, and the seed API's when the profile
/// has a `swap_v1` section.
pub(super) fn load(loaded: &Loaded, sources: &mut Sources) -> Result<Vec<Suite>, HarnessError> {
    if !loaded.profile.sections.contains_key(&Api::Swap) {
        return Err(HarnessError::usage(
            "plan the sweep",
            "the sweep quotes the current swap API: the profile has no `swap` section",
        ));
    }
    let mut suites = vec![load_one(loaded, sources, SWAP_SUITE)?];
    if loaded.profile.sections.contains_key(&Api::SwapV1) {
        suites.push(load_one(loaded, sources, SEED_SUITE)?);
    }
    Ok(suites)
}

fn load_one(loaded: &Loaded, sources: &mut Sources, name: &str) -> Result<Suite, HarnessError> {
    // The run's own copy when it loaded the bundled suite (its schemas compiled once).
    if loaded.bundled_suites
        && let Some(suite) = loaded
            .suites
            .iter()
            .find(|s| &*sources.get(s.file).name == name)
    {
        return Ok(suite.clone());
    }
    let text = bundled::BUNDLED
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| t.to_string())
        .unwrap_or_default();
    let known_ids = crate::catalogue::ids();
    let mut schemas = SchemaStore::default();
    let mut ctx = LoadContext {
        profile: Some(&loaded.profile),
        schemas: &mut schemas,
        dir: None,
        known_ids: &known_ids,
    };
    load_suite(sources, name, text, &mut ctx)
        .map_err(|d| bad_input("load the sweep's suite", &d, sources))
}

/// The quote step (the first that posts) and the swap step after it, of the flow tagged `quote` and `method`; the
/// seed suite's quote step.
fn steps(suites: &[Suite], loaded: &Loaded) -> Steps {
    let suite = &suites[0];
    let of = |method: &str| {
        let flow = suite
            .flows
            .iter()
            .find(|f| f.tags.iter().any(|t| t == "quote") && f.tags.iter().any(|t| t == method))?;
        // The flow may first read `/pairs` (its quote step's `applies_if`): the quote is
        // the first step that posts, and the swap the step after it.
        let at = flow
            .steps
            .iter()
            .position(|s| s.request.method == reqwest::Method::POST)?;
        Some((flow.steps[at].clone(), flow.steps.get(at + 1).cloned()))
    };
    let seed = suites.get(1).and_then(|s| {
        let flow = s
            .flows
            .iter()
            .find(|f| f.tags.iter().any(|t| t == "quote"))?;
        flow.steps.first().cloned()
    });
    Steps {
        fixed: of("fixed"),
        float: of("float"),
        seed,
        seed_section: loaded.profile.sections.get(&Api::SwapV1).cloned(),
    }
}

/// Runs the sweep with the time left before the run's deadline.
pub(super) async fn run(
    args: &RunArgs,
    loaded: &Loaded,
    suites: &[Suite],
    http: &Arc<Http>,
    sources: &Sources,
    elapsed: Duration,
) -> Swept {
    let config = loaded.profile.sweep.clone().unwrap_or_default();
    let section = &loaded.profile.sections[&Api::Swap];
    let run = crate::sweep::Run {
        profile: &loaded.profile,
        sources,
        http,
    };
    let left = Duration::from_secs(args.deadline).saturating_sub(elapsed);
    let settings = settings(args, &config, left);
    let steps = steps(suites, loaded);
    let mut swept = crate::sweep::sweep(&run, section, steps, &settings).await;
    for flow in &mut swept.flows {
        crate::deviations::apply(&loaded.deviations, "sweep", flow);
        crate::runner::outcome::force::apply(flow);
        super::reports::show(&console::flow_block("sweep", flow));
    }
    swept
}

fn settings<'a>(args: &RunArgs, config: &'a SweepConfig, left: Duration) -> Settings<'a> {
    Settings {
        sample: args.sample.or(config.sample),
        seed: args.seed.unwrap_or(config.seed),
        swaps: args.sweep_swaps.unwrap_or(config.swaps),
        addresses: &config.addresses,
        concurrency: args.concurrency,
        rps: args.rps,
        results: args.sweep_results.clone(),
        deadline: tokio::time::Instant::now() + left,
        deadline_secs: args.deadline,
    }
}

/// Adds the sweep's flows, figures and stop to the run's outcome.
pub(super) fn attach(outcome: &mut RunOutcome, swept: Swept) {
    outcome.planned_flows += swept.flows.len();
    outcome.suites.push(SuiteOutcome {
        name: "sweep".into(),
        file: SWAP_SUITE.into(),
        api: Api::Swap.key().into(),
        flows: swept.flows,
    });
    outcome.duration_ms += swept.summary.duration_ms;
    outcome.sweep = Some(swept.summary);
    if let Some((reason, not_run)) = swept.stopped
        && outcome.stopped.is_none()
    {
        outcome.stopped = Some(Stop {
            reason,
            not_run: vec![not_run],
        });
    }
}
