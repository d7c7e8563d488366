//! What the rows of the stage inspector are drawn with, shared by the stage form and its
//! pricing rows: the stage, its project, the units that fill the catalogue's templates, the
//! latest results, and how a change to the stage becomes an edit.

use crate::calc::Results;
use crate::model::catalogue::Units;
use crate::model::edit::Edit;
use crate::model::{Project, Stage};

/// The stage with one change applied, as an edit.
pub(super) fn stage_edit(stage: &Stage, change: impl FnOnce(&mut Stage)) -> Edit {
    let mut changed = stage.clone();
    change(&mut changed);
    Edit::SetStage(Box::new(changed))
}

/// What a stage's rows are drawn with: the stage, the project it sits in, the units that
/// fill the catalogue's templates, and the latest results with the stage's place in them.
pub(super) struct StageRows<'a> {
    pub project: &'a Project,
    pub stage: &'a Stage,
    pub units: Units<'a>,
    pub results: Option<&'a Results>,
    pub index: Option<usize>,
}

impl StageRows<'_> {
    /// The year a rule's price is quoted for: the stage's first production year, inside the
    /// horizon.
    pub fn first_year(&self) -> i32 {
        let horizon = self.project.horizon;
        if horizon.is_empty() {
            return self.stage.first_production_year;
        }
        self.stage
            .first_production_year
            .clamp(horizon.first_year, horizon.last_year)
    }
}
