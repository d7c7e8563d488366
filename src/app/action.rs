//! What the parts of the window ask the app to do. Panels never change the project themselves:
//! they push [`Action`]s, and the app drains them once per frame in one place (like rerun's
//! `SystemCommand`), so undo, the unsaved marker and recalculation all follow from there.

use crate::model::edit::Edit;
use crate::model::{CanvasPos, StageKind};

/// A request from a panel to the app.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Apply an edit as its own undo step.
    Edit(Edit),
    /// Apply an edit, merged with the previous one that had the same key (a drag, typing).
    EditMerging(Edit, String),
    /// End a run of merged edits (drag released, field lost focus).
    EndMerge,
    /// Add a new stage of `kind` with its box at `at` (canvas coordinates).
    AddStage {
        /// Kind of the new stage.
        kind: StageKind,
        /// Where its box goes.
        at: CanvasPos,
    },
    /// Delete the selected stages and link.
    DeleteSelection,
    /// Duplicate the selected stages.
    DuplicateSelection,
    /// Arrange the chain left to right by kind.
    Arrange,
    /// Fit the whole chain in the canvas.
    FitView,
    /// A short message for the status bar (e.g. why a link was refused).
    Notice(String),
    /// Show this scenario (`None`: the base).
    SwitchScenario(Option<String>),
}
