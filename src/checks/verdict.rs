//! What a check concludes: a grade and a message, with the requirement it speaks for.

use crate::source::Span;

/// How a check judged what it saw. The runner turns it into an outcome status (a run adds
/// the expected failure, which no check decides).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Grade {
    Pass,
    /// Passed with a caveat worth reading.
    Warn,
    /// The provider does not conform.
    Fail,
    /// The check could not reach a verdict (a transport failure, no response to judge).
    Error,
    /// Not run, with the reason in the message (a variable without a value).
    Skip,
}

/// One verdict: a requirement id, the check that judged it, and why.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Verdict {
    /// Requirement id, e.g. `SWAP-QUOTE-004`.
    pub id: std::sync::Arc<str>,
    /// The check's one-word name (`status`, `swap_payload`, `poll`, `paginate`, ...).
    pub check: &'static str,
    pub grade: Grade,
    pub message: String,
    /// Where the check is written in its suite.
    pub span: Span,
    /// The device status word this failure would cause, e.g. `0x6A82`.
    pub status_word: Option<String>,
}

/// A grade and its message, before the check's id and place are attached.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Judgement {
    pub grade: Grade,
    pub message: String,
}

/// What a brief pass says (the pair sweep counts passes and shows none).
pub(crate) const BRIEF: &str = "holds";

impl Judgement {
    /// A pass whose message is made only when it will be read: [`BRIEF`] when `brief`.
    pub(crate) fn pass_unless_brief(brief: bool, message: impl FnOnce() -> String) -> Self {
        Judgement::pass(if brief { BRIEF.to_string() } else { message() })
    }

    pub(crate) fn pass(message: impl Into<String>) -> Self {
        Judgement {
            grade: Grade::Pass,
            message: message.into(),
        }
    }

    pub(crate) fn fail(message: impl Into<String>) -> Self {
        Judgement {
            grade: Grade::Fail,
            message: message.into(),
        }
    }

    pub(crate) fn with(grade: Grade, message: impl Into<String>) -> Self {
        Judgement {
            grade,
            message: message.into(),
        }
    }

    /// `Ok` is a pass message, `Err` a failure message.
    pub(super) fn from_result(r: Result<String, String>) -> Self {
        match r {
            Ok(m) => Judgement::pass(m),
            Err(m) => Judgement::fail(m),
        }
    }

    /// The verdict of the check `check` (named `name`) for requirement `id`, written at `span`.
    pub(crate) fn verdict(
        self,
        id: &std::sync::Arc<str>,
        check: &'static str,
        span: Span,
    ) -> Verdict {
        Verdict {
            id: std::sync::Arc::clone(id),
            check,
            grade: self.grade,
            message: self.message,
            span,
            status_word: None,
        }
    }
}
