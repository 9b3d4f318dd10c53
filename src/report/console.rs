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
pub(crate) fn flow_block(suite: &str, flow: &FlowOutcome) -> String {
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

/// The closing lines: counts by status, the flows that did not run, then the verdict's
/// closing line, `N passed, N failed[, N skipped][: what made it not a pass]`:
///
/// ```text
/// 1 could not run (errors)
/// interrupted: 1 flow did not run: swap › quote fixed [btc→eth]
/// 4 passed, 1 failed: interrupted after 3 of 4 flows: not a pass
/// ```
pub(crate) fn summary(run: &RunOutcome) -> String {
    let t: Totals = run.totals();
    let verdict = run.verdict();
    let mut out = super::group::console(run);
    out += &format!(
        "\nprovider `{}` at {}: {} suite(s), {} flow(s), {} check(s) in {:.1} s\n",
        run.provider,
        run.target,
        run.suites.len(),
        run.finished_flows(),
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
    if t.expected_failures > 0 {
        extra.push(format!("{} expected failure(s)", t.expected_failures));
    }
    if !extra.is_empty() {
        out.push_str(&format!("{}\n", extra.join(", ")));
    }
    if let Some(stop) = &run.stopped
        && !stop.not_run.is_empty()
    {
        out.push_str(&format!(
            "{}: {} did not run: {}\n",
            stop.reason.label(),
            flows(stop.not_run.len()),
            one_line(&stop.not_run.join(", "))
        ));
    }
    for u in &run.unreachable {
        out.push_str(&format!(
            "provider unreachable since {} at `{}`: {} request(s) not sent, in {}\n",
            u.since,
            one_line(&u.base_url),
            u.not_sent,
            flows(u.flows.len())
        ));
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
    let line = one_line(&verdict.closing_line());
    out.push_str(&format!(
        "{}\n",
        if verdict.is_pass() {
            line.green().bold()
        } else {
            line.red().bold()
        }
    ));
    out
}

fn flows(n: usize) -> String {
    format!("{n} flow{}", if n == 1 { "" } else { "s" })
}

/// One line of plain text: provider text may hold line breaks or terminal escapes.
fn one_line(s: &str) -> String {
    super::plain(&s.replace(['\n', '\r'], " "))
}

#[cfg(test)]
mod tests {
    use super::summary;
    use crate::runner::outcome::sample::run;
    use crate::runner::outcome::{Status, Stop, StopReason};

    fn closing(s: &str) -> &str {
        s.lines().last().unwrap_or_default()
    }

    #[test]
    fn skipped_checks_are_named_on_the_closing_line() {
        // Regression: a run whose only problems were skipped checks printed a green
        // `2 passed, 0 failed` and exited 1.
        colored::control::set_override(false);
        let s = summary(&run(&[Status::Pass, Status::Pass, Status::Skip]));
        assert_eq!(
            closing(&s),
            "2 passed, 0 failed, 1 skipped: a skipped check is not a pass"
        );
        assert_eq!(
            closing(&summary(&run(&[Status::Pass]))),
            "1 passed, 0 failed"
        );
    }

    #[test]
    fn an_interrupted_run_lists_what_did_not_run() {
        colored::control::set_override(false);
        let mut r = run(&[Status::Pass]);
        r.planned_flows = 3;
        r.stopped = Some(Stop {
            reason: StopReason::Interrupted,
            not_run: vec!["swap › a".into(), "swap › b".into()],
        });
        let s = summary(&r);
        assert!(
            s.contains("\ninterrupted: 2 flows did not run: swap › a, swap › b\n"),
            "{s}"
        );
        assert_eq!(
            closing(&s),
            "1 passed, 0 failed: interrupted after 1 of 3 flows: not a pass"
        );
    }
}
