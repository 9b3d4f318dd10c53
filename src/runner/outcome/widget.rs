//! The evidence a widget run leaves for the reports: which contract the widget used, the
//! messages it sent (secrets masked with the rest of the run), and a screenshot of its final
//! state (password fields masked before the shot). The checks themselves are ordinary
//! [`super::CheckOutcome`]s of the `widgets` suite.

use serde::Serialize;

/// Which of the two contracts a message came through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Contract {
    /// Ledger Live's injected `window.ledger` (`setToken`, `closeWidget`).
    Bridge,
    /// The seed documents' `postMessage`.
    PostMessage,
}

impl Contract {
    /// `window.ledger` or `postMessage`, for people.
    pub fn label(self) -> &'static str {
        match self {
            Contract::Bridge => "window.ledger",
            Contract::PostMessage => "postMessage",
        }
    }
}

/// One message from a widget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    pub via: Contract,
    /// The message as text: a bridge call's JSON string, or the posted data (JSON-encoded
    /// when it was not a string).
    pub data: String,
    /// Milliseconds since the widget's page was asked for.
    pub at_ms: u64,
}

/// What one widget run showed.
#[derive(Debug, Clone, Serialize)]
pub struct WidgetEvidence {
    /// `widgets › login`, as the flow is named in the reports.
    pub flow: String,
    /// The widget's URL as loaded.
    pub url: String,
    /// The contract of the widget's first message, if it sent one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contract: Option<Contract>,
    pub messages: Vec<Message>,
    /// Why the widget was not run (no browser), with what to install; then nothing else is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_run: Option<String>,
    /// A PNG of the final state, base64; only the HTML report shows it.
    #[serde(skip)]
    pub screenshot: Option<String>,
}
