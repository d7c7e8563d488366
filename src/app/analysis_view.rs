//! The Analysis view: scenarios compared with a baseline, the tornado, and Monte Carlo.
//!
//! Everything here is computed on demand, never per frame: the comparison when the selection
//! or the document changes, the tornado and Monte Carlo on a background thread when "Run" is
//! clicked (`analysis_view/job.rs`). Results computed from an older revision stay on screen,
//! marked out of date; a cancelled run leaves the last results as they were.

use egui::{ComboBox, RichText, Ui};

use crate::analysis::{self, BASE_NAME, Comparison, Unit};
use crate::calc::Results;
use crate::chart::analysis_charts::{comparison_chart, comparison_headline_chart, scenario_label};
use crate::chart::export::ExportFormat;
use crate::chart::{Chart, PngSize};
use crate::model::Project;
use crate::report::format::{self, MoneyDisplay};

use super::charts::{chart_ui, export_buttons_ui};
use super::theme;

mod compare_table;
mod job;
mod monte_carlo;
mod sensitivity;

use compare_table::compare_table_ui;
use monte_carlo::{MonteCarloState, monte_carlo_ui};
use sensitivity::{SensitivityState, sensitivity_ui};

/// Height of a chart under the Monte Carlo and comparison controls, so two fit side by side.
const CHART_MIN_HEIGHT: f32 = 260.0;

/// Which part of the view is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Tab {
    #[default]
    Compare,
    Sensitivity,
    MonteCarlo,
}

/// What the Analysis view remembers between frames.
#[derive(Debug, Default)]
pub struct AnalysisState {
    tab: Tab,
    /// Size and scale of PNG exports.
    png_size: PngSize,
    compare: CompareState,
    sensitivity: SensitivityState,
    monte_carlo: MonteCarloState,
}

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

impl AnalysisInput<'_> {
    fn scenario(&self) -> &str {
        self.active_scenario.unwrap_or(BASE_NAME)
    }
}

/// Draws the Analysis view; returns a chart to export and the format, when asked.
pub fn analysis_ui(
    ui: &mut Ui,
    state: &mut AnalysisState,
    input: &AnalysisInput<'_>,
) -> Option<(Chart, ExportFormat)> {
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.selectable_value(&mut state.tab, Tab::Compare, "Compare")
            .on_hover_text("A baseline against one or more scenarios");
        ui.selectable_value(&mut state.tab, Tab::Sensitivity, "Sensitivity")
            .on_hover_text("Tornado: each parameter moved down and up, one at a time");
        ui.selectable_value(&mut state.tab, Tab::MonteCarlo, "Monte Carlo")
            .on_hover_text("Uncertain parameters drawn many times: the spread of the results");
    });
    ui.separator();
    // A run finishes whichever tab is shown.
    state.monte_carlo.poll(ui.ctx());
    state.sensitivity.poll(ui.ctx());
    match state.tab {
        Tab::Compare => compare_ui(ui, &mut state.compare, &mut state.png_size, input),
        Tab::Sensitivity => sensitivity_ui(ui, &mut state.sensitivity, &mut state.png_size, input),
        Tab::MonteCarlo => monte_carlo_ui(ui, &mut state.monte_carlo, &mut state.png_size, input),
    }
}

/// A "results are out of date" note.
fn stale_note_ui(ui: &mut Ui, what: &str) {
    ui.label(
        RichText::new(format!(
            "The project changed since {what}; run again to bring it up to date."
        ))
        .color(theme::warning_color(ui.visuals())),
    );
}

fn error_ui(ui: &mut Ui, message: &str) {
    ui.label(RichText::new(message).color(theme::error_color(ui.visuals())));
}

/// The export buttons for `chart`, returning it with the format clicked.
fn export_ui(
    ui: &mut Ui,
    png_size: &mut PngSize,
    chart: Option<&Chart>,
) -> Option<(Chart, ExportFormat)> {
    let format = export_buttons_ui(ui, png_size, chart.is_some())?;
    chart.map(|chart| (chart.clone(), format))
}

/// Draws `chart` in a box of the width given and the height left (at least
/// [`CHART_MIN_HEIGHT`]).
fn sized_chart_ui(ui: &mut Ui, chart: &Chart) {
    let size = egui::vec2(
        ui.available_width(),
        ui.available_height().max(CHART_MIN_HEIGHT),
    );
    ui.allocate_ui(size, |ui| chart_ui(ui, chart, false));
}

// ---------------------------------------------------------------------------------------------
// Compare

/// Which comparison chart is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum CompareChart {
    #[default]
    GdpShareByYear,
    Headline,
}

#[derive(Debug)]
struct CompareState {
    /// Scenario name of the baseline ([`BASE_NAME`] for the base).
    baseline: String,
    /// Scenarios compared with it, in the project's order.
    with: Vec<String>,
    chart: CompareChart,
    cached: Option<(CompareKey, Result<CompareView, String>)>,
}

impl Default for CompareState {
    fn default() -> Self {
        Self {
            baseline: BASE_NAME.to_owned(),
            with: Vec::new(),
            chart: CompareChart::default(),
            cached: None,
        }
    }
}

/// What a comparison depends on: when it changes, the comparison is recomputed.
#[derive(Clone, Debug, PartialEq)]
struct CompareKey {
    revision: u64,
    baseline: String,
    with: Vec<String>,
    file_name: Option<String>,
}

#[derive(Debug)]
struct CompareView {
    comparison: Comparison,
    lines: Chart,
    headline: Chart,
}

impl CompareState {
    /// Forgets names the project no longer has (a scenario renamed or deleted).
    fn prune(&mut self, project: &Project) {
        let exists = |name: &str| name == BASE_NAME || project.scenario(name).is_some();
        if !exists(&self.baseline) {
            BASE_NAME.clone_into(&mut self.baseline);
        }
        let baseline = self.baseline.clone();
        self.with
            .retain(|name| exists(name) && *name != baseline && name != BASE_NAME);
    }

    /// The comparison of the current choice, recomputed only when the choice or the document
    /// changed.
    fn view(&mut self, input: &AnalysisInput<'_>) -> Option<&Result<CompareView, String>> {
        if self.with.is_empty() {
            return None;
        }
        let key = CompareKey {
            revision: input.revision,
            baseline: self.baseline.clone(),
            with: self.with.clone(),
            file_name: input.file_name.clone(),
        };
        if self
            .cached
            .as_ref()
            .is_none_or(|(cached, _)| *cached != key)
        {
            let file_name = input.file_name.as_deref();
            let outcome = analysis::compare(input.project, &key.baseline, &key.with)
                .map(|comparison| CompareView {
                    lines: comparison_chart(input.project, &comparison, file_name),
                    headline: comparison_headline_chart(input.project, &comparison, file_name),
                    comparison,
                })
                .map_err(|error| format!("The comparison cannot be made: {error}."));
            self.cached = Some((key, outcome));
        }
        self.cached.as_ref().map(|(_, outcome)| outcome)
    }
}

fn compare_ui(
    ui: &mut Ui,
    state: &mut CompareState,
    png_size: &mut PngSize,
    input: &AnalysisInput<'_>,
) -> Option<(Chart, ExportFormat)> {
    let project = input.project;
    if project.scenarios.is_empty() {
        ui.heading("No scenarios to compare yet");
        ui.weak(
            "Create a scenario with the scenario selector in the tool bar, change what the \
             scenario asks, then compare it with the base here.",
        );
        return None;
    }
    state.prune(project);
    let names: Vec<String> = std::iter::once(BASE_NAME.to_owned())
        .chain(project.scenarios.iter().map(|s| s.name.clone()))
        .collect();
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Baseline");
        ComboBox::from_id_salt("compare-baseline")
            .selected_text(scenario_label(&state.baseline))
            .show_ui(ui, |ui| {
                for name in &names {
                    ui.selectable_value(&mut state.baseline, name.clone(), scenario_label(name));
                }
            })
            .response
            .labelled_by(label.id)
            .on_hover_text("The run every other is measured against");
        ui.separator();
        ui.label("Compare with");
        for name in names.iter().filter(|name| **name != state.baseline) {
            let mut ticked = state.with.contains(name);
            if ui.checkbox(&mut ticked, scenario_label(name)).changed() {
                if ticked {
                    state.with.push(name.clone());
                } else {
                    state.with.retain(|n| n != name);
                }
                // Keep the project's order, so the table and chart do not depend on click order.
                state
                    .with
                    .sort_by_key(|n| names.iter().position(|m| m == n).unwrap_or(usize::MAX));
            }
        }
    });
    state.prune(project);
    ui.add_space(4.0);
    let chart_choice = state.chart;
    let Some(outcome) = state.view(input) else {
        ui.weak("Tick one or more scenarios to compare them with the baseline.");
        return None;
    };
    let view = match outcome {
        Ok(view) => view,
        Err(message) => {
            error_ui(ui, message);
            return None;
        }
    };
    let money = MoneyDisplay::base(&project.currency);
    let mut export = None;
    let mut new_choice = chart_choice;
    ui.columns(2, |columns| {
        // Scrolls up and down; the table's figures scroll sideways on their own, under a
        // first column that stays put.
        egui::ScrollArea::vertical()
            .id_salt("compare-table")
            .show(&mut columns[0], |ui| {
                compare_table_ui(ui, &view.comparison, &money);
                ui.add_space(10.0);
                differences_ui(ui, &view.comparison);
            });
        let ui = &mut columns[1];
        ui.horizontal_wrapped(|ui| {
            ui.selectable_value(
                &mut new_choice,
                CompareChart::GdpShareByYear,
                "Share of GDP by year",
            );
            ui.selectable_value(&mut new_choice, CompareChart::Headline, "Headline figures");
            ui.separator();
            let chart = match new_choice {
                CompareChart::GdpShareByYear => &view.lines,
                CompareChart::Headline => &view.headline,
            };
            export = export_ui(ui, png_size, Some(chart));
        });
        let chart = match new_choice {
            CompareChart::GdpShareByYear => &view.lines,
            CompareChart::Headline => &view.headline,
        };
        sized_chart_ui(ui, chart);
    });
    state.chart = new_choice;
    export
}

/// A compared figure's value with its unit.
fn value_text(unit: Unit, money: &MoneyDisplay, value: f64) -> String {
    match unit {
        Unit::Money => money.short(value),
        Unit::Fraction => format::percent(value),
        Unit::Jobs => format!("{} jobs", format::thousands(value, 0)),
        Unit::Ratio => format!("{value:.2}"),
    }
}

/// A difference with its sign and unit; differences of shares are in percentage points.
fn delta_text(unit: Unit, money: &MoneyDisplay, delta: f64) -> String {
    if !delta.is_finite() {
        // A figure that does not exist (no IRR) has no difference.
        return "–".to_owned();
    }
    let sign = if delta < 0.0 { "-" } else { "+" };
    let magnitude = match unit {
        Unit::Fraction => format!("{} pp", format::percent(delta.abs()).trim_end_matches('%')),
        Unit::Money | Unit::Jobs | Unit::Ratio => value_text(unit, money, delta.abs()),
    };
    format!("{sign}{magnitude}")
}

fn delta_pct_text(delta_pct: Option<f64>) -> String {
    delta_pct.map_or_else(
        || "n/a (baseline is 0)".to_owned(),
        |fraction| {
            let sign = if fraction < 0.0 { "-" } else { "+" };
            format!("{sign}{:.1}%", fraction.abs() * 100.0)
        },
    )
}

fn differences_ui(ui: &mut Ui, comparison: &Comparison) {
    ui.strong("Parameters that differ from the baseline");
    for (name, differences) in comparison.with.iter().zip(&comparison.differences) {
        ui.add_space(4.0);
        ui.label(RichText::new(scenario_label(name)).underline());
        if differences.is_empty() {
            ui.weak("Same parameters as the baseline.");
            continue;
        }
        egui::Grid::new(("differences", name))
            .striped(true)
            .num_columns(3)
            .show(ui, |ui| {
                ui.weak("Parameter");
                ui.weak("Baseline");
                ui.weak("Scenario");
                ui.end_row();
                for difference in differences {
                    ui.label(&difference.label);
                    for value in format::difference_values(difference) {
                        ui.label(value);
                    }
                    ui.end_row();
                }
            });
    }
}
