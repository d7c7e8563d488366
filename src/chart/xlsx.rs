//! The Excel workbook: a sheet of metadata, one sheet per chart's data and per report table,
//! and a sheet of assumptions with their sources. Numbers are numbers with formats (`#,##0`,
//! `0.00%`), units are in the headers, header rows are frozen. `rust_xlsxwriter` writes the
//! file; every text cell goes through `report::csv_cell::text` as in the CSVs.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};

use crate::model::Project;
use crate::report::assumptions::Assumption;
use crate::report::csv_cell;
use crate::report::meta::{self, UPLIFT_VERSION};
use crate::report::tabular::{Cell, Style, Table};

/// What the metadata sheet says about a workbook.
#[derive(Clone, Debug)]
pub struct WorkbookInfo<'a> {
    /// The project.
    pub project: &'a Project,
    /// Scenario the numbers are of.
    pub scenario: &'a str,
    /// Period of the by-stage tables ("2025-2050 (whole horizon)").
    pub period: &'a str,
    /// File the project came from, if saved.
    pub file_name: Option<&'a str>,
}

/// Longest sheet name Excel accepts.
const MAX_SHEET_NAME: usize = 31;

/// The workbook's bytes: "About", then one sheet per table, then "Assumptions".
pub fn to_xlsx(
    tables: &[Table],
    assumptions: &[Assumption],
    info: &WorkbookInfo<'_>,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let mut names: Vec<String> = vec!["About".to_owned(), "Assumptions".to_owned()];

    let about = workbook.add_worksheet();
    about.set_name("About")?;
    about_sheet(about, info, &bold, &wrap)?;

    for table in tables {
        let name = sheet_name(&table.title, &names);
        names.push(name.clone());
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name)?;
        table_sheet(sheet, table, &bold)?;
    }

    let sheet = workbook.add_worksheet();
    sheet.set_name("Assumptions")?;
    table_sheet(sheet, &assumptions_table(assumptions), &bold)?;
    sheet.set_column_width(6, 70)?;
    workbook.save_to_buffer()
}

fn about_sheet(
    sheet: &mut Worksheet,
    info: &WorkbookInfo<'_>,
    bold: &Format,
    wrap: &Format,
) -> Result<(), XlsxError> {
    let project = info.project;
    let rows: [(&str, String); 9] = [
        ("Project", project.name.clone()),
        ("Scenario", info.scenario.to_owned()),
        ("Period", info.period.to_owned()),
        ("Money unit", project.currency.money_unit().to_owned()),
        (
            "File",
            info.file_name.unwrap_or("unsaved project").to_owned(),
        ),
        ("Made with", format!("Uplift {UPLIFT_VERSION}")),
        ("Date", meta::today()),
        (
            "Method",
            "docs/METHOD.md of this Uplift version (value added, share of GDP, FX, jobs)"
                .to_owned(),
        ),
        ("Description", project.description.clone()),
    ];
    sheet.write_string_with_format(0, 0, "Field", bold)?;
    sheet.write_string_with_format(0, 1, "Value", bold)?;
    let mut row = 1;
    for (field, value) in rows {
        sheet.write_string_with_format(row, 0, field, bold)?;
        sheet.write_string_with_format(row, 1, csv_cell::text(&value), wrap)?;
        row += 1;
    }
    for source in &project.sources {
        sheet.write_string_with_format(row, 0, "Data source", bold)?;
        sheet.write_string_with_format(row, 1, csv_cell::text(source), wrap)?;
        row += 1;
    }
    sheet.set_column_width(0, 14)?;
    sheet.set_column_width(1, 100)?;
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A sheet name Excel accepts, unique among `taken`: no `[]:*?/\`, at most 31 characters.
fn sheet_name(title: &str, taken: &[String]) -> String {
    let clean: String = title
        .chars()
        .map(|c| if "[]:*?/\\'".contains(c) { ' ' } else { c })
        .collect();
    let clean = clean.trim();
    let base: String = clean.chars().take(MAX_SHEET_NAME).collect();
    let base = if base.is_empty() {
        "Sheet".to_owned()
    } else {
        base
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        let suffix = format!(" ({n})");
        let keep = MAX_SHEET_NAME - suffix.chars().count();
        name = base.chars().take(keep).collect::<String>() + &suffix;
        n += 1;
    }
    name
}

/// The number format of `style`.
fn number_format(style: Style) -> &'static str {
    match style {
        Style::Money => "#,##0",
        Style::Percent => "0.00%",
        Style::Quantity => "#,##0.0",
        Style::Ratio => "0.00",
        Style::Year => "0",
        Style::General => "General",
    }
}

fn table_sheet(sheet: &mut Worksheet, table: &Table, bold: &Format) -> Result<(), XlsxError> {
    let header = bold.clone().set_text_wrap().set_align(FormatAlign::Top);
    for (column, title) in table.headers.iter().enumerate() {
        let column = column as u16;
        sheet.write_string_with_format(0, column, csv_cell::text(title), &header)?;
        let width = title.chars().count().clamp(10, 28) as f64 + 2.0;
        sheet.set_column_width(column, width)?;
    }
    let formats = [
        Style::Money,
        Style::Percent,
        Style::Quantity,
        Style::Ratio,
        Style::Year,
        Style::General,
    ]
    .map(|style| (style, Format::new().set_num_format(number_format(style))));
    for (row, cells) in table.rows.iter().enumerate() {
        let row = row as u32 + 1;
        for (column, cell) in cells.iter().enumerate() {
            let column = column as u16;
            match cell {
                Cell::Text(text) => {
                    sheet.write_string(row, column, csv_cell::text(text))?;
                }
                // An undefined number is an empty cell, as in the CSV.
                Cell::Number(value, _) if !value.is_finite() => {}
                Cell::Number(value, style) => {
                    let value = match style {
                        Style::Percent => value / 100.0,
                        _ => *value,
                    };
                    let format = formats.iter().find(|(s, _)| s == style).map(|(_, f)| f);
                    match format {
                        Some(format) => {
                            sheet.write_number_with_format(row, column, value, format)?;
                        }
                        None => {
                            sheet.write_number(row, column, value)?;
                        }
                    }
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 1)?;
    Ok(())
}

/// The assumptions as a table: owner, input, value, unit, default, key and source.
pub fn assumptions_table(assumptions: &[Assumption]) -> Table {
    let mut table = Table::new(
        "Assumptions",
        [
            "Where", "Input", "Value", "Unit", "Default", "Key", "Source",
        ]
        .map(str::to_owned)
        .to_vec(),
    );
    for a in assumptions {
        table.rows.push(vec![
            Cell::text(&a.owner),
            Cell::text(&a.input),
            a.number
                .map_or_else(|| Cell::text(&a.value), |n| Cell::Number(n, Style::General)),
            Cell::text(&a.unit),
            a.default_number.map_or_else(
                || Cell::text(&a.default),
                |n| Cell::Number(n, Style::General),
            ),
            Cell::text(&a.key),
            Cell::text(&a.source),
        ]);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let taken = vec!["About".to_owned()];
        assert_eq!(sheet_name("about", &taken), "about (2)");
        assert_eq!(sheet_name("A/B: c?", &taken), "A B  c");
        let long = "Value of one unit of final product, built up along the chain";
        assert_eq!(sheet_name(long, &taken).chars().count(), 31);
    }
}
