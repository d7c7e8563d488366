//! The command line: `check`, `report`, `convert` and `generate`, driving the same core as the window.
//! clap does the parsing (help, errors and completions come for free and stay consistent).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand, ValueEnum};

use crate::calc::{Period, compute};
use crate::format::MoneyDisplay;
use crate::io::{load_project, save_project};
use crate::model::Project;
use crate::report;
use crate::validate::{Problem, validate};

/// Uplift: plan a mineral value chain and see the value it adds, year by year.
#[derive(Debug, Parser)]
#[command(
    name = "uplift",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Project file to open in the window (.ron or .json). Without it the window opens on the
    /// built-in Reko Diq example.
    pub file: Option<PathBuf>,
    /// What to do without a window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Commands that run without a window.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a project: a one-line summary, or every problem with its location.
    Check {
        /// Project file (.ron or .json).
        file: PathBuf,
    },
    /// Per-stage and national figures for a year or the whole horizon.
    Report {
        /// Project file (.ron or .json).
        file: PathBuf,
        /// Report this year.
        #[arg(long, conflicts_with = "total")]
        year: Option<i32>,
        /// Report the whole horizon (the default).
        #[arg(long)]
        total: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
        /// Show money in the project's local display currency (table only).
        #[arg(long)]
        local_currency: bool,
    },
    /// Convert a project between .ron and .json (by the files' extensions).
    Convert {
        /// File to read.
        input: PathBuf,
        /// File to write.
        output: PathBuf,
    },
    /// Write a synthetic project of many branching chains (mining, concentration, refining,
    /// manufacturing, recycling; some stages abroad) that checks clean: for trying Uplift at
    /// national scale and for the benchmarks. The same seed always gives the same file.
    Generate {
        /// Number of stages.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
        stages: u32,
        /// Seed of the random stream.
        #[arg(long, default_value_t = crate::generate::DEFAULT_SEED)]
        seed: u64,
        /// File to write (.ron or .json).
        #[arg(long)]
        out: PathBuf,
    },
}

/// How `report` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Aligned table with readable numbers (k/M/bn, thousands separators).
    Table,
    /// CSV, full precision, units in the headers.
    Csv,
    /// JSON, full precision.
    Json,
}

/// What a command printed and how the process should end.
#[derive(Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Text for standard output.
    pub stdout: String,
    /// Process exit code.
    pub exit_code: i32,
}

/// Runs a command. Errors (unreadable files, bad arguments) come back as `Err` with context.
pub fn run(command: &Command) -> anyhow::Result<Outcome> {
    match command {
        Command::Check { file } => Ok(check(file)),
        Command::Report {
            file,
            year,
            total: _,
            format,
            local_currency,
        } => {
            let project = load_project(file)?;
            let period = year.map_or(Period::Horizon, Period::Year);
            report_text(&project, file, period, *format, *local_currency)
        }
        Command::Convert { input, output } => {
            let project = load_project(input)?;
            save_project(&project, output)?;
            Ok(Outcome {
                stdout: format!("{} → {}\n", input.display(), output.display()),
                exit_code: 0,
            })
        }
        Command::Generate { stages, seed, out } => {
            let project = crate::generate::generate(*stages as usize, *seed);
            save_project(&project, out)?;
            Ok(Outcome {
                stdout: format!(
                    "{}: {} stages, {} links, {}-{} (seed {seed})\n",
                    out.display(),
                    project.stages.len(),
                    project.links.len(),
                    project.horizon.first_year,
                    project.horizon.last_year,
                ),
                exit_code: 0,
            })
        }
    }
}

fn problem_line(project: &Project, problem: &Problem) -> String {
    format!(
        "{}: {}: {}",
        problem.severity,
        problem.location(project),
        problem.message
    )
}

fn check(file: &Path) -> Outcome {
    let project = match load_project(file) {
        Ok(project) => project,
        Err(error) => {
            return Outcome {
                stdout: format!("error: {error}\n"),
                exit_code: 1,
            };
        }
    };
    let problems = validate(&project);
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let warnings = problems.len() - errors;
    let mut out = String::new();
    for problem in &problems {
        let _ = writeln!(out, "{}", problem_line(&project, problem));
    }
    if errors > 0 {
        let _ = writeln!(
            out,
            "{}: {errors} error(s), {warnings} warning(s); fix the errors above and check again",
            file.display()
        );
        return Outcome {
            stdout: out,
            exit_code: 1,
        };
    }
    let _ = writeln!(
        out,
        "{}: ok — '{}', {} stages, {} links, {}-{}, {warnings} warning(s)",
        file.display(),
        project.name,
        project.stages.len(),
        project.links.len(),
        project.horizon.first_year,
        project.horizon.last_year,
    );
    Outcome {
        stdout: out,
        exit_code: 0,
    }
}

/// The report of `project` over `period` in `format`.
pub fn report_text(
    project: &Project,
    file: &Path,
    period: Period,
    format: ReportFormat,
    local_currency: bool,
) -> anyhow::Result<Outcome> {
    if let Period::Year(year) = period
        && !project.horizon.contains(year)
    {
        bail!(
            "{year} is outside the project's horizon ({}-{}); pick a year inside it or use --total",
            project.horizon.first_year,
            project.horizon.last_year
        );
    }
    let results = match compute(project) {
        Ok(results) => results,
        Err(problems) => {
            let mut out = String::new();
            for problem in problems.iter().filter(|p| p.is_error()) {
                let _ = writeln!(out, "{}", problem_line(project, problem));
            }
            let _ = writeln!(
                out,
                "{}: cannot compute until the errors above are fixed (run `uplift check` for details)",
                file.display()
            );
            return Ok(Outcome {
                stdout: out,
                exit_code: 1,
            });
        }
    };
    let built = report::build(project, &results, period);
    let stdout = match format {
        ReportFormat::Table => {
            let money = if local_currency {
                MoneyDisplay::local_or_base(&project.currency)
            } else {
                MoneyDisplay::base(&project.currency)
            };
            report::to_table(&built, &money)
        }
        ReportFormat::Csv => report::to_csv(&built).context("could not write the CSV report")?,
        ReportFormat::Json => report::to_json(&built).context("could not write the JSON report")?,
    };
    Ok(Outcome {
        stdout,
        exit_code: 0,
    })
}
