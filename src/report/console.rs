//! Human output: one line per check, printed per flow as flows finish (in plan order).
//!
//! ```text
//! swap › quote fixed [btc→eth]
//!   PASS  SWAP-QUOTE-001  matches `swap/quote.json`
//!   FAIL  SWAP-QUOTE-003  `$.expiry` is "2026-11-23T10:00:20Z", only 20 s from now; at least 60 s required
//!         at suites/swap.yaml:61:11, step `fixed quote`
//! ```

use crate::runner::outcome::{DeviationVerdict, FlowOutcome, RunOutcome, Status, Totals};
use colored::Colorize;

/// Renders one flow's block.
pub fn flow_block(suite: &str, flow: &FlowOutcome) -> String {
    let mut out = format!("{} {} {}\n", suite.bold(), "›".dimmed(), flow.name.bold());
    for step in &flow.steps {
        for c in &step.checks {
            let label = match c.status {
                Status::Pass => c.status.label().green(),
                Status::Warn => c.status.label().yellow(),
                Status::Fail | Status::Error => c.status.label().red().bold(),
                Status::Skip | Status::ExpectedFail => c.status.label().dimmed(),
            };
            let word = c
                .status_word
                .as_deref()
                // The verifier's messages usually name the status word already.
                .filter(|w| !c.message.contains(*w))
                .map(|w| format!(" (device: {w})"))
                .unwrap_or_default();
            out.push_str(&format!(
                "  {label:<5}  {}  {}{word}\n",
                c.id,
                one_line(&c.message)
            ));
            if c.status.is_failure() {
                out.push_str(&format!(
                    "         {}\n",
                    format!("at {}, step `{}`", c.location, step.name).dimmed()
                ));
            }
        }
    }
    out
}

/// The closing lines: counts by status, then `N passed, N failed`.
pub fn summary(run: &RunOutcome) -> String {
    let t: Totals = run.totals();
    let flows: usize = run.suites.iter().map(|s| s.flows.len()).sum();
    let mut out = format!(
        "\nprovider `{}` at {}: {} suite(s), {flows} flow(s), {} check(s) in {:.1} s\n",
        run.provider,
        run.target,
        run.suites.len(),
        t.total(),
        run.duration_ms as f64 / 1000.0
    );
    let mut extra = Vec::new();
    if t.errors > 0 {
        extra.push(format!("{} could not run (errors)", t.errors));
    }
    if t.warnings > 0 {
        extra.push(format!("{} passed with a warning", t.warnings));
    }
    if t.skipped > 0 {
        extra.push(format!("{} skipped", t.skipped));
    }
    if t.expected_failures > 0 {
        extra.push(format!("{} expected failure(s)", t.expected_failures));
    }
    if run.incomplete {
        extra.push("the run was interrupted: results are incomplete".into());
    }
    if !extra.is_empty() {
        out.push_str(&format!("{}\n", extra.join(", ")));
    }
    for d in &run.deviations {
        match d.verdict {
            DeviationVerdict::DidNotHappen => out.push_str(&format!(
                "{} {}\n",
                "error:".red().bold(),
                one_line(&d.message)
            )),
            DeviationVerdict::NotRun => out.push_str(&format!(
                "note: known deviation `{}`: {}\n",
                d.id,
                one_line(&d.message)
            )),
            DeviationVerdict::Expected => {}
        }
    }
    let passed = t.passed + t.warnings;
    let unmet = run
        .deviations
        .iter()
        .filter(|d| d.verdict == DeviationVerdict::DidNotHappen)
        .count();
    let failed = t.failed + t.errors + unmet;
    let line = format!("{passed} passed, {failed} failed");
    out.push_str(&format!(
        "{}\n",
        if failed > 0 {
            line.red().bold()
        } else {
            line.green().bold()
        }
    ));
    out
}

/// One line of plain text: provider text may hold line breaks or terminal escapes.
fn one_line(s: &str) -> String {
    super::plain(&s.replace(['\n', '\r'], " "))
}
