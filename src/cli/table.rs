//! Text layout shared by the analysis commands: figures and signed differences as a table
//! shows them (money with k/M/bn, fractions as percent), rows laid out in aligned columns,
//! and rows written as CSV or a value as pretty JSON.

use std::fmt::Write as _;

use crate::analysis::Unit;
use crate::report::format::MoneyDisplay;

/// A figure for the table: money with k/M/bn, fractions as percent, jobs as whole numbers.
pub(super) fn figure(value: f64, unit: Unit, money: &MoneyDisplay) -> String {
    match unit {
        Unit::Money => money.short(value),
        Unit::Fraction => crate::report::format::percent(value),
        Unit::Jobs => crate::report::format::thousands(value, 0),
        Unit::Ratio => format!("{value:.2}"),
    }
}

/// A difference for the table, signed.
pub(super) fn signed(value: f64, unit: Unit, money: &MoneyDisplay) -> String {
    if !value.is_finite() {
        // A figure that does not exist (no IRR) has no difference.
        return "–".to_owned();
    }
    let text = figure(value.abs(), unit, money);
    if value < 0.0 {
        format!("-{text}")
    } else {
        format!("+{text}")
    }
}

/// Lays out rows of cells in aligned columns, the first left-aligned, the rest right-aligned.
pub(super) fn columns(rows: &[Vec<String>]) -> String {
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

/// `rows` under `header` as CSV.
pub(super) fn csv_text(header: &[String], rows: &[Vec<String>]) -> anyhow::Result<String> {
    // Names and labels reach these cells (scenario and stage names, phases, the currency):
    // neutralised so a spreadsheet never runs one as a formula; numbers are kept as numbers.
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(
        header
            .iter()
            .map(|cell| crate::report::csv_cell::any(cell).into_owned()),
    )?;
    for row in rows {
        writer.write_record(
            row.iter()
                .map(|cell| crate::report::csv_cell::any(cell).into_owned()),
        )?;
    }
    Ok(String::from_utf8(writer.into_inner()?)?)
}

/// `value` as pretty JSON, ending in a new line.
pub(super) fn json_text(value: &impl serde::Serialize) -> anyhow::Result<String> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}
