//! What the parts of the window ask the app to do. Panels never change the project themselves:
//! they push [`Action`]s, and the app drains them once per frame, before drawing, in one place
//! (like rerun's `SystemCommand`), so undo, the unsaved marker and recalculation all follow
//! from there. Menus, the tool bar, shortcuts and the command palette push [`Action::Run`].

use crate::model::edit::Edit;
use crate::model::{CanvasPos, StageKind};

use super::commands::UiCommand;
use super::files::Command;

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
    /// Add a new stage of this kind next to the selected stages, or in the middle of the view
    /// with nothing selected, moved to free space (a palette click).
    PlaceStage(StageKind),
    /// Paste this text, which should hold stages copied from Uplift (the clipboard's text).
    Paste(String),
    /// Add these stages, read from a spreadsheet and previewed, as one undo step.
    ImportStages(Vec<crate::model::Stage>),
    /// Delete the selected stages and link (the same as [`UiCommand::Delete`]).
    DeleteSelection,
    /// Duplicate the selected stages (the same as [`UiCommand::Duplicate`]).
    DuplicateSelection,
    /// Arrange the chain left to right by kind (the same as [`UiCommand::Arrange`]).
    Arrange,
    /// Fit the whole chain in the canvas (the same as [`UiCommand::Fit`]).
    FitView,
    /// Select this stage alone, show the chain and centre the stage in view (a results row
    /// clicked, a stage found by name).
    FocusStage(crate::model::StageId),
    /// A short message for the status bar (e.g. why a link was refused).
    Notice(String),
    /// Show this scenario (`None`: the base).
    SwitchScenario(Option<String>),
    /// Run a command of the command table (a menu item, a tool bar button, a shortcut, the
    /// command palette).
    Run(UiCommand),
    /// A step of opening, saving or exporting (a prompt answered, a file dropped).
    File(Command),
}
