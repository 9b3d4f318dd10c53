//! What the two offline commands (`verify-swap`, `decode`) share: the output format, colour,
//! and reading a captured file or stdin through the one bounded reader.

use std::io::{IsTerminal, Write};
use std::path::Path;

use serde_json::Value;

use crate::input::{Origin, read_text};

/// Output format of both commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum OutputFormat {
    /// One line per rule, then a field table; colour on a terminal.
    #[default]
    Human,
    /// One JSON document.
    Json,
}

/// Colour only for human output on a terminal, and never with `NO_COLOR`.
pub(crate) fn setup_colour(format: OutputFormat) {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if format == OutputFormat::Json || no_color || !std::io::stdout().is_terminal() {
        colored::control::set_override(false);
    }
}

/// Writes the report, ignoring a closed pipe rather than panicking.
pub(crate) fn emit(out: &mut dyn Write, text: &str) {
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

/// The text of a file, or of stdin for `-`, at most `limit` bytes; the error names the input
/// and why.
pub(crate) fn read_input(path: &str, what: &str, limit: usize) -> Result<String, String> {
    let origin = if path == "-" {
        Origin::Stdin
    } else {
        Origin::File(Path::new(path))
    };
    let from = match origin {
        Origin::Stdin => "from stdin".to_owned(),
        Origin::File(_) => format!("file `{path}`"),
    };
    read_text(origin, limit).map_err(|e| format!("cannot read {what} {from}: {e}"))
}

/// A JSON document from a file or stdin.
pub(crate) fn read_json(path: &str, what: &str, limit: usize) -> Result<Value, String> {
    let text = read_input(path, what, limit)?;
    serde_json::from_str(&text).map_err(|e| {
        let source = if path == "-" {
            "stdin".to_owned()
        } else {
            format!("`{path}`")
        };
        format!("{what} {source} is not valid JSON: {e}")
    })
}
