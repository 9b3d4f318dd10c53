//! Writes the reports of a run and prints its closing lines.

use crate::cli::RunArgs;
use crate::report::{self, ReportError, console};
use crate::runner::outcome::RunOutcome;
use std::path::Path;

/// Writes every report asked for, and the GitHub step summary when `$GITHUB_STEP_SUMMARY` is
/// set; tries them all and returns the first error.
pub(super) fn write_all(args: &RunArgs, outcome: &RunOutcome) -> Result<(), ReportError> {
    let mut first_error = None;
    let mut keep = |r: Result<(), ReportError>| {
        if let Err(e) = r {
            first_error.get_or_insert(e);
        }
    };
    // The two reports every run writes are made side by side (the JUnit XML is the larger).
    let (junit, json) = std::thread::scope(|s| {
        let junit = s.spawn(|| report::junit::to_xml(outcome));
        let json = report::json::to_json(outcome);
        // A panic there is a bug, and goes on as it would have on this thread.
        let junit = junit
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (junit, json)
    });
    keep(report::write_file("JUnit", &args.junit, &junit));
    keep(report::write_file("JSON", &args.json, &json));
    if let Some(path) = &args.html {
        keep(report::write_file(
            "HTML",
            path,
            &report::html::render(outcome),
        ));
    }
    let summary = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty());
    if args.markdown.is_some() || summary.is_some() {
        let markdown = report::markdown::render(outcome);
        if let Some(path) = &args.markdown {
            keep(report::write_file("Markdown", path, &markdown));
        }
        if let Some(path) = summary {
            keep(report::append_file(
                "step summary",
                Path::new(&path),
                &markdown,
            ));
        }
    }
    first_error.map_or(Ok(()), Err)
}

/// The closing lines on stdout, the GitHub annotations in Actions, and where the reports are.
pub(super) fn show_summary(outcome: &RunOutcome, args: &RunArgs) {
    show(&report::latency::console(outcome));
    show(&console::summary(outcome));
    if std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true") {
        show(&report::annotations::render(outcome));
    }
    let written: Vec<String> = [&args.junit, &args.json]
        .into_iter()
        .chain(&args.markdown)
        .chain(&args.html)
        .map(|p| p.display().to_string())
        .collect();
    show(&format!("reports: {}\n", written.join(" ")));
}

/// Writes to stdout. A closed stdout (`run | head`) must not stop the run nor the reports, so
/// write errors are ignored (`print!` would panic).
pub(super) use crate::cmd::show;
