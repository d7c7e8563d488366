//! The data behind a chart as CSV, units in the column headers.

use super::{Chart, ChartBody, ValueFormat};
use crate::report::csv_cell;

/// The numbers a chart draws, one row per category, year, step or flow. Full precision; the
/// unit of every number is in its column header.
pub fn to_csv(chart: &Chart) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    match &chart.body {
        ChartBody::Bars { panels, .. }
            if panels
                .windows(2)
                .any(|w| w[0].categories != w[1].categories) =>
        {
            panels_long(&mut writer, panels)?;
        }
        ChartBody::Bars { panels, .. } => {
            let mut header = vec!["Stage".to_owned()];
            for panel in panels {
                let unit = panel.y_axis.format.unit();
                for series in panel.series.iter().chain(&panel.total) {
                    let name = if panel.total.as_ref() == Some(series) && panels.len() > 1 {
                        format!("{} total", series.name)
                    } else {
                        series.name.clone()
                    };
                    header.push(text(&format!("{name} ({unit})")));
                }
            }
            writer.write_record(&header)?;
            let categories = panels.first().map_or(&[][..], |p| &p.categories[..]);
            for (row, category) in categories.iter().enumerate() {
                let mut record = vec![text(category)];
                for panel in panels {
                    for series in panel.series.iter().chain(&panel.total) {
                        record.push(number(series.values.get(row).copied()));
                    }
                }
                writer.write_record(&record)?;
            }
        }
        ChartBody::Lines(panel) => {
            let unit = panel.y_axis.format.unit();
            let mut header = vec!["Year".to_owned()];
            header.extend(
                panel
                    .series
                    .iter()
                    .map(|s| text(&format!("{} ({unit})", s.name))),
            );
            header.push("Phase".to_owned());
            writer.write_record(&header)?;
            for (row, year) in panel.years.iter().enumerate() {
                let mut record = vec![year.to_string()];
                record.extend(
                    panel
                        .series
                        .iter()
                        .map(|s| number(s.values.get(row).copied())),
                );
                let phase = panel
                    .bands
                    .iter()
                    .find(|band| (band.first_year..=band.last_year).contains(year))
                    .map_or("", |band| band.name.as_str());
                record.push(text(phase));
                writer.write_record(&record)?;
            }
        }
        ChartBody::Waterfall(waterfall) => {
            let unit = waterfall.y_axis.format.unit();
            let per = waterfall.total_label.as_str();
            writer.write_record([
                "Stage".to_owned(),
                text(&format!("Value before ({unit} per {per})")),
                text(&format!("Value added here ({unit} per {per})")),
                text(&format!("Value after ({unit} per {per})")),
                "Uplift multiple (x)".to_owned(),
            ])?;
            for step in &waterfall.steps {
                writer.write_record([
                    text(&step.label),
                    number(Some(step.start)),
                    number(Some(step.added)),
                    number(Some(step.end())),
                    step.multiple.map_or_else(String::new, |m| number(Some(m))),
                ])?;
            }
        }
        ChartBody::Sankey(sankey) => {
            writer.write_record(["From", "To", "Amount", "Unit", "Share of source (%)"])?;
            for flow in &sankey.flows {
                let label = |i: usize| sankey.nodes.get(i).map_or("", |n| n.label.as_str());
                let unit = match &flow.format {
                    ValueFormat::Money(code) | ValueFormat::Quantity(code) => code.as_str(),
                    ValueFormat::Percent => "%",
                };
                writer.write_record([
                    text(label(flow.from)),
                    text(label(flow.to)),
                    number(Some(flow.amount)),
                    text(unit),
                    number(Some(flow.share_of_source * 100.0)),
                ])?;
            }
        }
        ChartBody::Empty(reason) => {
            writer.write_record(["Note"])?;
            writer.write_record([text(reason)])?;
        }
    }
    let bytes = writer
        .into_inner()
        .map_err(csv::IntoInnerError::into_error)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A text cell (name, label, unit) that a spreadsheet will not read as a formula.
/// Panels whose bars are not the same categories (years in one, recipients in another): one
/// row per panel, category and series, the amount with its unit beside it.
fn panels_long(
    writer: &mut csv::Writer<Vec<u8>>,
    panels: &[super::BarPanel],
) -> Result<(), csv::Error> {
    writer.write_record(["Panel", "Category", "Series", "Amount", "Unit"])?;
    for panel in panels {
        let unit = panel.y_axis.format.unit();
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
                writer.write_record([
                    text(&panel.heading),
                    text(category),
                    text(&series.name),
                    number(Some(value)),
                    text(unit),
                ])?;
            }
        }
    }
    Ok(())
}

fn text(cell: &str) -> String {
    csv_cell::text(cell).into_owned()
}

/// Full precision; an undefined number is an empty cell, never "NaN".
fn number(value: Option<f64>) -> String {
    match value {
        Some(value) if value.is_finite() => value.to_string(),
        _ => String::new(),
    }
}
