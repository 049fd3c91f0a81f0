//! The `dpia` binary: parses the command line, runs the command, prints errors with their
//! causes and hints, and maps them to exit codes (see `cli::error`).

mod cli;
mod tui;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}
