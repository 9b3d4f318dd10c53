//! Known deviations: failures a provider and Ledger agreed to accept for now.
//!
//! Listed in the profile (`known_deviations:`) or in a file given with `run --deviations FILE`
//! (a YAML list), each entry is `{ id: REQ-ID, reason: "...", flow: "optional substring" }`.
//! A failing check (`fail`, not `error`: a transport error is never expected) whose id is
//! listed, in a flow whose `suite/flow` name contains `flow`, becomes an expected failure: not
//! counted as failed, JUnit `skipped` with the reason. A listed deviation whose checks all pass
//! is an error of the list, like a `#[should_panic]` test that does not panic: the run exits 1
//! with "expected failure did not happen: remove `ID` from known_deviations", so the list never
//! outlives the bug it excuses.

use crate::diagnostic::Diagnostic;
use crate::runner::outcome::{DeviationOutcome, DeviationVerdict, FlowOutcome, RunOutcome, Status};
use crate::source::{Location, Sources};
use crate::suggest::did_you_mean;
use crate::yaml::{self, MapReader, Node};
use std::collections::BTreeSet;
use std::path::Path;

const KEYS: &[&str] = &["id", "reason", "flow"];

/// One listed deviation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Deviation {
    /// A requirement id of the catalogue.
    pub id: String,
    pub reason: String,
    /// Only flows whose `suite/flow` name contains this text.
    pub flow: Option<String>,
    /// Where the entry is written.
    pub location: Location,
}

impl Deviation {
    /// Whether this entry covers a check `id` of the flow `suite/flow`.
    pub(crate) fn covers(&self, id: &str, suite: &str, flow: &str) -> bool {
        self.id == id
            && self
                .flow
                .as_deref()
                .is_none_or(|f| format!("{suite}/{flow}").contains(f))
    }
}

/// Reads a list of deviations from a YAML node (the value of `known_deviations:`, or a file's
/// root); unknown ids and keys are diagnostics with their position.
pub(crate) fn parse(
    node: &Node,
    sources: &Sources,
    known_ids: &BTreeSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Deviation> {
    let mut out = Vec::new();
    for item in yaml::reader_expect_seq(node, "known_deviations", diags) {
        let Some(r) = MapReader::new(item, "known deviation", KEYS, diags) else {
            continue;
        };
        let id = r.req_str("id", diags);
        let reason = r.req_str("reason", diags);
        let flow = r.opt_str("flow", diags);
        if let Some(id) = &id
            && !known_ids.contains(id)
        {
            let span = r.get("id").map_or(r.span(), |n| n.span);
            let d = Diagnostic::error(span, format!("unknown requirement id `{id}`"))
                .with_label("not in the checks catalogue");
            diags.push(
                match did_you_mean(id, known_ids.iter().map(String::as_str)) {
                    Some(s) => d.with_suggestion(Some(s)),
                    None => d.with_help("the ids are listed in docs/checks.md"),
                },
            );
            continue;
        }
        if let Some(reason) = &reason
            && reason.trim().is_empty()
        {
            let span = r.get("reason").map_or(r.span(), |n| n.span);
            diags.push(
                Diagnostic::error(span, "`reason` is empty")
                    .with_label("say why the deviation is accepted"),
            );
            continue;
        }
        if let (Some(id), Some(reason)) = (id, reason) {
            out.push(Deviation {
                id,
                reason,
                flow,
                location: sources.location(item.span),
            });
        }
    }
    out
}

/// Loads `run --deviations FILE`: a YAML list of deviations. The file is read through the one
/// bounded reader, so `/dev/zero` or a huge file is refused without filling memory.
pub(crate) fn load_file(
    path: &Path,
    sources: &mut Sources,
) -> Result<Vec<Deviation>, Vec<Diagnostic>> {
    let text = yaml::read_text(sources, path, "deviations file").map_err(|d| vec![*d])?;
    let file = sources.add(path.display().to_string(), text);
    let root = yaml::parse(file, &sources.get(file).text)?;
    let mut diags = Vec::new();
    let list = parse(&root, sources, &crate::catalogue::ids(), &mut diags);
    if diags.is_empty() {
        Ok(list)
    } else {
        Err(diags)
    }
}

/// Turns the listed failures of one finished flow into expected failures.
pub(crate) fn apply(deviations: &[Deviation], suite: &str, flow: &mut FlowOutcome) {
    if deviations.is_empty() {
        return;
    }
    let name = flow.name.clone();
    for step in &mut flow.steps {
        for c in &mut step.checks {
            if c.status != Status::Fail {
                continue;
            }
            if let Some(d) = deviations.iter().find(|d| d.covers(&c.id, suite, &name)) {
                c.status = Status::ExpectedFail;
                c.message = format!("known deviation ({}): {}", d.reason, c.message);
            }
        }
    }
}

/// What became of each listed deviation in a finished run.
pub(crate) fn verdicts(deviations: &[Deviation], run: &RunOutcome) -> Vec<DeviationOutcome> {
    deviations
        .iter()
        .map(|d| {
            let (mut expected, mut passed, mut other) = (0, 0, 0);
            for suite in &run.suites {
                for flow in &suite.flows {
                    for c in flow.checks() {
                        if !d.covers(&c.id, &suite.name, &flow.name) {
                            continue;
                        }
                        match c.status {
                            Status::ExpectedFail => expected += 1,
                            Status::Pass | Status::Warn => passed += 1,
                            _ => other += 1,
                        }
                    }
                }
            }
            let (verdict, message) = if expected > 0 {
                (
                    DeviationVerdict::Expected,
                    format!("{expected} check(s) failed as listed"),
                )
            } else if passed > 0 {
                (
                    DeviationVerdict::DidNotHappen,
                    format!(
                        "expected failure did not happen: {passed} check(s) of `{}` passed; remove `{}` from known_deviations ({})",
                        d.id, d.id, d.location
                    ),
                )
            } else {
                (
                    DeviationVerdict::NotRun,
                    if other > 0 {
                        format!("no verdict: {other} check(s) could not run or were skipped")
                    } else {
                        "no check of this id ran (filtered out, or no flow matches)".to_string()
                    },
                )
            };
            DeviationOutcome {
                id: d.id.clone(),
                reason: d.reason.clone(),
                flow: d.flow.clone(),
                location: d.location.clone(),
                verdict,
                message,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::outcome::{CheckOutcome, StepOutcome, SuiteOutcome};

    fn ids() -> BTreeSet<String> {
        ["SWAP-SIG-002", "SWAP-QUOTE-005"]
            .into_iter()
            .map(String::from)
            .collect()
    }

    fn parse_text(text: &str) -> (Vec<Deviation>, Vec<Diagnostic>) {
        let mut sources = Sources::default();
        let file = sources.add("d.yaml", text);
        let root = yaml::parse(file, &sources.get(file).text).expect("yaml");
        let mut diags = Vec::new();
        let list = parse(&root, &sources, &ids(), &mut diags);
        (list, diags)
    }

    fn check(id: &str, status: Status) -> CheckOutcome {
        CheckOutcome {
            id: id.into(),
            check: "assert",
            status,
            message: "m".into(),
            location: Location {
                file: "s.yaml".into(),
                line: 1,
                col: 1,
            },
            status_word: None,
        }
    }

    fn run_with(flow_name: &str, checks: Vec<CheckOutcome>) -> RunOutcome {
        RunOutcome {
            tool: String::new(),
            provider: String::new(),
            target: String::new(),
            started_at: String::new(),
            duration_ms: 0,
            deviations: Vec::new(),
            suites: vec![SuiteOutcome {
                name: "swap".into(),
                file: "s.yaml".into(),
                api: "swap".into(),
                flows: vec![FlowOutcome {
                    name: flow_name.into(),
                    tags: vec![],
                    started_at: String::new(),
                    duration_ms: 0,
                    steps: vec![StepOutcome {
                        name: "s".into(),
                        location: checks[0].location.clone(),
                        exchanges: vec![],
                        checks,
                        decoded_payload: None,
                        secrets: vec![],
                    }],
                }],
            }],
            ..RunOutcome::default()
        }
    }

    #[test]
    fn reads_entries_with_positions() {
        let (list, diags) = parse_text(
            "- { id: SWAP-SIG-002, reason: key rotation pending }\n- id: SWAP-QUOTE-005\n  reason: short expiry\n  flow: float\n",
        );
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(list.len(), 2);
        assert_eq!(list[1].flow.as_deref(), Some("float"));
        assert_eq!(list[1].location.line, 2);
    }

    #[test]
    fn an_unknown_id_is_an_error_with_a_suggestion() {
        let (list, diags) = parse_text("- { id: SWAP-SIG-02, reason: x }\n");
        assert!(list.is_empty());
        assert_eq!(diags[0].message, "unknown requirement id `SWAP-SIG-02`");
        assert_eq!(diags[0].span.unwrap().start.line, 1);
        assert_eq!(diags[0].span.unwrap().start.col, 9);
    }

    #[test]
    fn a_missing_reason_and_an_unknown_key_are_errors() {
        let (_, diags) = parse_text("- { id: SWAP-SIG-002, why: x }\n");
        let messages: Vec<_> = diags.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages.contains(&"unknown key `why` in known deviation"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"missing key `reason` in known deviation"),
            "{messages:?}"
        );
    }

    #[test]
    fn listed_failures_become_expected_and_others_stay() {
        let (list, _) = parse_text("- { id: SWAP-SIG-002, reason: rotation, flow: fixed }\n");
        let mut run = run_with(
            "fixed rate",
            vec![
                check("SWAP-SIG-002", Status::Fail),
                check("SWAP-QUOTE-005", Status::Fail),
            ],
        );
        apply(&list, "swap", &mut run.suites[0].flows[0]);
        let statuses: Vec<_> = run.checks().map(|c| c.status).collect();
        assert_eq!(statuses, vec![Status::ExpectedFail, Status::Fail]);
        let v = verdicts(&list, &run);
        assert_eq!(v[0].verdict, DeviationVerdict::Expected);
    }

    #[test]
    fn the_flow_filter_limits_the_entry() {
        let (list, _) = parse_text("- { id: SWAP-SIG-002, reason: rotation, flow: float }\n");
        let mut run = run_with("fixed rate", vec![check("SWAP-SIG-002", Status::Fail)]);
        apply(&list, "swap", &mut run.suites[0].flows[0]);
        assert_eq!(run.checks().next().unwrap().status, Status::Fail);
        assert_eq!(verdicts(&list, &run)[0].verdict, DeviationVerdict::NotRun);
    }

    #[test]
    fn a_listed_deviation_that_passes_did_not_happen() {
        let (list, _) = parse_text("- { id: SWAP-SIG-002, reason: rotation }\n");
        let run = run_with("fixed rate", vec![check("SWAP-SIG-002", Status::Pass)]);
        let v = verdicts(&list, &run);
        assert_eq!(v[0].verdict, DeviationVerdict::DidNotHappen);
        assert!(
            v[0].message
                .contains("remove `SWAP-SIG-002` from known_deviations"),
            "{}",
            v[0].message
        );
    }

    /// Issue 9, defect 4: `--deviations /dev/zero` filled memory.
    #[test]
    fn an_endless_file_is_refused_without_reading_it_all() {
        let mut sources = Sources::default();
        let diags = load_file(Path::new("/dev/zero"), &mut sources).unwrap_err();
        assert_eq!(diags.len(), 1);
        assert!(
            diags[0]
                .message
                .starts_with("the deviations file is too large: over "),
            "{}",
            diags[0].message
        );
    }

    #[test]
    fn errors_are_never_expected() {
        let (list, _) = parse_text("- { id: SWAP-SIG-002, reason: rotation }\n");
        let mut run = run_with("fixed rate", vec![check("SWAP-SIG-002", Status::Error)]);
        apply(&list, "swap", &mut run.suites[0].flows[0]);
        assert_eq!(run.checks().next().unwrap().status, Status::Error);
    }
}
