//! Reports: per-stage rows and national totals for a year or the whole horizon, as a readable
//! table, as CSV (full precision, units in the headers) or as JSON.

pub mod assumptions;
pub mod csv_cell;
pub mod deck;
pub mod fiscal_table;
pub mod format;
pub mod meta;
pub mod pam_table;
pub mod tabular;

use std::fmt::Write as _;

use serde::Serialize;

use crate::calc::{Accounts, Investment, National, Period, Results};
use crate::model::{Location, Project};
use crate::report::format::{MoneyDisplay, percent, quantity, short_number, thousands};

/// One row of the report: a stage, or the national total.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportRow {
    /// Stage id, or "national" for the total row.
    pub id: String,
    /// Stage name, or "National total (domestic stages)".
    pub name: String,
    /// "domestic", "abroad" or "national".
    pub location: &'static str,
    /// Unit of `quantity` (empty for the total row, which adds no quantities).
    pub unit: String,
    /// Units of product made.
    pub quantity: f64,
    /// Output value.
    pub output_value: f64,
    /// Intermediate consumption.
    pub intermediate_consumption: f64,
    /// Direct value added.
    pub value_added: f64,
    /// Wages (part of VA).
    pub wages: f64,
    /// Royalties + other taxes + export taxes + carbon tax - subsidies (part of VA).
    pub net_taxes: f64,
    /// Depreciation (part of VA).
    pub depreciation: f64,
    /// Net operating surplus (part of VA; negative means a loss).
    pub operating_surplus: f64,
    /// Indirect value added in domestic suppliers.
    pub indirect_va: f64,
    /// Direct + indirect value added.
    pub total_va: f64,
    /// Direct VA / GDP, as a fraction (NaN for a stage abroad: not this country's GDP).
    pub share_of_gdp: f64,
    /// Total VA / GDP, as a fraction (NaN for a stage abroad).
    pub share_of_gdp_total: f64,
    /// Operating jobs, average per year over the period (job-years / years; one year's FTE
    /// for a year).
    pub jobs: f64,
    /// Exports.
    pub exports: f64,
    /// Imports: direct, indirect, imported capex and the imported content of domestic capex.
    pub imports: f64,
    /// Indirect imports: the imported content of domestic supplies (part of `imports`).
    pub indirect_imports: f64,
    /// Construction value added: θ x domestic capex, apart from the operating VA.
    pub construction_va: f64,
    /// Construction jobs, average per year over the period, apart from `jobs`.
    pub construction_jobs: f64,
    /// Exports - imports.
    pub net_fx: f64,
    /// Royalties + other taxes + export taxes + carbon tax - subsidies (NaN for a stage
    /// abroad: its taxes go to another government).
    pub public_revenue: f64,
    /// Capex spent.
    pub capex: f64,
    /// Cash flow.
    pub cash_flow: f64,
    /// Output value / value of feed used (NaN for stages without feed, and on the national
    /// row, where it measures nothing).
    pub value_uplift: f64,
    /// Total VA / value of final output, the row's own (NaN without final output: a stage
    /// selling only to domestic stages).
    pub integration_rate: f64,
    /// Energy used, megawatt-hours.
    pub energy_mwh: f64,
    /// CO2 emitted, tonnes.
    pub co2_t: f64,
    /// Water used, cubic metres.
    pub water_m3: f64,
    /// NPV of the stage's cash flows over the whole horizon (the chain's, on the total row).
    pub npv: f64,
    /// IRR over the whole horizon, as a fraction, when there is one.
    pub irr: Option<f64>,
    /// Payback year over the whole horizon, when there is one.
    pub payback_year: Option<i32>,
    /// The payback year in words: the year, "nothing to pay back" or "not within the horizon".
    pub payback: String,
    /// Who gets the row's value over the period (`docs/METHOD.md` 18).
    pub fiscal: RowFiscal,
}

/// A row's figures of who gets the value: over the period, undiscounted, and the after-tax
/// returns over the whole horizon.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RowFiscal {
    /// Government revenue: royalties, taxes and the state's equity, less subsidies.
    pub government: f64,
    /// Corporate income tax.
    pub income_tax: f64,
    /// After-tax cash flow of the project (unfinanced).
    pub after_tax_cash_flow: f64,
    /// Income paid abroad: foreign owners' share of after-tax profit, interest to lenders abroad.
    pub income_paid_abroad: f64,
    /// National income from the row: value added less income paid abroad.
    pub gni: f64,
    /// After-tax NPV, whole horizon.
    pub after_tax_npv: f64,
    /// After-tax IRR, whole horizon, as a fraction.
    pub after_tax_irr: Option<f64>,
}

impl RowFiscal {
    fn of(sum: &crate::calc::FiscalYear, value_added: f64, after_tax: &Investment) -> Self {
        Self {
            government: sum.government,
            income_tax: sum.income_tax,
            after_tax_cash_flow: sum.after_tax_cash_flow,
            income_paid_abroad: sum.income_paid_abroad,
            gni: value_added - sum.income_paid_abroad,
            after_tax_npv: after_tax.npv,
            after_tax_irr: after_tax.irr,
        }
    }
}

/// A whole report for one period.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// Project name.
    pub project: String,
    /// Scenario the figures are of ("Base case" for the base).
    pub scenario: String,
    /// "2035" or "2025-2050 (whole horizon)".
    pub period: String,
    /// Currency of every money column.
    pub currency: String,
    /// Number of years in the period.
    pub years: usize,
    /// GDP over the period.
    pub gdp: f64,
    /// One row per stage, in project order.
    pub stages: Vec<ReportRow>,
    /// Domestic stages summed.
    pub national: ReportRow,
    /// NPV of the domestic chain at the project's discount rate (whole horizon).
    pub chain_npv: f64,
    /// IRR of the domestic chain, as a fraction.
    pub chain_irr: Option<f64>,
    /// Year the domestic chain's cumulative cash flow turns non-negative.
    pub chain_payback_year: Option<i32>,
    /// The project's price deck (left out of JSON when empty).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deck: Vec<deck::DeckRow>,
    /// The stages a pricing rule prices (left out of JSON when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub priced_stages: Vec<deck::PricedStage>,
    /// Who gets the domestic chain's value over the period.
    pub who_gets: fiscal_table::WhoGets,
    /// Does processing at home pay: the Policy Analysis Matrix of each domestic stage and of
    /// the chain over the period.
    pub pam: pam_table::PamReport,
}

/// What a row is about: its identity and the investment indicators (whole horizon).
struct RowHead<'a> {
    id: String,
    name: String,
    location: &'static str,
    unit: String,
    investment: &'a Investment,
}

fn row(head: RowHead<'_>, accounts: &Accounts, gdp: f64, years: usize) -> ReportRow {
    let RowHead {
        id,
        name,
        location,
        unit,
        investment,
    } = head;
    let abroad = location == "abroad";
    let share = |value: f64| {
        if abroad {
            f64::NAN
        } else if gdp > 0.0 {
            value / gdp
        } else {
            0.0
        }
    };
    let per_year = years.max(1) as f64;
    ReportRow {
        id,
        name,
        location,
        unit,
        quantity: accounts.quantity,
        output_value: accounts.output_value,
        intermediate_consumption: accounts.intermediate_consumption,
        value_added: accounts.value_added,
        wages: accounts.wages,
        net_taxes: accounts.net_taxes(),
        depreciation: accounts.depreciation,
        operating_surplus: accounts.operating_surplus,
        indirect_va: accounts.indirect_va,
        total_va: accounts.total_va(),
        share_of_gdp: share(accounts.value_added),
        share_of_gdp_total: share(accounts.total_va()),
        jobs: accounts.jobs / per_year,
        exports: accounts.exports,
        imports: accounts.imports,
        indirect_imports: accounts.indirect_imports,
        construction_va: accounts.construction_va,
        construction_jobs: accounts.construction_jobs / per_year,
        net_fx: accounts.net_fx(),
        public_revenue: if abroad {
            f64::NAN
        } else {
            accounts.public_revenue()
        },
        capex: accounts.capex,
        cash_flow: accounts.cash_flow,
        value_uplift: accounts.value_uplift().unwrap_or(f64::NAN),
        integration_rate: accounts.integration_rate().unwrap_or(f64::NAN),
        energy_mwh: accounts.energy_mwh,
        co2_t: accounts.co2_t,
        water_m3: accounts.water_m3,
        npv: investment.npv,
        irr: investment.irr,
        payback_year: investment.payback_year,
        fiscal: RowFiscal::default(),
        payback: investment.payback_label(),
    }
}

/// Number of horizon years inside `period`.
pub fn years_in(results: &Results, period: Period) -> usize {
    match period {
        Period::Year(year) => usize::from(results.years.contains(&year)),
        Period::Horizon => results.years.len(),
        Period::Range(first, last) => results
            .years
            .iter()
            .filter(|&&year| (first..=last).contains(&year))
            .count(),
    }
}

/// Words for a period, the same in the window, reports and charts: "2035", "2025-2050 (whole
/// horizon)", "Demonstration (2026-2028)" for a phase, "2030-2034" for other years.
pub fn period_label(project: &Project, period: Period) -> String {
    match period {
        Period::Year(year) => year.to_string(),
        Period::Horizon => format!(
            "{}-{} (whole horizon)",
            project.horizon.first_year, project.horizon.last_year
        ),
        Period::Range(first, last) => project
            .phases
            .iter()
            .find(|phase| phase.first_year == first && phase.last_year == last)
            .map_or_else(
                || format!("{first}-{last}"),
                |phase| format!("{} ({first}-{last})", phase.name),
            ),
    }
}

/// Builds the report of `results` over `period`.
pub fn build(project: &Project, results: &Results, period: Period) -> Report {
    let gdp = results.gdp(period);
    let years = years_in(results, period);
    let stages = project
        .stages
        .iter()
        .zip(&results.stages)
        .enumerate()
        .map(|(index, (stage, stage_results))| {
            let head = RowHead {
                id: stage.id.0.clone(),
                name: stage.name.clone(),
                location: match stage.location {
                    Location::Domestic => "domestic",
                    Location::Abroad => "abroad",
                },
                unit: stage.unit.clone(),
                investment: &stage_results.investment,
            };
            let mut row = row(head, &results.stage(index, period), gdp, years);
            let mut sum = crate::calc::FiscalYear::default();
            for (year, fiscal) in results.years.iter().zip(results.stage_fiscal_years(index)) {
                if period.contains(*year) {
                    sum.accumulate(&fiscal);
                }
            }
            row.fiscal = RowFiscal::of(&sum, row.value_added, stage_results.after_tax());
            row
        })
        .collect();
    let National { accounts, .. } = results.national(period);
    let head = RowHead {
        id: "national".to_owned(),
        name: "National total (domestic stages)".to_owned(),
        location: "national",
        unit: String::new(),
        investment: &results.chain_investment,
    };
    let mut national = row(head, &accounts, gdp, years);
    national.fiscal = RowFiscal::of(
        &results.national_fiscal(period),
        national.value_added,
        results.chain_after_tax(),
    );
    // Quantities of different products do not add up, and Σ output / Σ feed over stages that
    // sell to one another measures nothing (docs/METHOD.md 7).
    national.quantity = f64::NAN;
    national.value_uplift = f64::NAN;
    Report {
        project: project.name.clone(),
        scenario: crate::model::scenario::BASE_LABEL.to_owned(),
        period: period_label(project, period),
        currency: project.currency.money_unit().to_owned(),
        years,
        gdp,
        stages,
        national,
        chain_npv: results.chain_investment.npv,
        chain_irr: results.chain_investment.irr,
        chain_payback_year: results.chain_investment.payback_year,
        deck: deck::deck_rows(project),
        priced_stages: deck::priced_stages(project),
        who_gets: fiscal_table::build(results, period),
        pam: pam_table::build(project, results, period),
    }
}

/// Columns of the CSV report: (header with unit, value). `{c}` stands for the currency code.
pub(crate) fn csv_columns(row: &ReportRow) -> [(&'static str, f64); 37] {
    [
        ("quantity", row.quantity),
        ("output_value_{c}", row.output_value),
        ("intermediate_consumption_{c}", row.intermediate_consumption),
        ("value_added_{c}", row.value_added),
        ("wages_{c}", row.wages),
        ("net_taxes_{c}", row.net_taxes),
        ("depreciation_{c}", row.depreciation),
        ("operating_surplus_{c}", row.operating_surplus),
        ("indirect_va_{c}", row.indirect_va),
        ("total_va_{c}", row.total_va),
        ("share_of_gdp_pct", row.share_of_gdp * 100.0),
        ("share_of_gdp_total_pct", row.share_of_gdp_total * 100.0),
        ("jobs_fte_avg_per_year", row.jobs),
        ("exports_{c}", row.exports),
        ("imports_{c}", row.imports),
        ("indirect_imports_{c}", row.indirect_imports),
        ("net_fx_{c}", row.net_fx),
        ("public_revenue_{c}", row.public_revenue),
        ("capex_{c}", row.capex),
        ("construction_va_{c}", row.construction_va),
        ("construction_jobs_fte_avg_per_year", row.construction_jobs),
        ("cash_flow_{c}", row.cash_flow),
        ("value_uplift_ratio", row.value_uplift),
        ("integration_rate_pct", row.integration_rate * 100.0),
        ("energy_mwh", row.energy_mwh),
        ("co2_t", row.co2_t),
        ("water_m3", row.water_m3),
        ("npv_horizon_{c}", row.npv),
        (
            "irr_horizon_pct",
            row.irr.map_or(f64::NAN, |irr| irr * 100.0),
        ),
        ("payback_year", row.payback_year.map_or(f64::NAN, f64::from)),
        ("government_revenue_{c}", row.fiscal.government),
        ("income_tax_{c}", row.fiscal.income_tax),
        ("after_tax_cash_flow_{c}", row.fiscal.after_tax_cash_flow),
        ("income_paid_abroad_{c}", row.fiscal.income_paid_abroad),
        ("gni_{c}", row.fiscal.gni),
        ("after_tax_npv_horizon_{c}", row.fiscal.after_tax_npv),
        (
            "after_tax_irr_horizon_pct",
            row.fiscal.after_tax_irr.map_or(f64::NAN, |irr| irr * 100.0),
        ),
    ]
}

/// The report as CSV: one row per stage and a national row, full precision, units in headers.
pub fn to_csv(report: &Report) -> Result<String, csv::Error> {
    let currency = format::unit_in_column(&report.currency);
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "period".to_owned(),
        "scenario".to_owned(),
        "id".to_owned(),
        "name".to_owned(),
        "location".to_owned(),
        "unit".to_owned(),
    ];
    header.extend(
        csv_columns(&report.national)
            .iter()
            .map(|(name, _)| name.replace("{c}", &currency)),
    );
    header.push(format!("period_gdp_{currency}"));
    writer.write_record(&header)?;
    for row in report
        .stages
        .iter()
        .chain(std::iter::once(&report.national))
    {
        let mut record: Vec<String> = [
            report.period.as_str(),
            report.scenario.as_str(),
            row.id.as_str(),
            row.name.as_str(),
            row.location,
            row.unit.as_str(),
        ]
        .into_iter()
        .map(|cell| csv_cell::text(cell).into_owned())
        .collect();
        for (_, value) in csv_columns(row) {
            // Empty cells, not "NaN", where a figure does not apply (quantity of the total).
            record.push(csv_cell::number(value));
        }
        record.push(csv_cell::number(report.gdp));
        writer.write_record(&record)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| csv::Error::from(error.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The report as pretty JSON (full precision; NaN written as null).
pub fn to_json(report: &Report) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(report)?;
    text.push('\n');
    Ok(text)
}

/// NPV, IRR and payback per stage and for the chain, over the whole horizon (before income
/// tax), then who gets the value over the report's period.
fn investment_table(out: &mut String, report: &Report, money: &MoneyDisplay) {
    let name_width = report
        .stages
        .iter()
        .map(|row| row.name.chars().count())
        .max()
        .unwrap_or(0)
        .max("Domestic chain".len());
    let _ = writeln!(
        out,
        "\nInvestment over the whole horizon (pre-tax cash flows, NPV at the discount rate):"
    );
    let _ = writeln!(
        out,
        "  {:<name_width$}  {:>14}  {:>8}  {:>7}",
        "Stage", "NPV", "IRR", "Payback"
    );
    let rows = report.stages.iter().map(|row| (row.name.as_str(), row));
    let chain = std::iter::once(("Domestic chain", &report.national));
    for (name, row) in rows.chain(chain) {
        let irr = row.irr.map_or_else(|| "–".to_owned(), percent);
        let payback = &row.payback;
        let _ = writeln!(
            out,
            "  {name:<name_width$}  {:>14}  {irr:>8}  {payback:>7}",
            money.short(row.npv)
        );
    }
    fiscal_table::table(out, &report.who_gets, &report.period, money);
    pam_table::table(out, &report.pam, &report.period, money);
}

/// The report as a readable table: thousands separators, k/M/bn with the currency.
pub fn to_table(report: &Report, money: &MoneyDisplay) -> String {
    let headers = [
        "Stage",
        "Quantity",
        "Output value",
        "IC",
        "VA",
        "Wages",
        "Net taxes",
        "Depreciation",
        "Op. surplus",
        "VA/GDP",
        if report.years > 1 { "Jobs/yr" } else { "Jobs" },
        "Exports",
        "Imports",
    ];
    let cells = |row: &ReportRow| -> Vec<String> {
        let name = if row.location == "abroad" {
            format!("{} (abroad)", row.name)
        } else {
            row.name.clone()
        };
        vec![
            name,
            if row.quantity.is_finite() {
                quantity(row.quantity, &row.unit)
            } else {
                String::new()
            },
            money.short(row.output_value),
            money.short(row.intermediate_consumption),
            money.short(row.value_added),
            money.short(row.wages),
            money.short(row.net_taxes),
            money.short(row.depreciation),
            money.short(row.operating_surplus),
            if row.share_of_gdp.is_finite() {
                percent(row.share_of_gdp)
            } else {
                "–".to_owned()
            },
            thousands(row.jobs, 0),
            money.short(row.exports),
            money.short(row.imports),
        ]
    };
    let mut rows: Vec<Vec<String>> = report.stages.iter().map(cells).collect();
    rows.push(cells(&report.national));
    let widths: Vec<usize> = (0..headers.len())
        .map(|column| {
            rows.iter()
                .filter_map(|row| row.get(column))
                .map(|cell| cell.chars().count())
                .chain(headers.get(column).map(|header| header.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: &[String]| -> String {
        cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(column, (cell, &width))| {
                if column == 0 {
                    format!("{cell:<width$}")
                } else {
                    format!("{cell:>width$}")
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_owned()
    };
    let header_cells: Vec<String> = headers.iter().map(|&h| h.to_owned()).collect();
    let rule = "-".repeat(widths.iter().sum::<usize>() + 2 * (widths.len() - 1));
    let mut out = format!("{} — {}\n\n", report.project, report.period);
    out.push_str(&line(&header_cells));
    out.push('\n');
    out.push_str(&rule);
    out.push('\n');
    let Some((total, stage_rows)) = rows.split_last() else {
        return out;
    };
    for row in stage_rows {
        out.push_str(&line(row));
        out.push('\n');
    }
    out.push_str(&rule);
    out.push('\n');
    out.push_str(&line(total));
    out.push('\n');
    investment_table(&mut out, report, money);
    national_table(&mut out, report, money);
    deck::table(
        &mut out,
        &report.deck,
        &report.priced_stages,
        &report.currency,
    );
    out
}

/// The national figures of the report, then the construction figures apart and the domestic
/// chain's investment indicators.
fn national_table(out: &mut String, report: &Report, money: &MoneyDisplay) {
    let national = &report.national;
    let irr = report.chain_irr.map_or_else(|| "none".to_owned(), percent);
    let payback = &national.payback;
    let _ = write!(
        out,
        "\nNational (domestic stages), {}:\n\
         \x20 GDP                     {}\n\
         \x20 Direct value added      {}  ({} of GDP)\n\
         \x20 Indirect value added    {}\n\
         \x20 Total value added       {}  ({} of GDP)\n\
         \x20 Exports                 {}\n\
         \x20 Imports                 {}\n\
         \x20 Net FX earnings         {}\n\
         \x20 Public revenue          {}\n\
         \x20 Jobs{}             {}\n\
         \x20 Rate of integration     {}\n\
         Construction (apart from the figures above):\n\
         \x20 Construction VA         {}\n\
         \x20 Construction jobs{} {}\n\
         \x20 Energy, CO2, water      {} MWh, {} t CO2, {} m3\n\
         Investment, domestic chain over the horizon:\n\
         \x20 NPV at discount rate    {}\n\
         \x20 IRR                     {}\n\
         \x20 Payback year            {}\n",
        report.period,
        money.short(report.gdp),
        money.short(national.value_added),
        percent(national.share_of_gdp),
        money.short(national.indirect_va),
        money.short(national.total_va),
        percent(national.share_of_gdp_total),
        money.short(national.exports),
        money.short(national.imports),
        money.short(national.net_fx),
        money.short(national.public_revenue),
        if report.years > 1 {
            " (avg./yr)"
        } else {
            "           "
        },
        thousands(national.jobs, 0),
        if national.integration_rate.is_finite() {
            percent(national.integration_rate)
        } else {
            "–".to_owned()
        },
        money.short(national.construction_va),
        if report.years > 1 {
            " (avg./yr)"
        } else {
            "      "
        },
        thousands(national.construction_jobs, 0),
        short_number(national.energy_mwh),
        short_number(national.co2_t),
        short_number(national.water_m3),
        money.short(report.chain_npv),
        irr,
        payback,
    );
}
