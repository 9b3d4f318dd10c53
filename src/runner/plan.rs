//! Chooses which flows run: sections present in the profile, filters, one instance per pair.

use crate::profile::{Pair, Profile};
use crate::suite::{OnlyIf, Suite};
use crate::template::{Reference, lookup_path};
use serde_json::Value;

/// One flow to run; flows with `for_each: pair` appear once per pair.
#[derive(Debug, Clone)]
pub struct PlannedFlow {
    pub suite: usize,
    pub flow: usize,
    /// Index of the pair in the suite's profile section, for `for_each: pair` flows.
    pub pair: Option<usize>,
    /// Index of the KYC test user in the section, for `for_each: kyc_user` flows.
    pub kyc_user: Option<usize>,
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
                        .map(|c| &*c.id)
                        .chain(s.poll.iter().map(|p| &*p.id))
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
                            kyc_user: None,
                            name: format!("{} [{}→{}]", flow.name, pair.from, pair.to),
                        });
                    }
                }
            } else if !condition_holds(only_if, profile, None) {
                continue;
            } else if flow.for_each_kyc_user {
                for (i, user) in section.kyc_users.iter().enumerate() {
                    out.push(PlannedFlow {
                        suite: si,
                        flow: fi,
                        pair: None,
                        kyc_user: Some(i),
                        name: format!("{} [{}]", flow.name, user.state.name()),
                    });
                }
            } else {
                out.push(PlannedFlow {
                    suite: si,
                    flow: fi,
                    pair: None,
                    kyc_user: None,
                    name: flow.name.clone(),
                });
            }
        }
    }
    out
}

/// Whether a flow's `only_if` value exists (and is not null), or equals its word.
fn condition_holds(only_if: Option<&OnlyIf>, profile: &Profile, pair: Option<&Pair>) -> bool {
    let Some(condition) = only_if else {
        return true;
    };
    let value = match &condition.reference {
        Reference::Profile(path) => lookup_path(profile.view(), &path.join(".")).cloned(),
        Reference::Pair(key) => pair.map(|p| p.value(*key)),
        // The suite loader accepts nothing else.
        _ => None,
    };
    match (value, &condition.equals) {
        (None | Some(Value::Null), _) => false,
        (Some(_), None) => true,
        (Some(v), Some(word)) => v.as_str() == Some(word.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::load_profile;
    use crate::source::Sources;
    use crate::suite::schemas::SchemaStore;
    use crate::suite::{LoadContext, load_suite};
    use std::collections::BTreeSet;
    use std::path::Path;

    const PROFILE: &str = r#"
name: ACME
swap_v1:
  base_url: https://staging.acme.example
  bearer_token: t
  kyc_users: { pending: p, failed: f }
  curve: secp256k1
  public_key: "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"
  pairs:
    - { from: btc, to: eth, amount: "0.01", payload_currency_from: BTC, payload_currency_to: ETH,
        decimals_from: 8, decimals_to: 18, refund_address: a, payout_address: b, kyc_amount: "5" }
    - { from: eth, to: btc, amount: "1", payload_currency_from: ETH, payload_currency_to: BTC,
        decimals_from: 18, decimals_to: 8, refund_address: a, payout_address: b }
"#;

    const SUITE: &str = r#"
suite: s
api: swap_v1
flows:
  - name: kyc
    for_each: pair
    only_if: pair.kyc_amount
    steps:
      - { name: q, request: { method: POST, path: /q }, checks: [{ id: X, status: 200 }] }
  - name: ip
    only_if: profile.swap_v1.ip_check
    steps:
      - { name: q, request: { method: POST, path: /q }, checks: [{ id: X, status: 200 }] }
  - name: every pair
    for_each: pair
    steps:
      - { name: q, request: { method: POST, path: /q }, checks: [{ id: X, status: 200 }] }
  - name: login
    only_if: profile.swap_v1.login == required
    steps:
      - { name: q, request: { method: POST, path: /q }, checks: [{ id: X, status: 200 }] }
  - name: no login
    only_if: profile.swap_v1.login == none
    steps:
      - { name: q, request: { method: POST, path: /q }, checks: [{ id: X, status: 200 }] }
  - name: kyc user
    for_each: kyc_user
    steps:
      - { name: q, request: { method: POST, path: "/q/${kyc_user.state}" }, checks: [{ id: X, status: 200 }] }
"#;

    #[test]
    fn only_if_keeps_the_pairs_and_sections_that_have_the_value_and_kyc_users_each_get_a_flow() {
        let mut sources = Sources::default();
        let profile = load_profile(
            &mut sources,
            "p.yaml",
            PROFILE.into(),
            Path::new("."),
            &|_| None,
        )
        .unwrap();
        let mut schemas = SchemaStore::default();
        let mut ctx = LoadContext {
            profile: Some(&profile),
            schemas: &mut schemas,
            dir: None,
            known_ids: &BTreeSet::new(),
        };
        let suite = load_suite(&mut sources, "s.yaml", SUITE.into(), &mut ctx).unwrap();
        let names: Vec<String> = plan(&[suite], &profile, &[])
            .into_iter()
            .map(|p| format!("{} {:?}", p.name, p.pair))
            .collect();
        assert_eq!(
            names,
            [
                "kyc [btc→eth] Some(0)",
                "every pair [btc→eth] Some(0)",
                "every pair [eth→btc] Some(1)",
                "no login None",
                "kyc user [pending] None",
                "kyc user [failed] None"
            ]
        );
    }
}
