//! Reports read at a glance: `run --quiet` prints the failures grouped by requirement and the
//! closing lines, nothing else (golden file, with the port and the duration replaced).

use crate::support::{Scratch, ensure, run_in, text};
use libtest_mimic::{Failed, Trial};
use std::path::Path;

pub(crate) fn trials() -> Vec<Trial> {
    vec![
        Trial::test(
            "reports_glance::quiet_prints_grouped_failures_and_the_closing_lines",
            quiet_failing,
        ),
        Trial::test(
            "reports_glance::quiet_prints_only_the_closing_lines_of_a_passing_run",
            quiet_passing,
        ),
    ]
}

/// `127.0.0.1:PORT` as `[PORT]`, `in 1.2 s` as `in [TIME]`, the random nonces as `[NONCE]`.
fn normalize(s: &str) -> String {
    let port = regex::Regex::new(r"127\.0\.0\.1:\d+").expect("a regex");
    let time = regex::Regex::new(r"in \d+\.\d s").expect("a regex");
    let nonce = regex::Regex::new(r"\b[0-9a-f]{64}\b").expect("a regex");
    let s = port.replace_all(s, "127.0.0.1:[PORT]");
    let s = time.replace_all(&s, "in [TIME]");
    nonce.replace_all(&s, "[NONCE]").into_owned()
}

fn quiet_failing() -> Result<(), Failed> {
    let dir = Scratch::new("quiet");
    let out = run_in(
        &dir.0,
        &["run", "--quiet", "--fault", "wrong-nonce", "fixed"],
    );
    ensure(
        out.status.code() == Some(1),
        "the fault fails the run",
        &out,
    )?;
    let stdout = normalize(&text(&out.stdout).replace(&dir.0.display().to_string(), "[DIR]"));
    ensure(
        !stdout.contains("PASS ") && stdout.contains("failed in 4 steps across 2 pairs"),
        "`--quiet` printed passing checks, or did not group the failures",
        &out,
    )?;
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reports/quiet.stdout");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &stdout)?;
        return Ok(());
    }
    let want = std::fs::read_to_string(&golden)
        .map_err(|e| format!("{}: {e} (UPDATE_GOLDEN=1 writes it)", golden.display()))?;
    ensure(
        want == stdout,
        &format!(
            "stdout differs from {}\n--- want ---\n{want}\n--- got ---\n{stdout}",
            golden.display()
        ),
        &out,
    )
}

fn quiet_passing() -> Result<(), Failed> {
    let dir = Scratch::new("quiet-pass");
    let out = run_in(&dir.0, &["run", "-q", "credentials"]);
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().filter(|l| !l.is_empty()).collect();
    ensure(
        out.status.code() == Some(0)
            && lines.len() == 3
            && lines[0].starts_with("provider `Reference` at ")
            && lines[2].starts_with("reports: "),
        "a passing quiet run prints more than its closing lines",
        &out,
    )
}
