//! Builds a [`Node`] tree from the YAML parser's events.

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Pos, Span};
use saphyr_parser::{Event, Parser, ScalarStyle, Span as YSpan};
use std::collections::HashMap;

/// Deepest nesting accepted; deeper documents are refused rather than risking the stack.
const MAX_DEPTH: usize = 64;
pub use crate::input::MAX_FILE_BYTES;
/// Most nodes a document may build, counting every copy an alias makes. Aliases copy the
/// anchored node, so a few lines of nested aliases ("billion laughs") would otherwise expand to
/// billions of nodes. Real suites have a few thousand.
pub const MAX_NODES: usize = 250_000;

/// A YAML value with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// An empty value, `~` or `null`.
    Null,
    /// A scalar as written; `quoted` when it was single- or double-quoted or a block scalar.
    Scalar {
        text: String,
        quoted: bool,
    },
    Seq(Vec<Node>),
    /// Keys in document order; duplicates are refused at parse time.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// A short name of the node's type for messages ("a mapping", "a string").
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Null => "nothing",
            NodeKind::Scalar { .. } => "a scalar",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
        }
    }

    /// The text of a scalar node.
    pub fn as_scalar(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// Converts to JSON with YAML 1.2 core-schema typing of plain scalars.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            NodeKind::Null => Value::Null,
            NodeKind::Scalar { text, quoted: true } => Value::String(text.clone()),
            NodeKind::Scalar {
                text,
                quoted: false,
            } => plain_scalar_json(text),
            NodeKind::Seq(items) => Value::Array(items.iter().map(Node::to_json).collect()),
            NodeKind::Map(entries) => Value::Object(
                entries
                    .iter()
                    .map(|(k, v)| (k.as_scalar().unwrap_or_default().to_string(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

fn plain_scalar_json(text: &str) -> serde_json::Value {
    use serde_json::Value;
    match text {
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        "null" | "Null" | "NULL" | "~" | "" => return Value::Null,
        _ => {}
    }
    if let Ok(i) = text.parse::<i64>() {
        return Value::from(i);
    }
    let looks_numeric = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    if looks_numeric
        && text.chars().any(|c| c.is_ascii_digit())
        && let Ok(f) = text.parse::<f64>()
        && let Some(n) = serde_json::Number::from_f64(f)
    {
        return Value::Number(n);
    }
    Value::String(text.to_string())
}

fn to_span(file: FileId, span: YSpan) -> Span {
    Span {
        file,
        start: Pos {
            line: span.start.line(),
            col: span.start.col() + 1,
        },
        end: Pos {
            line: span.end.line(),
            col: span.end.col() + 1,
        },
    }
}

/// Parses one YAML document. Syntax errors, duplicate keys, unknown aliases and excessive
/// nesting become diagnostics; an empty document is `Null`.
pub fn parse(file: FileId, text: &str) -> Result<Node, Vec<Diagnostic>> {
    let start_span = Span {
        file,
        start: Pos { line: 1, col: 1 },
        end: Pos { line: 1, col: 2 },
    };
    if text.len() > MAX_FILE_BYTES {
        return Err(vec![Diagnostic::error(
            start_span,
            format!(
                "file is too large: {} bytes, the limit is {} bytes",
                text.len(),
                MAX_FILE_BYTES
            ),
        )]);
    }
    let mut builder = Builder {
        file,
        stack: Vec::new(),
        nodes: 0,
        anchors: HashMap::new(),
        root: None,
        diags: Vec::new(),
    };
    for item in Parser::new_from_str(text) {
        match item {
            Ok((event, span)) => {
                if builder.event(event, to_span(file, span)).is_break() {
                    break;
                }
            }
            Err(e) => {
                let m = e.marker();
                let at = Pos {
                    line: m.line(),
                    col: m.col() + 1,
                };
                builder.diags.push(
                    Diagnostic::error(
                        Span {
                            file,
                            start: at,
                            end: at,
                        },
                        format!("invalid YAML: {}", e.info()),
                    )
                    .with_label("here"),
                );
                break;
            }
        }
    }
    if !builder.diags.is_empty() {
        return Err(builder.diags);
    }
    Ok(builder.root.unwrap_or(Node {
        kind: NodeKind::Null,
        span: start_span,
    }))
}

/// An open collection: its start, its anchor id (0 for none), the node count when it opened,
/// and the children so far.
enum Frame {
    Seq(Span, usize, usize, Vec<Node>),
    Map(Span, usize, usize, Vec<(Node, Node)>, Option<Node>),
}

struct Builder {
    file: FileId,
    stack: Vec<Frame>,
    /// Nodes built so far, alias copies included (see [`MAX_NODES`]).
    nodes: usize,
    /// Anchored nodes by anchor id, with their size in nodes.
    anchors: HashMap<usize, (Node, usize)>,
    root: Option<Node>,
    diags: Vec<Diagnostic>,
}

use std::ops::ControlFlow;

impl Builder {
    fn event(&mut self, event: Event<'_>, span: Span) -> ControlFlow<()> {
        match event {
            Event::Scalar(text, style, anchor, _tag) => {
                let quoted = !matches!(style, ScalarStyle::Plain);
                let kind = if !quoted && matches!(&*text, "" | "~" | "null" | "Null" | "NULL") {
                    NodeKind::Null
                } else {
                    NodeKind::Scalar {
                        text: text.into_owned(),
                        quoted,
                    }
                };
                self.nodes += 1;
                self.finish(Node { kind, span }, anchor, 1)
            }
            Event::Alias(id) => match self.anchors.get(&id) {
                Some((node, size)) => {
                    let size = *size;
                    if self.nodes + size > MAX_NODES {
                        self.diags.push(
                            Diagnostic::error(
                                span,
                                format!(
                                    "the document expands to more than {MAX_NODES} nodes through its aliases"
                                ),
                            )
                            .with_label("this alias crosses the limit")
                            .with_help(
                                "an alias copies the whole anchored node: alias smaller nodes, or fewer times",
                            ),
                        );
                        return ControlFlow::Break(());
                    }
                    let mut node = node.clone();
                    node.span = span;
                    self.nodes += size;
                    self.finish(node, 0, size)
                }
                None => {
                    self.diags
                        .push(Diagnostic::error(span, "unknown YAML alias").with_label("here"));
                    ControlFlow::Break(())
                }
            },
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= MAX_DEPTH {
                    self.diags.push(
                        Diagnostic::error(
                            span,
                            format!("nesting is deeper than {MAX_DEPTH} levels"),
                        )
                        .with_label("too deep"),
                    );
                    return ControlFlow::Break(());
                }
                if self.nodes >= MAX_NODES {
                    self.diags.push(
                        Diagnostic::error(
                            span,
                            format!("the document has more than {MAX_NODES} nodes"),
                        )
                        .with_label("limit reached here"),
                    );
                    return ControlFlow::Break(());
                }
                let opened_at = self.nodes;
                if matches!(event, Event::SequenceStart(..)) {
                    self.stack
                        .push(Frame::Seq(span, anchor, opened_at, Vec::new()));
                } else {
                    self.stack
                        .push(Frame::Map(span, anchor, opened_at, Vec::new(), None));
                }
                ControlFlow::Continue(())
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor, opened_at) = match self.stack.pop() {
                    Some(Frame::Seq(start, anchor, opened_at, items)) => (
                        Node {
                            kind: NodeKind::Seq(items),
                            span: start,
                        },
                        anchor,
                        opened_at,
                    ),
                    Some(Frame::Map(start, anchor, opened_at, entries, _)) => (
                        Node {
                            kind: NodeKind::Map(entries),
                            span: start,
                        },
                        anchor,
                        opened_at,
                    ),
                    None => return ControlFlow::Continue(()),
                };
                self.nodes += 1;
                let size = self.nodes - opened_at;
                self.finish(node, anchor, size)
            }
            Event::DocumentStart(_) => {
                if self.root.is_some() {
                    self.diags.push(
                        Diagnostic::error(span, "only one YAML document is allowed per file")
                            .with_label("second document"),
                    );
                    return ControlFlow::Break(());
                }
                ControlFlow::Continue(())
            }
            _ => ControlFlow::Continue(()),
        }
    }

    /// Places a complete node of `size` nodes in its parent, recording it under `anchor`.
    fn finish(&mut self, node: Node, anchor: usize, size: usize) -> ControlFlow<()> {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            None => {
                self.root = Some(node);
            }
            Some(Frame::Seq(_, _, _, items)) => items.push(node),
            Some(Frame::Map(_, _, _, entries, pending)) => match pending.take() {
                None => {
                    if let Some(key) = node.as_scalar() {
                        if let Some((first, _)) =
                            entries.iter().find(|(k, _)| k.as_scalar() == Some(key))
                        {
                            let at = first.span.start;
                            self.diags.push(
                                Diagnostic::error(node.span, format!("duplicate key `{key}`"))
                                    .with_label(format!(
                                        "already given at line {}, column {}",
                                        at.line, at.col
                                    )),
                            );
                        }
                    } else {
                        self.diags.push(
                            Diagnostic::error(node.span, "a mapping key must be a plain string")
                                .with_label(format!("found {}", node.type_name())),
                        );
                    }
                    *pending = Some(node);
                }
                Some(key) => entries.push((key, node)),
            },
        }
        let _ = self.file;
        ControlFlow::Continue(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Result<Node, Vec<Diagnostic>> {
        parse(FileId(0), text)
    }

    #[test]
    fn keeps_positions_of_scalars() {
        let node = p("a:\n  b: hello\n").unwrap();
        let NodeKind::Map(entries) = &node.kind else {
            panic!("not a map")
        };
        let NodeKind::Map(inner) = &entries[0].1.kind else {
            panic!("not a map")
        };
        assert_eq!(inner[0].1.span.start, Pos { line: 2, col: 6 });
        assert_eq!(inner[0].1.as_scalar(), Some("hello"));
    }

    #[test]
    fn refuses_duplicate_keys_with_both_lines() {
        let err = p("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(err[0].message, "duplicate key `a`");
        assert_eq!(err[0].span.unwrap().start.line, 3);
        assert_eq!(err[0].label, "already given at line 1, column 1");
    }

    #[test]
    fn reports_syntax_errors_with_a_position() {
        let err = p("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(
            err[0].message.starts_with("invalid YAML"),
            "{}",
            err[0].message
        );
    }

    #[test]
    fn refuses_deep_nesting() {
        let text = format!("{}{}", "[".repeat(70), "]".repeat(70));
        let err = p(&text).unwrap_err();
        assert!(
            err[0].message.contains("deeper than 64"),
            "{}",
            err[0].message
        );
        // Far deeper input is stopped by the parser's own limit, also without a panic.
        let err = p(&"[".repeat(100_000)).unwrap_err();
        assert!(
            err[0].message.starts_with("invalid YAML"),
            "{}",
            err[0].message
        );
    }

    #[test]
    fn refuses_alias_bombs_quickly() {
        // "Billion laughs": ten levels of ten aliases each would be 10^10 nodes.
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let items = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{items}]\n"));
        }
        let started = std::time::Instant::now();
        let err = p(&text).unwrap_err();
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert_eq!(
            err[0].message,
            format!("the document expands to more than {MAX_NODES} nodes through its aliases")
        );
        assert_eq!(err[0].span.unwrap().start.line, 6);
    }

    #[test]
    fn counts_alias_copies_and_accepts_modest_reuse() {
        let node = p("a: &x [1, 2, 3]\nb: [*x, *x, *x]\n").unwrap();
        assert_eq!(node.to_json()["b"][2], serde_json::json!([1, 2, 3]));
    }

    #[test]
    fn types_plain_scalars_as_json() {
        let node = p("a: 1\nb: '1'\nc: true\nd: 0.5\ne: x\n").unwrap();
        assert_eq!(
            node.to_json(),
            serde_json::json!({"a": 1, "b": "1", "c": true, "d": 0.5, "e": "x"})
        );
    }

    #[test]
    fn resolves_aliases() {
        let node = p("a: &x {k: v}\nb: *x\n").unwrap();
        assert_eq!(
            node.to_json(),
            serde_json::json!({"a": {"k": "v"}, "b": {"k": "v"}})
        );
    }
}
