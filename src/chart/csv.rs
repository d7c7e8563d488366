//! The data behind a chart as a table ([`chart_table`]) and as CSV, units in the column
//! headers. The workbook and the report read the same table.

use super::{Chart, ChartBody, ValueFormat};
use crate::report::tabular::{Cell, Style, Table};

/// The numbers a chart draws as CSV, one row per category, year, step or flow. Twelve
/// significant digits; the unit of every number is in its column header, and the last
/// column names the scenario the numbers are of.
pub fn to_csv(chart: &Chart) -> Result<String, csv::Error> {
    chart_table(chart).to_csv()
}

/// How numbers of `format` read in a spreadsheet.
fn style(format: &ValueFormat) -> Style {
    match format {
        ValueFormat::Money(_) => Style::Money,
        ValueFormat::Percent => Style::Percent,
        ValueFormat::Quantity(_) => Style::Quantity,
        ValueFormat::Ratio => Style::Ratio,
    }
}

fn number(value: Option<f64>, style: Style) -> Cell {
    Cell::Number(value.unwrap_or(f64::NAN), style)
}

/// The numbers a chart draws as a table, titled with the chart's title; the last column is
/// the scenario.
pub fn chart_table(chart: &Chart) -> Table {
    let mut table = match &chart.body {
        ChartBody::Bars { panels, .. }
            if panels
                .windows(2)
                .any(|w| w[0].categories != w[1].categories) =>
        {
            panels_long(&chart.title, panels)
        }
        ChartBody::Bars { panels, .. } => {
            let mut header = vec!["Stage".to_owned()];
            for panel in panels {
                let unit = panel.y_axis.format.unit();
                for series in panel.series.iter().chain(&panel.total) {
                    let is_total = panel.total.as_ref() == Some(series);
                    let name = if is_total && panels.len() > 1 && !series.name.contains("total") {
                        format!("{} total", series.name)
                    } else {
                        series.name.clone()
                    };
                    header.push(format!("{name} ({unit})"));
                }
            }
            let mut table = Table::new(&chart.title, header);
            let categories = panels.first().map_or(&[][..], |p| &p.categories[..]);
            for (row, category) in categories.iter().enumerate() {
                let mut record = vec![Cell::text(category)];
                for panel in panels {
                    let style = style(&panel.y_axis.format);
                    for series in panel.series.iter().chain(&panel.total) {
                        record.push(number(series.values.get(row).copied(), style));
                    }
                }
                table.rows.push(record);
            }
            table
        }
        ChartBody::Lines(panel) => {
            let unit = panel.y_axis.format.unit();
            let mut header = vec!["Year".to_owned()];
            header.extend(panel.series.iter().map(|s| format!("{} ({unit})", s.name)));
            header.push("Phase".to_owned());
            let mut table = Table::new(&chart.title, header);
            let style = style(&panel.y_axis.format);
            for (row, year) in panel.years.iter().enumerate() {
                let mut record = vec![Cell::Number(f64::from(*year), Style::Year)];
                record.extend(
                    panel
                        .series
                        .iter()
                        .map(|s| number(s.values.get(row).copied(), style)),
                );
                let phase = panel
                    .bands
                    .iter()
                    .find(|band| (band.first_year..=band.last_year).contains(year))
                    .map_or("", |band| band.name.as_str());
                record.push(Cell::text(phase));
                table.rows.push(record);
            }
            table
        }
        ChartBody::Waterfall(waterfall) => {
            let unit = waterfall.y_axis.format.unit();
            let per = waterfall.total_label.as_str();
            let mut table = Table::new(
                &chart.title,
                vec![
                    "Stage".to_owned(),
                    format!("Value before ({unit} per {per})"),
                    format!("Value added here ({unit} per {per})"),
                    format!("Value after ({unit} per {per})"),
                    "Uplift multiple (x)".to_owned(),
                ],
            );
            for step in &waterfall.steps {
                table.rows.push(vec![
                    Cell::text(&step.label),
                    Cell::Number(step.start, Style::Money),
                    Cell::Number(step.added, Style::Money),
                    Cell::Number(step.end(), Style::Money),
                    number(step.multiple, Style::Ratio),
                ]);
            }
            table
        }
        ChartBody::Sankey(sankey) => {
            let mut table = Table::new(
                &chart.title,
                ["From", "To", "Amount", "Unit", "Share of source (%)"]
                    .map(str::to_owned)
                    .to_vec(),
            );
            for flow in &sankey.flows {
                let label = |i: usize| sankey.nodes.get(i).map_or("", |n| n.label.as_str());
                table.rows.push(vec![
                    Cell::text(label(flow.from)),
                    Cell::text(label(flow.to)),
                    Cell::Number(flow.amount, style(&flow.format)),
                    Cell::text(flow.format.unit()),
                    Cell::Number(flow.share_of_source * 100.0, Style::Percent),
                ]);
            }
            table
        }
        ChartBody::Empty(reason) => {
            let mut table = Table::new(&chart.title, vec!["Note".to_owned()]);
            table.rows.push(vec![Cell::text(reason)]);
            table
        }
    };
    table.headers.push("Scenario".to_owned());
    for row in &mut table.rows {
        row.push(Cell::text(&chart.scenario));
    }
    table
}

/// Panels whose bars are not the same categories (years in one, recipients in another): one
/// row per panel, bar and series, the amount with its unit beside it; a bar that is a year is
/// a number in the Year column, any other bar text in the Category column.
fn panels_long(title: &str, panels: &[super::BarPanel]) -> Table {
    let mut table = Table::new(
        title,
        ["Panel", "Year", "Category", "Series", "Amount", "Unit"]
            .map(str::to_owned)
            .to_vec(),
    );
    for panel in panels {
        let unit = panel.y_axis.format.unit();
        let style = style(&panel.y_axis.format);
        for (row, category) in panel.categories.iter().enumerate() {
            for series in panel.series.iter().chain(&panel.total) {
                let Some(&value) = series.values.get(row) else {
                    continue;
                };
                // A bar that names its series (a recipient) carries only that series.
                let named = panel.series.iter().any(|s| &s.name == category);
                if named && &series.name != category {
                    continue;
                }
                let (year, category) = match category.parse::<i32>() {
                    Ok(year) => (Cell::Number(f64::from(year), Style::Year), Cell::text("")),
                    Err(_) => (Cell::text(""), Cell::text(category)),
                };
                table.rows.push(vec![
                    Cell::text(&panel.heading),
                    year,
                    category,
                    Cell::text(&series.name),
                    Cell::Number(value, style),
                    Cell::text(unit),
                ]);
            }
        }
    }
    table
}
