//! The Analysis view's Sensitivity tab: the tornado of one output, each parameter (or each
//! lever, across its range) moved one at a time, run on a background thread with its
//! progress shown and a Cancel that keeps the last tornado.

use egui::{ComboBox, Ui};

use crate::analysis::{self, Output};
use crate::chart::analysis_charts::tornado_chart;
use crate::chart::export::ExportFormat;
use crate::chart::{Chart, PngSize};

use super::job::{Job, Polled};

/// A finished tornado: its chart, and the parameters left out with the reason.
type TornadoRun = (Chart, Vec<(String, String)>);
use super::{AnalysisInput, error_ui, export_ui, sized_chart_ui, stale_note_ui};

/// The output a tornado follows, as offered in the window (the year is chosen apart).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum OutputChoice {
    #[default]
    TotalVa,
    GdpShare,
    NetFx,
    Npv,
    GovernmentRevenue,
    AfterTaxNpv,
}

impl OutputChoice {
    const ALL: [Self; 6] = [
        Self::TotalVa,
        Self::GdpShare,
        Self::NetFx,
        Self::Npv,
        Self::GovernmentRevenue,
        Self::AfterTaxNpv,
    ];

    fn label(self) -> &'static str {
        match self {
            Self::TotalVa => "Total VA over the horizon",
            Self::GdpShare => "Share of GDP in a year",
            Self::NetFx => "Net FX over the horizon",
            Self::Npv => "NPV of the domestic chain",
            Self::GovernmentRevenue => "Government revenue over the horizon",
            Self::AfterTaxNpv => "After-tax NPV of the chain",
        }
    }

    fn output(self, year: i32) -> Output {
        match self {
            Self::TotalVa => Output::TotalVa,
            Self::GdpShare => Output::GdpShare(year),
            Self::NetFx => Output::NetFx,
            Self::Npv => Output::Npv,
            Self::GovernmentRevenue => Output::GovernmentRevenue,
            Self::AfterTaxNpv => Output::AfterTaxNpv,
        }
    }
}

#[derive(Debug)]
pub(super) struct SensitivityState {
    output: OutputChoice,
    /// Year of the share of GDP; `None` until chosen (then the horizon's last year).
    year: Option<i32>,
    /// Move of each parameter, in percent of its value.
    pct: f64,
    /// The tornado under way on a background thread.
    job: Option<Job<TornadoRun>>,
    /// The last tornado that finished (kept when a later run is cancelled).
    run: Option<SensitivityRun>,
}

impl Default for SensitivityState {
    fn default() -> Self {
        Self {
            output: OutputChoice::default(),
            year: None,
            pct: 20.0,
            job: None,
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

pub(super) fn sensitivity_ui(
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
            .add_enabled(
                input.results.is_some() && state.job.is_none(),
                egui::Button::new("Run"),
            )
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
        state.start(input, year_edit);
        ui.ctx().request_repaint();
    }
    if let Some(job) = &state.job {
        ui.horizontal(|ui| {
            if ui.button("Cancel").clicked() {
                job.cancel();
            }
            job.progress_ui(ui);
        });
    }
    let Some(run) = &state.run else {
        if state.job.is_none() {
            ui.add_space(20.0);
            ui.weak("Choose an output and click Run.");
        }
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

impl SensitivityState {
    /// Starts the tornado of the project on screen on a background thread (its calculations
    /// spread over every core), following the output chosen for `year`.
    fn start(&mut self, input: &AnalysisInput<'_>, year: i32) {
        let project = input.view.clone();
        let output = self.output.output(year);
        let pct = self.pct;
        let scenario = input.scenario().to_owned();
        let file_name = input.file_name.clone();
        let params = analysis::tornado_params(&project);
        let thread_scenario = scenario.clone();
        self.job = Some(Job::spawn(
            (params.len(), "parameters"),
            (input.revision, scenario),
            move |progress, cancel| {
                let tornado =
                    analysis::tornado_watched(&project, output, pct, &params, progress, cancel)?;
                let chart =
                    tornado_chart(&project, &tornado, &thread_scenario, file_name.as_deref());
                Ok((chart, tornado.skipped))
            },
        ));
    }

    /// Picks up a finished tornado (a cancelled one leaves the last one on screen).
    pub(super) fn poll(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.job else { return };
        let outcome = match job.poll(ctx) {
            Polled::Running => return,
            Polled::Cancelled => None,
            Polled::Done(outcome) => Some(outcome.map_err(|error| {
                format!(
                    "The tornado cannot be computed: {}",
                    error.trim_start_matches("The run failed: ")
                )
            })),
        };
        if let Some(outcome) = outcome {
            self.run = Some(SensitivityRun {
                revision: job.revision,
                scenario: job.scenario.clone(),
                outcome,
            });
        }
        self.job = None;
    }
}
