//! Problems found in suites, profiles and input files, and their one renderer.
//!
//! ```text
//! error: unknown check `shema`
//!   --> suites/swap.yaml:14:9
//!    |
//! 14 |       - shema: quote.json
//!    |         ^^^^^ unknown check
//!    = help: did you mean `schema`?
//! ```

use crate::source::{Sources, Span};
use colored::Colorize;

/// How bad a diagnostic is. Errors stop the run before any request; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// A message about an input, pointing at where it applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub span: Option<Span>,
    /// Text under the carets; empty for none.
    pub label: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span: Some(span),
            label: String::new(),
            help: None,
        }
    }

    /// An error about a whole file or the command line, with no position.
    pub fn plain(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span: None,
            label: String::new(),
            help: None,
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds "did you mean `x`?" when a suggestion exists.
    pub fn with_suggestion(self, suggestion: Option<&str>) -> Self {
        match suggestion {
            Some(s) => self.with_help(format!("did you mean `{s}`?")),
            None => self,
        }
    }

    /// Adds `help` unless a help (e.g. a suggestion) is already there.
    pub fn with_help_if_absent(self, help: impl Into<String>) -> Self {
        if self.help.is_some() {
            self
        } else {
            self.with_help(help)
        }
    }

    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Renders the diagnostic with file:line:col, the source line and carets.
    /// Colour follows `colored`'s global switch (off when not a terminal or with NO_COLOR).
    pub fn render(&self, sources: &Sources) -> String {
        let mut out = String::new();
        let head = match self.severity {
            Severity::Error => "error".red().bold(),
            Severity::Warning => "warning".yellow().bold(),
        };
        out.push_str(&format!("{head}: {}\n", self.message.bold()));
        if let Some(span) = self.span {
            let file = sources.get(span.file);
            let line_no = span.start.line.to_string();
            let pad = " ".repeat(line_no.len());
            out.push_str(&format!(
                "{pad}{} {}:{}:{}\n",
                "-->".blue(),
                file.name,
                span.start.line,
                span.start.col
            ));
            if let Some(line) = sources.line(span.file, span.start.line) {
                let shown = printable(line);
                out.push_str(&format!("{pad} {}\n", "|".blue()));
                out.push_str(&format!("{} {} {shown}\n", line_no.blue(), "|".blue()));
                let (offset, width) = caret_range(line, span);
                let carets = "^".repeat(width);
                let label = if self.label.is_empty() {
                    String::new()
                } else {
                    format!(" {}", self.label)
                };
                out.push_str(&format!(
                    "{pad} {} {}{}\n",
                    "|".blue(),
                    " ".repeat(offset),
                    format!("{carets}{label}").red()
                ));
            }
        }
        if let Some(help) = &self.help {
            let pad = self
                .span
                .map(|s| " ".repeat(s.start.line.to_string().len()))
                .unwrap_or_default();
            out.push_str(&format!("{pad} {} help: {help}\n", "=".blue()));
        }
        out
    }
}

/// The line as shown: tabs as four spaces, other control characters as their visible symbol
/// (U+2400 block), so a hostile file cannot send escape sequences to the terminal.
fn printable(line: &str) -> String {
    line.chars()
        .map(|c| match c {
            '\t' => "    ".to_string(),
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32)
                .unwrap_or('\u{fffd}')
                .to_string(),
            '\u{7f}' => "\u{2421}".to_string(),
            c if c.is_control() => "\u{fffd}".to_string(),
            c => c.to_string(),
        })
        .collect()
}

/// Display offset and width of the carets on `line`, with tabs shown as four spaces.
fn caret_range(line: &str, span: Span) -> (usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    let start = span.start.col.saturating_sub(1).min(chars.len());
    let end = if span.end.line == span.start.line && span.end.col > span.start.col {
        (span.end.col - 1).min(chars.len())
    } else {
        chars.len()
    };
    let width_of = |cs: &[char]| {
        cs.iter()
            .map(|c| if *c == '\t' { 4 } else { 1 })
            .sum::<usize>()
    };
    let offset = width_of(&chars[..start]);
    let width = width_of(&chars[start..end.max(start)]).max(1);
    (offset, width)
}

/// Renders all diagnostics, in the order given, separated by blank lines.
pub fn render_all(diags: &[Diagnostic], sources: &Sources) -> String {
    diags
        .iter()
        .map(|d| d.render(sources))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Pos;

    fn span(file: crate::source::FileId, line: usize, col: usize, end_col: usize) -> Span {
        Span {
            file,
            start: Pos { line, col },
            end: Pos { line, col: end_col },
        }
    }

    #[test]
    fn renders_location_line_and_carets() {
        colored::control::set_override(false);
        let mut sources = Sources::default();
        let f = sources.add("suite.yaml", "flows:\n  - shema: x.json\n");
        let d = Diagnostic::error(span(f, 2, 5, 10), "unknown check `shema`")
            .with_label("unknown check")
            .with_suggestion(Some("schema"));
        assert_eq!(
            d.render(&sources),
            "error: unknown check `shema`\n --> suite.yaml:2:5\n  |\n2 |   - shema: x.json\n  |     ^^^^^ unknown check\n  = help: did you mean `schema`?\n"
        );
    }

    #[test]
    fn carets_follow_tabs_and_multibyte_text() {
        colored::control::set_override(false);
        let mut sources = Sources::default();
        let f = sources.add("p.yaml", "\tname: \"é\" x\n");
        let d = Diagnostic::error(span(f, 1, 11, 12), "bad");
        let out = d.render(&sources);
        assert!(out.contains("1 |     name: \"é\" x\n"), "{out}");
        assert!(out.contains("  |              ^\n"), "{out}");
    }

    #[test]
    fn control_characters_are_shown_as_symbols() {
        colored::control::set_override(false);
        let mut sources = Sources::default();
        let f = sources.add("p.yaml", "a: \u{1b}[31mx\u{0} y\n");
        let d = Diagnostic::error(span(f, 1, 10, 11), "bad");
        let out = d.render(&sources);
        assert!(out.contains("1 | a: \u{241b}[31mx\u{2400} y\n"), "{out}");
        assert!(out.contains("  |          ^\n"), "{out}");
        assert!(!out.contains('\u{1b}'), "{out}");
    }
}
