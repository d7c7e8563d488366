//! Presentation mode's layout, designed for a 1280x720 projector and scaled up (not spread
//! out) on larger screens: the scenario's name large across the top, the levers with the
//! scenario and chart choices on the right, the headline figures against the base along the
//! bottom, and the chain above one chart in the middle. Every part has a fixed size, so
//! switching the scenario or the chart never moves anything.

use egui::{Label, RichText, Ui, UiBuilder};

use crate::model::scenario::BASE_LABEL;
use crate::report::format::MoneyDisplay;

use super::UpliftApp;
use crate::app::action::Action;
use crate::app::charts::{self, ChartsInput};
use crate::app::commands::UiCommand;
use crate::app::files::display_name;
use crate::app::presentation;
use crate::app::presentation_chain::{self, ChainInput};
use crate::app::scenarios;

/// Height of the title bar, in points.
const TITLE_HEIGHT: f32 = 52.0;

/// Size of the scenario's name, in points.
const TITLE_SIZE: f32 = 30.0;

/// Height of the headline figures: room for a detail of two lines, whichever scenario is shown.
const HEADLINE_HEIGHT: f32 = 124.0;

/// Share of the width the levers take.
const LEVERS_SHARE: f32 = 0.3;

/// Share of the middle the chain takes (the chart gets the rest).
const CHAIN_SHARE: f32 = 0.45;

impl UpliftApp {
    /// Presentation mode's whole window.
    pub(super) fn presentation_ui(&mut self, ui: &mut Ui, money: &MoneyDisplay) {
        let width = ui.max_rect().width();
        egui::Panel::top("presentation-title")
            .resizable(false)
            .exact_size(TITLE_HEIGHT)
            .show(ui, |ui| self.presentation_title_ui(ui));
        egui::Panel::bottom("presentation-headline")
            .resizable(false)
            .exact_size(HEADLINE_HEIGHT)
            .show(ui, |ui| {
                ui.add_space(4.0);
                match self.derived.headlines() {
                    Some((now, base)) => {
                        presentation::headline_ui(ui, now, base, self.doc.active_scenario(), money);
                    }
                    None => {
                        ui.heading("The chain has errors; leave presentation mode to fix them.");
                    }
                }
            });
        egui::Panel::right("presentation-levers")
            .resizable(false)
            .exact_size((width * LEVERS_SHARE).clamp(240.0, 480.0))
            .show(ui, |ui| self.presentation_levers_ui(ui));
        egui::CentralPanel::default_margins().show(ui, |ui| {
            let middle = ui.available_rect_before_wrap();
            let chain_height = (middle.height() * CHAIN_SHARE).round();
            let chain_rect =
                egui::Rect::from_min_size(middle.min, egui::vec2(middle.width(), chain_height));
            let chart_rect = egui::Rect::from_min_max(
                egui::pos2(middle.left(), chain_rect.bottom() + 6.0),
                middle.max,
            );
            let input = ChainInput {
                view: self.derived.view(),
                results: self.derived.results(),
                base: self
                    .derived
                    .baseline()
                    .map(|results| (self.doc.project(), results)),
                revision: self.doc.revision(),
                scenario: self.doc.active_scenario(),
                period: self.period,
                money,
            };
            presentation_chain::chain_ui(ui, &mut self.presentation_chain, &input, chain_rect);
            ui.scope_builder(UiBuilder::new().max_rect(chart_rect), |ui| {
                ui.set_clip_rect(chart_rect);
                let input = ChartsInput {
                    project: self.derived.view(),
                    results: self.derived.results(),
                    revision: self.doc.revision(),
                    period: self.period,
                    file_name: self.path.as_deref().map(display_name),
                    steady: self.levers.dragging.is_some(),
                    scenario: self.doc.active_scenario(),
                };
                match self.charts.chart(&input) {
                    Some(chart) => {
                        // The title bar already says which project and scenario: the chart's
                        // title is enough here, and the plot gets the room.
                        ui.label(egui::RichText::new(&chart.title).heading().strong());
                        charts::chart_figure_ui(ui, chart, input.steady, 0.0);
                    }
                    None => {
                        ui.weak("No chart while the chain has errors.");
                    }
                }
            });
        });
    }

    /// The scenario's name, large, with the project's name and the way out.
    fn presentation_title_ui(&mut self, ui: &mut Ui) {
        ui.horizontal_centered(|ui| {
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button("Leave presentation")
                    .on_hover_text("Back to editing (Esc or F11)")
                    .clicked()
                {
                    self.actions.push(Action::Run(UiCommand::Present));
                }
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    let scenario = self.doc.active_scenario().unwrap_or(BASE_LABEL);
                    ui.add(
                        Label::new(RichText::new(scenario).size(TITLE_SIZE).strong()).truncate(),
                    );
                    ui.add(
                        Label::new(RichText::new(&self.doc.project().name).weak().size(18.0))
                            .truncate(),
                    );
                });
            });
        });
    }

    /// The scenario and chart choices, the levers, and the way back to the base.
    fn presentation_levers_ui(&mut self, ui: &mut Ui) {
        ui.add_space(4.0);
        scenarios::scenario_selector_ui(
            ui,
            self.doc.project(),
            self.doc.active_scenario(),
            &mut self.actions,
        );
        let label = ui.label("Chart");
        egui::ComboBox::from_id_salt("presentation-chart")
            .selected_text(self.charts.kind.label())
            .width(220.0)
            .show_ui(ui, |ui| {
                for kind in crate::chart::ChartKind::ALL {
                    ui.selectable_value(&mut self.charts.kind, kind, kind.label());
                }
            })
            .response
            .labelled_by(label.id);
        ui.add_space(6.0);
        let reset = self.reset_levers_edits();
        if ui
            .add_enabled(!reset.is_empty(), egui::Button::new("Reset levers to base"))
            .on_hover_text(
                "Puts every lever back: to the base's value while a scenario is shown, to where \
                 it stood when presentation began on the base (Undo takes it back)",
            )
            .clicked()
        {
            self.actions.push(Action::Run(UiCommand::ResetLevers));
        }
        ui.separator();
        ui.heading("Levers");
        egui::ScrollArea::vertical().show(ui, |ui| {
            scenarios::levers_ui(
                ui,
                &mut self.levers,
                self.doc.project(),
                self.derived.view(),
                true,
                &mut self.actions,
            );
        });
    }

    /// The edits that put the levers back (none when they already are).
    pub(super) fn reset_levers_edits(&self) -> Vec<crate::model::edit::Edit> {
        crate::model::edit::reset_levers(
            self.doc.project(),
            self.doc.active_scenario(),
            &self.levers_at_presenting,
        )
    }
}
