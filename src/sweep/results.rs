//! `--sweep-results FILE`: one JSON line per quote (NDJSON), written as the quotes finish, so
//! the full per-pair results never sit in memory. Bodies are not written, only verdicts.
//!
//! ```text
//! {"pair":"btc→eth","from":"btc","to":"eth","method":"fixed","amount":"0.0001","answer":"quoted","status":200,"latency_ms":0.412,"failed":[]}
//! ```

use serde::Serialize;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

/// One line of the file.
#[derive(Serialize)]
pub(crate) struct Line<'a> {
    pub pair: &'a str,
    pub from: &'a str,
    pub to: &'a str,
    pub method: &'a str,
    pub amount: &'a str,
    /// `quoted`, `out_of_range`, `refused`, `throttled` or `no_response`.
    pub answer: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    pub latency_ms: f64,
    /// Requirement ids that failed or could not be checked for this quote (and its swap).
    pub failed: Vec<&'a str>,
    /// Requirement ids that warned.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warned: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub swapped: Option<bool>,
}

/// The open file, and the first write error.
pub(crate) struct Results {
    out: BufWriter<File>,
    pub(crate) error: Option<std::io::Error>,
}

impl Results {
    /// Creates (or truncates) the file.
    pub(crate) fn create(path: &Path) -> std::io::Result<Results> {
        Ok(Results {
            out: BufWriter::new(File::create(path)?),
            error: None,
        })
    }

    /// Appends one line; the first error is kept and later lines are dropped.
    pub(crate) fn write(&mut self, line: &Line<'_>) {
        if self.error.is_some() {
            return;
        }
        let written = serde_json::to_writer(&mut self.out, line)
            .map_err(std::io::Error::other)
            .and_then(|()| self.out.write_all(b"\n"));
        if let Err(e) = written {
            self.error = Some(e);
        }
    }

    /// Flushes the file: the first error of any write, if one happened.
    pub(crate) fn finish(mut self) -> Option<std::io::Error> {
        if self.error.is_none()
            && let Err(e) = self.out.flush()
        {
            self.error = Some(e);
        }
        self.error
    }
}
