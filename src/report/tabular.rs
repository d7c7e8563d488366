//! A table of text and numbers that every tabular export writes: CSV (`Table::to_csv`), the
//! Excel workbook (`chart::xlsx`) and the HTML report. One table per chart's data and per
//! report table, so the three never disagree.

use super::csv_cell;
use super::{Report, csv_columns};

/// How a number reads, for a spreadsheet's number format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// Money, whole units: `#,##0`.
    Money,
    /// A percentage held in percent (0.51 means 0.51%): `0.00%` of the value / 100.
    Percent,
    /// A quantity or a count: `#,##0.0`.
    Quantity,
    /// A ratio or a small number: `0.00`.
    Ratio,
    /// A year: no separators.
    Year,
    /// Any number, as the spreadsheet shows it by default (inputs of every size).
    General,
}

/// One cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Text (a name, a label, a unit).
    Text(String),
    /// A number and how it reads; a value that is not finite is written as an empty cell.
    Number(f64, Style),
}

/// A titled table: headers (units in brackets) and rows of cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// What it holds, for a sheet name or a caption: "Value added".
    pub title: String,
    /// Column headers, units in brackets.
    pub headers: Vec<String>,
    /// Rows, each as long as `headers`.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// A table with `title` and `headers` and no rows yet.
    pub fn new(title: &str, headers: Vec<String>) -> Self {
        Self {
            title: title.to_owned(),
            headers,
            rows: Vec::new(),
        }
    }

    /// The table as CSV: text through [`csv_cell::text`], numbers through
    /// [`csv_cell::number`] (twelve significant digits, never "-0", empty when undefined).
    pub fn to_csv(&self) -> Result<String, csv::Error> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(self.headers.iter().map(|h| csv_cell::text(h).into_owned()))?;
        for row in &self.rows {
            writer.write_record(row.iter().map(Cell::csv))?;
        }
        let bytes = writer
            .into_inner()
            .map_err(|error| csv::Error::from(error.into_error()))?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

impl Cell {
    /// A text cell.
    pub fn text(text: &str) -> Self {
        Self::Text(text.to_owned())
    }

    /// The cell as CSV text.
    pub fn csv(&self) -> String {
        match self {
            Self::Text(text) => csv_cell::text(text).into_owned(),
            Self::Number(value, _) => csv_cell::number(*value),
        }
    }
}

/// The per-stage report as a table for people: one row per stage and the national row,
/// headers in words with units ("Value added (USD)").
pub fn per_stage_table(report: &Report) -> Table {
    let mut headers: Vec<String> = ["Stage", "Location", "Unit"].map(str::to_owned).to_vec();
    headers.extend(
        csv_columns(&report.national)
            .iter()
            .map(|(name, _)| header_in_words(name, &report.currency)),
    );
    let mut table = Table::new("Per stage", headers);
    for row in report
        .stages
        .iter()
        .chain(std::iter::once(&report.national))
    {
        let mut cells = vec![
            Cell::text(&row.name),
            Cell::text(row.location),
            Cell::text(&row.unit),
        ];
        cells.extend(
            csv_columns(row)
                .iter()
                .map(|(name, value)| Cell::Number(*value, style_of(name))),
        );
        table.rows.push(cells);
    }
    table
}

/// How a report column's numbers read, from its name's suffix.
fn style_of(name: &str) -> Style {
    if name.ends_with("_{c}") {
        Style::Money
    } else if name.ends_with("_pct") {
        Style::Percent
    } else if name.ends_with("_year") {
        Style::Year
    } else if name.ends_with("_ratio") {
        Style::Ratio
    } else {
        Style::Quantity
    }
}

/// `value_added_{c}` → "Value added (USD)", `co2_t` → "CO₂ (t)".
fn header_in_words(name: &str, currency: &str) -> String {
    if name == "quantity" {
        // Each stage's own unit, in the Unit column.
        return "Quantity (unit of the stage)".to_owned();
    }
    let (words, unit) = [
        ("_{c}", currency),
        ("_pct", "%"),
        ("_fte_avg_per_year", "FTE"),
        ("_fte", "FTE"),
        ("_mwh", "MWh"),
        ("_t", "t"),
        ("_m3", "m³"),
        ("_ratio", "x"),
    ]
    .iter()
    .find_map(|(suffix, unit)| name.strip_suffix(suffix).map(|words| (words, *unit)))
    .unwrap_or((name, ""));
    let words = match words {
        "co2" => "CO₂".to_owned(),
        // Jobs are a level: over a period, the report gives their average per year.
        "jobs" => "Jobs, average per year".to_owned(),
        "construction_jobs" => "Construction jobs, average per year".to_owned(),
        "va" | "net_fx" | "npv_horizon" | "irr_horizon" => words
            .replace("va", "VA")
            .replace("net_fx", "Net FX")
            .replace("npv_horizon", "NPV over the horizon")
            .replace("irr_horizon", "IRR over the horizon"),
        other => {
            let spaced = other.replace('_', " ").replace(" va", " VA");
            let mut chars = spaced.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().collect::<String>() + chars.as_str()
            })
        }
    };
    if unit.is_empty() {
        words
    } else {
        format!("{words} ({unit})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_headers_read_in_words_with_units() {
        assert_eq!(
            header_in_words("value_added_{c}", "USD"),
            "Value added (USD)"
        );
        assert_eq!(header_in_words("co2_t", "USD"), "CO₂ (t)");
        assert_eq!(header_in_words("water_m3", "USD"), "Water (m³)");
        assert_eq!(
            header_in_words("indirect_va_{c}", "USD"),
            "Indirect VA (USD)"
        );
        assert_eq!(header_in_words("net_fx_{c}", "USD"), "Net FX (USD)");
        assert_eq!(header_in_words("payback_year", "USD"), "Payback year");
        assert_eq!(
            header_in_words("jobs_fte", "USD"),
            "Jobs, average per year (FTE)"
        );
        assert_eq!(
            header_in_words("jobs_fte_avg_per_year", "USD"),
            "Jobs, average per year (FTE)"
        );
        assert_eq!(
            header_in_words("construction_jobs_fte_avg_per_year", "USD"),
            "Construction jobs, average per year (FTE)"
        );
        assert_eq!(style_of("share_of_gdp_pct"), Style::Percent);
    }

    #[test]
    fn csv_cells_are_clean() {
        let mut table = Table::new("T", vec!["Name".into(), "Value (USD)".into()]);
        table
            .rows
            .push(vec![Cell::text("=1+1"), Cell::Number(-0.0, Style::Money)]);
        table
            .rows
            .push(vec![Cell::text("b"), Cell::Number(f64::NAN, Style::Money)]);
        assert_eq!(table.to_csv().unwrap(), "Name,Value (USD)\n'=1+1,0\nb,\n");
    }
}
