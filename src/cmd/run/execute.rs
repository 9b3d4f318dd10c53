//! Runs the planned flows until they are all done, Ctrl-C is pressed or `--deadline` passes:
//! every flow is under way at once, and the HTTP client lets `--concurrency` requests be in
//! flight (so a flow waiting between status polls holds no one else back). Each flow is shown
//! on the console as soon as it and those before it are done. On Ctrl-C or the deadline the running flows are dropped, which cancels
//! their requests; the flows that finished are kept for the reports.

use super::load::Loaded;
use super::reports::show;
use crate::cli::RunArgs;
use crate::redact::Redactor;
use crate::report::console;
use crate::runner::http::Http;
use crate::runner::outcome::{FlowOutcome, StopReason};
use crate::runner::{FlowContext, PlannedFlow, run_flow};
use crate::source::Sources;
use futures_util::StreamExt;
use std::time::{Duration, Instant};

/// What running the plan produced.
pub(super) struct Executed {
    /// One per planned flow, in plan order; `None` for a flow that did not finish.
    pub results: Vec<Option<FlowOutcome>>,
    pub stopped: Option<StopReason>,
    /// RFC 3339.
    pub started_at: String,
    pub duration: Duration,
    /// Knows every secret seen so far, including those captured by the flows.
    pub redactor: Redactor,
}

/// Runs the plan.
pub(super) async fn execute(
    args: &RunArgs,
    loaded: &Loaded,
    planned: &[PlannedFlow],
    http: &Http,
    sources: &Sources,
) -> Executed {
    let suites = &loaded.suites;
    let mut redactor = Redactor::new(&loaded.profile.secrets);
    let started_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let start = Instant::now();
    let ctx = FlowContext {
        suites,
        profile: &loaded.profile,
        sources,
        http,
        brief: false,
    };
    let mut results: Vec<Option<FlowOutcome>> = vec![None; planned.len()];
    // Flows finish in any order, so that a hanging flow does not hold back those after it;
    // the console still shows them in plan order.
    let mut stream = futures_util::stream::iter(planned.iter().enumerate())
        .map(|(i, p)| {
            let ctx = &ctx;
            async move { (i, run_flow(ctx, p).await) }
        })
        .buffer_unordered(planned.len().max(1));
    let mut shown = 0;
    let mut stopped = None;
    let mut interrupt = crate::interrupt::watch();
    let deadline = tokio::time::sleep(Duration::from_secs(args.deadline));
    tokio::pin!(deadline);
    let name = |i: usize| suites[planned[i].suite].name.as_str();
    loop {
        tokio::select! {
            next = stream.next() => {
                let Some((i, mut flow)) = next else { break };
                crate::deviations::apply(&loaded.deviations, name(i), &mut flow);
                crate::runner::outcome::force::apply(&mut flow);
                redactor.flow(&mut flow);
                results[i] = Some(flow);
                while let Some(Some(flow)) = results.get(shown) {
                    if !args.quiet {
                        show(&console::flow_block(name(shown), flow));
                    }
                    shown += 1;
                }
            }
            _ = interrupt.recv() => {
                eprintln!("\ninterrupted: writing the reports of the flows that finished");
                stopped = Some(StopReason::Interrupted);
                break;
            }
            () = &mut deadline => {
                eprintln!(
                    "\nthe {} s deadline passed (--deadline): cancelling the running requests and writing the reports of the flows that finished",
                    args.deadline
                );
                stopped = Some(StopReason::Deadline { secs: args.deadline });
                break;
            }
        }
    }
    // Dropping the stream cancels the flows still running, and their requests.
    drop(stream);
    // From here on a Ctrl-C exits at once.
    drop(interrupt);
    // Finished flows behind an unfinished one have not been shown yet.
    for (i, flow) in results.iter().enumerate().skip(shown) {
        if let Some(flow) = flow
            && !args.quiet
        {
            show(&console::flow_block(name(i), flow));
        }
    }
    Executed {
        results,
        stopped,
        started_at,
        duration: start.elapsed(),
        redactor,
    }
}
