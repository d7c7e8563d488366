//! `uplift export`: one chart as SVG, PNG, PDF or CSV, or every chart in every format plus
//! the per-stage report into a folder, for a year or the whole horizon. The analysis charts
//! (scenarios compared, the tornado, Monte Carlo's fan and histogram) are worked out first,
//! as `compare`, `sensitivity` and `montecarlo` would.

use std::fmt::Write as _;
use std::path::Path;

use crate::calc::compute;
use anyhow::bail;

use crate::analysis::{self, montecarlo};
use crate::chart::analysis_charts::{self, FanMeasure};
use crate::chart::export::{self, AllFormats};
use crate::chart::{self, Chart, ChartKind, ChartOptions, ChartStyle, PngSize, SankeyMeasure};
use crate::io::load_project;
use crate::model::Project;
use crate::model::scenario::scenario_label;

use super::analysis_cmd::with_progress;
use super::{
    AnalysisArgs, ExportFormatArg, Outcome, SankeyArg, cannot_compute, checked_period, scenario_of,
};

/// What `uplift export` was asked for.
pub(super) struct ExportRequest<'a> {
    pub(super) chart: Option<ChartKind>,
    pub(super) format: Option<ExportFormatArg>,
    pub(super) out: &'a Path,
    pub(super) year: Option<i32>,
    pub(super) sankey: SankeyArg,
    pub(super) size: PngSize,
    pub(super) scenario: Option<&'a str>,
    pub(super) style: ChartStyle,
    pub(super) analysis: &'a AnalysisArgs,
}

/// `uplift export` of `file`, as `request` asks.
pub(super) fn export(file: &Path, request: &ExportRequest<'_>) -> anyhow::Result<Outcome> {
    let ExportRequest {
        chart,
        format,
        out,
        year,
        sankey,
        size,
        scenario,
        style,
        analysis,
    } = *request;
    let whole = load_project(file)?;
    let project = scenario_of(&whole, scenario)?;
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
        scenario: scenario_label(scenario.unwrap_or_default()),
        ..ChartOptions::default()
    };
    let mut stdout = String::new();
    if let (Some(kind), Some(format)) = (chart, format) {
        let Some(format) = format.chart_format() else {
            bail!(
                "a workbook holds every chart: use `--all --format xlsx` (or pick svg, png, pdf or csv for one chart)"
            );
        };
        let chart = if kind.is_analysis() {
            let request = AnalysisChart {
                whole: &whole,
                project: &project,
                scenario: &options.scenario,
                file_name: options.file_name.as_deref(),
                year,
                args: analysis,
            };
            analysis_chart(kind, &request)?
        } else {
            chart::build(kind, &project, &results, &options)
        };
        export::write_chart_styled(&chart, format, size, style, out)?;
        let _ = writeln!(stdout, "{}", out.display());
    } else {
        let what = match format {
            None => AllFormats {
                style,
                ..AllFormats::default()
            },
            Some(format) => AllFormats {
                charts: format.chart_format().into_iter().collect(),
                report_csv: format == ExportFormatArg::Csv,
                workbook: format == ExportFormatArg::Xlsx,
                style,
            },
        };
        for path in export::write_all_as(&project, &results, &options, size, out, &what)? {
            let _ = writeln!(stdout, "{}", path.display());
        }
    }
    Ok(Outcome {
        stdout,
        exit_code: 0,
    })
}

/// What an analysis chart is worked out from.
struct AnalysisChart<'a> {
    /// The project with every scenario (the comparison picks its own).
    whole: &'a Project,
    /// The project as `--scenario` sees it (the tornado and Monte Carlo run on it).
    project: &'a Project,
    scenario: &'a str,
    file_name: Option<&'a str>,
    year: Option<i32>,
    args: &'a AnalysisArgs,
}

/// Works out analysis chart `kind` as its command would and describes it.
fn analysis_chart(kind: ChartKind, request: &AnalysisChart<'_>) -> anyhow::Result<Chart> {
    let AnalysisChart {
        whole,
        project,
        scenario,
        file_name,
        year,
        args,
    } = *request;
    Ok(match kind {
        ChartKind::Comparison => {
            let with: Vec<String> = if args.with.is_empty() {
                whole
                    .scenarios
                    .iter()
                    .map(|s| s.name.clone())
                    .filter(|name| *name != args.base)
                    .collect()
            } else {
                args.with.clone()
            };
            if with.is_empty() {
                bail!(
                    "the project has no scenario to compare with the base; add one, or name one with --with"
                );
            }
            let comparison = analysis::compare(whole, &args.base, &with)?;
            analysis_charts::comparison_chart(whole, &comparison, file_name)
        }
        ChartKind::Tornado => {
            if !args.pct.is_finite() || args.pct <= 0.0 {
                bail!("--pct must be a positive number of percent, e.g. 20");
            }
            let output = args.output.output(project, year);
            let params = analysis::tornado_params(project);
            let tornado = with_progress(params.len(), "parameters moved", |progress, cancel| {
                analysis::tornado_watched(project, output, args.pct, &params, progress, cancel)
            })?;
            analysis_charts::tornado_chart(project, &tornado, scenario, file_name)
        }
        ChartKind::MonteCarloFan | ChartKind::NpvHistogram => {
            if args.draws == 0 {
                bail!("--draws must be at least 1");
            }
            let settings = montecarlo::Settings {
                draws: args.draws,
                seed: args.seed,
                ..montecarlo::Settings::default()
            };
            let result = with_progress(args.draws, "draws", |progress, cancel| {
                montecarlo::run(project, settings, progress, cancel)
            })?;
            if kind == ChartKind::MonteCarloFan {
                analysis_charts::fan_chart(
                    project,
                    &result,
                    FanMeasure::GdpShare,
                    scenario,
                    file_name,
                )
            } else {
                analysis_charts::npv_histogram(project, &result, scenario, file_name)
            }
        }
        _ => bail!("{kind} is not an analysis chart"),
    })
}
