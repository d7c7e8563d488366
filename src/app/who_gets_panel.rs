//! Beside the "Who gets what" chart: the domestic chain's figures by fiscal instrument over the
//! period (the report's "Who gets the value" lines, federal and province included), the
//! government take, AETR, after-tax returns, GNI and the foreign exchange kept, and the
//! break-even price of a deck commodity (`docs/METHOD.md` 18).

use egui::{Grid, RichText, Ui};

use crate::analysis::break_even::{self, BreakEven};
use crate::calc::{Period, Results};
use crate::model::Project;
use crate::report::fiscal_table;
use crate::report::format::MoneyDisplay;
use crate::report::period_label;

/// Chains up to this many stages work out the break-even price as soon as they change; larger
/// ones when asked (it takes some thirty calculations).
const AUTOMATIC_UP_TO_STAGES: usize = 300;

/// The break-even search last run: for which revision and commodity, and what it found.
#[derive(Clone, Debug, Default)]
struct BreakEvenMemory {
    commodity: Option<String>,
    last: Option<(u64, String, Result<BreakEven, String>)>,
}

/// Width of the panel, in points.
pub const WIDTH: f32 = 330.0;

/// Draws the panel for `project` and its `results` over `period`; `revision` names the
/// project's state, so a break-even price found for an earlier one is worked out again.
pub fn who_gets_panel_ui(
    ui: &mut Ui,
    project: &Project,
    results: &Results,
    period: Period,
    revision: u64,
) {
    let money = MoneyDisplay::base(&project.currency);
    let who = fiscal_table::build(results, period);
    ui.label(RichText::new("Who gets the value").strong());
    ui.weak(format!(
        "Domestic chain, {}; undiscounted unless said",
        period_label(project, period)
    ));
    egui::ScrollArea::vertical()
        .id_salt("who-gets-lines")
        .max_height(ui.available_height() - 110.0)
        .show(ui, |ui| {
            Grid::new("who-gets-grid")
                .num_columns(2)
                .striped(true)
                .show(ui, |ui| {
                    for (label, value) in fiscal_table::lines(&who, &money) {
                        let text = RichText::new(label.trim_start());
                        if label.starts_with(' ') {
                            ui.horizontal(|ui| {
                                ui.add_space(12.0);
                                ui.label(text.weak());
                            });
                        } else {
                            ui.label(text);
                        }
                        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                            ui.label(value);
                        });
                        ui.end_row();
                    }
                });
        });
    ui.separator();
    break_even_ui(ui, project, revision);
}

/// The break-even price of the commodity chosen from the deck.
fn break_even_ui(ui: &mut Ui, project: &Project, revision: u64) {
    if project.prices.is_empty() {
        ui.weak("Break-even price: the project has no price deck.");
        return;
    }
    let id = egui::Id::unique("who-gets-break-even");
    let mut memory: BreakEvenMemory = ui.data_mut(|d| d.get_temp(id)).unwrap_or_default();
    let chosen = memory
        .commodity
        .clone()
        .filter(|name| project.prices.contains_key(name))
        .or_else(|| project.prices.keys().next().cloned())
        .unwrap_or_default();
    let mut commodity = chosen.clone();
    ui.horizontal(|ui| {
        ui.label("Break-even price of");
        egui::ComboBox::from_id_salt("break-even-commodity")
            .selected_text(&commodity)
            .show_ui(ui, |ui| {
                for name in project.prices.keys() {
                    ui.selectable_value(&mut commodity, name.clone(), name);
                }
            })
            .response
            .on_hover_text("The deck commodity whose whole price path is moved");
    });
    let fresh = memory
        .last
        .as_ref()
        .is_some_and(|(at, name, _)| *at == revision && *name == commodity);
    let automatic = project.stages.len() <= AUTOMATIC_UP_TO_STAGES;
    let asked = !fresh
        && !automatic
        && ui
            .button("Work out")
            .on_hover_text("Searches for the price at which the chain's after-tax NPV is zero")
            .clicked();
    if !fresh && (automatic || asked) {
        let found = break_even::break_even(project, &commodity).map_err(|e| e.to_string());
        memory.last = Some((revision, commodity.clone(), found));
    }
    match &memory.last {
        Some((at, name, found)) if *at == revision && *name == commodity => {
            ui.label(fiscal_table::break_even_text(project, found));
        }
        _ => {
            ui.weak("Not worked out for the project as it is now.");
        }
    }
    ui.weak(
        "The level of the deck's price path (every year moved in proportion) at which the \
         chain's after-tax NPV at the discount rate is zero.",
    );
    memory.commodity = Some(commodity);
    ui.data_mut(|d| d.insert_temp(id, memory));
}
