//! The checks catalogue: every requirement id with its title, its source and the sentence it
//! rests on, its force (must, should, example), who enforces it, how to fix a failure and the
//! device status word. It is the one source of truth: suites are validated against it, the
//! verifier and every report take their text from it, and `docs/checks.md` is generated from it.

mod markdown;
mod model;
mod status_word;
mod table;
mod table_kyc;
mod table_list;
mod table_sweep;
mod table_widgets;

pub use markdown::render as render_markdown;
pub use model::{Force, Gate, Group, Requirement};
pub use status_word::{describe_status_word, status_word_name};
pub(crate) use table::PAYLOAD_RULES;

use std::collections::BTreeSet;

/// The groups of requirements, in document order.
pub fn groups() -> &'static [Group] {
    table::GROUPS
}

/// Every requirement, in document order.
pub fn all() -> impl Iterator<Item = &'static Requirement> {
    table::GROUPS.iter().flat_map(|g| g.requirements.iter())
}

/// The requirement `id`, if the catalogue lists it.
pub fn requirement(id: &str) -> Option<&'static Requirement> {
    all().find(|r| r.id == id)
}

/// The set of requirement ids.
pub fn ids() -> BTreeSet<String> {
    all().map(|r| r.id.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_requirement_is_checked_somewhere() {
        let suites: String = crate::suite::bundled::BUNDLED
            .iter()
            .map(|(_, t)| *t)
            .collect();
        for r in all() {
            let used = suites.contains(&format!("id: {}", r.id))
                || crate::swap::RULES.iter().any(|rule| rule.id == r.id)
                || r.id == "SUITE-CAPTURE"
                || crate::sweep::IDS.contains(&r.id)
                || crate::widgets::CHECKS.contains(&r.id);
            assert!(
                used,
                "{} is in the catalogue but no suite or rule checks it",
                r.id
            );
        }
    }

    #[test]
    fn ids_are_unique_and_well_formed() {
        let n = all().count();
        assert!(n > 20, "the catalogue looks empty");
        assert_eq!(ids().len(), n, "duplicate requirement ids in the catalogue");
        for r in all() {
            assert!(
                r.id.chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                r.id
            );
            assert!(
                !r.title.is_empty() && !r.source.is_empty() && !r.fix.is_empty(),
                "{} lacks a title, a source or a fix",
                r.id
            );
        }
    }

    #[test]
    fn every_row_quotes_the_sentence_it_rests_on() {
        for r in all().filter(|r| r.gate != Gate::Harness) {
            assert!(
                !r.quote.is_empty(),
                "{} quotes no sentence of its source",
                r.id
            );
        }
    }

    #[test]
    fn a_should_requirement_rests_on_guidance_or_a_warning_of_ledger_live() {
        for r in all().filter(|r| r.force != Force::Must) {
            assert!(
                matches!(r.gate, Gate::Guidance | Gate::LedgerLive),
                "{} is {} but its gate {} refuses providers",
                r.id,
                r.force.word(),
                r.gate.word()
            );
        }
    }

    #[test]
    fn status_words_belong_to_device_and_ledger_live_rules() {
        for r in all().filter(|r| r.status_word.is_some()) {
            assert!(
                matches!(r.gate, Gate::Device | Gate::LedgerLive | Gate::CoinApp),
                "{}",
                r.id
            );
            assert!(
                status_word_name(r.status_word.unwrap_or_default()).is_some(),
                "{}",
                r.id
            );
        }
    }

    /// Issue 9, defect 2: `run` (the reports' requirement table) and `verify-swap` (its JSON)
    /// showed SWAP-PAYLOAD-002 with different titles, sources and fixes. Both now read the one
    /// catalogue.
    #[test]
    fn run_and_verify_swap_show_the_same_catalogue_text() {
        use crate::runner::outcome::{
            CheckOutcome, FlowOutcome, RunOutcome, Status, StepOutcome, SuiteOutcome,
        };
        use crate::source::Location;
        use crate::swap::{RuleOutcome, SwapVerdict};

        let id = "SWAP-PAYLOAD-002";
        let want = requirement(id).expect("listed");
        let location = Location {
            file: "s.yaml".into(),
            line: 1,
            col: 1,
        };
        let check = CheckOutcome {
            id: id.into(),
            check: "swap_payload",
            status: Status::Fail,
            message: "m".into(),
            location: location.clone(),
            status_word: None,
        };
        let run = RunOutcome {
            tool: String::new(),
            provider: String::new(),
            target: String::new(),
            started_at: String::new(),
            duration_ms: 0,
            deviations: vec![],
            suites: vec![SuiteOutcome {
                name: "swap".into(),
                file: "s.yaml".into(),
                api: "swap".into(),
                flows: vec![FlowOutcome {
                    name: "f".into(),
                    tags: vec![],
                    started_at: String::new(),
                    duration_ms: 0,
                    steps: vec![StepOutcome {
                        name: "s".into(),
                        location,
                        exchanges: vec![],
                        checks: vec![check],
                        decoded_payload: None,
                        secrets: vec![],
                    }],
                }],
            }],
            ..RunOutcome::default()
        };
        let rows = crate::report::summary::requirement_rows(&run);
        assert_eq!(rows[0].title, want.title, "run's reports");
        assert_eq!(rows[0].force, Some(want.force), "run's reports");
        assert_eq!(rows[0].gate, Some(want.gate), "run's reports");

        let verdict = SwapVerdict::new(
            vec![RuleOutcome::fail(id, "starts with `.`")],
            None,
            crate::swap::DeviceVerdict::not_sent(None, "test"),
        );
        let json: serde_json::Value =
            serde_json::from_str(&crate::report::swap_verdict::verdict_json(&verdict))
                .expect("json");
        let rule = &json["rules"][0];
        assert_eq!(rule["title"], want.title, "verify-swap");
        assert_eq!(rule["source"], want.source, "verify-swap");
        assert_eq!(rule["fix"], want.fix, "verify-swap");
        let info = crate::swap::rules::rule_info(id).expect("a verifier rule");
        assert_eq!(info, want, "the verifier reads the same row");
    }
}
