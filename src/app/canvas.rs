//! The chain canvas, drawn on `egui::Scene`: stage boxes, link arrows, selection, connecting.
//! Canvas state (pan, zoom, selection) lives here and never in the project file; only stage
//! positions are part of the project.

use std::collections::BTreeSet;

use crate::calc::{Period, Results};
use crate::format::MoneyDisplay;
use crate::model::{CanvasPos, Project, StageId};
use crate::validate::Problem;

use super::action::Action;

/// What is selected on the canvas; the inspector shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Selected stages.
    pub stages: BTreeSet<StageId>,
    /// Selected link (index in `Project::links`).
    pub link: Option<usize>,
}

/// Everything the canvas draws from; borrowed for one frame.
pub struct CanvasView<'a> {
    /// The project.
    pub project: &'a Project,
    /// Latest results (None while the project has errors).
    pub results: Option<&'a Results>,
    /// Year or period whose figures the boxes show.
    pub period: Period,
    /// Validation problems, shown on the stage or link they concern.
    pub problems: &'a [Problem],
    /// How money is shown.
    pub money: &'a MoneyDisplay,
}

/// Pan, zoom, selection and interaction state of the canvas.
#[derive(Debug, Default)]
pub struct CanvasState {
    /// Current selection.
    pub selection: Selection,
}

impl CanvasState {
    /// Asks the canvas to fit the whole chain into view on the next frame.
    pub fn fit_to_view(&mut self) {}

    /// Centre of the visible area, in canvas coordinates (where a palette click adds a stage).
    pub fn view_center(&self) -> CanvasPos {
        CanvasPos::default()
    }
}

/// Draws the canvas and returns what the user asked for.
pub fn canvas_ui(ui: &mut egui::Ui, state: &mut CanvasState, view: &CanvasView<'_>) -> Vec<Action> {
    let _ = (ui, state, view);
    Vec::new()
}
