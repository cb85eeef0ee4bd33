use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    concord::cli::run(concord::cli::Cli::parse())
}
