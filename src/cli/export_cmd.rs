//! `uplift export`: one chart as SVG, PNG or CSV, or every chart in every format plus the
//! per-stage report into a folder, for a year or the whole horizon.

use std::fmt::Write as _;
use std::path::Path;

use crate::calc::compute;
use anyhow::bail;

use crate::chart::export::{self, AllFormats};
use crate::chart::{self, ChartKind, ChartOptions, PngSize, SankeyMeasure};
use crate::io::load_project;
use crate::model::scenario::scenario_label;

use super::{ExportFormatArg, Outcome, SankeyArg, cannot_compute, checked_period, scenario_of};

/// What `uplift export` was asked for.
pub(super) struct ExportRequest<'a> {
    pub(super) chart: Option<ChartKind>,
    pub(super) format: Option<ExportFormatArg>,
    pub(super) out: &'a Path,
    pub(super) year: Option<i32>,
    pub(super) sankey: SankeyArg,
    pub(super) size: PngSize,
    pub(super) scenario: Option<&'a str>,
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
        let chart = chart::build(kind, &project, &results, &options);
        export::write_chart(&chart, format, size, out)?;
        let _ = writeln!(stdout, "{}", out.display());
    } else {
        let what = match format {
            None => AllFormats::default(),
            Some(format) => AllFormats {
                charts: format.chart_format().into_iter().collect(),
                report_csv: format == ExportFormatArg::Csv,
                workbook: format == ExportFormatArg::Xlsx,
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
