//! The `provider-conformance` command: parse the command line, run the command, render a
//! harness error once, exit with the command's code.

use clap::Parser;
use provider_conformance::cli::Cli;
use provider_conformance::{cmd, exit};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// mimalloc: the sweep allocates per quote on every worker thread, where glibc's allocator
/// spent about a fifth of the harness's CPU (perf, 4,012-quote sweep). Built `no_thp`
/// (Cargo.toml): with huge pages, each first touch of 2 MB was zeroed whole.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                exit::BAD_INPUT
            } else {
                exit::SUCCESS
            });
        }
    };
    // Colour only on a terminal; `colored` itself honours NO_COLOR and CLICOLOR_FORCE.
    if !std::io::stdout().is_terminal() && std::env::var_os("CLICOLOR_FORCE").is_none() {
        colored::control::set_override(false);
    }
    match cmd::dispatch(&cli.command) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let _ = std::io::stderr().write_all(e.render().as_bytes());
            ExitCode::from(e.exit_code())
        }
    }
}
