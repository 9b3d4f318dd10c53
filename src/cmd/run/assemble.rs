//! Turns what ran into the [`RunOutcome`] every report converts: the finished flows grouped
//! by suite, the flows that did not run and why, the base URLs that stopped answering, the
//! verdicts of the known deviations, and one last redaction with every secret learned.

use super::execute::Executed;
use super::load::Loaded;
use crate::runner::PlannedFlow;
use crate::runner::http::{Http, UNREACHABLE};
use crate::runner::outcome::{Exchange, RunOutcome, Stop, SuiteOutcome, Unreachable};
use crate::source::Sources;

/// What the stages after the suites gave: the widgets in the browser, and the pair sweep.
pub(super) struct Stages {
    pub(super) widgets: crate::widgets::Ran,
    pub(super) swept: Option<crate::sweep::Swept>,
    /// `run --quiet`: the widgets' lines are not shown.
    pub(super) quiet: bool,
}

/// Builds the outcome of a run.
pub(super) fn assemble(
    loaded: &Loaded,
    planned: &[PlannedFlow],
    mut executed: Executed,
    http: &Http,
    sources: &Sources,
    stages: Stages,
) -> RunOutcome {
    let Stages {
        widgets,
        swept,
        quiet,
    } = stages;
    let profile = &loaded.profile;
    let label = |p: &PlannedFlow| format!("{} › {}", loaded.suites[p.suite].name, p.name);
    let not_run: Vec<String> = planned
        .iter()
        .zip(&executed.results)
        .filter(|(_, r)| r.is_none())
        .map(|(p, _)| label(p))
        .collect();
    let mut outcome = RunOutcome {
        tool: format!("provider-conformance {}", env!("CARGO_PKG_VERSION")),
        provider: profile.name.clone(),
        target: profile
            .sections
            .values()
            .map(|s| s.base_url.clone())
            .collect::<Vec<_>>()
            .join(", "),
        started_at: executed.started_at,
        duration_ms: executed.duration.as_millis() as u64,
        planned_flows: planned.len(),
        stopped: executed.stopped.map(|reason| Stop { reason, not_run }),
        profile_digest: Some(digest(sources.get(profile.file).text.as_bytes())),
        ..RunOutcome::default()
    };
    for (p, flow) in planned.iter().zip(executed.results) {
        let Some(flow) = flow else { continue };
        let suite = &loaded.suites[p.suite];
        match outcome.suites.last_mut().filter(|s| s.name == suite.name) {
            Some(s) => s.flows.push(flow),
            None => outcome.suites.push(SuiteOutcome {
                name: suite.name.clone(),
                file: sources.get(suite.file).name.to_string(),
                api: suite.api.key().to_string(),
                flows: vec![flow],
            }),
        }
    }
    super::widgets::add(
        quiet,
        loaded,
        sources,
        widgets,
        &mut executed.redactor,
        &mut outcome,
    );
    if let Some(swept) = swept {
        super::sweep::attach(&mut outcome, swept);
    }
    outcome.unreachable = unreachable(http, &outcome);
    outcome.retries = http.retries();
    outcome.deviations = crate::deviations::verdicts(&loaded.deviations, &outcome);
    executed.redactor.run(&mut outcome);
    outcome
}

/// The base URLs whose requests were not sent, each with the flows that lost a request.
fn unreachable(http: &Http, run: &RunOutcome) -> Vec<Unreachable> {
    http.unanswered()
        .into_iter()
        .map(|u| {
            let lost = |e: &Exchange| {
                e.request.url.starts_with(&u.base_url)
                    && e.error
                        .as_deref()
                        .is_some_and(|m| m.starts_with(UNREACHABLE))
            };
            let flows = run
                .suites
                .iter()
                .flat_map(|s| s.flows.iter().map(move |f| (s, f)))
                .filter(|(_, f)| f.steps.iter().flat_map(|st| &st.exchanges).any(lost))
                .map(|(s, f)| format!("{} › {}", s.name, f.name))
                .collect();
            Unreachable {
                base_url: u.base_url,
                since: u.since,
                not_sent: u.not_sent,
                flows,
            }
        })
        .collect()
}

/// SHA-256 of `bytes`, lowercase hex: the profile's digest in the HTML header.
fn digest(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
