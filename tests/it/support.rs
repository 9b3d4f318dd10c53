//! Helpers: run the real binary, scratch folders, read reports.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The binary under test.
pub(crate) fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_provider-conformance"));
    c.env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    // Under GitHub Actions, tests must not annotate the real job or write its summary.
    c.env_remove("GITHUB_ACTIONS")
        .env_remove("GITHUB_STEP_SUMMARY");
    c
}

/// A fresh empty folder under the system temp dir, removed when dropped.
pub(crate) struct Scratch(pub PathBuf);

impl Scratch {
    pub(crate) fn new(label: &str) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "pc-it-{}-{}-{label}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create scratch dir");
        Scratch(dir)
    }

    pub(crate) fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the binary with `args` in `dir`, with the reports inside `dir`.
pub(crate) fn run_in(dir: &Path, args: &[&str]) -> Output {
    let mut c = bin();
    c.current_dir(dir).args(args);
    if args.first() == Some(&"run") {
        c.arg("--junit")
            .arg(dir.join("junit.xml"))
            .arg("--json")
            .arg(dir.join("report.json"));
    }
    c.output().expect("run the binary")
}

pub(crate) fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Fails with the process's output when `cond` is false.
pub(crate) fn ensure(cond: bool, what: &str, out: &Output) -> Result<(), libtest_mimic::Failed> {
    if cond {
        Ok(())
    } else {
        Err(format!(
            "{what}\nexit: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            out.status.code(),
            text(&out.stdout),
            text(&out.stderr)
        )
        .into())
    }
}

/// The JSON report of a run in `dir`.
pub(crate) fn report(dir: &Path) -> serde_json::Value {
    let t = std::fs::read_to_string(dir.join("report.json")).expect("report.json written");
    serde_json::from_str(&t).expect("report.json is JSON")
}

/// `(id, status, message)` of every check in a JSON report.
pub(crate) fn checks(report: &serde_json::Value) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    for suite in report["suites"].as_array().into_iter().flatten() {
        for flow in suite["flows"].as_array().into_iter().flatten() {
            for step in flow["steps"].as_array().into_iter().flatten() {
                for c in step["checks"].as_array().into_iter().flatten() {
                    out.push((
                        c["id"].as_str().unwrap_or_default().to_string(),
                        c["status"].as_str().unwrap_or_default().to_string(),
                        c["message"].as_str().unwrap_or_default().to_string(),
                    ));
                }
            }
        }
    }
    out
}

/// The flows of every bundled API suite (`swap`, `swap-v1`, `buy`), as run filters: without
/// the widget stage, which only the widget faults need (a filter, so the run's report lists
/// the suites that ran and no widget flow).
pub(crate) const API_FLOWS: &[&str] = &["swap/", "swap-v1/", "buy/"];

/// The run filters of a fault's trial: its own flows, or every API flow.
pub(crate) fn fault_filters(fault: provider_conformance::provider::Fault) -> Vec<&'static str> {
    match fault.flows() {
        "" => API_FLOWS.to_vec(),
        flows => vec![flows],
    }
}
