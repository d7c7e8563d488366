//! `uplift report`: the per-stage and national figures of a project (or one of its
//! scenarios) over a year or the whole horizon, as an aligned table, CSV, JSON or an Excel
//! workbook.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context as _;

use crate::calc::{Period, compute};
use crate::chart::bundle;
use crate::chart::export;
use crate::chart::{ChartOptions, ChartStyle};
use crate::io::load_project;
use crate::model::Project;
use crate::model::scenario::scenario_label;
use crate::report;
use crate::report::format::MoneyDisplay;

use super::{Outcome, StageReportFormat, cannot_compute, checked_period, scenario_of};

/// What `uplift report` was asked for.
pub(super) struct ReportRequest<'a> {
    pub(super) year: Option<i32>,
    pub(super) format: StageReportFormat,
    pub(super) local_currency: bool,
    pub(super) scenario: Option<&'a str>,
    pub(super) out: Option<&'a Path>,
}

/// `uplift report`: `file` as `request` asks.
pub(super) fn report(file: &Path, request: &ReportRequest<'_>) -> anyhow::Result<Outcome> {
    let project = scenario_of(&load_project(file)?, request.scenario)?;
    let period = checked_period(&project, request.year)?;
    report_text(&project, file, period, request)
}

/// The report of `project` over `period` as `request` asks. A year is checked against the
/// horizon by `checked_period` before this is called, as for every command that takes
/// `--year`.
fn report_text(
    project: &Project,
    file: &Path,
    period: Period,
    request: &ReportRequest<'_>,
) -> anyhow::Result<Outcome> {
    let results = match compute(project) {
        Ok(results) => results,
        Err(problems) => return Ok(cannot_compute(project, file, &problems)),
    };
    let scenario = scenario_label(request.scenario.unwrap_or_default());
    let mut built = report::build(project, &results, period);
    built.scenario.clone_from(&scenario);
    let stdout = match request.format {
        StageReportFormat::Table => {
            let money = if request.local_currency {
                MoneyDisplay::local_or_base(&project.currency)
            } else {
                MoneyDisplay::base(&project.currency)
            };
            report::to_table(&built, &money)
        }
        StageReportFormat::Csv => {
            report::to_csv(&built).context("could not write the CSV report")?
        }
        StageReportFormat::Json => {
            report::to_json(&built).context("could not write the JSON report")?
        }
        StageReportFormat::PamCsv => report::pam_table::to_csv(
            &built.pam,
            (&built.period, &built.currency, &built.scenario),
        )
        .context("could not write the Policy Analysis Matrix CSV")?,
        StageReportFormat::Xlsx => {
            // clap insists on --out with xlsx; a workbook is never printed.
            let Some(out) = request.out else {
                anyhow::bail!("--format xlsx writes a file: give it with --out FILE.xlsx");
            };
            let options = ChartOptions {
                period,
                scenario,
                file_name: file
                    .file_name()
                    .map(|name| name.to_string_lossy().into_owned()),
                ..ChartOptions::default()
            };
            export::write_workbook(project, &results, &options, out)?;
            format!("{}\n", out.display())
        }
    };
    match (request.out, request.format) {
        (
            Some(out),
            StageReportFormat::Table
            | StageReportFormat::Csv
            | StageReportFormat::Json
            | StageReportFormat::PamCsv,
        ) => {
            crate::io::write_export(out, stdout.as_bytes())
                .with_context(|| format!("could not write {}", out.display()))?;
            Ok(Outcome {
                stdout: format!("{}\n", out.display()),
                exit_code: 0,
            })
        }
        _ => Ok(Outcome {
            stdout,
            exit_code: 0,
        }),
    }
}

/// `uplift report-bundle FILE --out DIR [--scenario S ...] [--style print]`.
pub(super) fn report_bundle(
    file: &Path,
    out: &Path,
    scenarios: &[String],
    style: ChartStyle,
) -> anyhow::Result<Outcome> {
    let project = load_project(file)?;
    if let Err(problems) = compute(&project) {
        return Ok(cannot_compute(&project, file, &problems));
    }
    let file_name = file
        .file_name()
        .map(|name| name.to_string_lossy().into_owned());
    let request = bundle::BundleRequest {
        project: &project,
        scenarios,
        file_name: file_name.as_deref(),
        style,
    };
    let mut stdout = String::new();
    for path in bundle::write_bundle(&request, out)? {
        let _ = writeln!(stdout, "{}", path.display());
    }
    Ok(Outcome {
        stdout,
        exit_code: 0,
    })
}
