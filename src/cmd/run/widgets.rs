//! The widget stage's hooks in `run`: whether a browser is needed and found, running the
//! stage (stopped by Ctrl-C, which kills the browser), and adding its flows and evidence to
//! the outcome with the same deviations, forces and redaction as every other flow.

use super::execute::Executed;
use super::load::Loaded;
use super::reports::show;
use crate::cli::RunArgs;
use crate::error::HarnessError;
use crate::redact::Redactor;
use crate::report::console;
use crate::runner::outcome::{RunOutcome, StopReason, SuiteOutcome};
use crate::source::Sources;
use crate::widgets::{self, Ran, Stage};
use std::time::Duration;

/// The widget flows the run will have (none without a `widgets:` section).
pub(super) fn planned(loaded: &Loaded, args: &RunArgs) -> Vec<String> {
    loaded
        .profile
        .widgets
        .as_ref()
        .map(|w| widgets::planned(w, &args.filters))
        .unwrap_or_default()
}

/// `--list`: the widget flows, run in a browser.
pub(super) fn list(planned: &[String]) -> String {
    planned
        .iter()
        .map(|n| format!("{} › {n}  (in a browser: WIDGET-*)\n", widgets::SUITE))
        .collect()
}

/// The browser, or why there is none. With a profile of the user's whose widgets are to be
/// checked, no browser is a harness error: never a pass. Without a profile (the reference
/// provider), the widget checks are then listed as not run.
pub(super) fn browser(
    args: &RunArgs,
    planned: &[String],
) -> Result<Result<std::path::PathBuf, String>, HarnessError> {
    let found = widgets::find_browser(args.browser.as_deref());
    match &found {
        Err(why) if args.profile.is_some() && !planned.is_empty() => Err(HarnessError::new(
            "check the profile's widgets",
            std::io::Error::new(std::io::ErrorKind::NotFound, why.clone()),
        )),
        _ => Ok(found),
    }
}

/// Runs the widget stage unless the run already stopped; Ctrl-C or the deadline stops it
/// (dropping the stage kills the browser).
pub(super) async fn run(
    args: &RunArgs,
    loaded: &Loaded,
    sources: &Sources,
    browser: Result<std::path::PathBuf, String>,
    executed: &mut Executed,
) -> Ran {
    if executed.stopped.is_some() {
        return Ran::default();
    }
    let stage = Stage {
        profile: &loaded.profile,
        sources,
        browser,
        filters: &args.filters,
        request_timeout: Duration::from_secs(args.timeout.max(1)),
    };
    let mut interrupt = crate::interrupt::watch();
    // `--deadline` holds for the whole run, the widgets included.
    let left = Duration::from_secs(args.deadline).saturating_sub(executed.duration);
    tokio::select! {
        ran = widgets::run(&stage) => ran,
        _ = interrupt.recv() => {
            eprintln!("\ninterrupted: stopping the browser and writing the reports of the flows that finished");
            executed.stopped = Some(StopReason::Interrupted);
            Ran::default()
        }
        () = tokio::time::sleep(left) => {
            eprintln!(
                "\nthe {} s deadline passed (--deadline): stopping the browser and writing the reports of the flows that finished",
                args.deadline
            );
            executed.stopped = Some(StopReason::Deadline { secs: args.deadline });
            Ran::default()
        }
    }
}

/// Applies deviations and forces, learns the tokens as secrets, shows each flow, and adds
/// the `widgets` suite and its evidence (redacted) to the outcome.
pub(super) fn add(
    quiet: bool,
    loaded: &Loaded,
    sources: &Sources,
    mut ran: Ran,
    redactor: &mut Redactor,
    outcome: &mut RunOutcome,
) {
    for e in ran.evidence.iter().filter(|e| e.not_run.is_some()) {
        show(&format!(
            "{}\n  NOT RUN  {}\n",
            e.flow,
            e.not_run.as_deref().unwrap_or_default()
        ));
    }
    if ran.flows.is_empty() {
        outcome.widgets = ran.evidence;
        return;
    }
    for flow in &mut ran.flows {
        crate::deviations::apply(&loaded.deviations, widgets::SUITE, flow);
        crate::runner::outcome::force::apply(flow);
        redactor.flow(flow);
        if !quiet {
            show(&console::flow_block(widgets::SUITE, flow));
        }
    }
    for e in &mut ran.evidence {
        e.url = redactor.text(&e.url);
        for m in &mut e.messages {
            m.data = redactor.text(&m.data);
        }
    }
    outcome.suites.push(SuiteOutcome {
        name: widgets::SUITE.to_string(),
        file: sources.get(loaded.profile.file).name.to_string(),
        api: widgets::SUITE.to_string(),
        flows: ran.flows,
    });
    outcome.widgets = ran.evidence;
}
