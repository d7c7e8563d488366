//! The `uplift` binary: the window by default, or, given a command, the command-line tool of
//! `uplift::cli` (`check`, `report`, `compare`, `sensitivity`, `montecarlo`, `export`,
//! `convert`, `generate`, `migrate`).

use std::io::Write as _;
use std::process::ExitCode;

use clap::Parser as _;
use uplift::cli::{Cli, error_text, run};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let Some(command) = cli.command else {
        return match uplift::app::run(cli.file) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("uplift: {}", error_text(&error));
                ExitCode::FAILURE
            }
        };
    };
    match run(&command) {
        Ok(outcome) => {
            let status = if outcome.exit_code == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(outcome.stdout.as_bytes())
                .and_then(|()| stdout.flush())
            {
                Ok(()) => status,
                // The reader stopped reading (`uplift report … | head`): it has what it wanted,
                // so the command ends quietly with its own status, as other tools do.
                Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => status,
                // A full disk or a closed file: the output is lost, and the user must know.
                Err(error) => {
                    eprintln!("uplift: could not write the output: {error}");
                    ExitCode::FAILURE
                }
            }
        }
        Err(error) => {
            eprintln!("uplift: {}", error_text(&error));
            ExitCode::FAILURE
        }
    }
}
