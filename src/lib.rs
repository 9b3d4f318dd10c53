//! provider-conformance: certifies exchange providers (swap and buy) for Ledger Live.

pub mod curve;
pub mod exit;
pub mod provider;
pub mod swap;
pub mod diagnostic;
pub mod source;
pub mod suggest;
pub mod yaml;
