//! The command line: `check`, `report`, `convert`, `migrate`, `export`, `compare`,
//! `sensitivity`, `montecarlo` and `generate`, driving the same core as the window.
//! clap does the parsing (help, errors and completions come for free and stay consistent).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand, ValueEnum};

use crate::analysis::montecarlo::{self, MonteCarlo};
use crate::analysis::{self, BASE_NAME, Comparison, Output, Tornado, Unit};
use crate::calc::{Period, compute};
use crate::chart::export::{self, ExportFormat};
use crate::chart::{self, ChartKind, ChartOptions, PngSize, SankeyMeasure};
use crate::io::{load_project, read_project_file, save_project};
use crate::model::{FORMAT_VERSION, Project};
use crate::report;
use crate::report::format::MoneyDisplay;
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
        /// Report this scenario instead of the base.
        #[arg(long)]
        scenario: Option<String>,
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
        /// Export this scenario instead of the base (its name as in the project).
        #[arg(long)]
        scenario: Option<String>,
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
            scenario,
        } => {
            let project = scenario_of(&load_project(file)?, scenario.as_deref())?;
            let period = checked_period(&project, *year)?;
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
            scenario,
        } => {
            let size = PngSize {
                width: *width,
                height: *height,
                scale: *scale,
            };
            export(
                file,
                &ExportRequest {
                    chart: *chart,
                    format: format.map(ExportFormat::from),
                    out,
                    year: *year,
                    sankey: *sankey,
                    size,
                    scenario: scenario.as_deref(),
                },
            )
        }
        Command::Compare {
            file,
            base,
            with,
            format,
        } => {
            let project = load_project(file)?;
            let comparison = analysis::compare(&project, base, with)?;
            Ok(ok(compare_text(&project, &comparison, *format)?))
        }
        Command::Sensitivity {
            file,
            output,
            pct,
            year,
            scenario,
            format,
        } => {
            let project = scenario_of(&load_project(file)?, scenario.as_deref())?;
            if !pct.is_finite() || *pct <= 0.0 {
                bail!("--pct must be a positive number of percent, e.g. 20");
            }
            let output = match output {
                OutputArg::TotalVa => Output::TotalVa,
                OutputArg::GdpShare => Output::GdpShare(year.unwrap_or(project.horizon.last_year)),
                OutputArg::NetFx => Output::NetFx,
                OutputArg::Npv => Output::Npv,
            };
            let params = analysis::tornado_params(&project);
            let tornado = analysis::tornado(&project, output, *pct, &params)?;
            Ok(ok(tornado_text(&project, &tornado, *format)?))
        }
        Command::Montecarlo {
            file,
            draws,
            seed,
            scenario,
            format,
        } => {
            let project = scenario_of(&load_project(file)?, scenario.as_deref())?;
            if *draws == 0 {
                bail!("--draws must be at least 1");
            }
            let settings = montecarlo::Settings {
                draws: *draws,
                seed: *seed,
                ..montecarlo::Settings::default()
            };
            let progress = std::sync::atomic::AtomicUsize::new(0);
            let cancel = std::sync::atomic::AtomicBool::new(false);
            let result = montecarlo::run(&project, settings, &progress, &cancel)?;
            Ok(ok(montecarlo_text(&project, &result, *format)?))
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
            let project = crate::model::generate::generate(*stages as usize, *seed);
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
        Command::Migrate { file, out } => migrate(file, out.as_deref()),
    }
}

/// Reads `file` (upgrading it through the migration chain) and writes it back, atomically, in
/// the current format version.
fn migrate(file: &Path, out: Option<&Path>) -> anyhow::Result<Outcome> {
    let loaded = read_project_file(file)?;
    let target = out.unwrap_or(file);
    save_project(&loaded.project, target)?;
    let from = loaded.file_version;
    let stdout = if from == FORMAT_VERSION {
        format!(
            "{}: already format version {FORMAT_VERSION}; rewritten to {}\n",
            file.display(),
            target.display()
        )
    } else {
        format!(
            "{}: format version {from} upgraded to {FORMAT_VERSION}, written to {}\n",
            file.display(),
            target.display()
        )
    };
    Ok(Outcome {
        stdout,
        exit_code: 0,
    })
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

/// What `uplift export` was asked for.
struct ExportRequest<'a> {
    chart: Option<ChartKind>,
    format: Option<ExportFormat>,
    out: &'a Path,
    year: Option<i32>,
    sankey: SankeyArg,
    size: PngSize,
    scenario: Option<&'a str>,
}

fn export(file: &Path, request: &ExportRequest<'_>) -> anyhow::Result<Outcome> {
    let ExportRequest {
        chart,
        format,
        out,
        year,
        sankey,
        size,
        scenario,
    } = *request;
    let project = scenario_of(&load_project(file)?, scenario)?;
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

/// The report of `project` over `period` in `format`. A year is checked against the horizon
/// by `checked_period` before this is called, as for every command that takes `--year`.
pub fn report_text(
    project: &Project,
    file: &Path,
    period: Period,
    format: ReportFormat,
    local_currency: bool,
) -> anyhow::Result<Outcome> {
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

/// A figure for the table: money with k/M/bn, fractions as percent, jobs as whole numbers.
fn figure(value: f64, unit: Unit, money: &MoneyDisplay) -> String {
    match unit {
        Unit::Money => money.short(value),
        Unit::Fraction => crate::report::format::percent(value),
        Unit::Jobs => crate::report::format::thousands(value, 0),
    }
}

/// A difference for the table, signed.
fn signed(value: f64, unit: Unit, money: &MoneyDisplay) -> String {
    let text = figure(value.abs(), unit, money);
    if value < 0.0 {
        format!("-{text}")
    } else {
        format!("+{text}")
    }
}

/// Lays out rows of cells in aligned columns, the first left-aligned, the rest right-aligned.
fn columns(rows: &[Vec<String>]) -> String {
    let count = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..count)
        .map(|c| {
            rows.iter()
                .filter_map(|row| row.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c == 0 {
                let _ = write!(line, "{cell:<width$}", width = widths[c]);
            } else {
                let _ = write!(line, "  {cell:>width$}", width = widths[c]);
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    out
}

fn csv_text(header: &[String], rows: &[Vec<String>]) -> anyhow::Result<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(header)?;
    for row in rows {
        writer.write_record(row)?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

fn json_text(value: &impl serde::Serialize) -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}

/// `compare` output: one row per figure, value / difference / % difference per scenario,
/// then the parameters each scenario changes.
pub fn compare_text(
    project: &Project,
    comparison: &Comparison,
    format: ReportFormat,
) -> anyhow::Result<String> {
    match format {
        ReportFormat::Json => json_text(comparison),
        ReportFormat::Csv => {
            let code = &project.currency.code;
            let mut header = vec![
                "figure".to_owned(),
                "unit".to_owned(),
                comparison.base.clone(),
            ];
            for name in &comparison.with {
                header.push(name.clone());
                header.push(format!("{name} - {}", comparison.base));
                header.push(format!("{name} - {} (%)", comparison.base));
            }
            let rows: Vec<Vec<String>> = comparison
                .rows
                .iter()
                .map(|row| {
                    let unit = match row.unit {
                        Unit::Money => code.clone(),
                        Unit::Fraction => "fraction".to_owned(),
                        Unit::Jobs => "jobs".to_owned(),
                    };
                    let mut cells = vec![row.label.clone(), unit, row.base.to_string()];
                    for cell in &row.with {
                        cells.push(cell.value.to_string());
                        cells.push(cell.delta.to_string());
                        cells.push(
                            cell.delta_pct
                                .map_or_else(String::new, |p| (p * 100.0).to_string()),
                        );
                    }
                    cells
                })
                .collect();
            csv_text(&header, &rows)
        }
        ReportFormat::Table => {
            let money = MoneyDisplay::base(&project.currency);
            let mut header = vec![String::new(), comparison.base.clone()];
            for name in &comparison.with {
                header.push(name.clone());
                header.push("difference".to_owned());
                header.push("%".to_owned());
            }
            let mut rows = vec![header];
            for row in &comparison.rows {
                let mut cells = vec![row.label.clone(), figure(row.base, row.unit, &money)];
                for cell in &row.with {
                    cells.push(figure(cell.value, row.unit, &money));
                    cells.push(signed(cell.delta, row.unit, &money));
                    cells.push(
                        cell.delta_pct
                            .map_or_else(|| "-".to_owned(), |p| format!("{:+.1}%", p * 100.0)),
                    );
                }
                rows.push(cells);
            }
            let mut out = format!(
                "{}: {} against {}\n\n",
                project.name,
                comparison.with.join(", "),
                comparison.base
            );
            out.push_str(&columns(&rows));
            for (name, differences) in comparison.with.iter().zip(&comparison.differences) {
                let _ = writeln!(out, "\n{name} differs from {} in:", comparison.base);
                if differences.is_empty() {
                    let _ = writeln!(out, "  nothing");
                }
                for difference in differences {
                    let _ = writeln!(
                        out,
                        "  {}: {} -> {} {}",
                        difference.label,
                        short_value(difference.base),
                        short_value(difference.scenario),
                        difference.unit
                    );
                }
            }
            Ok(out)
        }
    }
}

fn short_value(value: f64) -> String {
    crate::report::format::short_number(value)
}

/// `sensitivity` output: bars widest first.
pub fn tornado_text(
    project: &Project,
    tornado: &Tornado,
    format: ReportFormat,
) -> anyhow::Result<String> {
    let unit = tornado.output.unit();
    match format {
        ReportFormat::Json => json_text(tornado),
        ReportFormat::Csv => {
            let header: Vec<String> = [
                "parameter",
                "unit",
                "value",
                "value_low",
                "value_high",
                "output_low",
                "output_high",
                "swing",
            ]
            .map(str::to_owned)
            .to_vec();
            let rows: Vec<Vec<String>> = tornado
                .bars
                .iter()
                .map(|bar| {
                    vec![
                        bar.label.clone(),
                        bar.unit.clone(),
                        bar.value.to_string(),
                        bar.value_low.to_string(),
                        bar.value_high.to_string(),
                        bar.output_low.to_string(),
                        bar.output_high.to_string(),
                        bar.swing().to_string(),
                    ]
                })
                .collect();
            csv_text(&header, &rows)
        }
        ReportFormat::Table => {
            let money = MoneyDisplay::base(&project.currency);
            let mut out = format!(
                "{}: {} = {}; each parameter moved by -{pct}% and +{pct}%\n\n",
                project.name,
                tornado.output.label(),
                figure(tornado.base_output, unit, &money),
                pct = tornado.pct
            );
            let mut rows = vec![
                ["parameter", "at -", "at +", "swing"]
                    .map(str::to_owned)
                    .to_vec(),
            ];
            for bar in &tornado.bars {
                rows.push(vec![
                    bar.label.clone(),
                    signed(bar.output_low - tornado.base_output, unit, &money),
                    signed(bar.output_high - tornado.base_output, unit, &money),
                    figure(bar.swing(), unit, &money),
                ]);
            }
            out.push_str(&columns(&rows));
            for (label, reason) in &tornado.skipped {
                let _ = writeln!(out, "left out: {label}: {reason}");
            }
            Ok(out)
        }
    }
}

/// `montecarlo` output: P10/P50/P90 by year, then the NPV and its histogram.
pub fn montecarlo_text(
    project: &Project,
    result: &MonteCarlo,
    format: ReportFormat,
) -> anyhow::Result<String> {
    match format {
        ReportFormat::Json => json_text(result),
        ReportFormat::Csv => {
            let header: Vec<String> = [
                "year",
                "share_of_gdp_p10",
                "share_of_gdp_p50",
                "share_of_gdp_p90",
                "total_va_p10",
                "total_va_p50",
                "total_va_p90",
            ]
            .map(str::to_owned)
            .to_vec();
            let rows: Vec<Vec<String>> = result
                .years
                .iter()
                .zip(result.share_of_gdp.iter().zip(&result.total_va))
                .map(|(year, (share, va))| {
                    vec![
                        year.to_string(),
                        share.p10.to_string(),
                        share.p50.to_string(),
                        share.p90.to_string(),
                        va.p10.to_string(),
                        va.p50.to_string(),
                        va.p90.to_string(),
                    ]
                })
                .collect();
            csv_text(&header, &rows)
        }
        ReportFormat::Table => {
            let money = MoneyDisplay::base(&project.currency);
            let mut out = format!(
                "{}: {} draws, seed {}, {} did not compute\n\n",
                project.name, result.draws, result.seed, result.failed
            );
            let mut rows = vec![
                [
                    "year",
                    "GDP share P10",
                    "P50",
                    "P90",
                    "total VA P10",
                    "P50",
                    "P90",
                ]
                .map(str::to_owned)
                .to_vec(),
            ];
            for (year, (share, va)) in result
                .years
                .iter()
                .zip(result.share_of_gdp.iter().zip(&result.total_va))
            {
                rows.push(vec![
                    year.to_string(),
                    figure(share.p10, Unit::Fraction, &money),
                    figure(share.p50, Unit::Fraction, &money),
                    figure(share.p90, Unit::Fraction, &money),
                    money.short(va.p10),
                    money.short(va.p50),
                    money.short(va.p90),
                ]);
            }
            out.push_str(&columns(&rows));
            let _ = writeln!(
                out,
                "\nNPV: P10 {}, P50 {}, P90 {}, mean {}; below zero in {:.1}% of draws",
                money.short(result.npv.p10),
                money.short(result.npv.p50),
                money.short(result.npv.p90),
                money.short(result.npv_mean),
                result.npv_below_zero * 100.0
            );
            let _ = writeln!(
                out,
                "Total VA over the horizon: P10 {}, P50 {}, P90 {}",
                money.short(result.total_va_horizon.p10),
                money.short(result.total_va_horizon.p50),
                money.short(result.total_va_horizon.p90),
            );
            let _ = writeln!(out, "\nNPV histogram:");
            let largest = result
                .npv_histogram
                .counts
                .iter()
                .copied()
                .max()
                .unwrap_or(0)
                .max(1);
            for (i, count) in result.npv_histogram.counts.iter().enumerate() {
                let low = result.npv_histogram.edges[i];
                let bar = "#".repeat(count * 40 / largest);
                let _ = writeln!(out, "  {:>12}  {count:>6}  {bar}", money.short(low));
            }
            Ok(out)
        }
    }
}
