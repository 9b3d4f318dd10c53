//! What the browser saw of one widget: the document's answer, script errors, mixed content,
//! the messages received and when, the scripted steps' trouble, a screenshot. Checks judge
//! these values; nothing here judges.

pub use crate::runner::outcome::{Contract, Message};
use std::time::Duration;

/// The widget document's answer (the frame's first document, or the page's).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Document {
    pub url: String,
    pub status: u16,
    /// Names lowercased.
    pub headers: Vec<(String, String)>,
}

impl Document {
    /// The values of header `name` (lowercase).
    pub(crate) fn header(&self, name: &str) -> impl Iterator<Item = &str> {
        self.headers
            .iter()
            .filter(move |(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Everything one widget run observed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Observation {
    /// The document, once its answer arrived.
    pub document: Option<Document>,
    /// Why the document did not load (`net::ERR_CONNECTION_REFUSED`, a blocked frame).
    pub navigation_error: Option<String>,
    /// When the page's `load` event fired.
    pub loaded_after: Option<Duration>,
    /// Uncaught exceptions, as the browser describes them.
    pub exceptions: Vec<String>,
    /// The browser's mixed-content reports.
    pub mixed_content: Vec<String>,
    pub messages: Vec<Message>,
    /// The first scripted step that could not be done, and why.
    pub step_error: Option<String>,
    /// The browser itself failed (a DevTools call unanswered): no verdict can be drawn.
    pub browser_error: Option<String>,
    /// The page's text and field values at the end (for the buy widget's address).
    pub text: Option<String>,
    /// A PNG of the final state, base64, password fields masked.
    pub screenshot: Option<String>,
}

impl Observation {
    /// The messages that came through `via`.
    pub(crate) fn through(&self, via: Contract) -> impl Iterator<Item = &Message> {
        self.messages.iter().filter(move |m| m.via == via)
    }
}
