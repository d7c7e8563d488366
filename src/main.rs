//! The `uplift` binary: the window by default, or, given a command, the command-line tool of
//! `uplift::cli` (`check`, `report`, `compare`, `sensitivity`, `montecarlo`, `export`,
//! `convert`, `generate`, `migrate`).

use std::process::ExitCode;

use clap::Parser as _;
use uplift::cli::{Cli, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let Some(command) = cli.command else {
        return match uplift::app::run(cli.file) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("uplift: {error:#}");
                ExitCode::FAILURE
            }
        };
    };
    match run(&command) {
        Ok(outcome) => {
            print!("{}", outcome.stdout);
            if outcome.exit_code == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(error) => {
            eprintln!("uplift: {error:#}");
            ExitCode::FAILURE
        }
    }
}
