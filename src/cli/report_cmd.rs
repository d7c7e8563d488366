//! `uplift report`: the per-stage and national figures of a project (or one of its
//! scenarios) over a year or the whole horizon, as an aligned table, CSV or JSON.

use std::path::Path;

use anyhow::Context as _;

use crate::calc::{Period, compute};
use crate::io::load_project;
use crate::model::Project;
use crate::model::scenario::scenario_label;
use crate::report;
use crate::report::format::MoneyDisplay;

use super::{Outcome, ReportFormat, cannot_compute, checked_period, scenario_of};

/// `uplift report`: `file` (as `scenario` sees it) over `year`, or the whole horizon.
pub(super) fn report(
    file: &Path,
    year: Option<i32>,
    format: ReportFormat,
    local_currency: bool,
    scenario: Option<&str>,
) -> anyhow::Result<Outcome> {
    let project = scenario_of(&load_project(file)?, scenario)?;
    let period = checked_period(&project, year)?;
    report_text(&project, file, period, format, local_currency, scenario)
}

/// The report of `project` over `period` in `format`. A year is checked against the horizon
/// by `checked_period` before this is called, as for every command that takes `--year`.
fn report_text(
    project: &Project,
    file: &Path,
    period: Period,
    format: ReportFormat,
    local_currency: bool,
    scenario: Option<&str>,
) -> anyhow::Result<Outcome> {
    let results = match compute(project) {
        Ok(results) => results,
        Err(problems) => return Ok(cannot_compute(project, file, &problems)),
    };
    let mut built = report::build(project, &results, period);
    built.scenario = scenario_label(scenario.unwrap_or_default());
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
