//! The tables of the report bundle's brief, each worked out once from the base case's report
//! (`crate::report::build`, already computed for the brief): the figures by stage, who gets
//! the value (`docs/METHOD.md` 18) and the Policy Analysis Matrix (19).

use super::brief::{TableSection, TextTable};
use crate::analysis::break_even::break_even;
use crate::model::Project;
use crate::report::Report;
use crate::report::fiscal_table::{self, break_even_text};
use crate::report::format::{MoneyDisplay, percent, short_number, thousands};
use crate::report::pam_table::ratio_text;
use crate::report::tabular::{Cell, Style, per_stage_table};

/// The columns of the by-stage table in the brief (the workbook has every column).
const STAGE_COLUMNS: [&str; 8] = [
    "Value added (",
    "Total VA (",
    "Share of GDP (",
    "Jobs, average per year (",
    "Exports (",
    "Public revenue (",
    "NPV over the horizon (",
    "CO₂ (",
];

/// The by-stage table: the stage's name and the columns of [`STAGE_COLUMNS`].
pub(super) fn stages_table(report: &Report) -> TextTable {
    let table = per_stage_table(report);
    let keep: Vec<usize> = std::iter::once(0)
        .chain(
            STAGE_COLUMNS
                .iter()
                .filter_map(|prefix| table.headers.iter().position(|h| h.starts_with(prefix))),
        )
        .collect();
    TextTable {
        headers: keep.iter().map(|&i| table.headers[i].clone()).collect(),
        rows: table
            .rows
            .iter()
            .map(|row| keep.iter().map(|&i| readable(&row[i])).collect())
            .collect(),
    }
}

/// A table cell as the brief shows it: money and quantities to three significant figures
/// with k, M or bn (the header names the unit; the workbook has every digit), so a column of
/// billions fits a printed page; percentages with their sign.
fn readable(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => text.clone(),
        Cell::Number(value, _) if !value.is_finite() => "–".to_owned(),
        Cell::Number(value, Style::Money | Style::Quantity) => short_number(*value),
        Cell::Number(value, Style::Percent) => percent(value / 100.0),
        Cell::Number(value, Style::Year) => format!("{value:.0}"),
        Cell::Number(value, Style::Ratio) => format!("{value:.2}"),
        Cell::Number(value, _) => thousands(*value, 0),
    }
}

/// "Who gets the value" of `project`'s domestic chain (the scenario named `scenario`): the
/// lines of the text report and of the window's panel over the report's period, then the
/// break-even price of each deck commodity.
pub(super) fn who_gets_section(
    project: &Project,
    report: &Report,
    money: &MoneyDisplay,
    scenario: &str,
) -> TableSection {
    let rows = fiscal_table::lines(&report.who_gets, money)
        .into_iter()
        .map(|(label, value)| vec![label.to_owned(), value])
        .collect();
    // Each search is some thirty calculations of a lean copy, as `uplift break-even` does.
    let after = project
        .prices
        .keys()
        .map(|name| {
            let found = break_even(project, name).map_err(|error| error.to_string());
            format!(
                "Break-even price of {name}: {}",
                break_even_text(project, &found)
            )
        })
        .collect();
    let break_even_note = if project.prices.is_empty() {
        ""
    } else {
        " The break-even price of a deck commodity is the level of its price path (every year \
         moved in proportion) at which the chain's after-tax NPV at the discount rate is zero."
    };
    TableSection {
        title: "Who gets the value".to_owned(),
        note: format!(
            "The domestic chain, {scenario}, {}. Figures are undiscounted totals over the period \
             unless the label says otherwise. After-tax and equity returns are \
             over the whole horizon, NPV at the discount rate of {}%.{break_even_note}",
            report.period, project.economy.discount_rate_pct
        ),
        table: TextTable {
            headers: vec!["Figure".to_owned(), scenario.to_owned()],
            rows,
        },
        after,
    }
}

/// "Does processing at home pay?": the Policy Analysis Matrix of each domestic stage and of
/// the chain over the report's period (the scenario named `scenario`), a row for the ratios
/// and one each for the private and the social prices.
pub(super) fn pam_section(report: &Report, money: &MoneyDisplay, scenario: &str) -> TableSection {
    let pam = &report.pam;
    let mut rows = Vec::new();
    for line in &pam.lines {
        let mut ratios = vec![line.name.clone()];
        ratios.extend(std::iter::repeat_n(String::new(), 4));
        ratios.extend([line.npc, line.epc, line.drc].map(ratio_text));
        rows.push(ratios);
        for (prices, row) in [
            (" at private prices", &line.private),
            (" at social prices", &line.social),
        ] {
            let mut cells = vec![prices.to_owned()];
            cells.extend(
                [
                    row.revenue,
                    row.tradable_inputs,
                    row.domestic_factors,
                    row.profit(),
                ]
                .map(|value| money.short(value)),
            );
            cells.extend(std::iter::repeat_n(String::new(), 3));
            rows.push(cells);
        }
    }
    let headers = [
        "Stage",
        "Revenue",
        "Tradable inputs",
        "Domestic factors",
        "Profit",
        "NPC",
        "EPC",
        "DRC",
    ];
    TableSection {
        title: "Does processing at home pay? Policy Analysis Matrix".to_owned(),
        note: format!(
            "Each domestic stage and the domestic chain, {scenario}, {}: undiscounted totals, \
             capital charged at the discount rate. Private prices are those a stage pays and \
             receives; social prices are border prices, with a shadow exchange rate factor of \
             {} and a shadow wage factor of {}, and no taxes or subsidies. NPC: revenue at \
             private over social prices; EPC: the same for value added; DRC: domestic factors \
             at social prices over value added at border prices (below 1, the stage earns more \
             foreign exchange than its domestic resources are worth). \"–\": no base (no \
             revenue, or no value added at border prices).",
            report.period, pam.shadow_exchange_rate_factor, pam.shadow_wage_factor
        ),
        table: TextTable {
            headers: headers.map(str::to_owned).to_vec(),
            rows,
        },
        after: Vec::new(),
    }
}
