//! Does processing at this stage pay? The selected stage's Policy Analysis Matrix for the
//! period on show: revenue, tradable inputs, domestic factors and profit at private and social
//! prices and their divergences, with NPC, EPC and DRC (`docs/METHOD.md` section 19).

use egui::{Align, Layout, RichText, Ui, vec2};

use crate::calc::pam::{self, Pam, PamRow};
use crate::calc::{Period, Results};
use crate::model::Project;
use crate::report::format::MoneyDisplay;

use super::form::collapsing_ui;

/// A line of the matrix: its label, its hover text and how its cell is read from a row.
type Line = (&'static str, &'static str, fn(&PamRow) -> f64);

/// The lines of the matrix.
const ROWS: [Line; 4] = [
    (
        "Revenue",
        "Output and by-products. Private: less royalties, production and export taxes, plus subsidies. Social: at border prices × the shadow exchange rate factor.",
        |row| row.revenue,
    ),
    (
        "Tradable inputs",
        "Feed from other stages, imported inputs and any border carbon adjustment; social: × the shadow exchange rate factor.",
        |row| row.tradable_inputs,
    ),
    (
        "Domestic factors",
        "Wages (social: × the shadow wage factor), domestic inputs, transport and energy, and the capital charge (capex × capital recovery factor); private also the carbon tax.",
        |row| row.domestic_factors,
    ),
    (
        "Profit",
        "Revenue − tradable inputs − domestic factors.",
        PamRow::profit,
    ),
];

/// The selected stage's Policy Analysis Matrix over `period`, or why it has none.
pub(super) fn pam_results_ui(
    ui: &mut Ui,
    project: &Project,
    results: &Results,
    period: Period,
    index: usize,
    money: &MoneyDisplay,
) {
    let period_words = crate::report::period_label(project, period);
    collapsing_ui(
        ui,
        "stage-pam",
        format!("Does it pay? Policy Analysis Matrix, {period_words}"),
        |ui| {
            let Some(matrix) = pam::stage_pam(project, results, index, period) else {
                ui.weak("A stage abroad: its earnings and costs are not the country's, so it has no matrix.");
                return;
            };
            matrix_grid_ui(ui, &matrix, money);
            ratios_ui(ui, &matrix);
        },
    );
}

/// The matrix as a grid: a row per line, private, social and divergence in columns.
fn matrix_grid_ui(ui: &mut Ui, matrix: &Pam, money: &MoneyDisplay) {
    let divergences = matrix.divergences();
    egui::Grid::new("stage-pam-grid")
        .num_columns(4)
        .spacing(vec2(10.0, 2.0))
        .striped(true)
        .show(ui, |ui| {
            ui.label("");
            for (heading, help) in [
                ("Private", "At the prices the stage pays and receives."),
                (
                    "Social",
                    "At border prices and shadow prices, without taxes and subsidies.",
                ),
                (
                    "Divergence",
                    "Private − social: the transfers and distortions.",
                ),
            ] {
                ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                    ui.label(RichText::new(heading).strong())
                        .on_hover_text(help);
                });
            }
            ui.end_row();
            for (label, help, cell) in ROWS {
                ui.label(label).on_hover_text(help);
                for row in [&matrix.private, &matrix.social, &divergences] {
                    ui.with_layout(Layout::right_to_left(Align::Center), |ui| {
                        ui.label(money.short(cell(row)));
                    });
                }
                ui.end_row();
            }
        });
}

/// NPC, EPC and DRC, each with what it means.
fn ratios_ui(ui: &mut Ui, matrix: &Pam) {
    let ratio = |value: Option<f64>| value.map_or_else(|| "–".to_owned(), |v| format!("{v:.2}"));
    egui::Grid::new("stage-pam-ratios")
        .num_columns(2)
        .spacing(vec2(12.0, 2.0))
        .show(ui, |ui| {
            let mut row = |label: &str, value: String, help: &str| {
                super::stage_results::figure_row_ui(ui, label, value, help);
            };
            row(
                "NPC",
                ratio(matrix.npc()),
                "Nominal protection coefficient: revenue at private over social prices. Below 1 the stage's output is taxed.",
            );
            row(
                "EPC",
                ratio(matrix.epc()),
                "Effective protection coefficient: value added (revenue − tradable inputs) at private over social prices.",
            );
            row(
                "DRC",
                ratio(matrix.drc()),
                "Domestic resource cost ratio: domestic factors at social prices over value added at border prices. Below 1 the stage earns more foreign exchange than the domestic resources it uses are worth.",
            );
        });
    ui.weak(format!("DRC: {}", pam::drc_verdict(matrix.drc())));
}
