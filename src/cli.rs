//! The command line: `check`, `report` and `convert`, driving the same core as the window.
//! clap does the parsing (help, errors and completions come for free and stay consistent).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand, ValueEnum};

use crate::calc::{Period, compute};
use crate::chart::{self, ChartKind, ChartOptions, PngSize, SankeyMeasure};
use crate::export::{self, ExportFormat};
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
    /// Export charts as SVG, PNG or CSV: one chart with --chart, or every chart in every format
    /// (plus the per-stage report) with --all.
    #[command(group(clap::ArgGroup::new("what").required(true).args(["chart", "all"])))]
    Export {
        /// Project file (.ron or .json).
        file: PathBuf,
        /// Chart to export.
        #[arg(long, value_enum, requires = "format")]
        chart: Option<ChartKind>,
        /// Export every chart in every format, and the per-stage report, into the --out folder.
        #[arg(long)]
        all: bool,
        /// Format of a single chart.
        #[arg(long, value_enum, conflicts_with = "all")]
        format: Option<ExportFormatArg>,
        /// File to write (with --chart) or folder to write into (with --all).
        #[arg(long)]
        out: PathBuf,
        /// Year for the by-stage charts (default: the whole horizon).
        #[arg(long)]
        year: Option<i32>,
        /// Sankey of quantities or of values (--all writes both).
        #[arg(long, value_enum, default_value_t = SankeyArg::Value)]
        sankey: SankeyArg,
        /// Layout width in pixels (SVG and PNG).
        #[arg(long, default_value_t = 1200, value_parser = clap::value_parser!(u32).range(320..=8000))]
        width: u32,
        /// Layout height in pixels (SVG and PNG).
        #[arg(long, default_value_t = 750, value_parser = clap::value_parser!(u32).range(240..=8000))]
        height: u32,
        /// PNG pixels per layout pixel (2 = sharp on print and high-density screens).
        #[arg(long, default_value_t = 2.0)]
        scale: f32,
    },
    /// Convert a project between .ron and .json (by the files' extensions).
    Convert {
        /// File to read.
        input: PathBuf,
        /// File to write.
        output: PathBuf,
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

/// Format of a single exported chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormatArg {
    /// Vector image.
    Svg,
    /// Raster image (no window or GPU needed).
    Png,
    /// The data behind the chart, units in the headers.
    Csv,
}

impl From<ExportFormatArg> for ExportFormat {
    fn from(format: ExportFormatArg) -> Self {
        match format {
            ExportFormatArg::Svg => Self::Svg,
            ExportFormatArg::Png => Self::Png,
            ExportFormatArg::Csv => Self::Csv,
        }
    }
}

/// Sankey measure on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SankeyArg {
    /// Value at the selling stage's price.
    Value,
    /// Units of each stage's product.
    Quantity,
}

impl ValueEnum for ChartKind {
    fn value_variants<'a>() -> &'a [Self] {
        &Self::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.slug()).help(self.label()))
    }
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
        Command::Export {
            file,
            chart,
            all: _,
            format,
            out,
            year,
            sankey,
            width,
            height,
            scale,
        } => {
            let size = PngSize {
                width: *width,
                height: *height,
                scale: *scale,
            };
            export(
                file,
                *chart,
                format.map(ExportFormat::from),
                out,
                *year,
                *sankey,
                size,
            )
        }
        Command::Convert { input, output } => {
            let project = load_project(input)?;
            save_project(&project, output)?;
            Ok(Outcome {
                stdout: format!("{} → {}\n", input.display(), output.display()),
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

fn export(
    file: &Path,
    chart: Option<ChartKind>,
    format: Option<ExportFormat>,
    out: &Path,
    year: Option<i32>,
    sankey: SankeyArg,
    size: PngSize,
) -> anyhow::Result<Outcome> {
    let project = load_project(file)?;
    let period = checked_period(&project, year)?;
    let results = match compute(&project) {
        Ok(results) => results,
        Err(problems) => return Ok(cannot_compute(&project, file, &problems)),
    };
    let options = ChartOptions {
        period,
        sankey_measure: match sankey {
            SankeyArg::Quantity => SankeyMeasure::Quantity,
            SankeyArg::Value => SankeyMeasure::Value,
        },
        file_name: file
            .file_name()
            .map(|name| name.to_string_lossy().into_owned()),
        ..ChartOptions::default()
    };
    let mut stdout = String::new();
    match (chart, format) {
        (Some(kind), Some(format)) => {
            let chart = chart::build(kind, &project, &results, &options);
            export::write_chart(&chart, format, size, out)?;
            let _ = writeln!(stdout, "{}", out.display());
        }
        _ => {
            for path in export::write_all(&project, &results, &options, size, out)? {
                let _ = writeln!(stdout, "{}", path.display());
            }
        }
    }
    Ok(Outcome {
        stdout,
        exit_code: 0,
    })
}

/// `--year Y` as a period, refused when outside the horizon.
fn checked_period(project: &Project, year: Option<i32>) -> anyhow::Result<Period> {
    if let Some(year) = year
        && !project.horizon.contains(year)
    {
        bail!(
            "{year} is outside the project's horizon ({}-{}); pick a year inside it or leave --year out for the whole horizon",
            project.horizon.first_year,
            project.horizon.last_year
        );
    }
    Ok(year.map_or(Period::Horizon, Period::Year))
}

/// The errors that stop the calculation, and what to do.
fn cannot_compute(project: &Project, file: &Path, problems: &[Problem]) -> Outcome {
    let mut out = String::new();
    for problem in problems.iter().filter(|p| p.is_error()) {
        let _ = writeln!(out, "{}", problem_line(project, problem));
    }
    let _ = writeln!(
        out,
        "{}: cannot compute until the errors above are fixed (run `uplift check` for details)",
        file.display()
    );
    Outcome {
        stdout: out,
        exit_code: 1,
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
        Err(problems) => return Ok(cannot_compute(project, file, &problems)),
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
