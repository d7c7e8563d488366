//! The palette of stage kinds: click one to add a stage beside the selection (or in the middle
//! of the view), in free space, or drag it onto the canvas to place it (the canvas accepts the
//! [`StageKind`] drag payload).

use egui::{Align2, CornerRadius, Rect, Role, Sense, Stroke, StrokeKind, TextStyle, WidgetInfo};

use crate::model::StageKind;

use super::action::Action;
use super::theme;

/// One item of the palette: a swatch in the kind's colour and its label.
fn palette_item_ui(ui: &mut egui::Ui, kind: StageKind) -> egui::Response {
    let height = ui.spacing().interact_size.y + 6.0;
    let font = TextStyle::Button.resolve(ui.style());
    let text_width = ui
        .painter()
        .layout_no_wrap(kind.label().to_owned(), font, egui::Color32::PLACEHOLDER)
        .size()
        .x;
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(text_width + 44.0, height),
        Sense::click_and_drag(),
    );
    // Screen readers (and UI tests) find the item by its kind, as a person reads it.
    response.widget_info(|| WidgetInfo::labeled(Role::Button, ui.is_enabled(), kind.label()));
    if ui.is_rect_visible(rect) {
        let visuals = ui.style().interact(&response);
        let painter = ui.painter();
        painter.rect(
            rect,
            visuals.corner_radius,
            visuals.weak_bg_fill,
            visuals.bg_stroke,
            StrokeKind::Inside,
        );
        let swatch = Rect::from_center_size(
            egui::pos2(rect.left() + 16.0, rect.center().y),
            egui::vec2(14.0, 14.0),
        );
        painter.rect(
            swatch,
            CornerRadius::same(3),
            theme::kind_color(kind),
            Stroke::NONE,
            StrokeKind::Inside,
        );
        painter.text(
            egui::pos2(swatch.right() + 10.0, rect.center().y),
            Align2::LEFT_CENTER,
            kind.label(),
            TextStyle::Button.resolve(ui.style()),
            visuals.text_color(),
        );
    }
    response
}

/// Draws the palette as one row above the canvas. A click adds a stage next to the selection
/// or in the middle of the view, where no box is; a drag carries the kind to the canvas,
/// which adds the stage where it is dropped.
pub fn palette_ui(ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        ui.strong("Add a stage:");
        for kind in StageKind::ALL {
            palette_entry_ui(ui, kind, actions);
        }
        ui.weak("click, or drag onto the canvas");
    });
}

fn palette_entry_ui(ui: &mut egui::Ui, kind: StageKind, actions: &mut Vec<Action>) {
    {
        let response = palette_item_ui(ui, kind).on_hover_text(format!(
            "Click to add a {} stage next to the selected one (or in the middle of the view), \
             where no box is; or drag it to where it goes.",
            kind.label().to_lowercase()
        ));
        response.dnd_set_drag_payload(kind);
        if response.clicked() {
            actions.push(Action::PlaceStage(kind));
        }
        if response.dragged() {
            // Show what is being carried beside the pointer, so the drag reads as "placing".
            if let Some(pointer) = ui.ctx().pointer_interact_pos() {
                egui::Area::new(egui::Id::unique(("palette_drag", kind)))
                    .order(egui::Order::Tooltip)
                    .fixed_pos(pointer + egui::vec2(14.0, 14.0))
                    .interactable(false)
                    .show(ui.ctx(), |ui| {
                        egui::Frame::popup(ui.style()).show(ui, |ui| {
                            ui.horizontal(|ui| {
                                let (swatch, _) =
                                    ui.allocate_exact_size(egui::vec2(12.0, 12.0), Sense::hover());
                                ui.painter()
                                    .rect_filled(swatch, 2.0, theme::kind_color(kind));
                                ui.label(kind.label());
                            });
                        });
                    });
            }
        }
    }
}
