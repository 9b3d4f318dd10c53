//! What does not apply is reported as not applicable, with its reason, in every report, and
//! passes the run: a pair that `/pairs` advertises for one trade method only, and test swaps
//! that the profile declares stay pending. Silence is not a reason: a pair that `/pairs` does
//! not list is still quoted and swapped, and only the pairs checks fail.

use crate::support::{Scratch, checks, ensure, report, run_in, text};
use libtest_mimic::{Failed, Trial};

/// `(variant, id that does not apply, words of its reason, id that still passes somewhere)`.
const CASES: &[(&str, &str, &str, &str)] = &[
    (
        "float-only",
        "SWAP-QUOTE-004",
        "/pairs advertises only float",
        "SWAP-QUOTE-006",
    ),
    (
        "fixed-only",
        "SWAP-QUOTE-006",
        "/pairs advertises only fixed",
        "SWAP-QUOTE-004",
    ),
    (
        "status-stays-pending",
        "SWAP-STATUS-003",
        "the profile declares that test swaps stay pending",
        "SWAP-STATUS-002",
    ),
];

pub(crate) fn trials() -> Vec<Trial> {
    let mut out: Vec<Trial> = CASES
        .iter()
        .map(|&(variant, id, reason, passing)| {
            Trial::test(format!("variants::not_applicable::{variant}"), move || {
                reported(variant, id, reason, passing)
            })
        })
        .collect();
    out.push(Trial::test(
        "variants::not_applicable::never_for_a_pair_pairs_does_not_list",
        never_for_silence,
    ));
    out
}

fn reported(variant: &str, id: &str, reason: &str, passing: &str) -> Result<(), Failed> {
    let dir = Scratch::new(&format!("na-{variant}"));
    let md = dir.path("summary.md");
    let html = dir.path("report.html");
    let md_arg = md.to_string_lossy().into_owned();
    let html_arg = html.to_string_lossy().into_owned();
    let out = run_in(
        &dir.0,
        &[
            "run",
            "--variant",
            variant,
            "--markdown",
            &md_arg,
            "--html",
            &html_arg,
        ],
    );
    ensure(out.status.code() == Some(0), "the run must pass", &out)?;
    let r = report(&dir.0);
    let all = checks(&r);
    let of = |want: &str| -> Vec<&(String, String, String)> {
        all.iter().filter(|(i, _, _)| i == want).collect()
    };
    let na = of(id);
    ensure(
        !na.is_empty()
            && na
                .iter()
                .all(|(_, s, m)| s == "not_applicable" && m.contains(reason)),
        &format!("every `{id}` check must be not_applicable because {reason}: {na:?}"),
        &out,
    )?;
    let kept = of(passing);
    ensure(
        kept.iter().any(|(_, s, _)| s == "pass")
            && kept
                .iter()
                .all(|(_, s, _)| s == "pass" || s == "not_applicable"),
        &format!("`{passing}` still applies and passes: {kept:?}"),
        &out,
    )?;
    ensure(
        r["verdict"]["status"] == "pass"
            && r["incomplete"] == false
            && r["totals"]["not_applicable"].as_u64().unwrap_or(0) > 0
            && r["totals"]["skipped"] == 0
            && r["requirements"][id]["status"] == "not_applicable",
        "the JSON verdict, totals and requirement row",
        &out,
    )?;
    let stdout = text(&out.stdout);
    let closing = stdout.lines().rev().nth(1).unwrap_or_default();
    ensure(
        stdout
            .lines()
            .any(|l| l.contains("N/A") && l.contains(id) && l.contains(reason))
            && closing.ends_with(" not applicable")
            && closing.contains(" passed, 0 failed"),
        "the console names each check N/A with its reason, and counts them on the closing line",
        &out,
    )?;
    let junit = std::fs::read_to_string(dir.path("junit.xml"))?;
    ensure(
        junit.contains("<skipped message=\"N/A: not applicable: ")
            && junit.contains(reason)
            && !junit.contains("<failure")
            && !junit.contains("<error")
            && !junit.contains("run verdict"),
        "JUnit: skipped with the reason, and no failing run verdict",
        &out,
    )?;
    let markdown = std::fs::read_to_string(&md)?;
    let page = std::fs::read_to_string(&html)?;
    ensure(
        markdown.contains("not applicable") && page.contains("not applicable"),
        "Markdown and HTML show what does not apply",
        &out,
    )
}

/// `/pairs` lists no pair: the pairs checks fail, and every trade-method flow still runs.
fn never_for_silence() -> Result<(), Failed> {
    let dir = Scratch::new("na-silence");
    let out = run_in(&dir.0, &["run", "--fault", "pairs-empty"]);
    let all = checks(&report(&dir.0));
    let na: Vec<_> = all
        .iter()
        .filter(|(_, s, _)| s == "not_applicable")
        .collect();
    let ran = |id: &str| all.iter().any(|(i, s, _)| i == id && s == "pass");
    ensure(
        out.status.code() == Some(1)
            && na.is_empty()
            && ran("SWAP-QUOTE-004")
            && ran("SWAP-QUOTE-006")
            && ran("SWAP-STATUS-003"),
        &format!("nothing may be not applicable, and both trade methods must run: {na:?}"),
        &out,
    )
}
