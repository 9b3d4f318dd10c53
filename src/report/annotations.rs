//! GitHub Actions workflow commands: one `::error` per failed check and unmet known deviation,
//! one `::warning` per check that passed with a warning, one `::notice` per check that does
//! not apply (its reason in the message), each pointing at the suite line, so
//! that failures show on the run's page and, for suites in the repository, beside the code.
//!
//! ```text
//! ::error file=suites/swap.yaml,line=85,col=13,title=SWAP-PAYLOAD-007::swap › fixed rate [btc→eth] › fixed swap: field 12 ...
//! ::error title=provider-conformance incomplete%2C not a pass::3 passed, 0 failed: interrupted after 2 of 9 flows: not a pass
//! ```
//!
//! The last line appears when the verdict is not a pass for a reason no check carries.
//!
//! Escaping follows GitHub's toolkit (`@actions/core`, `command.ts`): in the message `%`, CR
//! and LF become `%25`, `%0D`, `%0A`; in properties `:` and `,` also become `%3A`, `%2C`.

use super::plain;
use crate::runner::outcome::{DeviationVerdict, RunOutcome, Status, Why};
use crate::source::Location;

/// The workflow commands for a finished run, one per line.
pub(crate) fn render(run: &RunOutcome) -> String {
    let mut out = String::new();
    for suite in &run.suites {
        for flow in &suite.flows {
            for step in &flow.steps {
                for c in &step.checks {
                    let command = match c.status {
                        Status::Fail | Status::Error => "error",
                        Status::Warn => "warning",
                        Status::NotApplicable => "notice",
                        _ => continue,
                    };
                    let word = c
                        .status_word
                        .as_deref()
                        .map(|w| format!(" (device: {w})"))
                        .unwrap_or_default();
                    out.push_str(&line(
                        command,
                        &c.location,
                        &c.id,
                        &format!(
                            "{} › {} › {}: {}{word}",
                            suite.name, flow.name, step.name, c.message
                        ),
                    ));
                }
            }
        }
    }
    for d in &run.deviations {
        if d.verdict == DeviationVerdict::DidNotHappen {
            out.push_str(&line("error", &d.location, &d.id, &d.message));
        }
    }
    // A verdict no check carries (incomplete, only skipped checks, none at all) still shows.
    let verdict = run.verdict();
    if !verdict.is_pass()
        && !matches!(
            verdict.why,
            Why::ChecksFailed { .. } | Why::DeviationDidNotHappen
        )
    {
        out.push_str(&format!(
            "::error title={}::{}\n",
            escape_property(&format!("provider-conformance {}", verdict.headline())),
            escape_data(&plain(&verdict.closing_line()))
        ));
    }
    out
}

fn line(command: &str, at: &Location, title: &str, message: &str) -> String {
    format!(
        "::{command} file={},line={},col={},title={}::{}\n",
        escape_property(&at.file),
        at.line,
        at.col,
        escape_property(title),
        escape_data(&plain(message))
    )
}

/// A command's message.
pub(crate) fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value.
pub(crate) fn escape_property(s: &str) -> String {
    escape_data(&plain(s))
        .replace(':', "%3A")
        .replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_github_toolkit_does() {
        assert_eq!(escape_data("100% done\r\nnext"), "100%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn a_message_cannot_start_a_new_command() {
        let at = Location {
            file: "s.yaml".into(),
            line: 3,
            col: 5,
        };
        let l = line("error", &at, "X-1", "bad\n::error::injected");
        assert_eq!(
            l,
            "::error file=s.yaml,line=3,col=5,title=X-1::bad%0A::error::injected\n"
        );
        assert_eq!(l.lines().count(), 1);
    }

    #[test]
    fn a_check_that_does_not_apply_is_a_notice_and_the_run_passes() {
        use crate::runner::outcome::sample::run;
        let mut r = run(&[Status::Pass, Status::NotApplicable]);
        r.suites[0].flows[0].steps[0].checks[1].message =
            "not applicable: btc→eth: /pairs advertises only float".into();
        let out = render(&r);
        assert_eq!(
            out,
            "::notice file=s.yaml,line=1,col=1,title=SWAP-QUOTE-001::swap › f › s: not applicable: btc→eth: /pairs advertises only float\n"
        );
    }
}
