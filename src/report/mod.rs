//! Reports: pure conversions of a [`RunOutcome`](crate::runner::outcome::RunOutcome), then a write.

pub(crate) mod annotations;
pub(crate) mod console;
pub(crate) mod group;
pub(crate) mod html;
mod html_header;
pub(crate) mod json;
pub(crate) mod junit;
pub(crate) mod latency;
pub(crate) mod markdown;
pub(crate) mod retries;
pub(crate) mod summary;
pub mod swap_verdict;
mod text;
mod widgets;

pub use text::plain;

use std::path::{Path, PathBuf};

/// A report could not be written.
#[derive(Debug, thiserror::Error)]
#[error("failed to write the {what} report to `{path}`: {source}")]
pub struct ReportError {
    pub what: &'static str,
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Writes `text` to `path`, creating parent folders.
pub fn write_file(what: &'static str, path: &Path, text: &str) -> Result<(), ReportError> {
    let err = |source| ReportError {
        what,
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    std::fs::write(path, text).map_err(err)
}

/// Appends `text` to `path` (GitHub's step summary file), creating it if needed.
pub fn append_file(what: &'static str, path: &Path, text: &str) -> Result<(), ReportError> {
    use std::io::Write;
    let err = |source| ReportError {
        what,
        path: path.to_path_buf(),
        source,
    };
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(err)
}
