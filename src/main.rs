//! The `provider-conformance` command.

use clap::Parser;
use provider_conformance::cli::{Cli, Command};
use provider_conformance::{app, exit};
use std::io::IsTerminal;
use std::process::ExitCode;

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
    let code = match &cli.command {
        Command::Run(args) => app::run(args),
        Command::Init(args) => provider_conformance::init::run_init(args),
        Command::Serve(args) => provider_conformance::provider::cli::run_serve(args),
        Command::VerifySwap(args) => provider_conformance::swap::cli::run_verify_swap(args),
        Command::Decode(args) => provider_conformance::swap::cli::run_decode(args),
    };
    ExitCode::from(code)
}
