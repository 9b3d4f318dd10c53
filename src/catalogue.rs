//! The checks catalogue: every requirement id with its source and how to fix a failure.
//! The source of truth is `docs/checks.md`, compiled in, so suites can be validated against it.

use std::collections::BTreeSet;

/// One requirement of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    pub id: String,
    pub title: String,
    pub source: String,
    pub fix: String,
}

const TEXT: &str = include_str!("../docs/checks.md");

/// Every requirement, in document order: rows of the form "| `ID` | title | source | fix |".
pub fn requirements() -> Vec<Requirement> {
    TEXT.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line
                .trim()
                .trim_matches('|')
                .split(" | ")
                .map(str::trim)
                .collect();
            let id = cells.first()?.strip_prefix('`')?.strip_suffix('`')?;
            (cells.len() >= 4).then(|| Requirement {
                id: id.to_string(),
                title: cells[1].to_string(),
                source: cells[2].to_string(),
                fix: cells[3].to_string(),
            })
        })
        .collect()
}

/// The set of requirement ids.
pub fn ids() -> BTreeSet<String> {
    requirements().into_iter().map(|r| r.id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_verifier_rule_is_listed() {
        let ids = ids();
        for rule in crate::swap::RULES {
            assert!(
                ids.contains(rule.id),
                "{} is not in docs/checks.md",
                rule.id
            );
        }
    }

    #[test]
    fn every_listed_requirement_is_checked_somewhere() {
        let suites: String = crate::suite::bundled::BUNDLED
            .iter()
            .map(|(_, t)| *t)
            .collect();
        for r in requirements() {
            let used = suites.contains(&format!("id: {}", r.id))
                || crate::swap::RULES.iter().any(|rule| rule.id == r.id)
                || r.id == "SUITE-CAPTURE";
            assert!(
                used,
                "{} is in docs/checks.md but no suite or rule checks it",
                r.id
            );
        }
    }

    #[test]
    fn ids_are_unique_and_well_formed() {
        let all = requirements();
        assert!(all.len() > 20, "the catalogue looks empty");
        let ids = ids();
        assert_eq!(
            ids.len(),
            all.len(),
            "duplicate requirement ids in docs/checks.md"
        );
        for r in &all {
            assert!(
                r.id.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                r.id
            );
            assert!(
                !r.source.is_empty() && !r.fix.is_empty(),
                "{} lacks a source or a fix",
                r.id
            );
        }
    }
}
