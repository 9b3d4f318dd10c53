//! The process exit codes, one constant each. README.md lists the same table.

/// Every check ran and passed (warnings and expected failures allowed).
pub const SUCCESS: u8 = 0;
/// At least one check failed, or could not run: the provider does not conform.
pub const CHECKS_FAILED: u8 = 1;
/// Bad usage, suite, profile or input file, found before any request was sent.
pub const BAD_INPUT: u8 = 2;
/// The harness itself could not do its job (a report not writable, a port taken, a runtime error).
pub const HARNESS_ERROR: u8 = 3;
/// The run was interrupted (SIGINT); the reports written so far are marked incomplete.
pub const INTERRUPTED: u8 = 130;
