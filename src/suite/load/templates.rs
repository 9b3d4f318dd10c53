//! JSONPaths and templates, and the variables they name.

use super::{Loader, Visible};
use crate::diagnostic::Diagnostic;
use crate::suggest::did_you_mean;
use crate::suite::model::*;
use crate::template::{Generator, PairKey, Reference, Template, lookup_path};
use crate::yaml::{Node, NodeKind};
use std::sync::Arc;

impl Loader<'_, '_> {
    pub(super) fn path(&mut self, node: &Node, relative: bool) -> Option<Path> {
        self.path_in(node, relative, None)
    }

    /// A JSONPath; with a scope it may hold `${...}` (checked like any template).
    pub(super) fn path_in(
        &mut self,
        node: &Node,
        relative: bool,
        scope: Option<&Visible>,
    ) -> Option<Path> {
        let text = self.scalar(node, "path")?;
        let template = if text.contains("${") {
            let Some(scope) = scope else {
                self.diags.push(
                    Diagnostic::error(node.span, "`${...}` is not allowed in this path")
                        .with_label("templates work in assertion and capture paths"),
                );
                return None;
            };
            Some(self.template(node, scope)?)
        } else {
            None
        };
        // Syntax check: variables stand in as a plain word.
        let checked = match &template {
            Some(t) => t
                .render_string(&|_| Some(serde_json::Value::String("x".into())))
                .unwrap_or_default(),
            None => text.clone(),
        };
        let query = if relative {
            match checked.strip_prefix('@') {
                Some(rest) => format!("${rest}"),
                None => {
                    self.diags.push(
                        Diagnostic::error(node.span, format!("`{text}` must start with `@`"))
                            .with_label("a path relative to each subject"),
                    );
                    return None;
                }
            }
        } else {
            checked
        };
        match crate::suite::Query::parse(&query) {
            Ok(p) => Some(Path {
                text,
                compiled: Arc::new(p),
                template,
                relative,
            }),
            Err(e) => {
                self.diags.push(
                    Diagnostic::error(node.span, format!("invalid JSONPath `{text}`: {e}"))
                        .with_label("RFC 9535 JSONPath expected, e.g. `$.quoteId`"),
                );
                None
            }
        }
    }

    pub(super) fn template(&mut self, node: &Node, scope: &Visible) -> Option<Template> {
        let text = match &node.kind {
            NodeKind::Scalar { text, .. } => text.clone(),
            NodeKind::Null => String::new(),
            _ => {
                self.type_error(node, "expected a string");
                return None;
            }
        };
        match Template::parse(&text, node.span) {
            Ok(t) => {
                self.check_vars(&t, scope);
                Some(t)
            }
            Err(d) => {
                self.diags.push(*d);
                None
            }
        }
    }

    pub(super) fn template_map(
        &mut self,
        node: Option<&Node>,
        what: &str,
        scope: &Visible,
    ) -> Vec<(String, Template)> {
        let Some(node) = node else { return Vec::new() };
        let NodeKind::Map(entries) = &node.kind else {
            self.type_error(node, &format!("`{what}` must be a mapping"));
            return Vec::new();
        };
        entries
            .iter()
            .filter_map(|(k, v)| Some((k.as_scalar()?.to_string(), self.template(v, scope)?)))
            .collect()
    }

    pub(super) fn json_template(&mut self, node: &Node, scope: &Visible) -> JsonTemplate {
        match &node.kind {
            NodeKind::Scalar { text, .. } if text.contains('$') => match self.template(node, scope)
            {
                Some(t) if t.is_literal() => JsonTemplate::Value(node.to_json()),
                Some(t) => JsonTemplate::Str(t),
                None => JsonTemplate::Value(serde_json::Value::Null),
            },
            NodeKind::Seq(items) => {
                JsonTemplate::Array(items.iter().map(|i| self.json_template(i, scope)).collect())
            }
            NodeKind::Map(entries) => JsonTemplate::Object(
                entries
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.as_scalar().unwrap_or_default().to_string(),
                            self.json_template(v, scope),
                        )
                    })
                    .collect(),
            ),
            _ => JsonTemplate::Value(node.to_json()),
        }
    }

    /// Reports variables that no earlier step, generator, pair or profile defines.
    pub(super) fn check_vars(&mut self, t: &Template, scope: &Visible) {
        for var in t.vars() {
            if self.var_known(var, scope) {
                continue;
            }
            let mut candidates: Vec<String> = scope.names.clone();
            candidates.extend(Generator::ALL.iter().map(|g| g.name().to_string()));
            if scope.pair
                && let Some(profile) = self.ctx.profile
                && profile
                    .sections
                    .get(&scope.api)
                    .is_some_and(|s| !s.pairs.is_empty())
            {
                candidates.extend(PairKey::ALL.iter().map(|k| format!("pair.{}", k.name())));
            }
            let name = var.to_string();
            let label = if name.starts_with("pair.") && !scope.pair {
                "`pair` is only defined in flows with `for_each: pair`".to_string()
            } else {
                "not defined at this point".to_string()
            };
            self.diags.push(
                Diagnostic::error(t.span, format!("unknown variable `{name}`"))
                    .with_label(label)
                    .with_suggestion(did_you_mean(&name, candidates.iter().map(String::as_str))),
            );
        }
    }

    /// Whether a reference has a value at this point of the flow, against the typed profile.
    pub(super) fn var_known(&self, var: &Reference, scope: &Visible) -> bool {
        match var {
            Reference::Name(name) => scope.names.iter().any(|n| n == name),
            Reference::Gen(_) => true,
            // Every pair has every key: optional ones are null, defaulted ones filled in.
            Reference::Pair(_) => scope.pair,
            Reference::Profile(path) => match self.ctx.profile {
                // A suite whose section the profile lacks never runs: nothing to check against.
                Some(p) if p.sections.contains_key(&scope.api) => {
                    lookup_path(p.view(), &path.join(".")).is_some()
                }
                _ => true,
            },
            Reference::Env(_) => false,
        }
    }

    pub(super) fn scalar(&mut self, node: &Node, what: &str) -> Option<String> {
        crate::yaml::reader_expect_str(node, what, self.diags)
    }

    pub(super) fn type_error(&mut self, node: &Node, message: &str) {
        self.diags.push(
            Diagnostic::error(node.span, message).with_label(format!("found {}", node.type_name())),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Diagnostic;
    use crate::profile::{Profile, load_profile};
    use crate::source::Sources;
    use crate::suite::schemas::SchemaStore;
    use crate::suite::{LoadContext, OnlyIf, Suite, load_suite};
    use crate::template::{PairKey, Reference};
    use std::collections::BTreeSet;
    use std::path::Path;

    const PROFILE: &str = r#"
name: ACME
swap:
  base_url: https://staging.acme.example
  curve: secp256k1
  public_key: "0479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8"
  pairs:
    - { from: btc, to: eth, amount: "0.01", payload_currency_from: BTC, payload_currency_to: ETH,
        decimals_from: 8, decimals_to: 18, refund_address: a, payout_address: b }
"#;

    fn profile(sources: &mut Sources) -> Profile {
        load_profile(sources, "p.yaml", PROFILE.into(), Path::new("."), &|_| None).unwrap()
    }

    fn load(steps: &str) -> Result<Suite, Vec<Diagnostic>> {
        let mut sources = Sources::default();
        let profile = profile(&mut sources);
        let text = format!("suite: s\napi: swap\nflows:\n{steps}");
        let mut schemas = SchemaStore::default();
        let mut ctx = LoadContext {
            profile: Some(&profile),
            schemas: &mut schemas,
            dir: None,
            known_ids: &BTreeSet::new(),
        };
        load_suite(&mut sources, "s.yaml", text, &mut ctx)
    }

    fn step(json: &str) -> String {
        format!(
            "    steps:\n      - name: q\n        request: {{ method: POST, path: /quote, json: {json} }}\n        checks: [{{ id: X, status: 200 }}]\n"
        )
    }

    fn messages(r: Result<Suite, Vec<Diagnostic>>) -> Vec<String> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|d| format!("{}: {}", d.message, d.label))
            .collect()
    }

    #[test]
    fn references_are_checked_against_the_typed_profile() {
        let flow = format!(
            "  - name: f\n    for_each: pair\n{}",
            step(
                r#"{ a: "${pair.kyc_amount}", b: "${profile.swap.pairs.0.from}", c: "${gen.uuid}" }"#
            )
        );
        assert_eq!(messages(load(&flow)), Vec::<String>::new());
        let flow = format!(
            "  - name: f\n{}",
            step(r#"{ a: "${pair.from}", b: "${profile.swap.pairs.0.nope}", c: "${env:HOME}" }"#)
        );
        assert_eq!(
            messages(load(&flow)),
            [
                "unknown variable `pair.from`: `pair` is only defined in flows with `for_each: pair`",
                "unknown variable `profile.swap.pairs.0.nope`: not defined at this point",
                "unknown variable `env:HOME`: not defined at this point",
            ]
        );
    }

    #[test]
    fn only_if_is_a_profile_or_pair_reference() {
        let flow = format!(
            "  - name: f\n    for_each: pair\n    only_if: pair.kyc_amount\n{}",
            step("{}")
        );
        let suite = load(&flow).unwrap();
        assert_eq!(
            suite.flows[0].only_if,
            Some(OnlyIf {
                reference: Reference::Pair(PairKey::KycAmount),
                equals: None
            })
        );
        let flow = format!(
            "  - name: f\n    only_if: profile.swap_v1.login == required\n{}",
            step("{}")
        );
        let suite = load(&flow).unwrap();
        assert_eq!(
            suite.flows[0].only_if,
            Some(OnlyIf {
                reference: Reference::parse("profile.swap_v1.login"),
                equals: Some("required".into())
            })
        );
        let flow = format!("  - name: f\n    only_if: gen.nonce\n{}", step("{}"));
        assert_eq!(
            messages(load(&flow)),
            ["`only_if` names `gen.nonce`: expected a `profile.*` or `pair.*` name, without `${}`"]
        );
    }
}
