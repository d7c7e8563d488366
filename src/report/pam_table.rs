//! "Does processing at home pay?" in a report: the Policy Analysis Matrix of every domestic
//! stage and of the domestic chain over the report's period (`docs/METHOD.md` section 19), as
//! a table section, in the JSON report, and as a CSV of its own
//! (`policy-analysis-matrix.csv`), one row per stage and one for the chain.

use std::fmt::Write as _;

use serde::Serialize;

use crate::calc::pam::{self, Pam, PamRow};
use crate::calc::{Period, Results};
use crate::model::Project;
use crate::report::format::MoneyDisplay;
use crate::report::tabular::{Cell, Style, Table};

/// Name of the chain's row.
pub const CHAIN: &str = "Domestic chain";

/// One stage's (or the chain's) matrix with its ratios.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PamLine {
    /// Stage id ("chain" for the chain).
    pub id: String,
    /// Stage name.
    pub name: String,
    /// At private prices.
    pub private: PamRow,
    /// At social prices.
    pub social: PamRow,
    /// Private − social.
    pub divergences: PamRow,
    /// Nominal protection coefficient (revenue at private over social prices).
    pub npc: Option<f64>,
    /// Effective protection coefficient (value added at private over social prices).
    pub epc: Option<f64>,
    /// Domestic resource cost ratio (domestic factors at social prices over value added at
    /// border prices).
    pub drc: Option<f64>,
}

impl PamLine {
    fn of(id: String, name: String, matrix: &Pam) -> Self {
        Self {
            id,
            name,
            private: matrix.private,
            social: matrix.social,
            divergences: matrix.divergences(),
            npc: matrix.npc(),
            epc: matrix.epc(),
            drc: matrix.drc(),
        }
    }
}

/// The matrices of a report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PamReport {
    /// The shadow exchange rate factor used.
    pub shadow_exchange_rate_factor: f64,
    /// The shadow wage factor used.
    pub shadow_wage_factor: f64,
    /// Each domestic stage, in project order, then the chain.
    pub lines: Vec<PamLine>,
}

/// The matrices of `results` over `period`.
pub fn build(project: &Project, results: &Results, period: Period) -> PamReport {
    let mut lines: Vec<PamLine> = project
        .stages
        .iter()
        .zip(pam::stage_pams(project, results, period))
        .filter_map(|(stage, matrix)| {
            matrix.map(|matrix| PamLine::of(stage.id.0.clone(), stage.name.clone(), &matrix))
        })
        .collect();
    lines.push(PamLine::of(
        "chain".to_owned(),
        CHAIN.to_owned(),
        &pam::chain_pam(project, results, period),
    ));
    PamReport {
        shadow_exchange_rate_factor: project.economy.shadow_exchange_rate_factor,
        shadow_wage_factor: project.economy.shadow_wage_factor,
        lines,
    }
}

/// A ratio as the report's tables write it: two decimals, or "–" when it has no base.
pub fn ratio_text(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_owned(), |v| format!("{v:.2}"))
}

/// The table section, for the period named `period`.
pub fn table(out: &mut String, report: &PamReport, period: &str, money: &MoneyDisplay) {
    let _ = writeln!(
        out,
        "\nDoes processing at home pay? Policy Analysis Matrix, {period} (shadow exchange rate \
         factor {}, shadow wage factor {}; DRC below 1: earns more foreign exchange than its \
         domestic resources cost):",
        report.shadow_exchange_rate_factor, report.shadow_wage_factor
    );
    let name_width = report
        .lines
        .iter()
        .map(|line| line.name.chars().count())
        .max()
        .unwrap_or(0);
    let _ = writeln!(
        out,
        "  {:<name_width$}  {:>12}  {:>12}  {:>12}  {:>12}  {:>12}  {:>12}  {:>5}  {:>5}  {:>5}",
        "Stage",
        "Revenue",
        "Tradables",
        "Dom. factors",
        "Profit",
        "Social VA",
        "Soc. profit",
        "NPC",
        "EPC",
        "DRC"
    );
    for line in &report.lines {
        let _ = writeln!(
            out,
            "  {:<name_width$}  {:>12}  {:>12}  {:>12}  {:>12}  {:>12}  {:>12}  {:>5}  {:>5}  {:>5}",
            line.name,
            money.short(line.private.revenue),
            money.short(line.private.tradable_inputs),
            money.short(line.private.domestic_factors),
            money.short(line.private.profit()),
            money.short(line.social.value_added()),
            money.short(line.social.profit()),
            ratio_text(line.npc),
            ratio_text(line.epc),
            ratio_text(line.drc),
        );
    }
    let _ = writeln!(
        out,
        "  (revenue, tradables, domestic factors and profit at private prices; social VA and \
         profit at border and shadow prices; every cell in the CSV and JSON)"
    );
}

/// The matrices as CSV: one row per domestic stage and one for the chain, every cell of the
/// three rows of the matrix and the ratios, twelve significant digits, the money unit in the
/// headers; the last columns name the period and the scenario.
pub fn to_csv(
    report: &PamReport,
    (period, money_unit, scenario): (&str, &str, &str),
) -> Result<String, csv::Error> {
    let unit = super::format::unit_in_column(money_unit);
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["stage_id".to_owned(), "stage".to_owned()];
    for row in ["private", "social", "divergence"] {
        for cell in ["revenue", "tradable_inputs", "domestic_factors", "profit"] {
            header.push(format!("{row}_{cell}_{unit}"));
        }
    }
    header.extend(["npc", "epc", "drc", "period", "scenario"].map(str::to_owned));
    writer.write_record(&header)?;
    let text = |value: &str| super::csv_cell::text(value).into_owned();
    let number = |value: f64| super::csv_cell::number(value);
    for line in &report.lines {
        let mut record = vec![text(&line.id), text(&line.name)];
        for row in [&line.private, &line.social, &line.divergences] {
            record.extend([
                number(row.revenue),
                number(row.tradable_inputs),
                number(row.domestic_factors),
                number(row.profit()),
            ]);
        }
        for value in [line.npc, line.epc, line.drc] {
            record.push(value.map_or_else(String::new, number));
        }
        record.push(text(period));
        record.push(text(scenario));
        writer.write_record(&record)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| csv::Error::from(error.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The matrices as a table for people (the workbook's "Policy Analysis Matrix" sheet): a row
/// per domestic stage and one for the chain, every cell with its unit in the header.
pub fn people_table(report: &PamReport, money_unit: &str) -> Table {
    let mut headers = vec!["Stage".to_owned()];
    for row in ["Private", "Social", "Divergence"] {
        for cell in ["revenue", "tradable inputs", "domestic factors", "profit"] {
            headers.push(format!("{row} {cell} ({money_unit})"));
        }
    }
    headers.extend(["NPC (ratio)", "EPC (ratio)", "DRC (ratio)"].map(str::to_owned));
    let mut table = Table::new("Policy Analysis Matrix", headers);
    for line in &report.lines {
        let mut cells = vec![Cell::text(&line.name)];
        for row in [&line.private, &line.social, &line.divergences] {
            cells.extend(
                [
                    row.revenue,
                    row.tradable_inputs,
                    row.domestic_factors,
                    row.profit(),
                ]
                .map(|value| Cell::Number(value, Style::Money)),
            );
        }
        cells.extend(
            [line.npc, line.epc, line.drc]
                .map(|value| Cell::Number(value.unwrap_or(f64::NAN), Style::Ratio)),
        );
        table.rows.push(cells);
    }
    table
}
