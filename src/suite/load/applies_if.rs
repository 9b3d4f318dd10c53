//! A step's `applies_if`: the guard that makes a step, and the rest of its flow, not
//! applicable when what the provider advertises (or the profile declares) rules it out.
//!
//! ```yaml
//! - name: fixed quote
//!   applies_if: { value: "${trade_methods}", contains: fixed, reason: "/pairs advertises only ${trade_methods}" }
//! ```

use super::{Loader, Visible};
use crate::diagnostic::Diagnostic;
use crate::suite::model::AppliesIf;
use crate::yaml::{MapReader, Node};

const APPLIES_IF_KEYS: &[&str] = &["value", "contains", "reason"];

impl Loader<'_, '_> {
    /// `applies_if: { value: "${name}", contains: word, reason: "..." }`, where `name` is a
    /// value of an earlier step or of the profile.
    pub(super) fn applies_if(&mut self, node: &Node, scope: &Visible) -> Option<AppliesIf> {
        let r = MapReader::new(node, "applies_if", APPLIES_IF_KEYS, self.diags)?;
        let value_node = r.required("value", self.diags)?;
        let value = self.template(value_node, scope)?;
        if !value.is_single_var() {
            self.diags.push(
                Diagnostic::error(value_node.span, "`applies_if.value` must be one `${name}`")
                    .with_label("a value an earlier step captured, e.g. \"${trade_methods}\""),
            );
            return None;
        }
        let contains = r.req_str("contains", self.diags)?;
        let reason_node = r.required("reason", self.diags)?;
        let reason = self.template(reason_node, scope)?;
        Some(AppliesIf {
            value,
            contains,
            reason,
            span: node.span,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Diagnostic;
    use crate::source::Sources;
    use crate::suite::schemas::SchemaStore;
    use crate::suite::{LoadContext, Suite, load_suite};
    use serde_json::json;
    use std::collections::BTreeSet;

    fn load(guard: &str) -> Result<Suite, Vec<Diagnostic>> {
        let text = format!(
            "suite: s\napi: swap\nflows:\n  - name: f\n    steps:\n      - name: list\n        \
             request: {{ method: GET, path: /pairs }}\n        capture: {{ methods: $.m }}\n        \
             checks: [{{ id: X, status: 200 }}]\n      - name: quote\n        applies_if: {guard}\n        \
             request: {{ method: POST, path: /quote }}\n        checks: [{{ id: X, status: 200 }}]\n"
        );
        let mut sources = Sources::default();
        let mut schemas = SchemaStore::default();
        let mut ctx = LoadContext {
            profile: None,
            schemas: &mut schemas,
            dir: None,
            known_ids: &BTreeSet::new(),
        };
        load_suite(&mut sources, "s.yaml", text, &mut ctx)
    }

    fn messages(r: Result<Suite, Vec<Diagnostic>>) -> Vec<String> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|d| {
                format!(
                    "{}:{}: {}",
                    d.span.map_or(0, |s| s.start.line),
                    d.message,
                    d.label
                )
            })
            .collect()
    }

    #[test]
    fn a_guard_names_a_value_of_an_earlier_step_a_word_and_a_reason() {
        let suite =
            load(r#"{ value: "${methods}", contains: fixed, reason: "only ${methods}" }"#).unwrap();
        let guard = suite.flows[0].steps[1].applies_if.as_ref().unwrap();
        assert_eq!(guard.contains, "fixed");
        assert!(guard.holds(Some(&json!(["fixed", "float"]))));
        assert!(guard.holds(Some(&json!("fixed"))));
        assert!(!guard.holds(Some(&json!(["float"]))));
        assert!(!guard.holds(Some(&json!([]))));
        assert!(!guard.holds(Some(&json!(3))));
        // Silence is not a statement: a value never captured, or null, rules nothing out.
        assert!(guard.holds(None));
        assert!(guard.holds(Some(&serde_json::Value::Null)));
    }

    #[test]
    fn bad_guards_are_reported_with_their_position() {
        assert_eq!(
            messages(load(r#"{ value: "${nope}", contains: fixed, reason: r }"#)),
            ["11:unknown variable `nope`: not defined at this point"]
        );
        assert_eq!(
            messages(load(
                r#"{ value: "m ${methods}", contains: fixed, reason: r }"#
            )),
            [
                "11:`applies_if.value` must be one `${name}`: a value an earlier step captured, e.g. \"${trade_methods}\""
            ]
        );
        let missing = messages(load(r#"{ value: "${methods}", reason: r }"#));
        assert_eq!(missing.len(), 1, "{missing:?}");
        assert!(missing[0].contains("`contains`"), "{missing:?}");
        let unknown = messages(load(
            r#"{ value: "${methods}", contains: x, reason: r, when: y }"#,
        ));
        assert!(unknown[0].contains("unknown key `when`"), "{unknown:?}");
    }
}
