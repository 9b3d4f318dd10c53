//! The Markdown summary (`run --markdown FILE`, and appended to `$GITHUB_STEP_SUMMARY` in
//! GitHub Actions): the verdict, the per-requirement table, the failures grouped by
//! requirement (`group.rs`), and the known deviations. Text from the provider is escaped for GitHub Flavored
//! Markdown: no raw HTML, no table breaks, no terminal escapes.
//!
//! ```text
//! ## ❌ provider-conformance: ACME does not conform
//!
//! **198 passed, 3 failed: the provider does not conform** · 12 flows · 201 checks · 4.2 s · `https://staging.acme.example`
//!
//! | Requirement | Title | Verdict | Pass | Fail | Error | Warn | Skip | Expected |
//! |---|---|---|---:|---:|---:|---:|---:|---:|
//! | SWAP-SIG-002 | The signature verifies ... | ❌ fail | 3 | 1 | 0 | 0 | 0 | 0 |
//! ```

use super::plain;
use super::summary::requirement_rows;
use crate::runner::outcome::{DeviationVerdict, RunOutcome, Status, VerdictKind};

/// Messages are cut to this many characters.
const MAX_MESSAGE: usize = 400;

/// Renders the summary.
pub(crate) fn render(run: &RunOutcome) -> String {
    let t = run.totals();
    let verdict = run.verdict();
    let mut out = String::new();
    let icon = match verdict.kind() {
        VerdictKind::Pass => "✅",
        VerdictKind::Fail => "❌",
        VerdictKind::Incomplete => "⛔",
    };
    out.push_str(&format!(
        "## {icon} provider-conformance: {} {}\n\n",
        text(&run.provider),
        verdict.headline()
    ));
    out.push_str(&format!(
        "**{}** · {} flow(s) · {} check(s) · {:.1} s · {}\n\n",
        text(&verdict.closing_line()),
        run.finished_flows(),
        t.total(),
        run.duration_ms as f64 / 1000.0,
        text(&run.target)
    ));
    if let Some(stop) = &run.stopped
        && !stop.not_run.is_empty()
    {
        out.push_str(&format!(
            "{}: {} flow(s) did not run: {}\n\n",
            text(&stop.reason.label()),
            stop.not_run.len(),
            text(&cut(&stop.not_run.join(", ")))
        ));
    }
    for u in &run.unreachable {
        out.push_str(&format!(
            "provider unreachable since {} at {}: {} request(s) not sent, in {} flow(s)\n\n",
            text(&u.since),
            text(&u.base_url),
            u.not_sent,
            u.flows.len()
        ));
    }
    let mut extra = Vec::new();
    if t.warnings > 0 {
        extra.push(format!("{} passed with a warning", t.warnings));
    }
    if t.expected_failures > 0 {
        extra.push(format!("{} expected failure(s)", t.expected_failures));
    }
    if t.not_applicable > 0 {
        extra.push(format!("{} not applicable", t.not_applicable));
    }
    if !extra.is_empty() {
        out.push_str(&format!("{}\n\n", extra.join(" · ")));
    }

    out.push_str(
        "| Requirement | Title | Force | Gate | Verdict | Pass | Fail | Error | Warn | Skip | Expected |\n",
    );
    out.push_str("|---|---|---|---|---|---:|---:|---:|---:|---:|---:|\n");
    for r in requirement_rows(run) {
        let t = r.totals;
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
            text(&r.id),
            catalogue_text(&r.title),
            r.force.map_or("", |f| f.word()),
            r.gate.map_or("", |g| g.word()),
            verdict_cell(r.status),
            t.passed,
            t.failed,
            t.errors,
            t.warnings,
            t.skipped,
            t.expected_failures
        ));
    }

    out.push_str(&super::group::markdown(run, &text, &catalogue_text));

    if !run.deviations.is_empty() {
        out.push_str("\n### Known deviations\n\n");
        for d in &run.deviations {
            let verdict = match d.verdict {
                DeviationVerdict::Expected => "expected failure",
                DeviationVerdict::DidNotHappen => "❌ did not happen",
                DeviationVerdict::NotRun => "not run",
            };
            out.push_str(&format!(
                "- **{}** {verdict}: {} · reason: {} · {}\n",
                text(&d.id),
                text(&d.message),
                text(&d.reason),
                text(&d.location.to_string())
            ));
        }
    }
    out.push('\n');
    out
}

fn verdict_cell(s: Status) -> &'static str {
    match s {
        Status::Pass => "✅ pass",
        Status::Warn => "⚠️ warn",
        Status::Fail => "❌ fail",
        Status::Error => "❌ error",
        Status::Skip => "⏭️ skip",
        Status::ExpectedFail => "☑️ expected failure",
        Status::NotApplicable => "➖ not applicable",
    }
}

fn cut(s: &str) -> String {
    if s.chars().count() > MAX_MESSAGE {
        format!("{}…", s.chars().take(MAX_MESSAGE).collect::<String>())
    } else {
        s.to_string()
    }
}

/// A catalogue title: our own Markdown (code spans), kept as written but on one line and
/// without breaking the table.
fn catalogue_text(s: &str) -> String {
    plain(s)
        .replace(['\n', '\r'], " ")
        .replace('|', "\\|")
        .replace('<', "&lt;")
}

/// Inline text safe in GitHub Flavored Markdown, table cells included: one line, HTML
/// characters as entities, Markdown punctuation backslash-escaped.
pub(crate) fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in plain(s).chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{render, text};
    use crate::runner::outcome::sample::run;
    use crate::runner::outcome::{Status, Stop, StopReason};

    #[test]
    fn the_verdict_is_the_runs() {
        assert!(render(&run(&[Status::Pass])).starts_with("## ✅ provider-conformance:  conforms"));
        let skipped = render(&run(&[Status::Pass, Status::Skip]));
        assert!(
            skipped.starts_with("## ❌ provider-conformance:  does not conform"),
            "{skipped}"
        );
        assert!(
            skipped.contains("**1 passed, 0 failed, 1 skipped: a skipped check is not a pass**"),
            "{skipped}"
        );
        let mut r = run(&[Status::Pass]);
        r.planned_flows = 2;
        r.stopped = Some(Stop {
            reason: StopReason::Interrupted,
            not_run: vec!["swap › late".into()],
        });
        let md = render(&r);
        assert!(
            md.starts_with("## ⛔ provider-conformance:  incomplete, not a pass"),
            "{md}"
        );
        assert!(
            md.contains("interrupted: 1 flow(s) did not run: swap › late"),
            "{md}"
        );
    }

    #[test]
    fn escapes_html_tables_and_emphasis() {
        assert_eq!(
            text("<script>a|b</script> *x* [l](u)\nnext"),
            "&lt;script&gt;a\\|b&lt;/script&gt; \\*x\\* \\[l\\](u) next"
        );
    }
}
