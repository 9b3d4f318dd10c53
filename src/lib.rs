//! provider-conformance: certifies exchange providers (swap and buy) for Ledger Live.

pub mod catalogue;
mod checks;
pub mod cli;
pub mod cmd;
pub mod curve;
mod deviations;
pub mod diagnostic;
pub mod error;
mod exchange;
pub mod exit;
mod input;
mod interrupt;
mod ledger_list;
mod plain_decimal;
pub mod profile;
pub mod provider;
mod redact;
pub mod report;
pub mod runner;
pub mod source;
mod suggest;
pub mod suite;
pub mod swap;
pub mod sweep;
mod template;
pub mod widgets;
pub mod yaml;
