//! The Analysis view's Monte Carlo tab: the uncertain parameters drawn many times on a
//! background thread, with progress and a Cancel that keeps the last run's results; the fan
//! charts and the NPV histogram of the last run.

use egui::Ui;

use crate::analysis::montecarlo::{self, DEFAULT_DRAWS, MonteCarlo, Settings};
use crate::chart::analysis_charts::{FanMeasure, fan_chart, npv_histogram};
use crate::chart::export::ExportFormat;
use crate::chart::{Chart, PngSize};
use crate::model::scenario::Distribution;
use crate::report::format::MoneyDisplay;

use super::job::{Job, Polled};
use super::{AnalysisInput, error_ui, export_ui, sized_chart_ui, stale_note_ui};

#[derive(Debug)]
pub(super) struct MonteCarloState {
    draws: usize,
    seed: u64,
    measure: FanMeasure,
    job: Option<Job<MonteCarloCharts>>,
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

/// Most draws a run may have: a million already takes minutes on a national chain.
const MAX_DRAWS: usize = 1_000_000;
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
        let thread_scenario = scenario.clone();
        self.job = Some(Job::spawn(
            (self.draws, "draws"),
            (input.revision, scenario),
            move |progress, cancel| {
                let monte_carlo = montecarlo::run(&project, settings, progress, cancel)?;
                let file = file_name.as_deref();
                let fan =
                    |measure| fan_chart(&project, &monte_carlo, measure, &thread_scenario, file);
                Ok(MonteCarloCharts {
                    fan_share: fan(FanMeasure::GdpShare),
                    fan_va: fan(FanMeasure::TotalVa),
                    histogram: npv_histogram(&project, &monte_carlo, &thread_scenario, file),
                    monte_carlo,
                })
            },
        ));
    }

    /// Picks up a finished run; a cancelled one leaves the last run's results on screen.
    pub(super) fn poll(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.job else { return };
        match job.poll(ctx) {
            Polled::Running => return,
            Polled::Cancelled => {}
            Polled::Done(outcome) => {
                self.outcome = Some(outcome.map(|charts| MonteCarloRun {
                    revision: job.revision,
                    scenario: job.scenario.clone(),
                    charts,
                }));
            }
        }
        self.job = None;
    }
}

/// A distribution in a few words, in the parameter's unit.
fn distribution_text(distribution: &Distribution, unit: &str) -> String {
    let v = |value: f64| crate::report::format::value_with_unit(value, unit);
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

/// What the tab says when the project marks nothing as uncertain.
fn nothing_uncertain_ui(ui: &mut Ui) {
    ui.heading("No uncertain parameters");
    ui.weak(
        "Monte Carlo draws the parameters the project marks as uncertain. Add them to the \
         project file's `uncertainties` section, one per parameter, for example \
         (param: Deck(\"copper\"), distribution: LogNormal(median: 9000.0, sigma: 0.2)), \
         then open the file again.",
    );
}

pub(super) fn monte_carlo_ui(
    ui: &mut Ui,
    state: &mut MonteCarloState,
    png_size: &mut PngSize,
    input: &AnalysisInput<'_>,
) -> Option<(Chart, ExportFormat)> {
    let uncertainties = &input.view.uncertainties;
    if uncertainties.is_empty() {
        nothing_uncertain_ui(ui);
        return None;
    }
    let running = state.job.is_some();
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Draws");
        ui.add_enabled(
            !running,
            // Not clamped: a number above the limit is kept and said to be too many, rather
            // than silently cut to the limit.
            egui::DragValue::new(&mut state.draws)
                .range(10..=usize::MAX)
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
                job.cancel();
            }
        } else if ui
            .add_enabled(
                input.results.is_some() && state.draws <= MAX_DRAWS,
                egui::Button::new("Run"),
            )
            .on_hover_text("Draw the uncertain parameters and compute, on every core")
            .on_disabled_hover_text(if state.draws > MAX_DRAWS {
                "Too many draws; lower them to run"
            } else {
                "The project has errors; fix them first"
            })
            .clicked()
        {
            state.start(input);
            ui.ctx().request_repaint();
        }
    });
    if state.draws > MAX_DRAWS {
        ui.colored_label(
            super::super::theme::warning_color(ui.visuals()),
            format!(
                "At most {} draws: {} were asked for. Lower the number to run.",
                crate::report::format::thousands(MAX_DRAWS as f64, 0),
                crate::report::format::thousands(state.draws as f64, 0)
            ),
        );
    }
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
        job.progress_ui(ui);
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
    ui.label(format!(
        "Government revenue over the horizon: P10 {}, P50 {}, P90 {}. After-tax NPV: P10 {}, \
         P50 {}, P90 {}.",
        money.short(result.government_revenue.p10),
        money.short(result.government_revenue.p50),
        money.short(result.government_revenue.p90),
        money.short(result.after_tax_npv.p10),
        money.short(result.after_tax_npv.p50),
        money.short(result.after_tax_npv.p90),
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
