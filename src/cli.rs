//! The command line: `check`, `report`, `convert`, `migrate`, `export`, `compare`,
//! `sensitivity`, `montecarlo`, `generate`, `import` and `import-template`, driving the same core as the window.
//! clap does the parsing (help, errors and completions come for free and stay consistent).
//!
//! This root holds the clap definitions, [`run`] (which hands each command to its file) and
//! the few steps several commands share (a scenario picked, `--year` checked, the errors that
//! stop a calculation listed). The commands themselves live in `files_cmd` (check, convert,
//! generate, migrate), `import_cmd` (stages from a spreadsheet), `report_cmd`, `export_cmd` and `analysis_cmd` (compare, sensitivity,
//! Monte Carlo), with the text layout of their tables in `table`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::bail;
use clap::{Parser, Subcommand, ValueEnum};

use crate::analysis::montecarlo;
use crate::analysis::{self, BASE_NAME};
use crate::calc::Period;
use crate::chart::export::ExportFormat;
use crate::chart::{ChartKind, ChartStyle, PngSize};
use crate::model::Project;
use crate::model::validate::Problem;

mod analysis_cmd;
mod export_cmd;
mod files_cmd;
mod import_cmd;
mod report_cmd;
mod table;

use export_cmd::ExportRequest;

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
        #[arg(long, value_enum, default_value_t = StageReportFormat::Table)]
        format: StageReportFormat,
        /// Show money in the project's local display currency (table only).
        #[arg(long)]
        local_currency: bool,
        /// Report this scenario instead of the base.
        #[arg(long)]
        scenario: Option<String>,
        /// File to write (needed for --format xlsx, which is not text).
        #[arg(long, required_if_eq("format", "xlsx"))]
        out: Option<PathBuf>,
    },
    /// A report to hand in: report.html (self-contained, prints on A4 and Letter), the same
    /// as report.pdf, and report.xlsx, with every chart, the headline figures of the base and
    /// each --scenario, the per-stage table, the assumptions with their sources and the method.
    ReportBundle {
        /// Project file (.ron or .json).
        file: PathBuf,
        /// Folder to write into (created if missing).
        #[arg(long)]
        out: PathBuf,
        /// A scenario to compare with the base (repeat for several).
        #[arg(long)]
        scenario: Vec<String>,
        /// How the charts look: as on screen, or for greyscale print (dashed and marked
        /// lines, hatched bars).
        #[arg(long, value_enum, default_value_t = ChartStyle::Screen)]
        style: ChartStyle,
    },
    /// Headline figures of a baseline and one or more scenarios, with the differences.
    Compare {
        /// Project file (.ron or .json).
        file: PathBuf,
        /// The baseline: a scenario name, or "base".
        #[arg(long, default_value = BASE_NAME)]
        base: String,
        /// A scenario to compare with the baseline (repeat for several).
        #[arg(long = "with", required = true)]
        with: Vec<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
    },
    /// Tornado: how much an output moves when each lever (or each parameter, when the project
    /// has no levers) moves down and up by a percentage.
    Sensitivity {
        /// Project file (.ron or .json).
        file: PathBuf,
        /// The output followed.
        #[arg(long, value_enum, default_value_t = OutputArg::TotalVa)]
        output: OutputArg,
        /// The move, in percent of each parameter's value.
        #[arg(long, default_value_t = 20.0)]
        pct: f64,
        /// Year of `--output gdp-share` (default: the last year of the horizon).
        #[arg(long)]
        year: Option<i32>,
        /// Analyse this scenario instead of the base.
        #[arg(long)]
        scenario: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
    },
    /// Break-even price: the level of a deck commodity's price path (every year moved in
    /// proportion) at which the domestic chain's after-tax NPV is zero.
    BreakEven {
        /// Project file (.ron or .json).
        file: PathBuf,
        /// The deck commodity moved (default: every commodity of the deck, one after another).
        #[arg(long)]
        commodity: Option<String>,
        /// Analyse this scenario instead of the base.
        #[arg(long)]
        scenario: Option<String>,
    },
    /// Monte Carlo: draw the project's uncertain parameters, compute each draw, and report
    /// P10/P50/P90 by year and an NPV histogram. The same seed gives the same numbers.
    Montecarlo {
        /// Project file (.ron or .json).
        file: PathBuf,
        /// Number of draws.
        #[arg(long, default_value_t = montecarlo::DEFAULT_DRAWS)]
        draws: usize,
        /// Seed of the random draws.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Analyse this scenario instead of the base.
        #[arg(long)]
        scenario: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
        format: ReportFormat,
    },
    /// Export charts as SVG, PNG, PDF or CSV: one chart with --chart, or every chart in every
    /// format (plus the per-stage report and the who-gets-the-value and PAM CSVs) with --all;
    /// --all --format F writes only F (xlsx: the Excel workbook, which --all alone leaves out
    /// for its memory at national scale). The analysis charts (comparison, tornado,
    /// monte-carlo-fan, npv-histogram) are worked out first, with --base/--with, --output/--pct
    /// and --draws/--seed.
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
        /// Format of a single chart, or the one format --all writes (default: every format).
        #[arg(long, value_enum)]
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
        /// Export this scenario instead of the base (its name as in the project).
        #[arg(long)]
        scenario: Option<String>,
        /// How the charts look: as on screen, or for greyscale print (dashed and marked
        /// lines, hatched bars).
        #[arg(long, value_enum, default_value_t = ChartStyle::Screen)]
        style: ChartStyle,
        /// What the analysis charts are worked out from.
        #[command(flatten)]
        analysis: AnalysisArgs,
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
        #[arg(long, default_value_t = crate::model::generate::DEFAULT_SEED)]
        seed: u64,
        /// File to write (.ron or .json).
        #[arg(long)]
        out: PathBuf,
    },
    /// Add stages from a spreadsheet (.csv, .xlsx, .xls, .ods): one row a stage, columns named
    /// by the stage field keys of the project file (write a template with import-template).
    /// Every bad cell is listed by row and column and nothing is written until there is none.
    Import {
        /// The spreadsheet (its first sheet, for a workbook).
        file: PathBuf,
        /// The project the stages are added to (.ron or .json).
        #[arg(long)]
        into: PathBuf,
        /// Read a column as a field, or leave it out: COLUMN=KEY or COLUMN=ignore (repeat).
        #[arg(long = "map", value_name = "COLUMN=KEY")]
        map: Vec<String>,
        /// Write the project here instead of over --into (format by extension).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Write a spreadsheet to fill in for import: every stage field key as a column header and
    /// one example row (.csv, or .xlsx with a second sheet explaining each key).
    ImportTemplate {
        /// File to write (.csv or .xlsx).
        out: PathBuf,
    },
    /// Rewrite a project in the current file-format version (the old file is kept as
    /// FILE.ron.bak when it is rewritten in place).
    Migrate {
        /// Project file (.ron or .json).
        file: PathBuf,
        /// Write here instead of over FILE (format by extension).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// What the analysis charts of `uplift export --chart` are worked out from.
#[derive(Clone, Debug, PartialEq, clap::Args)]
pub struct AnalysisArgs {
    /// Comparison: the baseline (a scenario name, or "base").
    #[arg(long, default_value = BASE_NAME)]
    pub base: String,
    /// Comparison: a scenario compared with the baseline (repeat; default: every scenario).
    #[arg(long = "with")]
    pub with: Vec<String>,
    /// Tornado: the output followed.
    #[arg(long, value_enum, default_value_t = OutputArg::TotalVa)]
    pub output: OutputArg,
    /// Tornado: the move of each parameter, in percent of its value.
    #[arg(long, default_value_t = 20.0)]
    pub pct: f64,
    /// Monte Carlo: number of draws.
    #[arg(long, default_value_t = montecarlo::DEFAULT_DRAWS)]
    pub draws: usize,
    /// Monte Carlo: seed of the random draws.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
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

/// How `report` writes: as `compare` and the other reports do, or as an Excel workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StageReportFormat {
    /// Aligned table with readable numbers (k/M/bn, thousands separators).
    Table,
    /// CSV, twelve significant digits, units in the headers.
    Csv,
    /// JSON, full precision.
    Json,
    /// Excel workbook (needs --out): the per-stage table, every chart's data, the
    /// assumptions with their sources and a metadata sheet.
    Xlsx,
    /// The Policy Analysis Matrix as CSV: every cell and NPC, EPC, DRC, a row per domestic
    /// stage and one for the chain.
    PamCsv,
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
    /// Vector PDF (one page per chart), for Word, `LibreOffice` and LaTeX.
    Pdf,
    /// Excel workbook of every chart's data and the report tables (with --all).
    Xlsx,
}

impl ExportFormatArg {
    /// The format of one chart's file; `None` for the workbook, which holds every chart.
    fn chart_format(self) -> Option<ExportFormat> {
        match self {
            Self::Svg => Some(ExportFormat::Svg),
            Self::Png => Some(ExportFormat::Png),
            Self::Csv => Some(ExportFormat::Csv),
            Self::Pdf => Some(ExportFormat::Pdf),
            Self::Xlsx => None,
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
        &Self::EXPORTABLE
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.slug()).help(self.label()))
    }
}

impl ValueEnum for ChartStyle {
    fn value_variants<'a>() -> &'a [Self] {
        &[Self::Screen, Self::Print]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(match self {
            Self::Screen => {
                clap::builder::PossibleValue::new("screen").help("Colours, as in the window")
            }
            Self::Print => clap::builder::PossibleValue::new("print")
                .help("Dashed and marked lines, hatched bars: readable in greyscale"),
        })
    }
}

/// The output `sensitivity` follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputArg {
    /// Total value added over the horizon.
    TotalVa,
    /// Share of GDP in one year (`--year`).
    GdpShare,
    /// Net foreign exchange over the horizon.
    NetFx,
    /// NPV of the domestic chain.
    Npv,
    /// Government revenue from the domestic chain over the horizon.
    GovernmentRevenue,
    /// After-tax NPV of the domestic chain.
    AfterTaxNpv,
}

impl OutputArg {
    /// The analysis output; `year` is the year of the share of GDP (default: the last).
    fn output(self, project: &Project, year: Option<i32>) -> analysis::Output {
        use analysis::Output;
        match self {
            Self::TotalVa => Output::TotalVa,
            Self::GdpShare => Output::GdpShare(year.unwrap_or(project.horizon.last_year)),
            Self::NetFx => Output::NetFx,
            Self::Npv => Output::Npv,
            Self::GovernmentRevenue => Output::GovernmentRevenue,
            Self::AfterTaxNpv => Output::AfterTaxNpv,
        }
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

/// `error` and its causes in one line, each cause once: an error that already says its
/// cause ("x.ron: No such file or directory") is not followed by it again.
pub fn error_text(error: &anyhow::Error) -> String {
    let mut text = error.to_string();
    for cause in error.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

/// Runs a command. Errors (unreadable files, bad arguments) come back as `Err` with context.
pub fn run(command: &Command) -> anyhow::Result<Outcome> {
    match command {
        Command::Check { file } => Ok(files_cmd::check(file)),
        Command::Report {
            file,
            year,
            total: _,
            format,
            local_currency,
            scenario,
            out,
        } => report_cmd::report(
            file,
            &report_cmd::ReportRequest {
                year: *year,
                format: *format,
                local_currency: *local_currency,
                scenario: scenario.as_deref(),
                out: out.as_deref(),
            },
        ),
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
            scenario,
            style,
            analysis,
        } => {
            let size = PngSize {
                width: *width,
                height: *height,
                scale: *scale,
            };
            export_cmd::export(
                file,
                &ExportRequest {
                    chart: *chart,
                    format: *format,
                    out,
                    year: *year,
                    sankey: *sankey,
                    size,
                    scenario: scenario.as_deref(),
                    style: *style,
                    analysis,
                },
            )
        }
        Command::ReportBundle {
            file,
            out,
            scenario,
            style,
        } => report_cmd::report_bundle(file, out, scenario, *style),
        Command::Compare {
            file,
            base,
            with,
            format,
        } => analysis_cmd::compare(file, base, with, *format),
        Command::Sensitivity {
            file,
            output,
            pct,
            year,
            scenario,
            format,
        } => analysis_cmd::sensitivity(file, *output, *pct, *year, scenario.as_deref(), *format),
        Command::BreakEven {
            file,
            commodity,
            scenario,
        } => analysis_cmd::break_even(file, commodity.as_deref(), scenario.as_deref()),
        Command::Montecarlo {
            file,
            draws,
            seed,
            scenario,
            format,
        } => analysis_cmd::montecarlo(file, *draws, *seed, scenario.as_deref(), *format),
        Command::Convert { input, output } => files_cmd::convert(input, output),
        Command::Generate { stages, seed, out } => files_cmd::generate(*stages, *seed, out),
        Command::Migrate { file, out } => files_cmd::migrate(file, out.as_deref()),
        Command::Import {
            file,
            into,
            map,
            out,
        } => import_cmd::import(file, into, map, out.as_deref()),
        Command::ImportTemplate { out } => import_cmd::template(out),
    }
}

/// A problem as one line: severity, where it is, what is wrong.
fn problem_line(project: &Project, problem: &Problem) -> String {
    format!(
        "{}: {}: {}",
        problem.severity,
        problem.location(project),
        problem.message
    )
}

/// `--year Y` as a period, refused when outside the horizon (`report`, `export`).
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

/// A command that printed `stdout` and succeeded.
fn ok(stdout: String) -> Outcome {
    Outcome {
        stdout,
        exit_code: 0,
    }
}

/// The project as scenario `name` sees it (the base without a name).
fn scenario_of(project: &Project, name: Option<&str>) -> anyhow::Result<Project> {
    Ok(analysis::scenario_project(
        project,
        name.unwrap_or(BASE_NAME),
    )?)
}
