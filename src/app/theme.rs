//! Colours and sizes of the window, in one place; call sites never hard-code a colour.

use egui::Color32;

use crate::model::StageKind;

/// Fill colour of a stage of `kind` (boxes on the canvas, palette swatches, chart series).
pub fn kind_color(kind: StageKind) -> Color32 {
    let _ = kind;
    Color32::GRAY
}
