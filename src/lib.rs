//! provider-conformance: certifies exchange providers (swap and buy) for Ledger Live.

pub mod catalogue;
pub mod checks;
pub mod cli;
pub mod cmd;
pub mod curve;
pub mod deviations;
pub mod diagnostic;
pub mod error;
pub mod exchange;
pub mod exit;
pub mod input;
pub mod interrupt;
pub mod plain_decimal;
pub mod profile;
pub mod provider;
pub mod redact;
pub mod report;
pub mod runner;
pub mod source;
pub mod suggest;
pub mod suite;
pub mod swap;
pub mod template;
pub mod yaml;
