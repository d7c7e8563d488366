//! The data behind a chart as CSV, units in the column headers.

use super::{Chart, ChartBody, ValueFormat};
use crate::report::csv_cell;

/// The numbers a chart draws, one row per category, year, step or flow. Twelve significant
/// digits; the unit of every number is in its column header, and the last column names the
/// scenario the numbers are of.
pub fn to_csv(chart: &Chart) -> Result<String, csv::Error> {
    let mut writer = ScenarioWriter {
        inner: csv::Writer::from_writer(Vec::new()),
        scenario: text(&chart.scenario),
        header_written: false,
    };
    match &chart.body {
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
        .inner
        .into_inner()
        .map_err(csv::IntoInnerError::into_error)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A text cell (name, label, unit) that a spreadsheet will not read as a formula.
fn text(cell: &str) -> String {
    csv_cell::text(cell).into_owned()
}

/// Twelve significant digits, never "-0"; an undefined number is an empty cell, never "NaN".
fn number(value: Option<f64>) -> String {
    value.map_or_else(String::new, csv_cell::number)
}

/// A CSV writer that ends the header with "Scenario" and every row with the scenario's name.
struct ScenarioWriter {
    inner: csv::Writer<Vec<u8>>,
    scenario: String,
    header_written: bool,
}

impl ScenarioWriter {
    fn write_record<I, T>(&mut self, record: I) -> Result<(), csv::Error>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        let mut cells: Vec<Vec<u8>> = record.into_iter().map(|c| c.as_ref().to_vec()).collect();
        cells.push(if self.header_written {
            self.scenario.as_bytes().to_vec()
        } else {
            b"Scenario".to_vec()
        });
        self.header_written = true;
        self.inner.write_record(&cells)
    }
}
