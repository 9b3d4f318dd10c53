//! Typed, diagnostic-collecting access to YAML mappings.

use super::tree::{Node, NodeKind};
use crate::diagnostic::Diagnostic;
use crate::source::Span;
use crate::suggest::did_you_mean;

/// Reads one mapping whose allowed keys are known. Unknown keys are reported on creation,
/// with a suggestion; later reads report wrong types and missing keys.
pub struct MapReader<'a> {
    node: &'a Node,
    entries: &'a [(Node, Node)],
    what: &'a str,
}

impl<'a> MapReader<'a> {
    /// `what` names the mapping in messages ("step", "profile section `swap`").
    pub fn new(
        node: &'a Node,
        what: &'a str,
        known: &[&str],
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Self> {
        let NodeKind::Map(entries) = &node.kind else {
            diags.push(
                Diagnostic::error(node.span, format!("{what} must be a mapping"))
                    .with_label(format!("found {}", node.type_name())),
            );
            return None;
        };
        for (key, _) in entries {
            let Some(name) = key.as_scalar() else {
                continue;
            };
            if !known.contains(&name) {
                diags.push(
                    Diagnostic::error(key.span, format!("unknown key `{name}` in {what}"))
                        .with_label("unknown key")
                        .with_suggestion(did_you_mean(name, known.iter().copied()))
                        .with_help_if_none(format!("expected one of: {}", known.join(", "))),
                );
            }
        }
        Some(MapReader {
            node,
            entries,
            what,
        })
    }

    pub fn span(&self) -> Span {
        self.node.span
    }

    /// The value of `key`, if present and not null.
    pub fn get(&self, key: &str) -> Option<&'a Node> {
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| k.as_scalar() == Some(key))
            .map(|(_, v)| v)
            .filter(|v| v.kind != NodeKind::Null)
    }

    /// The span of the key `key` itself, if present.
    pub fn key_span(&self, key: &str) -> Option<Span> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_scalar() == Some(key))
            .map(|(k, _)| k.span)
    }

    /// The value of a required key; reports it missing otherwise.
    pub fn required(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<&'a Node> {
        let v = self.get(key);
        if v.is_none() {
            diags.push(
                Diagnostic::error(
                    self.node.span,
                    format!("missing key `{key}` in {}", self.what),
                )
                .with_label(format!("`{key}` is required here")),
            );
        }
        v
    }

    /// An optional string value.
    pub fn opt_str(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<String> {
        self.get(key).and_then(|n| expect_str(n, key, diags))
    }

    /// A required string value.
    pub fn req_str(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<String> {
        self.required(key, diags)
            .and_then(|n| expect_str(n, key, diags))
    }

    /// An optional unsigned integer.
    pub fn opt_u64(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<u64> {
        self.get(key).and_then(|n| expect_u64(n, key, diags))
    }

    /// An optional list of strings (a single string is accepted as a list of one).
    pub fn opt_str_list(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Vec<String> {
        match self.get(key) {
            None => Vec::new(),
            Some(n) => match &n.kind {
                NodeKind::Seq(items) => items
                    .iter()
                    .filter_map(|i| expect_str(i, key, diags))
                    .collect(),
                _ => expect_str(n, key, diags).into_iter().collect(),
            },
        }
    }
}

trait HelpIfNone {
    fn with_help_if_none(self, help: String) -> Self;
}

impl HelpIfNone for Diagnostic {
    fn with_help_if_none(self, help: String) -> Self {
        if self.help.is_some() {
            self
        } else {
            self.with_help(help)
        }
    }
}

/// A scalar as a string; reports a mapping or list where a string is expected.
pub fn expect_str(node: &Node, key: &str, diags: &mut Vec<Diagnostic>) -> Option<String> {
    match &node.kind {
        NodeKind::Scalar { text, .. } => Some(text.clone()),
        _ => {
            diags.push(
                Diagnostic::error(node.span, format!("`{key}` must be a string"))
                    .with_label(format!("found {}", node.type_name())),
            );
            None
        }
    }
}

/// A scalar as an unsigned integer.
pub(super) fn expect_u64(node: &Node, key: &str, diags: &mut Vec<Diagnostic>) -> Option<u64> {
    match node.as_scalar().map(|t| t.trim().parse::<u64>()) {
        Some(Ok(v)) => Some(v),
        _ => {
            diags.push(
                Diagnostic::error(node.span, format!("`{key}` must be a whole number")).with_label(
                    match node.as_scalar() {
                        Some(t) => format!("found `{t}`"),
                        None => format!("found {}", node.type_name()),
                    },
                ),
            );
            None
        }
    }
}

/// The items of a list; reports anything else.
pub fn expect_seq<'a>(node: &'a Node, key: &str, diags: &mut Vec<Diagnostic>) -> &'a [Node] {
    match &node.kind {
        NodeKind::Seq(items) => items,
        _ => {
            diags.push(
                Diagnostic::error(node.span, format!("`{key}` must be a list"))
                    .with_label(format!("found {}", node.type_name())),
            );
            &[]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;
    use crate::yaml::parse;

    #[test]
    fn reports_unknown_keys_with_a_suggestion() {
        let node = parse(FileId(0), "nmae: x\nsteps: []\n").unwrap();
        let mut diags = Vec::new();
        let r = MapReader::new(&node, "flow", &["name", "steps"], &mut diags).unwrap();
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].message, "unknown key `nmae` in flow");
        assert_eq!(diags[0].help.as_deref(), Some("did you mean `name`?"));
        assert!(r.req_str("name", &mut diags).is_none());
        assert_eq!(diags[1].message, "missing key `name` in flow");
    }

    #[test]
    fn reports_wrong_types() {
        let node = parse(FileId(0), "timeout: soon\nname: [a]\n").unwrap();
        let mut diags = Vec::new();
        let r = MapReader::new(&node, "step", &["timeout", "name"], &mut diags).unwrap();
        assert_eq!(r.opt_u64("timeout", &mut diags), None);
        assert_eq!(r.opt_str("name", &mut diags), None);
        assert_eq!(diags[0].message, "`timeout` must be a whole number");
        assert_eq!(diags[0].label, "found `soon`");
        assert_eq!(diags[1].message, "`name` must be a string");
    }
}
