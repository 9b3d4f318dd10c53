//! The shape of a catalogue row: what a requirement says, where it comes from, how strongly the
//! source says it, and who would refuse a provider that breaks it.

use serde::Serialize;

/// How strongly the sources state a requirement, and so what a failing check of it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Force {
    /// The sources say must or required, or the device, Ledger Live or Ledger's backend refuses
    /// otherwise: a failing check fails the run.
    Must,
    /// The sources recommend it ("should", "we recommend", best practice): a failing check is a
    /// warning and never fails the run.
    Should,
    /// The value appears only in an example of the sources: a failing check is information,
    /// reported as a pass with an `informational` note; it never fails nor warns.
    Example,
}

impl Force {
    /// `must`, `should` or `example`, as `docs/checks.md` writes it.
    pub fn word(self) -> &'static str {
        match self {
            Force::Must => "must",
            Force::Should => "should",
            Force::Example => "example",
        }
    }
}

/// Who enforces a requirement: whose refusal a failing check predicts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Gate {
    /// The Exchange app on the device rejects the transaction (often with a status word).
    Device,
    /// Ledger Live refuses or breaks the swap before the device sees it.
    LedgerLive,
    /// A coin app refuses it after the Exchange app's own checks (CHECK_PAYOUT_ADDRESS,
    /// CHECK_REFUND_ADDRESS, START_SIGNING): the request's addresses, tickers and amount.
    CoinApp,
    /// Ledger's backend cannot use the answer (the API contract it calls).
    Backend,
    /// Ledger's guidance to providers; nothing refuses a provider that departs from it.
    Guidance,
    /// The harness itself needs it to go on (a value a later step uses).
    Harness,
}

impl Gate {
    /// `device`, `ledger_live`, `coin_app`, `backend`, `guidance` or `harness`.
    pub fn word(self) -> &'static str {
        match self {
            Gate::Device => "device",
            Gate::LedgerLive => "ledger_live",
            Gate::CoinApp => "coin_app",
            Gate::Backend => "backend",
            Gate::Guidance => "guidance",
            Gate::Harness => "harness",
        }
    }
}

/// One requirement of the catalogue. Texts are our own Markdown (code spans only), one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Requirement {
    /// Stable id, e.g. `SWAP-PAYLOAD-003`.
    pub id: &'static str,
    /// One-line title: what a conforming provider does.
    pub title: &'static str,
    /// Where it comes from: sections of `ledger-integration.md` (`§4.1`), a seed document
    /// (`seed-swap`, `seed-buy`), or `suite format`.
    pub source: &'static str,
    /// The sentence of the source it rests on, quoted; empty when the row rests on what the
    /// device or Ledger Live does rather than on a sentence.
    pub quote: &'static str,
    /// How strongly the source says it.
    pub force: Force,
    /// Who refuses a provider that breaks it.
    pub gate: Gate,
    /// What a provider does to pass.
    pub fix: &'static str,
    /// The status word the device answers when this fails, when one is known (e.g. `0x6A82`).
    pub status_word: Option<u16>,
}

/// A titled group of requirements: one section of `docs/checks.md`.
#[derive(Debug, Clone, Copy)]
pub struct Group {
    /// The section heading.
    pub heading: &'static str,
    /// A paragraph under the heading; may be empty.
    pub intro: &'static str,
    pub requirements: &'static [Requirement],
}
