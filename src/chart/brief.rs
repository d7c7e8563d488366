//! What a report bundle says, worked out once (`chart::bundle`) and written twice: as the
//! HTML page (through the template) and as the PDF (`chart::bundle_pdf`).

use serde::Serialize;

use super::SvgSize;
use crate::report::assumptions::Assumption;

#[derive(Serialize)]
pub(super) struct HeadlineRow {
    pub(super) label: String,
    pub(super) cells: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct ChartEntry {
    pub(super) title: String,
    pub(super) note: String,
    pub(super) svg: String,
}

#[derive(Serialize)]
pub(super) struct TextTable {
    pub(super) headers: Vec<String>,
    pub(super) rows: Vec<Vec<String>>,
}

/// A section of the brief that is mostly a table: its heading (the page and the PDF number it),
/// a note on how to read it, the table, and lines under it. A first cell that starts with a
/// space is a sub-line, drawn indented.
#[derive(Serialize)]
pub(super) struct TableSection {
    pub(super) title: String,
    pub(super) note: String,
    pub(super) table: TextTable,
    pub(super) after: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct ScenarioDifferences {
    pub(super) name: String,
    pub(super) rows: Vec<[String; 3]>,
}

#[derive(Serialize)]
pub(super) struct MethodSection {
    pub(super) title: &'static str,
    pub(super) anchor: &'static str,
}

/// Everything the page and the PDF say, worked out once.
#[derive(Serialize)]
pub(super) struct Brief {
    pub(super) project: String,
    pub(super) description: String,
    pub(super) scenarios: Vec<String>,
    pub(super) period: String,
    pub(super) currency: String,
    pub(super) file: String,
    pub(super) date: String,
    pub(super) version: &'static str,
    pub(super) headline: Vec<HeadlineRow>,
    pub(super) charts: Vec<ChartEntry>,
    pub(super) stages: TextTable,
    /// Who gets the domestic chain's value, base case, over the horizon.
    pub(super) who_gets: TableSection,
    /// The Policy Analysis Matrix of each domestic stage and of the chain, base case.
    pub(super) pam: TableSection,
    pub(super) differences: Vec<ScenarioDifferences>,
    pub(super) assumptions: Vec<Assumption>,
    pub(super) sources: Vec<String>,
    pub(super) notes: String,
    pub(super) method: Vec<MethodSection>,
}

/// Size charts are laid out at in the report: narrow enough that their text stays legible
/// on a printed page.
pub(super) const REPORT_CHART: SvgSize = SvgSize {
    width: 900.0,
    height: 620.0,
};
