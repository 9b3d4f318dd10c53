//! `${env:NAME}` in profiles: resolved once, on the YAML tree, before anything is read from it.

use crate::diagnostic::Diagnostic;
use crate::source::Span;
use crate::template::{Reference, Template};
use crate::yaml::{Node, NodeKind};
use serde_json::Value;

/// The tree with every `${env:NAME}` replaced by its value.
pub(super) struct Resolved {
    pub root: Node,
    /// Values read from the environment: secrets.
    pub secrets: Vec<String>,
    /// Scalars left as written because a variable had no value (already reported): the
    /// loader drops any further diagnostic about them.
    pub unresolved: Vec<Span>,
}

/// Resolves `${env:NAME}` in every scalar; other variables are errors in a profile.
pub(super) fn resolve(
    root: &Node,
    env: &dyn Fn(&str) -> Option<String>,
    diags: &mut Vec<Diagnostic>,
) -> Resolved {
    let mut out = Resolved {
        root: Node {
            kind: NodeKind::Null,
            span: root.span,
        },
        secrets: Vec::new(),
        unresolved: Vec::new(),
    };
    out.root = walk(root, env, &mut out, diags);
    out
}

fn walk(
    node: &Node,
    env: &dyn Fn(&str) -> Option<String>,
    out: &mut Resolved,
    diags: &mut Vec<Diagnostic>,
) -> Node {
    let kind = match &node.kind {
        NodeKind::Scalar { text, .. } if text.contains("${") => {
            match scalar(text, node.span, env, out, diags) {
                Some(text) => NodeKind::Scalar { text, quoted: true },
                None => {
                    out.unresolved.push(node.span);
                    node.kind.clone()
                }
            }
        }
        NodeKind::Seq(items) => {
            NodeKind::Seq(items.iter().map(|i| walk(i, env, out, diags)).collect())
        }
        NodeKind::Map(entries) => NodeKind::Map(
            entries
                .iter()
                .map(|(k, v)| (k.clone(), walk(v, env, out, diags)))
                .collect(),
        ),
        other => other.clone(),
    };
    Node {
        kind,
        span: node.span,
    }
}

/// The text of one templated scalar, or `None` after reporting why it has none.
fn scalar(
    text: &str,
    span: Span,
    env: &dyn Fn(&str) -> Option<String>,
    out: &mut Resolved,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let template = match Template::parse(text, span) {
        Ok(t) => t,
        Err(d) => {
            diags.push(*d);
            return None;
        }
    };
    let mut ok = true;
    for var in template.vars() {
        match var {
            Reference::Env(name) => match env(name) {
                Some(v) => out.secrets.push(v),
                None => {
                    ok = false;
                    diags.push(
                        Diagnostic::error(
                            span,
                            format!("environment variable `{name}` is not set"),
                        )
                        .with_label(format!("`${{env:{name}}}` used here"))
                        .with_help(format!("export {name}=... before running")),
                    );
                }
            },
            other => {
                ok = false;
                diags.push(
                    Diagnostic::error(span, format!("unknown variable `{other}` in a profile"))
                        .with_label("only `${env:NAME}` is allowed in profiles"),
                );
            }
        }
    }
    if !ok {
        return None;
    }
    // Read once, so that the lookup holds values, not the caller's `env`.
    let values: Vec<(&Reference, Value)> = template
        .vars()
        .filter_map(|r| match r {
            Reference::Env(name) => env(name).map(|v| (r, Value::String(v))),
            _ => None,
        })
        .collect();
    let lookup = |r: &Reference| values.iter().find(|(k, _)| *k == r).map(|(_, v)| v.clone());
    template.render_string(&lookup).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    #[test]
    fn replaces_variables_and_keeps_spans() {
        let root =
            crate::yaml::parse(FileId(0), "a: \"x-${env:K}\"\nb: [\"$${lit}\", 3]\n").unwrap();
        let mut diags = Vec::new();
        let r = resolve(&root, &|n| (n == "K").then(|| "v".to_string()), &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(r.secrets, vec!["v".to_string()]);
        assert_eq!(
            r.root.to_json(),
            serde_json::json!({"a": "x-v", "b": ["${lit}", 3]})
        );
        assert_eq!(r.root.span, root.span);
    }

    #[test]
    fn an_unset_or_foreign_variable_is_reported_and_left_as_written() {
        let root =
            crate::yaml::parse(FileId(0), "a: \"${env:NOPE}\"\nb: \"${pair.from}\"\n").unwrap();
        let mut diags = Vec::new();
        let r = resolve(&root, &|_| None, &mut diags);
        assert_eq!(diags[0].message, "environment variable `NOPE` is not set");
        assert_eq!(
            diags[1].message,
            "unknown variable `pair.from` in a profile"
        );
        assert_eq!(r.unresolved.len(), 2);
        assert_eq!(r.root, root);
    }
}
