//! Writes `docs/checks.md` from the catalogue table. The file is generated: a test fails when
//! it is stale, and `UPDATE_GOLDEN=1 cargo test --lib catalogue` rewrites it.

use super::model::{Force, Requirement};
use super::status_word::describe_status_word;

const HEAD: &str = "# Checks catalogue

<!-- Generated from src/catalogue/table.rs; do not edit. After changing the table, run
     `UPDATE_GOLDEN=1 cargo test --lib catalogue` and review the diff. -->

Every check carries a requirement id. This catalogue is the one source of truth for them: the
harness refuses a suite that names an id not listed here, every report and `verify-swap` take
their titles from it, and the tests check that every id here is used and has a failing case.
Sources name sections of `ledger-integration.md` (the integration facts, with Ledger's own files
as sources) or the seed documents (`seed-swap`, `seed-buy`), with the sentence the requirement
rests on.

A requirement can have several checks (a status and an error body, say); it fails when any of
them fails. In reports, each check is one JUnit testcase whose `requirement` property is the id.

## Force

What a failing check means depends on how strongly its source states the requirement:

";

const GATES: &str = "
## Gate

Who refuses a provider that breaks the requirement: `device` (the Exchange app), `ledger_live`
(Ledger Live refuses or breaks the swap before the device), `backend` (Ledger's backend cannot use
the answer: the API contract it calls), `guidance` (Ledger's advice; nothing refuses a provider
that departs from it) or `harness` (the harness needs the value to go on). A status word is the
one the device answers, or for a `ledger_live` rule would answer if the payload reached it.
";

fn force_line(force: Force) -> &'static str {
    match force {
        Force::Must => {
            "- **must**: the sources say must or required, or the device, Ledger Live or Ledger's \
             backend refuses otherwise. A failing check fails the run."
        }
        Force::Should => {
            "- **should**: the sources recommend it (\"should\", \"we recommend\", best practice). \
             A failing check is a warning (`WARN`) and never fails the run."
        }
        Force::Example => {
            "- **example**: the value appears only in an example of the sources. A failing check \
             is information: it passes with an `informational` note, never fails nor warns."
        }
    }
}

/// A table cell: one line, with `|` escaped.
fn cell(text: &str) -> String {
    text.replace('\n', " ").replace('|', "\\|")
}

fn gate_cell(r: &Requirement) -> String {
    match (r.gate, r.status_word) {
        (gate, Some(sw)) => format!("{} ({})", gate.word(), describe_status_word(sw)),
        (gate, None) => gate.word().to_string(),
    }
}

fn source_cell(r: &Requirement) -> String {
    if r.quote.is_empty() {
        cell(r.source)
    } else {
        cell(&format!("{}: “{}”", r.source, r.quote))
    }
}

fn row(r: &Requirement) -> String {
    format!(
        "| `{}` | {} | {} | {} | {} | {} |\n",
        r.id,
        cell(r.title),
        r.force.word(),
        gate_cell(r),
        source_cell(r),
        cell(r.fix)
    )
}

/// The whole of `docs/checks.md`.
pub fn render() -> String {
    let mut out = String::from(HEAD);
    for force in [Force::Must, Force::Should, Force::Example] {
        out.push_str(&wrap(force_line(force), 100).replace('\n', "\n  "));
        out.push('\n');
    }
    out.push_str(GATES);
    for group in super::groups() {
        out.push_str(&format!("\n## {}\n\n", group.heading));
        if !group.intro.is_empty() {
            out.push_str(&wrap(group.intro, 100));
            out.push_str("\n\n");
        }
        out.push_str("| Id | Requirement | Force | Gate | Source | How to fix a failure |\n");
        out.push_str("|---|---|---|---|---|---|\n");
        for r in group.requirements {
            out.push_str(&row(r));
        }
    }
    out
}

/// Breaks a paragraph into lines of at most `width` characters (longer words stay whole).
fn wrap(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHECKED_IN: &str = include_str!("../../docs/checks.md");

    #[test]
    fn docs_checks_md_is_generated_from_the_table() {
        let fresh = render();
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/checks.md");
            std::fs::write(path, &fresh).expect("write docs/checks.md");
            return;
        }
        assert!(
            fresh == CHECKED_IN,
            "docs/checks.md is stale: run `UPDATE_GOLDEN=1 cargo test --lib catalogue` and review the diff"
        );
    }

    #[test]
    fn every_row_is_in_the_document_with_its_force_and_gate() {
        for r in super::super::all() {
            let line = row(r);
            assert!(
                CHECKED_IN.contains(&line),
                "{} is not in docs/checks.md as {line}",
                r.id
            );
        }
    }

    #[test]
    fn cells_stay_on_one_line_and_escape_pipes() {
        assert_eq!(cell("a | b\nc"), "a \\| b c");
        assert_eq!(wrap("aa bb cc", 5), "aa bb\ncc");
    }

    #[test]
    fn a_device_rule_shows_its_status_word() {
        let r = super::super::requirement("SWAP-PAYLOAD-007").expect("listed");
        assert_eq!(gate_cell(r), "device (0x6A82 WRONG_TRANSACTION_ID)");
        let r = super::super::requirement("SWAP-HTTP-001").expect("listed");
        assert_eq!(gate_cell(r), super::super::Gate::Backend.word());
    }
}
