//! The provider's widgets, checked in a real browser: the login and KYC widgets of the seed
//! documents (web pages Ledger Live frames, "with specific parameters and a convention on how
//! to exit the widget"), and the buy widget `/buy-redirect` points to.
//!
//! `browser` finds and starts headless Chromium; `cdp` speaks the DevTools protocol to it over
//! a pipe; `host` serves the page that frames a widget and injects Ledger Live's bridge;
//! `session` drives one widget (navigate, scripted steps, wait for its messages, screenshot)
//! into an `Observation`; the `judge` files turn observations into check outcomes; `stage`
//! runs them all for `run` and builds the `widgets` suite of the report.

mod api;
pub mod browser;
mod cdp;
mod host;
mod judge;
mod observe;
mod session;
mod stage;
mod steps;

#[cfg(test)]
pub(crate) use judge::CHECKS;
pub use observe::{Contract, Message};
pub(crate) use stage::{Ran, SUITE, Stage, find_browser, planned, run};
