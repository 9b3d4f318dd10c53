//! Chooses which flows run: sections present in the profile, filters, one instance per pair.

use crate::profile::Profile;
use crate::suite::Suite;
use serde_json::Value;

/// One flow to run; flows with `for_each: pair` appear once per pair.
#[derive(Debug, Clone)]
pub struct PlannedFlow {
    pub suite: usize,
    pub flow: usize,
    pub pair: Option<Value>,
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
            if flow.for_each_pair {
                let pairs = section
                    .json
                    .get("pairs")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                for pair in pairs {
                    if !condition_holds(flow.only_if.as_deref(), &profile.json, Some(&pair)) {
                        continue;
                    }
                    let label = format!(
                        "{} [{}→{}]",
                        flow.name,
                        pair.get("from").and_then(Value::as_str).unwrap_or("?"),
                        pair.get("to").and_then(Value::as_str).unwrap_or("?")
                    );
                    out.push(PlannedFlow {
                        suite: si,
                        flow: fi,
                        pair: Some(pair),
                        name: label,
                    });
                }
            } else if condition_holds(flow.only_if.as_deref(), &profile.json, None) {
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
fn condition_holds(only_if: Option<&str>, profile: &Value, pair: Option<&Value>) -> bool {
    let Some(var) = only_if else { return true };
    let found = match (var.strip_prefix("profile."), var.strip_prefix("pair.")) {
        (Some(rest), _) => crate::template::lookup_path(profile, rest),
        (_, Some(rest)) => pair.and_then(|p| crate::template::lookup_path(p, rest)),
        _ => None,
    };
    found.is_some_and(|v| !v.is_null())
}
