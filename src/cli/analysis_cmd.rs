//! The analysis commands: `compare` (headline figures of scenarios against a baseline),
//! `sensitivity` (a tornado of how far an output moves with each parameter) and
//! `montecarlo` (P10/P50/P90 by year and an NPV histogram), each as a table, CSV or JSON.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write as _};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use anyhow::bail;

use crate::analysis::montecarlo::{self, MonteCarlo};
use crate::analysis::{self, Comparison, Tornado, Unit};
use crate::io::load_project;
use crate::model::Project;
use crate::report::format::MoneyDisplay;

use super::table::{columns, csv_text, figure, json_text, signed};
use super::{Outcome, OutputArg, ReportFormat, ok, scenario_of};

/// `uplift compare`: scenarios `with` against `base`.
pub(super) fn compare(
    file: &Path,
    base: &str,
    with: &[String],
    format: ReportFormat,
) -> anyhow::Result<Outcome> {
    let project = load_project(file)?;
    let comparison = analysis::compare(&project, base, with)?;
    Ok(ok(compare_text(&project, &comparison, format)?))
}

/// `uplift sensitivity`: the tornado of `output` with every parameter moved by `pct` percent.
pub(super) fn sensitivity(
    file: &Path,
    output: OutputArg,
    pct: f64,
    year: Option<i32>,
    scenario: Option<&str>,
    format: ReportFormat,
) -> anyhow::Result<Outcome> {
    let project = scenario_of(&load_project(file)?, scenario)?;
    if !pct.is_finite() || pct <= 0.0 {
        bail!("--pct must be a positive number of percent, e.g. 20");
    }
    let output = output.output(&project, year);
    let params = analysis::tornado_params(&project);
    let tornado = with_progress(params.len(), "parameters moved", |progress, cancel| {
        analysis::tornado_watched(&project, output, pct, &params, progress, cancel)
    })?;
    Ok(ok(tornado_text(&project, &tornado, format)?))
}

/// `uplift break-even`: the break-even level of `commodity` (or of each deck commodity).
pub(super) fn break_even(
    file: &Path,
    commodity: Option<&str>,
    scenario: Option<&str>,
) -> anyhow::Result<Outcome> {
    let project = scenario_of(&load_project(file)?, scenario)?;
    let names: Vec<String> = match commodity {
        Some(name) => vec![name.to_owned()],
        None => project.prices.keys().cloned().collect(),
    };
    if names.is_empty() {
        bail!("the project has no price deck: a break-even price moves a deck commodity's path");
    }
    let mut text = format!(
        "Break-even prices: the chain's after-tax NPV at {}% is zero ({})\n",
        project.economy.discount_rate_pct,
        crate::model::scenario::scenario_label(scenario.unwrap_or_default())
    );
    for name in names {
        let found = analysis::break_even::break_even(&project, &name).map_err(|e| e.to_string());
        if let Err(message) = &found
            && commodity.is_some()
        {
            bail!("{message}");
        }
        let _ = writeln!(
            text,
            "  {name}: {}",
            crate::report::fiscal_table::break_even_text(&project, &found)
        );
    }
    Ok(ok(text))
}

/// `uplift montecarlo`: `draws` draws from `seed`.
pub(super) fn montecarlo(
    file: &Path,
    draws: usize,
    seed: u64,
    scenario: Option<&str>,
    format: ReportFormat,
) -> anyhow::Result<Outcome> {
    let project = scenario_of(&load_project(file)?, scenario)?;
    if draws == 0 {
        bail!("--draws must be at least 1");
    }
    let settings = montecarlo::Settings {
        draws,
        seed,
        ..montecarlo::Settings::default()
    };
    let result = with_progress(draws, "draws", |progress, cancel| {
        montecarlo::run(&project, settings, progress, cancel)
    })?;
    Ok(ok(montecarlo_text(&project, &result, format)?))
}

/// Runs `work`, which counts its `total` steps in the counter it is handed; while it runs,
/// a line on standard error says how far it is ("1,200 of 5,000 draws"), rewritten four
/// times a second, when standard error is a terminal (never in a pipe or a file).
pub(super) fn with_progress<T>(
    total: usize,
    steps: &str,
    work: impl FnOnce(&AtomicUsize, &AtomicBool) -> T,
) -> T {
    let (progress, cancel, done) = (
        AtomicUsize::new(0),
        AtomicBool::new(false),
        AtomicBool::new(false),
    );
    if !std::io::stderr().is_terminal() {
        return work(&progress, &cancel);
    }
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let mut shown = false;
            let mut stderr = std::io::stderr();
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(250));
                let count = progress.load(Ordering::Relaxed).min(total);
                // A failed write to the terminal only loses the progress line.
                let _ = write!(stderr, "\r{count} of {total} {steps}");
                shown = true;
            }
            if shown {
                // Back to the start of the line, cleared: the results follow on a clean line.
                let _ = write!(stderr, "\r\x1b[2K");
            }
        });
        let outcome = work(&progress, &cancel);
        done.store(true, Ordering::Relaxed);
        outcome
    })
}

/// `compare` output: one row per figure, value / difference / % difference per scenario,
/// then the parameters each scenario changes.
fn compare_text(
    project: &Project,
    comparison: &Comparison,
    format: ReportFormat,
) -> anyhow::Result<String> {
    match format {
        ReportFormat::Json => json_text(comparison),
        ReportFormat::Csv => {
            let code = project.currency.money_unit();
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
                        Unit::Money => code.to_owned(),
                        Unit::Fraction => "fraction".to_owned(),
                        Unit::Jobs => "jobs".to_owned(),
                        Unit::Ratio => "ratio".to_owned(),
                    };
                    // A figure that does not exist (no IRR) is an empty cell.
                    let number = |value: f64| {
                        if value.is_finite() {
                            value.to_string()
                        } else {
                            String::new()
                        }
                    };
                    let mut cells = vec![row.label.clone(), unit, number(row.base)];
                    for cell in &row.with {
                        cells.push(number(cell.value));
                        cells.push(number(cell.delta));
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
                    let [base, scenario] = crate::report::format::difference_values(difference);
                    let _ = writeln!(out, "  {}: {base} -> {scenario}", difference.label);
                }
            }
            Ok(out)
        }
    }
}

/// `sensitivity` output: bars widest first.
fn tornado_text(
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
            let how = if tornado.bars.iter().any(|bar| bar.lever_range) {
                "each lever moved from its minimum to its maximum".to_owned()
            } else {
                format!(
                    "each parameter moved by -{pct}% and +{pct}%",
                    pct = tornado.pct
                )
            };
            let mut out = format!(
                "{}: {} = {}; {how}\n\n",
                project.name,
                tornado.output.label(),
                figure(tornado.base_output, unit, &money),
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
fn montecarlo_text(
    project: &Project,
    result: &MonteCarlo,
    format: ReportFormat,
) -> anyhow::Result<String> {
    match format {
        ReportFormat::Json => json_text(result),
        ReportFormat::Csv => montecarlo_csv(result),
        ReportFormat::Table => Ok(montecarlo_table(project, result)),
    }
}

/// `montecarlo` as CSV: P10/P50/P90 of the share of GDP and of total VA, year by year.
fn montecarlo_csv(result: &MonteCarlo) -> anyhow::Result<String> {
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

/// `montecarlo` as a table: P10/P50/P90 by year, the NPV and total VA, and the NPV histogram.
fn montecarlo_table(project: &Project, result: &MonteCarlo) -> String {
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
    for (label, spread) in [
        (
            "Government revenue over the horizon",
            &result.government_revenue,
        ),
        ("After-tax NPV of the chain", &result.after_tax_npv),
    ] {
        let _ = writeln!(
            out,
            "{label}: P10 {}, P50 {}, P90 {}",
            money.short(spread.p10),
            money.short(spread.p50),
            money.short(spread.p90),
        );
    }
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
    out
}
