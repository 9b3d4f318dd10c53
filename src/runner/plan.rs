//! Chooses which flows run: sections present in the profile, filters, one instance per pair.

use crate::profile::{Pair, Profile};
use crate::suite::Suite;
use crate::template::{Reference, lookup_path};

/// One flow to run; flows with `for_each: pair` appear once per pair.
#[derive(Debug, Clone)]
pub struct PlannedFlow {
    pub suite: usize,
    pub flow: usize,
    /// Index of the pair in the suite's profile section, for `for_each: pair` flows.
    pub pair: Option<usize>,
    /// `quote fixed [btc→eth]`.
    pub name: String,
}

/// Plans every flow of suites whose section the profile has, kept by `filters` (any filter
/// matching `suite/flow`, a flow tag, or a requirement id of the flow keeps it).
pub fn plan(suites: &[Suite], profile: &Profile, filters: &[String]) -> Vec<PlannedFlow> {
    let mut out = Vec::new();
    for (si, suite) in suites.iter().enumerate() {
        let Some(section) = profile.sections.get(&suite.api) else {
            continue;
        };
        for (fi, flow) in suite.flows.iter().enumerate() {
            let ids: Vec<&str> = flow
                .steps
                .iter()
                .flat_map(|s| {
                    s.checks
                        .iter()
                        .map(|c| c.id.as_str())
                        .chain(s.poll.iter().map(|p| p.id.as_str()))
                })
                .collect();
            let full = format!("{}/{}", suite.name, flow.name);
            let keep = filters.is_empty()
                || filters.iter().any(|f| {
                    full.contains(f.as_str())
                        || flow.tags.iter().any(|t| t == f)
                        || ids.iter().any(|id| id.starts_with(f.as_str()))
                });
            if !keep {
                continue;
            }
            let only_if = flow.only_if.as_ref();
            if flow.for_each_pair {
                for (i, pair) in section.pairs.iter().enumerate() {
                    if condition_holds(only_if, profile, Some(pair)) {
                        out.push(PlannedFlow {
                            suite: si,
                            flow: fi,
                            pair: Some(i),
                            name: format!("{} [{}→{}]", flow.name, pair.from, pair.to),
                        });
                    }
                }
            } else if condition_holds(only_if, profile, None) {
                out.push(PlannedFlow {
                    suite: si,
                    flow: fi,
                    pair: None,
                    name: flow.name.clone(),
                });
            }
        }
    }
    out
}

/// Whether a flow's `only_if` value exists (and is not null).
fn condition_holds(only_if: Option<&Reference>, profile: &Profile, pair: Option<&Pair>) -> bool {
    match only_if {
        None => true,
        Some(Reference::Profile(path)) => {
            lookup_path(profile.view(), &path.join(".")).is_some_and(|v| !v.is_null())
        }
        Some(Reference::Pair(key)) => pair.is_some_and(|p| !p.value(*key).is_null()),
        // The suite loader accepts nothing else.
        Some(_) => false,
    }
}
