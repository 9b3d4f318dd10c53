//! Source texts (suites, profiles) kept beside the run, so any stage can point into them.

use std::fmt;
use std::sync::Arc;

/// Index of a file in [`Sources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct FileId(pub usize);

/// A position in a source text. `line` and `col` are 1-based; `col` counts characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// A range in one source file, `start` inclusive, `end` exclusive (same line or later).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub file: FileId,
    pub start: Pos,
    pub end: Pos,
}

/// One loaded text with the name it is shown under (a path as given, or `<bundled>/swap.yaml`).
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Shared with every [`Location`] in the file (a run makes one per check).
    pub name: Arc<str>,
    pub text: String,
}

/// Every text loaded for a run; spans refer to them by [`FileId`].
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.push(SourceFile {
            name: Arc::from(name.into()),
            text: text.into(),
        });
        FileId(self.files.len() - 1)
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }

    /// Replaces each secret in a file's text by as many `*` as it has characters, so that
    /// diagnostics quoting the file show no secret and keep their columns.
    pub fn mask(&mut self, id: FileId, secrets: &[String]) {
        let text = &mut self.files[id.0].text;
        for secret in secrets.iter().filter(|s| !s.is_empty()) {
            if text.contains(secret.as_str()) {
                *text = text.replace(secret.as_str(), &"*".repeat(secret.chars().count()));
            }
        }
    }

    /// The text of line `line` (1-based) without its line break, if it exists.
    pub fn line(&self, id: FileId, line: usize) -> Option<&str> {
        self.get(id).text.lines().nth(line.checked_sub(1)?)
    }

    /// `file:line:col` for a span, as every message and report shows it.
    pub fn location(&self, span: Span) -> Location {
        Location {
            file: self.get(span.file).name.clone(),
            line: span.start.line,
            col: span.start.col,
        }
    }
}

/// A printable `file:line:col`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    pub file: Arc<str>,
    pub line: usize,
    pub col: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.col)
    }
}
