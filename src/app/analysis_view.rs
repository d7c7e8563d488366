//! The Analysis view: scenarios compared with a baseline, the tornado, and Monte Carlo.
//!
//! Everything here is computed on demand, never per frame: the comparison when the selection
//! or the document changes, the tornado when "Run" is clicked, and Monte Carlo on a background
//! thread. Results computed from an older revision stay on screen, marked out of date.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use egui::{ComboBox, RichText, Ui};

use crate::analysis::montecarlo::{self, DEFAULT_DRAWS, MonteCarlo, Settings};
use crate::analysis::{self, AnalysisError, BASE_NAME, Comparison, Output, Unit};
use crate::calc::Results;
use crate::chart::analysis_charts::{
    FanMeasure, comparison_chart, comparison_headline_chart, fan_chart, npv_histogram,
    scenario_label, tornado_chart,
};
use crate::chart::export::ExportFormat;
use crate::chart::{Chart, PngSize};
use crate::model::Project;
use crate::model::scenario::Distribution;
use crate::report::format::{self, MoneyDisplay};

use super::charts::{chart_ui, export_buttons_ui};
use super::theme;

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
        egui::ScrollArea::both()
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
    }
}

/// A difference with its sign and unit; differences of shares are in percentage points.
fn delta_text(unit: Unit, money: &MoneyDisplay, delta: f64) -> String {
    let sign = if delta < 0.0 { "-" } else { "+" };
    let magnitude = match unit {
        Unit::Fraction => format!("{} pp", format::percent(delta.abs()).trim_end_matches('%')),
        Unit::Money | Unit::Jobs => value_text(unit, money, delta.abs()),
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

fn compare_table_ui(ui: &mut Ui, comparison: &Comparison, money: &MoneyDisplay) {
    egui::Grid::new("compare-grid")
        .striped(true)
        .num_columns(2 + 3 * comparison.with.len())
        .show(ui, |ui| {
            ui.strong("Figure");
            ui.strong(format!("{} (baseline)", scenario_label(&comparison.base)));
            for name in &comparison.with {
                ui.strong(scenario_label(name));
                ui.strong("Difference");
                ui.strong("Difference (%)");
            }
            ui.end_row();
            for row in &comparison.rows {
                ui.label(&row.label);
                ui.label(value_text(row.unit, money, row.base));
                for cell in &row.with {
                    ui.label(value_text(row.unit, money, cell.value));
                    ui.label(delta_text(row.unit, money, cell.delta));
                    ui.label(delta_pct_text(cell.delta_pct));
                }
                ui.end_row();
            }
        });
}

/// A parameter's value with its unit, with decimals only where they matter.
fn param_value_text(value: f64, unit: &str) -> String {
    let decimals = if value.abs() >= 100.0 || value.fract() == 0.0 {
        0
    } else {
        2
    };
    let number = format::thousands(value, decimals);
    if unit.is_empty() {
        number
    } else {
        format!("{number} {unit}")
    }
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
                    if difference.param.is_none() {
                        let on_off = |v: f64| if v > 0.5 { "on" } else { "off" };
                        ui.label(on_off(difference.base));
                        ui.label(on_off(difference.scenario));
                    } else {
                        ui.label(param_value_text(difference.base, &difference.unit));
                        ui.label(param_value_text(difference.scenario, &difference.unit));
                    }
                    ui.end_row();
                }
            });
    }
}

// ---------------------------------------------------------------------------------------------
// Sensitivity

/// The output a tornado follows, as offered in the window (the year is chosen apart).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum OutputChoice {
    #[default]
    TotalVa,
    GdpShare,
    NetFx,
    Npv,
}

impl OutputChoice {
    const ALL: [Self; 4] = [Self::TotalVa, Self::GdpShare, Self::NetFx, Self::Npv];

    fn label(self) -> &'static str {
        match self {
            Self::TotalVa => "Total VA over the horizon",
            Self::GdpShare => "Share of GDP in a year",
            Self::NetFx => "Net FX over the horizon",
            Self::Npv => "NPV of the domestic chain",
        }
    }

    fn output(self, year: i32) -> Output {
        match self {
            Self::TotalVa => Output::TotalVa,
            Self::GdpShare => Output::GdpShare(year),
            Self::NetFx => Output::NetFx,
            Self::Npv => Output::Npv,
        }
    }
}

#[derive(Debug)]
struct SensitivityState {
    output: OutputChoice,
    /// Year of the share of GDP; `None` until chosen (then the horizon's last year).
    year: Option<i32>,
    /// Move of each parameter, in percent of its value.
    pct: f64,
    run: Option<SensitivityRun>,
}

impl Default for SensitivityState {
    fn default() -> Self {
        Self {
            output: OutputChoice::default(),
            year: None,
            pct: 20.0,
            run: None,
        }
    }
}

#[derive(Debug)]
struct SensitivityRun {
    revision: u64,
    scenario: String,
    outcome: Result<(Chart, Vec<(String, String)>), String>,
}

fn sensitivity_ui(
    ui: &mut Ui,
    state: &mut SensitivityState,
    png_size: &mut PngSize,
    input: &AnalysisInput<'_>,
) -> Option<(Chart, ExportFormat)> {
    let horizon = input.view.horizon;
    let year = state
        .year
        .filter(|&year| horizon.contains(year))
        .unwrap_or(horizon.last_year);
    let mut year_edit = year;
    let mut run_clicked = false;
    let mut export = None;
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Output");
        ComboBox::from_id_salt("tornado-output")
            .selected_text(state.output.label())
            .show_ui(ui, |ui| {
                for choice in OutputChoice::ALL {
                    ui.selectable_value(&mut state.output, choice, choice.label());
                }
            })
            .response
            .labelled_by(label.id);
        if state.output == OutputChoice::GdpShare {
            let label = ui.label("Year");
            ui.add(
                egui::DragValue::new(&mut year_edit).range(horizon.first_year..=horizon.last_year),
            )
            .labelled_by(label.id);
        }
        let label = ui.label("Move each parameter by");
        ui.add(
            egui::DragValue::new(&mut state.pct)
                .range(1.0..=90.0)
                .speed(0.5)
                .prefix("+/- ")
                .suffix(" %"),
        )
        .labelled_by(label.id)
        .on_hover_text("Each parameter is moved down and up by this share of its value, alone");
        run_clicked = ui
            .add_enabled(input.results.is_some(), egui::Button::new("Run"))
            .on_hover_text("Compute the tornado for the project on screen")
            .on_disabled_hover_text("The project has errors; fix them first")
            .clicked();
        ui.separator();
        let chart = state
            .run
            .as_ref()
            .and_then(|run| run.outcome.as_ref().ok())
            .map(|(chart, _)| chart);
        export = export_ui(ui, png_size, chart);
    });
    if year_edit != year {
        state.year = Some(year_edit);
    }
    ui.weak(if input.view.levers.is_empty() {
        "Moves every non-zero number of the project, one at a time (mark levers to move only those)."
    } else {
        "Moves each of the project's levers from its minimum to its maximum, one at a time, the others as they are (the percentage applies without levers)."
    });
    if run_clicked {
        let output = state.output.output(year_edit);
        let params = analysis::tornado_params(input.view);
        let outcome = analysis::tornado(input.view, output, state.pct, &params)
            .map(|tornado| {
                let chart = tornado_chart(
                    input.view,
                    &tornado,
                    input.scenario(),
                    input.file_name.as_deref(),
                );
                (chart, tornado.skipped)
            })
            .map_err(|error| format!("The tornado cannot be computed: {error}."));
        state.run = Some(SensitivityRun {
            revision: input.revision,
            scenario: input.scenario().to_owned(),
            outcome,
        });
    }
    let Some(run) = &state.run else {
        ui.add_space(20.0);
        ui.weak("Choose an output and click Run.");
        return export;
    };
    if run.revision != input.revision || run.scenario != input.scenario() {
        stale_note_ui(ui, "this tornado was run");
    }
    match &run.outcome {
        Ok((chart, skipped)) => {
            if !skipped.is_empty() {
                let names: Vec<&str> = skipped.iter().map(|(name, _)| name.as_str()).collect();
                ui.weak(format!(
                    "Left out, as a moved value does not compute: {}.",
                    names.join(", ")
                ))
                .on_hover_text(
                    skipped
                        .iter()
                        .map(|(name, why)| format!("{name}: {why}"))
                        .collect::<Vec<_>>()
                        .join("\n"),
                );
            }
            sized_chart_ui(ui, chart);
        }
        Err(message) => error_ui(ui, message),
    }
    export
}

// ---------------------------------------------------------------------------------------------
// Monte Carlo

#[derive(Debug)]
struct MonteCarloState {
    draws: usize,
    seed: u64,
    measure: FanMeasure,
    job: Option<MonteCarloJob>,
    outcome: Option<Result<MonteCarloRun, String>>,
}

impl Default for MonteCarloState {
    fn default() -> Self {
        Self {
            draws: DEFAULT_DRAWS,
            seed: 1,
            measure: FanMeasure::default(),
            job: None,
            outcome: None,
        }
    }
}

/// The charts of a finished run, built on the worker thread with the project it ran on.
#[derive(Debug)]
struct MonteCarloCharts {
    monte_carlo: MonteCarlo,
    fan_share: Chart,
    fan_va: Chart,
    histogram: Chart,
}

#[derive(Debug)]
struct MonteCarloRun {
    revision: u64,
    scenario: String,
    charts: MonteCarloCharts,
}

/// A run under way on a background thread.
#[derive(Debug)]
struct MonteCarloJob {
    draws: usize,
    revision: u64,
    scenario: String,
    progress: Arc<AtomicUsize>,
    cancel: Arc<AtomicBool>,
    receiver: mpsc::Receiver<Result<MonteCarloCharts, AnalysisError>>,
}

impl Drop for MonteCarloJob {
    /// A run nobody waits for any more (a new run, the window closing) stops early.
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

impl MonteCarloState {
    /// Starts a run of `input.view` on a background thread (the draws themselves spread over
    /// every core).
    fn start(&mut self, input: &AnalysisInput<'_>) {
        let project = input.view.clone();
        let scenario = input.scenario().to_owned();
        let file_name = input.file_name.clone();
        let settings = Settings {
            draws: self.draws,
            seed: self.seed,
            ..Settings::default()
        };
        let progress = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (sender, receiver) = mpsc::channel();
        let (thread_progress, thread_cancel) = (Arc::clone(&progress), Arc::clone(&cancel));
        let thread_scenario = scenario.clone();
        std::thread::spawn(move || {
            let outcome = montecarlo::run(&project, settings, &thread_progress, &thread_cancel)
                .map(|monte_carlo| {
                    let file = file_name.as_deref();
                    MonteCarloCharts {
                        fan_share: fan_chart(
                            &project,
                            &monte_carlo,
                            FanMeasure::GdpShare,
                            &thread_scenario,
                            file,
                        ),
                        fan_va: fan_chart(
                            &project,
                            &monte_carlo,
                            FanMeasure::TotalVa,
                            &thread_scenario,
                            file,
                        ),
                        histogram: npv_histogram(&project, &monte_carlo, &thread_scenario, file),
                        monte_carlo,
                    }
                });
            // The window may have gone or started another run; nobody to tell then.
            let _ = sender.send(outcome);
        });
        self.job = Some(MonteCarloJob {
            draws: self.draws,
            revision: input.revision,
            scenario,
            progress,
            cancel,
            receiver,
        });
    }

    /// Picks up a finished run; keeps the window repainting while one is under way.
    fn poll(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.job else { return };
        match job.receiver.try_recv() {
            Ok(outcome) => {
                self.outcome = Some(match outcome {
                    Ok(charts) => Ok(MonteCarloRun {
                        revision: job.revision,
                        scenario: job.scenario.clone(),
                        charts,
                    }),
                    Err(AnalysisError::Cancelled) => Err("Cancelled.".to_owned()),
                    Err(error) => Err(format!("The run failed: {error}.")),
                });
                self.job = None;
            }
            Err(mpsc::TryRecvError::Empty) => {
                // Not an immediate repaint: the progress bar only needs a few frames a second.
                ctx.request_repaint_after(Duration::from_millis(100));
            }
            Err(mpsc::TryRecvError::Disconnected) => {
                self.outcome = Some(Err("The run stopped unexpectedly.".to_owned()));
                self.job = None;
            }
        }
    }
}

/// A distribution in a few words, in the parameter's unit.
fn distribution_text(distribution: &Distribution, unit: &str) -> String {
    let v = |value: f64| param_value_text(value, unit);
    match *distribution {
        Distribution::Uniform { min, max } => format!("uniform from {} to {}", v(min), v(max)),
        Distribution::Triangular { min, mode, max } => format!(
            "triangular from {} to {}, most likely {}",
            v(min),
            v(max),
            v(mode)
        ),
        Distribution::Normal { mean, std_dev } => {
            format!(
                "normal, mean {}, standard deviation {}",
                v(mean),
                v(std_dev)
            )
        }
        Distribution::LogNormal { median, sigma } => {
            format!("log-normal, median {}, sigma {sigma}", v(median))
        }
    }
}

fn monte_carlo_ui(
    ui: &mut Ui,
    state: &mut MonteCarloState,
    png_size: &mut PngSize,
    input: &AnalysisInput<'_>,
) -> Option<(Chart, ExportFormat)> {
    let uncertainties = &input.view.uncertainties;
    if uncertainties.is_empty() {
        ui.heading("No uncertain parameters");
        ui.weak(
            "Monte Carlo draws the parameters the project marks as uncertain. Add them to the \
             project file's `uncertainties` section, one per parameter, for example \
             (param: Stage(\"mine\", PricePerUnit), distribution: LogNormal(median: 9000.0, \
             sigma: 0.2)), then open the file again.",
        );
        return None;
    }
    let running = state.job.is_some();
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Draws");
        ui.add_enabled(
            !running,
            egui::DragValue::new(&mut state.draws)
                .range(10..=1_000_000)
                .speed(50.0),
        )
        .labelled_by(label.id);
        let label = ui.label("Seed");
        ui.add_enabled(!running, egui::DragValue::new(&mut state.seed))
            .labelled_by(label.id)
            .on_hover_text("The same seed and draws give the same numbers");
        if running {
            if ui.button("Cancel").clicked()
                && let Some(job) = &state.job
            {
                job.cancel.store(true, Ordering::Relaxed);
            }
        } else if ui
            .add_enabled(input.results.is_some(), egui::Button::new("Run"))
            .on_hover_text("Draw the uncertain parameters and compute, on every core")
            .on_disabled_hover_text("The project has errors; fix them first")
            .clicked()
        {
            state.start(input);
            ui.ctx().request_repaint();
        }
    });
    egui::CollapsingHeader::new(format!(
        "{} uncertain parameters (their drawn values replace the scenario's)",
        uncertainties.len()
    ))
    .id_salt("uncertainties")
    .show(ui, |ui| {
        for uncertainty in uncertainties {
            let unit = uncertainty.param.unit(input.view);
            ui.label(format!(
                "{}: {}",
                uncertainty.param.label(input.view),
                distribution_text(&uncertainty.distribution, &unit)
            ));
        }
    });
    if let Some(job) = &state.job {
        let done = job.progress.load(Ordering::Relaxed).min(job.draws);
        let fraction = done as f32 / job.draws.max(1) as f32;
        ui.add(egui::ProgressBar::new(fraction).text(format!(
            "{} of {} draws",
            format::thousands(done as f64, 0),
            format::thousands(job.draws as f64, 0)
        )));
        if job.cancel.load(Ordering::Relaxed) {
            ui.weak("Cancelling...");
        }
    }
    let run = match &state.outcome {
        None => {
            if !running {
                ui.add_space(20.0);
                ui.weak("Set the draws and the seed and click Run.");
            }
            return None;
        }
        Some(Err(message)) => {
            error_ui(ui, message);
            return None;
        }
        Some(Ok(run)) => run,
    };
    if run.revision != input.revision || run.scenario != input.scenario() {
        stale_note_ui(ui, "this run");
    }
    let result = &run.charts.monte_carlo;
    let money = MoneyDisplay::base(&input.view.currency);
    ui.label(format!(
        "NPV: mean {}, P10 {}, P50 {}, P90 {}; below zero in {:.1}% of the draws.",
        money.short(result.npv_mean),
        money.short(result.npv.p10),
        money.short(result.npv.p50),
        money.short(result.npv.p90),
        result.npv_below_zero * 100.0
    ));
    let mut export = None;
    ui.columns(2, |columns| {
        let ui = &mut columns[0];
        let fan = ui
            .horizontal_wrapped(|ui| {
                for measure in FanMeasure::ALL {
                    ui.selectable_value(&mut state.measure, measure, measure.label());
                }
                ui.separator();
                let fan = match state.measure {
                    FanMeasure::GdpShare => &run.charts.fan_share,
                    FanMeasure::TotalVa => &run.charts.fan_va,
                };
                if let Some(asked) = export_ui(ui, png_size, Some(fan)) {
                    export = Some(asked);
                }
                fan
            })
            .inner;
        sized_chart_ui(ui, fan);
        let ui = &mut columns[1];
        ui.push_id("histogram-export", |ui| {
            ui.horizontal_wrapped(|ui| {
                if let Some(asked) = export_ui(ui, png_size, Some(&run.charts.histogram)) {
                    export = Some(asked);
                }
            });
        });
        sized_chart_ui(ui, &run.charts.histogram);
    });
    export
}
