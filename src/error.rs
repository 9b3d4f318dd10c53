//! `HarnessError`: why a command could not do its job (bad usage or input, a file not
//! writable, a port taken), as opposed to a provider that does not conform, which is data in
//! the run's outcome. Commands return it; `main` renders it once, on stderr:
//!
//! ```text
//! error: failed to start the reference provider: Address already in use (os error 98)
//! error: failed to write the profile template: `profile.yaml` already exists; nothing was written
//! hint: pass `--force` to overwrite it, or `--output` another file
//! ```
//!
//! Bad suites and profiles carry their rendered diagnostics (with carets), followed by
//! `N problems found; no request was sent`.

use crate::exit;
use crate::report::ReportError;

/// A command failed: what it was doing, and what went wrong.
#[derive(Debug, thiserror::Error)]
#[error("failed to {context}")]
pub struct HarnessError {
    /// Completes "failed to …", e.g. `start the async runtime`.
    pub context: String,
    #[source]
    pub kind: ErrorKind,
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
pub enum ErrorKind {
    /// The user asked for something that cannot be done (exit 2).
    #[error("{message}")]
    Usage {
        message: String,
        hint: Option<String>,
    },
    /// Suites, a profile or a deviations file are wrong: the diagnostics, already rendered
    /// against their sources (exit 2).
    #[error("{count} problem{} found; no request was sent", if *count == 1 { "" } else { "s" })]
    Input { rendered: String, count: usize },
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Http(#[from] reqwest::Error),
    #[error("TLS: {0}")]
    Tls(#[from] rustls::Error),
}

impl HarnessError {
    pub fn new(context: impl Into<String>, kind: impl Into<ErrorKind>) -> HarnessError {
        HarnessError {
            context: context.into(),
            kind: kind.into(),
        }
    }

    /// A usage error: `context` completes "failed to …", `message` says why.
    pub fn usage(context: impl Into<String>, message: impl Into<String>) -> HarnessError {
        HarnessError::new(
            context,
            ErrorKind::Usage {
                message: message.into(),
                hint: None,
            },
        )
    }

    /// Adds a `hint:` line to a usage error.
    pub fn with_hint(mut self, hint: impl Into<String>) -> HarnessError {
        if let ErrorKind::Usage { hint: h, .. } = &mut self.kind {
            *h = Some(hint.into());
        }
        self
    }

    /// The process exit code.
    pub fn exit_code(&self) -> u8 {
        match self.kind {
            ErrorKind::Usage { .. } | ErrorKind::Input { .. } => exit::BAD_INPUT,
            ErrorKind::Io(_) | ErrorKind::Http(_) | ErrorKind::Tls(_) => exit::HARNESS_ERROR,
        }
    }

    /// The text for stderr: `error: failed to …: cause: cause`, then a hint if there is one;
    /// for bad input, the diagnostics and their count.
    pub fn render(&self) -> String {
        if let ErrorKind::Input { rendered, .. } = &self.kind {
            return format!("{rendered}\n{}\n", self.kind);
        }
        let mut out = format!("error: {self}");
        let mut cause: Option<&dyn std::error::Error> = Some(&self.kind);
        while let Some(c) = cause {
            out.push_str(&format!(": {c}"));
            cause = transparent_source(c);
        }
        out.push('\n');
        if let ErrorKind::Usage {
            hint: Some(hint), ..
        } = &self.kind
        {
            out.push_str(&format!("hint: {hint}\n"));
        }
        out
    }
}

impl From<ReportError> for HarnessError {
    fn from(e: ReportError) -> HarnessError {
        HarnessError::new(
            format!("write the {} report to `{}`", e.what, e.path.display()),
            e.source,
        )
    }
}

/// The next cause in a chain. A `#[error(transparent)]` kind already prints its source, so
/// its source is skipped to avoid saying it twice.
fn transparent_source(e: &dyn std::error::Error) -> Option<&dyn std::error::Error> {
    let next = e.source()?;
    if e.to_string() == next.to_string() {
        next.source()
    } else {
        Some(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_chain_once_with_its_hint() {
        let e = HarnessError::usage("write the profile template", "`p.yaml` already exists")
            .with_hint("pass `--force`");
        assert_eq!(
            e.render(),
            "error: failed to write the profile template: `p.yaml` already exists\nhint: pass `--force`\n"
        );
        assert_eq!(e.exit_code(), exit::BAD_INPUT);
    }

    #[test]
    fn io_causes_are_said_once_and_are_harness_errors() {
        let io = std::io::Error::new(std::io::ErrorKind::AddrInUse, "address in use");
        let e = HarnessError::new("start the reference provider", io);
        assert_eq!(
            e.render(),
            "error: failed to start the reference provider: address in use\n"
        );
        assert_eq!(e.exit_code(), exit::HARNESS_ERROR);
    }

    #[test]
    fn bad_input_shows_its_diagnostics_and_count() {
        let e = HarnessError::new(
            "load the suites",
            ErrorKind::Input {
                rendered: "error: x\n".into(),
                count: 2,
            },
        );
        assert_eq!(
            e.render(),
            "error: x\n\n2 problems found; no request was sent\n"
        );
        assert_eq!(e.exit_code(), exit::BAD_INPUT);
    }
}
