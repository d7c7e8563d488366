//! The Analysis view: scenarios compared with a baseline, the tornado, and Monte Carlo.

use egui::Ui;

use crate::calc::Results;
use crate::chart::Chart;
use crate::export::ExportFormat;
use crate::model::Project;

/// What the Analysis view remembers between frames.
#[derive(Debug, Default)]
pub struct AnalysisState {}

/// What the Analysis view reads from the app.
pub struct AnalysisInput<'a> {
    /// The document's project: the base, with every scenario, lever and uncertainty.
    pub project: &'a Project,
    /// The project on screen (base plus the active scenario).
    pub view: &'a Project,
    /// Results of `view` (`None` while it has errors).
    pub results: Option<&'a Results>,
    /// The scenario on screen, `None` for the base.
    pub active_scenario: Option<&'a str>,
    /// Document revision: anything computed from an older one is out of date.
    pub revision: u64,
    /// File name for the charts' source line.
    pub file_name: Option<String>,
}

/// Draws the Analysis view; returns a chart to export and the format, when asked.
pub fn analysis_ui(
    ui: &mut Ui,
    _state: &mut AnalysisState,
    _input: &AnalysisInput<'_>,
) -> Option<(Chart, ExportFormat)> {
    ui.heading("Analysis");
    None
}
