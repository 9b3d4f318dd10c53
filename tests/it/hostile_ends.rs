//! Runs that end early: past `--deadline`, and against a provider that stops answering. Each
//! must end within its bound, write JUnit that every CI reporter counts as failed, say why on
//! the console and in report.json, and never be reported as passing.

use crate::hostile_support::{FakeServer, Handler, Received, output_within, response, send_all};
use crate::support::{Scratch, bin, checks, text};
use libtest_mimic::{Failed, Trial};
use std::path::Path;
use std::process::Output;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub(crate) fn trials() -> Vec<Trial> {
    vec![
        Trial::test(
            "hostile::ends::a_run_past_its_deadline_is_incomplete_and_ends_in_time",
            deadline,
        ),
        Trial::test(
            "hostile::ends::a_provider_that_never_answers_is_given_up_after_three_timeouts",
            never_answers,
        ),
        Trial::test(
            "hostile::ends::without_the_unreachable_rule_every_request_waits_its_timeout",
            rule_off,
        ),
        Trial::test(
            "hostile::ends::a_provider_that_answers_again_is_not_penalised",
            answers_again,
        ),
    ]
}

/// Asserts that a JUnit report counts as failed for Jenkins (the `testsuites` and `testsuite`
/// counts), GitLab and GitHub reporters (a testcase with an `<error>` or `<failure>`), and that
/// the testcase `name` is one of them.
pub(crate) fn junit_counts_as_failed(xml: &str, name: &str) -> Result<(), String> {
    let count = |tag: &str, attr: &str| -> usize {
        xml.split(&format!("<{tag} "))
            .skip(1)
            .filter_map(|t| {
                let head = &t[..t.find('>')?];
                let v = head.split(&format!(" {attr}=\"")).nth(1)?;
                v[..v.find('"')?].parse::<usize>().ok()
            })
            .sum()
    };
    if count("testsuites", "errors") + count("testsuites", "failures") == 0 {
        return Err(format!("<testsuites> counts no error nor failure:\n{xml}"));
    }
    if count("testsuite", "errors") + count("testsuite", "failures") == 0 {
        return Err(format!("no <testsuite> counts an error or failure:\n{xml}"));
    }
    let case = xml
        .split("<testcase ")
        .find(|c| c.starts_with(&format!("name=\"{name}")))
        .ok_or_else(|| format!("no testcase named `{name}`:\n{xml}"))?;
    let case = &case[..case.find("</testcase>").unwrap_or(case.len())];
    if !case.contains("<error") && !case.contains("<failure") {
        return Err(format!("testcase `{name}` neither errs nor fails:\n{xml}"));
    }
    Ok(())
}

fn show(what: &str, out: &Output) -> Failed {
    format!(
        "{what}\nexit: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        out.status.code(),
        text(&out.stdout),
        text(&out.stderr)
    )
    .into()
}

/// Runs `suite` (a fixture) against `url` with `args`, within `bound`.
fn run(
    dir: &Scratch,
    url: &str,
    suite: &str,
    args: &[&str],
    bound: Duration,
) -> Result<(Output, Duration), Failed> {
    std::fs::write(dir.path("profile.yaml"), crate::hostile::profile(url))?;
    let suite = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(suite);
    let mut cmd = bin();
    cmd.current_dir(&dir.0)
        .args(["run", "--profile", "profile.yaml", "--suite"])
        .arg(&suite)
        .args(["--json", "report.json", "--junit", "junit.xml"])
        .args(args);
    let started = Instant::now();
    let out = output_within(&mut cmd, bound)?;
    Ok((out, started.elapsed()))
}

fn read_report(dir: &Scratch) -> Result<(serde_json::Value, String), Failed> {
    let report = serde_json::from_str(&std::fs::read_to_string(dir.path("report.json"))?)?;
    Ok((report, std::fs::read_to_string(dir.path("junit.xml"))?))
}

fn deadline() -> Result<(), Failed> {
    let rt = tokio::runtime::Runtime::new()?;
    let fake = crate::hostile_interrupt::hanging_server(&rt, Arc::new(AtomicBool::new(false)));
    let dir = Scratch::new("deadline");
    let args = ["--timeout", "60", "--deadline", "2"];
    let (out, took) = run(
        &dir,
        &fake.url(),
        "interrupt.yaml",
        &args,
        Duration::from_secs(20),
    )?;
    if took > Duration::from_secs(8) {
        return Err(show(&format!("a 2 s deadline took {took:?}"), &out));
    }
    if out.status.code() != Some(1) {
        return Err(show("a run past its deadline exits 1", &out));
    }
    let (report, xml) = read_report(&dir)?;
    let reason = &report["incomplete_reason"];
    if report["incomplete"] != true
        || reason["reason"] != "deadline"
        || reason["not_run"] != serde_json::json!(["hostile-interrupt › hangs"])
        || report["verdict"]["status"] != "incomplete"
    {
        return Err(show(
            &format!("report.json: {reason} {}", report["verdict"]),
            &out,
        ));
    }
    // The flow that answered before the deadline is reported as it ran.
    let all = checks(&report);
    if all.len() != 2 || all.iter().any(|(_, s, _)| s != "pass") {
        return Err(show(&format!("the finished flow's checks: {all:?}"), &out));
    }
    junit_counts_as_failed(&xml, "run incomplete: deadline").map_err(|e| show(&e, &out))?;
    let stdout = text(&out.stdout);
    if !stdout
        .contains("\n2 passed, 0 failed: the 2 s deadline passed after 1 of 2 flows: not a pass\n")
    {
        return Err(show("the closing line does not name the deadline", &out));
    }
    Ok(())
}

/// A provider whose first `stall` requests never get an answer; the later ones get a quote.
fn stalling_server(rt: &tokio::runtime::Runtime, stall: usize) -> FakeServer {
    let seen = Arc::new(AtomicUsize::new(0));
    let handler: Handler = Arc::new(move |_req: Received, stream| {
        let n = seen.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move {
            if n < stall {
                tokio::time::sleep(Duration::from_secs(120)).await;
                drop(stream);
            } else {
                let body = br#"{"quoteId":"q-1","amountTo":"0.15"}"#;
                let headers = [("Content-Type", "application/json")];
                send_all(stream, response("200 OK", &headers, body)).await;
            }
        })
    });
    FakeServer::start(rt, handler)
}

/// Statuses and messages of the report's checks, in order.
fn statuses(report: &serde_json::Value) -> Vec<(String, String)> {
    checks(report).into_iter().map(|(_, s, m)| (s, m)).collect()
}

const ONE_AT_A_TIME: [&str; 4] = ["--timeout", "1", "--concurrency", "1"];

fn never_answers() -> Result<(), Failed> {
    let rt = tokio::runtime::Runtime::new()?;
    let fake = stalling_server(&rt, usize::MAX);
    let dir = Scratch::new("unreachable");
    let (out, took) = run(
        &dir,
        &fake.url(),
        "unreachable.yaml",
        &ONE_AT_A_TIME,
        Duration::from_secs(30),
    )?;
    // Three requests of at most 1.5 s each; the other three are not sent.
    if took > Duration::from_secs(9) {
        return Err(show(&format!("the run took {took:?}"), &out));
    }
    if out.status.code() != Some(1) {
        return Err(show("an unreachable provider fails the run", &out));
    }
    if fake.requests().len() != 3 {
        return Err(show(
            &format!(
                "{} requests reached the provider, expected 3",
                fake.requests().len()
            ),
            &out,
        ));
    }
    let (report, xml) = read_report(&dir)?;
    let all = statuses(&report);
    let fast = all
        .iter()
        .filter(|(s, m)| s == "error" && m.contains("provider unreachable since "))
        .count();
    if all.len() != 6 || all.iter().any(|(s, _)| s != "error") || fast != 3 {
        return Err(show(&format!("checks: {all:?}"), &out));
    }
    let reason = &report["incomplete_reason"];
    if report["incomplete"] != true
        || reason["reason"] != "unreachable"
        || reason["base_url"] != fake.url().as_str()
        || reason["not_run"].as_array().map(Vec::len) != Some(3)
    {
        return Err(show(&format!("report.json: {reason}"), &out));
    }
    let name = format!("run incomplete: provider unreachable at {}", fake.url());
    junit_counts_as_failed(&xml, &name).map_err(|e| show(&e, &out))?;
    let stdout = text(&out.stdout);
    let closing = "0 passed, 6 failed: provider unreachable since ";
    if !stdout
        .lines()
        .any(|l| l.starts_with(closing) && l.ends_with(": 3 requests not sent, not a pass"))
    {
        return Err(show(
            "the closing line does not say the provider is unreachable",
            &out,
        ));
    }
    Ok(())
}

fn rule_off() -> Result<(), Failed> {
    let rt = tokio::runtime::Runtime::new()?;
    let fake = stalling_server(&rt, usize::MAX);
    let dir = Scratch::new("unreachable-off");
    let args = [&ONE_AT_A_TIME[..], &["--unreachable-after", "0"]].concat();
    let (out, _) = run(
        &dir,
        &fake.url(),
        "unreachable.yaml",
        &args,
        Duration::from_secs(30),
    )?;
    if fake.requests().len() != 6 || out.status.code() != Some(1) {
        return Err(show(
            &format!("{} requests sent, expected all 6", fake.requests().len()),
            &out,
        ));
    }
    let (report, _) = read_report(&dir)?;
    if report["incomplete"] != false
        || report["verdict"]["reason"] != "a check that could not run is not a pass"
    {
        return Err(show(
            &format!("report.json verdict: {}", report["verdict"]),
            &out,
        ));
    }
    Ok(())
}

fn answers_again() -> Result<(), Failed> {
    let rt = tokio::runtime::Runtime::new()?;
    // Two timeouts, then answers: the streak never reaches three.
    let fake = stalling_server(&rt, 2);
    let dir = Scratch::new("answers-again");
    let (out, _) = run(
        &dir,
        &fake.url(),
        "unreachable.yaml",
        &ONE_AT_A_TIME,
        Duration::from_secs(30),
    )?;
    let (report, _) = read_report(&dir)?;
    let all = statuses(&report);
    let passed = all.iter().filter(|(s, _)| s == "pass").count();
    if fake.requests().len() != 6 || passed != 4 || report["incomplete"] != false {
        return Err(show(&format!("checks: {all:?}"), &out));
    }
    if out.status.code() != Some(1)
        || !text(&out.stdout)
            .contains("\n4 passed, 2 failed: a check that could not run is not a pass\n")
    {
        return Err(show("two timeouts are two errors, nothing more", &out));
    }
    Ok(())
}
