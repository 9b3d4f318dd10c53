//! The process exit codes, one constant each. README.md lists the same table. A run's code
//! comes from its verdict (`RunOutcome::verdict().exit_code()`); a harness error's from
//! `HarnessError::exit_code`.

/// Every check ran and passed (warnings and expected failures allowed).
pub const SUCCESS: u8 = 0;
/// The provider does not conform, or its certification did not finish: a check failed, could
/// not run or was skipped, a known deviation did not happen, the `--deadline` passed, or the
/// provider stopped answering.
pub const CHECKS_FAILED: u8 = 1;
/// Bad usage, suite, profile or input file, found before any request was sent.
pub const BAD_INPUT: u8 = 2;
/// The harness itself could not do its job (a report not writable, a port taken, a runtime error).
pub const HARNESS_ERROR: u8 = 3;
/// The run was interrupted (SIGINT); the reports hold the flows that finished, marked
/// incomplete, and JUnit counts the run as an error.
pub const INTERRUPTED: u8 = 130;
