//! JUnit XML: a testsuite per flow, a testcase per check named `ID step: check`, the
//! requirement id as a property, failures with the request and response (already redacted).
//!
//! The shape is the Jenkins/Ant JUnit schema (`tests/fixtures/reports/junit.xsd` validates it):
//! `testsuites` > `testsuite` (timestamp, time, counts) > `testcase` (timestamp of its step's
//! first request, time of its step's requests) > `properties`, `failure`/`error`/`skipped`,
//! `system-out` (the exchanges; every attempt of a polled step). Passed-with-warning checks are
//! successes with a `warning` property; expected failures are skipped with the reason. A run
//! that is not a pass for a reason no check carries (interrupted, past its deadline, provider
//! unreachable, only skipped checks) gets a `run` testsuite whose testcase errs or fails, so
//! that no CI reporter counts it green. No text holds terminal escape sequences.
//!
//! ```text
//! <testcase name="SWAP-SIG-002 fixed swap: swap_payload" classname="swap.fixed rate [btc→eth]"
//!           timestamp="2026-11-23T10:00:00.120+00:00" time="0.004">
//!   <properties><property name="requirement" value="SWAP-SIG-002"/>...</properties>
//!   <failure message="..." type="swap_payload">message, location, exchanges</failure>
//!   <system-out>&gt; POST http://127.0.0.1:8080/v2/swap/fixed ...</system-out>
//! </testcase>
//! ```

mod xml;

use super::plain;
use crate::runner::outcome::{DeviationVerdict, Exchange, RunOutcome, Status, StepOutcome, Why};
use chrono::{DateTime, FixedOffset};
use std::borrow::Cow;
use std::rc::Rc;
use std::time::Duration;
use xml::{Case, Kind, Suite};

/// Converts a run to JUnit XML.
pub(crate) fn to_xml(run: &RunOutcome) -> String {
    let run_start = DateTime::parse_from_rfc3339(&run.started_at).ok();
    let mut report = xml::Report {
        name: format!("provider-conformance: {}", run.provider),
        timestamp: run_start.as_ref().map(xml::timestamp),
        time: Duration::from_millis(run.duration_ms),
        suites: Vec::new(),
    };
    for suite in &run.suites {
        for flow in &suite.flows {
            let classname: Rc<str> = plain(&format!("{}.{}", suite.name, flow.name)).into();
            let flow_start = DateTime::parse_from_rfc3339(&flow.started_at).ok();
            let mut properties: Vec<(Cow<'_, str>, Cow<'_, str>)> =
                vec![("suite_file".into(), suite.file.as_str().into())];
            for (name, value) in super::retries::junit_properties(&run.retries) {
                properties.push((name.into(), value.into()));
            }
            if !flow.tags.is_empty() {
                properties.push(("tags".into(), flow.tags.join(",").into()));
            }
            for (k, v) in run
                .sweep
                .iter()
                .filter(|_| suite.name == "sweep")
                .flat_map(super::latency::junit_properties)
            {
                properties.push((k.into(), v.into()));
            }
            let mut cases = Vec::new();
            for step in &flow.steps {
                let step_ms: u64 = step.exchanges.iter().map(|e| e.elapsed_ms).sum();
                // Made once per step, shared by its checks' testcases.
                let system_out = xml::text(&plain(&exchanges_text(&step.exchanges)));
                let started = step_start(flow_start, step).as_ref().map(xml::timestamp);
                for c in &step.checks {
                    cases.push(check_case(
                        c,
                        step,
                        &classname,
                        &started,
                        step_ms,
                        &system_out,
                    ));
                }
            }
            report.suites.push(Suite {
                name: plain(&format!("{} › {}", suite.name, flow.name)).into(),
                timestamp: flow_start.as_ref().map(xml::timestamp),
                time: Duration::from_millis(flow.duration_ms),
                properties,
                cases,
            });
        }
    }
    if !run.deviations.is_empty() {
        report.suites.push(deviations_suite(run));
    }
    if let Some(ts) = verdict_suite(run) {
        report.suites.push(ts);
    }
    match xml::write(&report) {
        Ok(xml) => xml,
        Err(e) => format!("<!-- failed to serialize the JUnit report: {e} -->"),
    }
}

/// The testcase of one check: `ID step: check`.
fn check_case<'a>(
    c: &'a crate::runner::outcome::CheckOutcome,
    step: &'a StepOutcome,
    classname: &Rc<str>,
    started: &Option<Rc<str>>,
    step_ms: u64,
    system_out: &xml::Text,
) -> Case<'a> {
    let status = match c.status {
        Status::Pass | Status::Warn => xml::Status::Success,
        Status::Skip | Status::ExpectedFail | Status::NotApplicable => xml::Status::Skipped {
            message: plain(&format!("{}: {}", c.status.label(), c.message)).into(),
        },
        Status::Fail | Status::Error => xml::Status::NonSuccess {
            kind: if c.status == Status::Fail {
                Kind::Failure
            } else {
                Kind::Error
            },
            message: plain(&c.message).into(),
            ty: c.check.into(),
            description: Some(
                plain(&failure_text(
                    c.message.as_str(),
                    &c.location.to_string(),
                    c.status_word.as_deref(),
                    step,
                ))
                .into(),
            ),
        },
    };
    let mut properties: Vec<(&'static str, Cow<'a, str>)> = vec![
        ("requirement", (&*c.id).into()),
        ("location", c.location.to_string().into()),
    ];
    if let Some(w) = &c.status_word {
        properties.push(("device_status_word", w.as_str().into()));
    }
    if c.check == "swap_payload"
        && let Some(e) = &step.decoded_payload
    {
        properties.push(("device_gate", plain(&e.device.summary()).into()));
        let live = match &e.ledger_live.reason {
            None => "accepts".to_string(),
            Some(r) => format!("refuses: {r}"),
        };
        properties.push(("ledger_live_gate", plain(&live).into()));
    }
    if c.status == Status::Warn {
        properties.push(("warning", plain(&c.message).into()));
    }
    Case {
        name: plain(&format!("{} {}: {}", c.id, step.name, c.check)).into(),
        classname: Rc::clone(classname),
        timestamp: started.clone(),
        time: Duration::from_millis(step_ms),
        properties,
        status,
        system_out: Some(system_out.clone()),
    }
}

/// One testcase per listed known deviation: a failure when it did not happen (its checks
/// passed, so the entry must go), skipped when none of its checks reached a verdict.
fn deviations_suite(run: &RunOutcome) -> Suite<'_> {
    let started = DateTime::parse_from_rfc3339(&run.started_at)
        .ok()
        .as_ref()
        .map(xml::timestamp);
    let classname: Rc<str> = "known deviations".into();
    let cases = run
        .deviations
        .iter()
        .map(|d| {
            let status = match d.verdict {
                DeviationVerdict::Expected => xml::Status::Success,
                DeviationVerdict::DidNotHappen => xml::Status::NonSuccess {
                    kind: Kind::Failure,
                    message: plain(&d.message).into(),
                    ty: "known_deviation".into(),
                    description: None,
                },
                DeviationVerdict::NotRun => xml::Status::Skipped {
                    message: plain(&d.message).into(),
                },
            };
            let mut properties: Vec<(&'static str, Cow<'_, str>)> = vec![
                ("requirement", d.id.as_str().into()),
                ("location", d.location.to_string().into()),
                ("reason", plain(&d.reason).into()),
            ];
            if let Some(f) = &d.flow {
                properties.push(("flow", plain(f).into()));
            }
            Case {
                name: format!("{} known deviation", d.id).into(),
                classname: Rc::clone(&classname),
                timestamp: started.clone(),
                time: Duration::ZERO,
                properties,
                status,
                system_out: None,
            }
        })
        .collect();
    Suite {
        name: "known deviations".into(),
        timestamp: started,
        time: Duration::ZERO,
        properties: Vec::new(),
        cases,
    }
}

/// The run's own testcases, when its verdict is not a pass for a reason no check testcase
/// carries: an `<error>` per reason it is incomplete (the flows that did not run listed), or a
/// `<failure>` when only skipped checks, or none at all, decided it. Without them a CI reporter
/// would count an interrupted run, or one of skipped checks only, as green.
fn verdict_suite(run: &RunOutcome) -> Option<Suite<'static>> {
    let verdict = run.verdict();
    let mut cases = Vec::new();
    if let Some(stop) = &run.stopped {
        cases.push(run_case(
            &format!("run incomplete: {}", stop.reason.key()),
            Kind::Error,
            &verdict.reason(),
            &flow_list("flows that did not run", &stop.not_run),
        ));
    }
    for u in &run.unreachable {
        cases.push(run_case(
            &format!("run incomplete: provider unreachable at {}", u.base_url),
            Kind::Error,
            &format!(
                "provider unreachable since {} at `{}`: {} request(s) not sent, not a pass",
                u.since, u.base_url, u.not_sent
            ),
            &flow_list("flows with requests not sent", &u.flows),
        ));
    }
    if matches!(verdict.why, Why::Skipped | Why::NothingRan) {
        cases.push(run_case(
            "run verdict",
            Kind::Failure,
            &verdict.reason(),
            &verdict.closing_line(),
        ));
    }
    if cases.is_empty() {
        return None;
    }
    Some(Suite {
        name: "run".into(),
        timestamp: DateTime::parse_from_rfc3339(&run.started_at)
            .ok()
            .as_ref()
            .map(xml::timestamp),
        time: Duration::ZERO,
        properties: Vec::new(),
        cases,
    })
}

fn run_case(name: &str, kind: Kind, message: &str, description: &str) -> Case<'static> {
    Case {
        name: plain(name).into(),
        classname: "run".into(),
        timestamp: None,
        time: Duration::ZERO,
        properties: Vec::new(),
        status: xml::Status::NonSuccess {
            kind,
            message: plain(message).into(),
            ty: if kind == Kind::Error {
                "incomplete"
            } else {
                "verdict"
            }
            .into(),
            description: Some(plain(description).into()),
        },
        system_out: None,
    }
}

fn flow_list(title: &str, flows: &[String]) -> String {
    let mut out = format!("{title} ({}):\n", flows.len());
    for f in flows {
        out.push_str(&format!("- {f}\n"));
    }
    out
}

/// When a step sent its first request: the flow's start plus the offset recorded with it.
fn step_start(
    flow_start: Option<DateTime<FixedOffset>>,
    step: &StepOutcome,
) -> Option<DateTime<FixedOffset>> {
    let start = flow_start?;
    let offset = step.exchanges.first().map_or(0, |e| e.at_ms);
    Some(start + chrono::TimeDelta::milliseconds(i64::try_from(offset).ok()?))
}

fn failure_text(message: &str, location: &str, word: Option<&str>, step: &StepOutcome) -> String {
    let mut out = format!("{message}\nat {location}, step `{}`\n", step.name);
    if let Some(w) = word {
        out.push_str(&format!("device status word: {w}\n"));
    }
    out.push('\n');
    out.push_str(&exchanges_text(&step.exchanges));
    out
}

/// The request/response pairs of a step, as text (attempt history for polled steps).
pub(crate) fn exchanges_text(exchanges: &[Exchange]) -> String {
    let mut out = String::new();
    for (i, e) in exchanges.iter().enumerate() {
        if exchanges.len() > 1 {
            out.push_str(&format!("attempt {} at +{} ms\n", i + 1, e.at_ms));
        }
        out.push_str(&format!("> {} {}\n", e.request.method, e.request.url));
        for (k, v) in &e.request.headers {
            out.push_str(&format!("> {k}: {v}\n"));
        }
        if let Some(b) = &e.request.body {
            out.push_str(&format!("> {}\n", cut(b, 4000)));
        }
        match (&e.response, &e.error) {
            (Some(r), _) => {
                out.push_str(&format!(
                    "< {} ({} ms, {} bytes)\n",
                    r.status, e.elapsed_ms, r.body_bytes
                ));
                for (k, v) in &r.headers {
                    out.push_str(&format!("< {k}: {v}\n"));
                }
                if !r.body.is_empty() {
                    out.push_str(&format!("< {}\n", cut(&r.body, 4000)));
                }
            }
            (None, Some(err)) => out.push_str(&format!("! {err} ({} ms)\n", e.elapsed_ms)),
            (None, None) => {}
        }
    }
    out
}

fn cut(s: &str, max: usize) -> String {
    if s.chars().count() > max {
        format!(
            "{}… ({} more characters)",
            s.chars().take(max).collect::<String>(),
            s.chars().count() - max
        )
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::to_xml;
    use crate::runner::outcome::sample::run;
    use crate::runner::outcome::{Status, Stop, StopReason, Unreachable};

    #[test]
    fn each_system_out_reads_back_as_the_plain_exchanges_without_tabs() {
        use crate::runner::outcome::{Exchange, RecordedRequest, RecordedResponse};
        let mut r = run(&[Status::Pass, Status::Fail]);
        let step = &mut r.suites[0].flows[0].steps[0];
        step.exchanges.push(Exchange {
            request: RecordedRequest {
                method: "POST".into(),
                url: "http://h/q?a=1&b=<2>".into(),
                headers: vec![("X-Note".into(), "it's \"quoted\"".into())],
                body: Some("{\n\t\"k\": \"\u{1b}[31mred\u{1b}[0m é\"}".into()),
            },
            response: Some(RecordedResponse {
                status: 200,
                headers: vec![],
                body: "]]> \u{0}\r\n\tdone".into(),
                body_bytes: 12,
            }),
            error: None,
            elapsed_ms: 1,
            at_ms: 0,
        });
        let want =
            quick_junit::XmlString::new(super::plain(&super::exchanges_text(&step.exchanges)));
        let xml = to_xml(&r);
        let mut seen = 0;
        for part in xml.split("<system-out>").skip(1) {
            let (text, _) = part.split_once("</system-out>").expect("closed");
            assert_eq!(quick_xml::escape::unescape(text).unwrap(), want.as_str());
            seen += 1;
        }
        assert_eq!(seen, 2, "{xml}");
    }

    #[test]
    fn a_run_of_skipped_checks_only_gets_a_failing_testcase() {
        let xml = to_xml(&run(&[Status::Pass, Status::Skip]));
        assert!(xml.contains("failures=\"1\""), "{xml}");
        assert!(
            xml.contains("<testcase name=\"run verdict\" classname=\"run\""),
            "{xml}"
        );
        assert!(xml.contains("a skipped check is not a pass"), "{xml}");
        // A passing run has no such testcase.
        assert!(!to_xml(&run(&[Status::Pass])).contains("run verdict"));
    }

    #[test]
    fn an_incomplete_run_errs_and_lists_the_flows_that_did_not_run() {
        let mut r = run(&[Status::Pass]);
        r.planned_flows = 2;
        r.stopped = Some(Stop {
            reason: StopReason::Deadline { secs: 9 },
            not_run: vec!["swap › late".into()],
        });
        r.unreachable.push(Unreachable {
            base_url: "http://127.0.0.1:9/v2".into(),
            since: "2026-12-01T09:00:00Z".into(),
            not_sent: 2,
            flows: vec!["swap › f".into()],
        });
        let xml = to_xml(&r);
        assert!(
            xml.contains("tests=\"3\" skipped=\"0\" failures=\"0\" errors=\"2\""),
            "{xml}"
        );
        assert!(
            xml.contains("<testcase name=\"run incomplete: deadline\""),
            "{xml}"
        );
        assert!(
            xml.contains("the 9 s deadline passed after 1 of 2 flows: not a pass"),
            "{xml}"
        );
        assert!(xml.contains("- swap › late"), "{xml}");
        assert!(
            xml.contains(
                "<testcase name=\"run incomplete: provider unreachable at http://127.0.0.1:9/v2\""
            ),
            "{xml}"
        );
    }
}
