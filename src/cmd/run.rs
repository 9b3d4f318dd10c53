//! `run`: certify a provider. One step per line: target (a profile file, or the reference
//! provider on loopback) → load (profile, deviations, suites) → plan → execute (flows at
//! once, until done, Ctrl-C or the deadline) → assemble the outcome → reports → the verdict's
//! exit code.

mod assemble;
mod execute;
mod load;
mod reports;
mod sweep;
mod target;
mod widgets;

use crate::cli::RunArgs;
use crate::error::HarnessError;
use crate::exit;
use crate::runner::http::{Http, HttpConfig, RetryPolicy};
use crate::runner::plan;
use crate::source::Sources;
use std::time::{Duration, Instant};

/// Runs `run`: the verdict's exit code, or why the run could not happen.
pub(crate) fn run(args: &RunArgs) -> Result<u8, HarnessError> {
    if args.list_variants {
        reports::show(&crate::provider::variants_list());
        return Ok(exit::SUCCESS);
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| HarnessError::new("start the async runtime", e))?;
    rt.block_on(async {
        let mut sources = Sources::default();
        let target = target::open(args, &mut sources).await?;
        let code = certify(args, &mut sources, &target).await;
        target.close().await;
        code
    })
}

async fn certify(
    args: &RunArgs,
    sources: &mut Sources,
    target: &target::Target,
) -> Result<u8, HarnessError> {
    let loaded = load::load(args, sources, target)?;
    let planned = plan(&loaded.suites, &loaded.profile, &args.filters);
    let widget_flows = widgets::planned(&loaded, args);
    let sweep_suite = match sweep::wanted(args, &loaded) {
        true => Some(sweep::load(&loaded, sources)?),
        false => None,
    };
    if args.list {
        reports::show(&load::list(&loaded.suites, &planned));
        reports::show(&widgets::list(&widget_flows));
        return Ok(exit::SUCCESS);
    }
    if planned.is_empty() && widget_flows.is_empty() && sweep_suite.is_none() {
        return Err(HarnessError::usage(
            "plan the run",
            "no flow to run: the profile's sections and the filters select nothing",
        ));
    }
    let browser = widgets::browser(args, &widget_flows)?;
    let http = Http::new(http_config(args, &loaded))
        .map(std::sync::Arc::new)
        .map_err(|e| HarnessError::new("build the HTTP client", e))?;
    let mut executed = execute::execute(args, &loaded, &planned, &http, sources).await;
    let ran = widgets::run(args, &loaded, sources, browser, &mut executed).await;
    let mut swept = match &sweep_suite {
        Some(s) if executed.stopped.is_none() => {
            Some(sweep::run(args, &loaded, s, &http, sources, executed.duration).await)
        }
        _ => None,
    };
    let results_error = swept.as_mut().and_then(|s| s.results_error.take());
    let stages = assemble::Stages {
        widgets: ran,
        swept,
        quiet: args.quiet,
    };
    let outcome = assemble::assemble(&loaded, &planned, executed, &http, sources, stages);
    let written = reports::write_all(args, &outcome);
    reports::show_summary(&outcome, args);
    written?;
    if let Some((path, e)) = results_error {
        let context = format!("write the sweep results to `{}`", path.display());
        return Err(HarnessError::new(context, e));
    }
    Ok(outcome.verdict().exit_code())
}

fn http_config(args: &RunArgs, loaded: &load::Loaded) -> HttpConfig {
    HttpConfig {
        timeout: Duration::from_secs(args.timeout.max(1)),
        max_body: args.max_response_bytes,
        unreachable_after: args.unreachable_after,
        base_urls: loaded
            .profile
            .sections
            .values()
            .map(|s| s.base_url.clone())
            .collect(),
        retry: RetryPolicy {
            max_retries: args.max_retries,
            max_wait: Duration::from_secs(args.max_retry_wait),
            deadline: Some(Instant::now() + Duration::from_secs(args.deadline)),
        },
        rps: args.rps,
        concurrency: args.concurrency,
    }
}
