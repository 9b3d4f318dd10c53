//! The commands, one file each. [`dispatch`] runs the one asked for; a command returns its exit
//! code, or a [`HarnessError`] that `main` renders once.

pub(crate) mod decode;
pub mod init;
mod offline;
pub(crate) mod run;
pub(crate) mod serve;
pub(crate) mod verify_swap;

use crate::cli::Command;
use crate::error::HarnessError;

/// Runs `command` and returns the process exit code (see `exit.rs`).
pub fn dispatch(command: &Command) -> Result<u8, HarnessError> {
    match command {
        Command::Run(args) => run::run(args),
        Command::Init(args) => init::run(args),
        Command::Serve(args) => serve::run(args),
        Command::VerifySwap(args) => verify_swap::run(args),
        Command::Decode(args) => decode::run(args),
    }
}

/// Writes `text` to standard output. A closed output (`serve --list-faults | head -1`) is not
/// an error: the text is only shown, and nothing else depends on it.
pub(crate) fn show(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}
