//! Every change a user can make to a project is one [`Edit`], applied in one place
//! ([`Document::apply`]). Undo/redo, the unsaved-changes marker and recalculation all follow
//! from that one place: the document keeps a revision counter that changes with every applied
//! edit, undo or redo, and the window recomputes only when it changes.

use std::collections::BTreeSet;

use crate::model::{CanvasPos, Currency, Economy, Horizon, Link, Phase, Project, Stage, StageId};

/// Project-wide settings, edited together in the settings panel.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Project name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Currency and display currency.
    pub currency: Currency,
    /// Base year.
    pub base_year: i32,
    /// Horizon.
    pub horizon: Horizon,
    /// Economy.
    pub economy: Economy,
    /// Named phases.
    pub phases: Vec<Phase>,
    /// Free-text notes.
    pub notes: String,
    /// Sources.
    pub sources: Vec<String>,
}

impl Settings {
    /// The settings of `project`.
    pub fn of(project: &Project) -> Self {
        Self {
            name: project.name.clone(),
            description: project.description.clone(),
            currency: project.currency.clone(),
            base_year: project.base_year,
            horizon: project.horizon,
            economy: project.economy.clone(),
            phases: project.phases.clone(),
            notes: project.notes.clone(),
            sources: project.sources.clone(),
        }
    }

    fn apply_to(self, project: &mut Project) {
        project.name = self.name;
        project.description = self.description;
        project.currency = self.currency;
        project.base_year = self.base_year;
        project.horizon = self.horizon;
        project.economy = self.economy;
        project.phases = self.phases;
        project.notes = self.notes;
        project.sources = self.sources;
    }
}

/// One change to a project.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Replace the project-wide settings.
    SetSettings(Box<Settings>),
    /// Add stages (new ids must be unused).
    AddStages(Vec<Stage>),
    /// Replace the stage with the same id.
    SetStage(Box<Stage>),
    /// Remove stages and every link that touches them.
    RemoveStages(Vec<StageId>),
    /// Move stages on the canvas.
    MoveStages(Vec<(StageId, CanvasPos)>),
    /// Add a link (refused if it would make a cycle or repeat an existing link).
    AddLink(Link),
    /// Replace link number `index`.
    SetLink {
        /// Position in `Project::links`.
        index: usize,
        /// New value.
        link: Link,
    },
    /// Remove links by index.
    RemoveLinks(Vec<usize>),
}

impl Edit {
    /// Short description for the Undo/Redo menu items.
    pub fn label(&self) -> &'static str {
        match self {
            Self::SetSettings(_) => "project settings",
            Self::AddStages(_) => "add stage",
            Self::SetStage(_) => "stage change",
            Self::RemoveStages(_) => "delete",
            Self::MoveStages(_) => "move",
            Self::AddLink(_) => "connect",
            Self::SetLink { .. } => "link change",
            Self::RemoveLinks(_) => "delete link",
        }
    }
}

/// Why an edit was refused; the project is left unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The edit names a stage that does not exist.
    #[error("there is no stage '{0}'")]
    MissingStage(StageId),
    /// A new stage reuses an id.
    #[error("a stage with id '{0}' already exists")]
    DuplicateId(StageId),
    /// The link would close a cycle.
    #[error("a link from '{from}' to '{to}' would make a cycle: material cannot flow in a circle")]
    Cycle {
        /// Upstream end.
        from: StageId,
        /// Downstream end.
        to: StageId,
    },
    /// The link already exists.
    #[error("'{from}' is already linked to '{to}'; edit that link's share instead")]
    DuplicateLink {
        /// Upstream end.
        from: StageId,
        /// Downstream end.
        to: StageId,
    },
    /// The edit names a link that does not exist.
    #[error("there is no link number {0}")]
    MissingLink(usize),
}

/// Applies `edit` to `project`, or leaves it untouched and says why not.
pub fn apply_edit(project: &mut Project, edit: Edit) -> Result<(), EditError> {
    match edit {
        Edit::SetSettings(settings) => settings.apply_to(project),
        Edit::AddStages(stages) => {
            let mut ids: BTreeSet<&StageId> = project.stages.iter().map(|s| &s.id).collect();
            for stage in &stages {
                if !ids.insert(&stage.id) {
                    return Err(EditError::DuplicateId(stage.id.clone()));
                }
            }
            project.stages.extend(stages);
        }
        Edit::SetStage(stage) => {
            let index = project
                .stage_index(&stage.id)
                .ok_or_else(|| EditError::MissingStage(stage.id.clone()))?;
            project.stages[index] = *stage;
        }
        Edit::RemoveStages(ids) => {
            if let Some(missing) = ids.iter().find(|id| project.stage(id).is_none()) {
                return Err(EditError::MissingStage(missing.clone()));
            }
            project.stages.retain(|stage| !ids.contains(&stage.id));
            project
                .links
                .retain(|link| !ids.contains(&link.from) && !ids.contains(&link.to));
        }
        Edit::MoveStages(moves) => {
            if let Some((missing, _)) = moves.iter().find(|(id, _)| project.stage(id).is_none()) {
                return Err(EditError::MissingStage(missing.clone()));
            }
            for (id, position) in moves {
                if let Some(index) = project.stage_index(&id) {
                    project.stages[index].position = position;
                }
            }
        }
        Edit::AddLink(link) => {
            check_new_link(project, &link, None)?;
            project.links.push(link);
        }
        Edit::SetLink { index, link } => {
            if index >= project.links.len() {
                return Err(EditError::MissingLink(index));
            }
            check_new_link(project, &link, Some(index))?;
            project.links[index] = link;
        }
        Edit::RemoveLinks(indices) => {
            if let Some(&missing) = indices.iter().find(|&&i| i >= project.links.len()) {
                return Err(EditError::MissingLink(missing));
            }
            let mut index = 0;
            project.links.retain(|_| {
                let keep = !indices.contains(&index);
                index += 1;
                keep
            });
        }
    }
    Ok(())
}

/// Checks that `link` can stand in `project` (replacing link `replacing`, if given).
fn check_new_link(
    project: &Project,
    link: &Link,
    replacing: Option<usize>,
) -> Result<(), EditError> {
    for id in [&link.from, &link.to] {
        if project.stage(id).is_none() {
            return Err(EditError::MissingStage(id.clone()));
        }
    }
    let others = || {
        project
            .links
            .iter()
            .enumerate()
            .filter(move |(i, _)| Some(*i) != replacing)
            .map(|(_, l)| l)
    };
    if others().any(|l| l.from == link.from && l.to == link.to) {
        return Err(EditError::DuplicateLink {
            from: link.from.clone(),
            to: link.to.clone(),
        });
    }
    let mut without = project.clone();
    without.links = others().cloned().collect();
    if without.link_would_cycle(&link.from, &link.to) {
        return Err(EditError::Cycle {
            from: link.from.clone(),
            to: link.to.clone(),
        });
    }
    Ok(())
}

/// The open project with its undo history and revision counter.
#[derive(Clone, Debug)]
pub struct Document {
    project: Project,
    /// Increases with every change to `project`; the window recomputes when it moves.
    revision: u64,
    undo: Vec<(Project, &'static str)>,
    redo: Vec<(Project, &'static str)>,
    /// Key of the last applied edit, for merging a drag or typing into one undo step.
    last_merge_key: Option<String>,
    /// The project as last saved or loaded, for the unsaved marker; `None` when this project
    /// has never been saved as it stands (work restored after a crash).
    saved: Option<Project>,
}

/// Undo steps kept; older ones are dropped.
const MAX_UNDO: usize = 500;

impl Document {
    /// A document holding `project`, with empty history, counted as saved.
    pub fn new(project: Project) -> Self {
        Self {
            saved: Some(project.clone()),
            project,
            revision: 0,
            undo: Vec::new(),
            redo: Vec::new(),
            last_merge_key: None,
        }
    }

    /// A document holding `project` that counts as unsaved until it is saved (work restored
    /// after a crash: what is on disk, if anything, is older).
    pub fn unsaved(project: Project) -> Self {
        Self {
            saved: None,
            ..Self::new(project)
        }
    }

    /// The current project.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// Changes whenever the project does.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Applies an edit as its own undo step.
    pub fn apply(&mut self, edit: Edit) -> Result<(), EditError> {
        self.apply_inner(edit, None)
    }

    /// Applies an edit, merging it into the previous undo step when that step had the same
    /// `merge_key` (a drag of one stage, typing into one field). Callers end a merge run by
    /// calling [`Document::end_merge`] (e.g. when the drag is released).
    pub fn apply_merging(&mut self, edit: Edit, merge_key: &str) -> Result<(), EditError> {
        self.apply_inner(edit, Some(merge_key))
    }

    fn apply_inner(&mut self, edit: Edit, merge_key: Option<&str>) -> Result<(), EditError> {
        let label = edit.label();
        let mut next = self.project.clone();
        apply_edit(&mut next, edit)?;
        if next == self.project {
            return Ok(());
        }
        let merges = merge_key.is_some() && merge_key == self.last_merge_key.as_deref();
        if merges {
            self.project = next;
        } else {
            let previous = std::mem::replace(&mut self.project, next);
            self.undo.push((previous, label));
            if self.undo.len() > MAX_UNDO {
                self.undo.remove(0);
            }
        }
        self.last_merge_key = merge_key.map(str::to_owned);
        self.redo.clear();
        self.revision += 1;
        Ok(())
    }

    /// Ends a run of merged edits, so the next edit is a new undo step.
    pub fn end_merge(&mut self) {
        self.last_merge_key = None;
    }

    /// What Undo would undo, if anything.
    pub fn undo_label(&self) -> Option<&'static str> {
        self.undo.last().map(|(_, label)| *label)
    }

    /// What Redo would redo, if anything.
    pub fn redo_label(&self) -> Option<&'static str> {
        self.redo.last().map(|(_, label)| *label)
    }

    /// Steps back one edit. Returns false when there is nothing to undo.
    pub fn undo(&mut self) -> bool {
        let Some((previous, label)) = self.undo.pop() else {
            return false;
        };
        let current = std::mem::replace(&mut self.project, previous);
        self.redo.push((current, label));
        self.last_merge_key = None;
        self.revision += 1;
        true
    }

    /// Re-applies the last undone edit. Returns false when there is nothing to redo.
    pub fn redo(&mut self) -> bool {
        let Some((next, label)) = self.redo.pop() else {
            return false;
        };
        let current = std::mem::replace(&mut self.project, next);
        self.undo.push((current, label));
        self.last_merge_key = None;
        self.revision += 1;
        true
    }

    /// True when the project differs from the last saved or loaded version.
    pub fn is_dirty(&self) -> bool {
        self.saved.as_ref() != Some(&self.project)
    }

    /// Records that the current project has been saved.
    pub fn mark_saved(&mut self) {
        self.saved = Some(self.project.clone());
    }
}

/// Canvas positions that arrange the chain left to right: one column per stage kind, stages
/// within a column in chain order.
pub fn arrange_by_kind(project: &Project) -> Vec<(StageId, CanvasPos)> {
    const COLUMN_WIDTH: f32 = 300.0;
    const ROW_HEIGHT: f32 = 150.0;
    let order = crate::validate::topological_order(project)
        .unwrap_or_else(|| (0..project.stages.len()).collect());
    let mut rows_used: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut moves = Vec::with_capacity(project.stages.len());
    // `order` holds each stage index once (topological_order's contract), so `get` never misses.
    for stage in order
        .into_iter()
        .filter_map(|index| project.stages.get(index))
    {
        let column = stage.kind.column();
        let used = rows_used.entry(column).or_insert(0);
        let row = *used;
        *used += 1;
        moves.push((
            stage.id.clone(),
            CanvasPos {
                x: column as f32 * COLUMN_WIDTH,
                y: row as f32 * ROW_HEIGHT,
            },
        ));
    }
    moves
}
