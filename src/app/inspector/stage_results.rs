//! The selected stage's results beside its parameters: how its value added splits, whether it
//! makes a loss, and its investment return, for the period the results panel shows.

use egui::{Align, Layout, TextStyle, TextWrapMode, Ui, WidgetText, vec2};

use crate::calc::{Period, Results};
use crate::model::Project;
use crate::report::format::{self, MoneyDisplay};

use super::form::collapsing_ui;

/// Shown under a stage's results when it makes a loss over the period on show.
const LOSS_WARNING: &str = "This stage makes a loss over this period: its value added does not \
    cover wages, taxes and depreciation.";

/// The selected stage's figures for the period on show: how its value added splits, whether
/// it makes a loss, and its investment return, next to the parameters that explain them.
pub(super) fn stage_results_ui(
    ui: &mut Ui,
    project: &Project,
    results: &Results,
    period: Period,
    index: usize,
    money: &MoneyDisplay,
) {
    let Some(stage_results) = results.stages.get(index) else {
        return;
    };
    let accounts = results.stage(index, period);
    // The same words as the period selector in the results panel.
    let period_words = crate::report::period_label(project, period);
    let years = crate::report::years_in(results, period).max(1) as f64;
    collapsing_ui(
        ui,
        "stage-results",
        format!("Results, {period_words}"),
        |ui| {
            egui::Grid::new("stage-results-grid")
                .num_columns(2)
                .spacing(vec2(12.0, 2.0))
                .show(ui, |ui| {
                    let mut row = |label: &str, value: String, help: &str| {
                        figure_row_ui(ui, label, value, help);
                    };
                    row(
                        "Output value",
                        money.short(accounts.output_value),
                        "Quantity × price, plus by-product credits, less any border carbon adjustment.",
                    );
                    row(
                        "Intermediate consumption",
                        money.short(accounts.intermediate_consumption),
                        "Feed from upstream stages at their price, transport, purchased inputs and energy at the tariff.",
                    );
                    row(
                        "Value added",
                        money.short(accounts.value_added),
                        "Output value − intermediate consumption.",
                    );
                    row(
                        "  of which wages",
                        money.short(accounts.wages),
                        "Wage bill, scaled with output.",
                    );
                    row(
                        "  net taxes",
                        money.short(accounts.net_taxes()),
                        "Royalties + other taxes + export taxes + carbon tax − subsidies.",
                    );
                    row(
                        "  depreciation",
                        money.short(accounts.depreciation),
                        "Capex spread over the economic life.",
                    );
                    row(
                        "  operating surplus",
                        money.short(accounts.operating_surplus),
                        "What is left for the owners; negative means the stage makes a loss.",
                    );
                    if let Some(uplift) = accounts.value_uplift() {
                        row(
                            "Value uplift",
                            format!("{uplift:.2}×"),
                            "Output value divided by the value of the feed it used.",
                        );
                    }
                    row(
                        if years > 1.0 { "Jobs (avg. per year)" } else { "Jobs" },
                        format::thousands(accounts.jobs / years, 0),
                        "Operating jobs, full-time equivalents scaled with output; for a period, the average per year (job-years / years).",
                    );
                    if accounts.capex > 0.0 && stage_results.domestic {
                        row(
                            "Construction VA",
                            money.short(accounts.construction_va),
                            "Value added at home by building the plant: θ (domestic VA content) × the capex spent at home. Shown apart from the stage's VA.",
                        );
                        row(
                            if years > 1.0 { "Construction jobs (avg. per year)" } else { "Construction jobs" },
                            format::thousands(accounts.construction_jobs / years, 0),
                            "Jobs per million of domestic capex (Project tab) × the capex spent at home, apart from the operating jobs.",
                        );
                    }
                    let investment = &stage_results.investment;
                    row(
                        "NPV (whole horizon)",
                        money.short(investment.npv),
                        "Net present value of the stage's pre-tax cash flows at the project's discount rate.",
                    );
                    row(
                        "IRR / payback",
                        format!(
                            "{} / {}",
                            investment.irr.map_or_else(|| "–".to_owned(), format::percent),
                            investment.payback_label()
                        ),
                        "Internal rate of return, and the year from which cumulative cash flow stays positive.",
                    );
                    let after_tax = stage_results.after_tax();
                    row(
                        "After-tax NPV / IRR",
                        format!(
                            "{} / {}",
                            money.short(after_tax.npv),
                            after_tax.irr.map_or_else(|| "–".to_owned(), format::percent)
                        ),
                        "Whole horizon, after royalties, taxes on products, income tax and the minimum tax, before financing (docs/METHOD.md 18); the same as before tax when nothing taxes the stage's profit.",
                    );
                    row(
                        "Equity IRR",
                        stage_results
                            .equity()
                            .irr
                            .map_or_else(|| "–".to_owned(), format::percent),
                        "Whole horizon: the return on the owners' cash flow after tax and debt service.",
                    );
                });
            if accounts.quantity > 0.0 && accounts.operating_surplus < 0.0 {
                ui.colored_label(crate::app::theme::warning_color(ui.visuals()), LOSS_WARNING);
            } else {
                // The warning's room stays, so a value typed that brings a loss (or ends one)
                // moves none of the fields below.
                let room = WidgetText::from(LOSS_WARNING).into_galley(
                    ui,
                    Some(TextWrapMode::Wrap),
                    ui.available_width(),
                    TextStyle::Body,
                );
                ui.allocate_space(room.size());
            }
        },
    );
}

/// One row of a two-column grid of figures: the label with its meaning as tooltip, and the
/// value right-aligned (the stage's results and its Policy Analysis Matrix).
pub(super) fn figure_row_ui(ui: &mut Ui, label: &str, value: String, help: &str) {
    ui.label(label).on_hover_text(help);
    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
        ui.label(value);
    });
    ui.end_row();
}
