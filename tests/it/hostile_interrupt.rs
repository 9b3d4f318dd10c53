//! Ctrl-C during a run: the reports of the flows that finished are written, marked incomplete,
//! and the exit code is 130; a second Ctrl-C exits even when the reports cannot be written.

use crate::hostile_support::{FakeServer, Handler, Received, Running, response, send_all};
use crate::support::{Scratch, bin, checks, text};
use libtest_mimic::{Failed, Trial};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Longest the binary may take to exit once interrupted.
const BOUND: Duration = Duration::from_secs(20);

pub(crate) fn trials() -> Vec<Trial> {
    vec![
        Trial::test(
            "hostile::interrupt::finished_flows_are_reported_incomplete",
            finished_flows_are_reported,
        ),
        Trial::test(
            "hostile::interrupt::a_second_ctrl_c_exits_while_reports_are_stuck",
            second_ctrl_c_exits,
        ),
    ]
}

/// `/hang` never answers; anything else gets a quote, after which `answered` is set.
fn server(rt: &tokio::runtime::Runtime, answered: Arc<AtomicBool>) -> FakeServer {
    let handler: Handler = Arc::new(move |req: Received, stream| {
        let answered = answered.clone();
        Box::pin(async move {
            if req.request_line().contains(" /hang ") {
                tokio::time::sleep(Duration::from_secs(120)).await;
                drop(stream);
            } else {
                let body = br#"{"quoteId":"q-1","amountTo":"0.15"}"#;
                let headers = [("Content-Type", "application/json")];
                send_all(stream, response("200 OK", &headers, body)).await;
                answered.store(true, Ordering::SeqCst);
            }
        })
    });
    FakeServer::start(rt, handler)
}

/// `/hang` never answers; anything else gets a quote, after which `answered` is set.
pub(crate) fn hanging_server(
    rt: &tokio::runtime::Runtime,
    answered: Arc<AtomicBool>,
) -> FakeServer {
    server(rt, answered)
}

/// Starts a run of the interrupt suite and returns once the answering flow got its answer.
fn start_run(
    dir: &Scratch,
    url: &str,
    junit: &Path,
    answered: &AtomicBool,
) -> Result<Running, Failed> {
    std::fs::write(dir.path("profile.yaml"), crate::hostile::profile(url))?;
    let suite = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile/interrupt.yaml");
    let mut cmd = bin();
    cmd.current_dir(&dir.0)
        .args(["run", "--profile", "profile.yaml", "--suite"])
        .arg(&suite)
        .args(["--timeout", "60", "--json", "report.json", "--junit"])
        .arg(junit);
    let mut running = Running::start(&mut cmd)?;
    let started = Instant::now();
    while !answered.load(Ordering::SeqCst) {
        if !running.is_running() {
            let out = running.wait_within(BOUND)?;
            return Err(format!("the run ended early:\n{}", text(&out.stderr)).into());
        }
        if started.elapsed() > BOUND {
            return Err("the answering flow never sent its request".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // Time for the harness to read the answer and finish the flow.
    std::thread::sleep(Duration::from_millis(500));
    Ok(running)
}

fn finished_flows_are_reported() -> Result<(), Failed> {
    let rt = tokio::runtime::Runtime::new()?;
    let answered = Arc::new(AtomicBool::new(false));
    let fake = server(&rt, answered.clone());
    let dir = Scratch::new("interrupt");
    let running = start_run(&dir, &fake.url(), &dir.path("junit.xml"), &answered)?;
    running.interrupt()?;
    let out = running.wait_within(BOUND)?;
    let show = |what: &str| -> Failed {
        format!(
            "{what}\nexit: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            out.status.code(),
            text(&out.stdout),
            text(&out.stderr)
        )
        .into()
    };
    if out.status.code() != Some(130) {
        return Err(show("expected exit 130"));
    }
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path("report.json"))?)?;
    if report["incomplete"] != serde_json::Value::Bool(true) {
        return Err(show("report.json is not marked incomplete"));
    }
    let flows: Vec<&str> = report["suites"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|s| s["flows"].as_array().into_iter().flatten())
        .filter_map(|f| f["name"].as_str())
        .collect();
    if flows != ["answers"] {
        return Err(show(&format!(
            "expected only the finished flow `answers`, got {flows:?}"
        )));
    }
    let all = checks(&report);
    if all.len() != 2 || all.iter().any(|(_, s, _)| s != "pass") {
        return Err(show(&format!("the finished flow's checks: {all:?}")));
    }
    if report["incomplete_reason"]["reason"] != "interrupted"
        || report["incomplete_reason"]["not_run"]
            != serde_json::json!(["hostile-interrupt › hangs"])
        || report["verdict"]["status"] != "incomplete"
        || report["verdict"]["exit_code"] != 130
    {
        return Err(show("report.json does not say why it is incomplete"));
    }
    let xml = std::fs::read_to_string(dir.path("junit.xml"))?;
    // The finished flow's two checks, and the run's own error naming the flow that did not run.
    if xml.matches("<testcase ").count() != 3 {
        return Err(show(&format!("junit.xml:\n{xml}")));
    }
    crate::hostile_ends::junit_counts_as_failed(&xml, "run incomplete: interrupted")
        .map_err(|e| show(&e))?;
    if !xml.contains("- hostile-interrupt › hangs") {
        return Err(show("junit.xml does not list the flow that did not run"));
    }
    let stdout = text(&out.stdout);
    if !stdout.contains("hostile-interrupt › answers") {
        return Err(show("the finished flow is not on the console"));
    }
    if !stdout.contains("\n2 passed, 0 failed: interrupted after 1 of 2 flows: not a pass\n") {
        return Err(show(
            "the closing line does not say the run was interrupted",
        ));
    }
    Ok(())
}

fn second_ctrl_c_exits() -> Result<(), Failed> {
    let rt = tokio::runtime::Runtime::new()?;
    let answered = Arc::new(AtomicBool::new(false));
    let fake = server(&rt, answered.clone());
    let dir = Scratch::new("interrupt-twice");
    // A named pipe nobody reads: writing the JUnit report blocks for ever.
    let fifo = dir.path("junit.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status()?;
    if !made.success() {
        return Err("mkfifo failed".into());
    }
    let running = start_run(&dir, &fake.url(), &fifo, &answered)?;
    running.interrupt()?;
    std::thread::sleep(Duration::from_millis(500));
    running.interrupt()?;
    let out = running.wait_within(BOUND)?;
    if out.status.code() != Some(130) || !text(&out.stderr).contains("interrupted again") {
        return Err(format!(
            "expected exit 130 after a second Ctrl-C, got {:?}\n{}",
            out.status.code(),
            text(&out.stderr)
        )
        .into());
    }
    Ok(())
}
