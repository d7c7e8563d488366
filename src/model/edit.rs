//! Every change a user can make to a project is one [`Edit`], applied in one place
//! ([`Document::apply`]). Undo/redo, the unsaved-changes marker and recalculation all follow
//! from that one place: the document keeps a revision counter that changes with every applied
//! edit, undo or redo, and the window recomputes only when it changes.

use std::collections::BTreeSet;

use crate::model::fiscal::FiscalRegime;
use crate::model::pricing::PriceDeck;
use crate::model::scenario::{Lever, Param, ParamError, Scenario, Uncertainty, all_params};
use crate::model::{
    CanvasPos, Currency, Economy, Horizon, Link, Phase, Policy, Project, Stage, StageId, StageKind,
};

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
    /// Project-wide policy (carbon price).
    pub policy: Policy,
    /// The project's fiscal regime (`None`: no income tax).
    pub fiscal: Option<FiscalRegime>,
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
            policy: project.policy.clone(),
            fiscal: project.fiscal.clone(),
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
        project.policy = self.policy;
        project.fiscal = self.fiscal;
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
    /// Replace several stages at once, each the one with its id (a field typed for several
    /// selected stages): one undo step.
    SetStages(Vec<Stage>),
    /// Replace the price deck. Levers, uncertainties and scenario values on a commodity the
    /// new deck lacks are dropped with it.
    SetPrices(PriceDeck),
    /// Remove stages and every link that touches them.
    RemoveStages(Vec<StageId>),
    /// Move stages on the canvas.
    MoveStages(Vec<(StageId, CanvasPos)>),
    /// Add a link (refused if it would make a cycle or repeat an existing link).
    AddLink(Link),
    /// Add several links in order, each checked as [`Edit::AddLink`] is; refused whole if one
    /// is (the links among pasted or duplicated stages).
    AddLinks(Vec<Link>),
    /// Replace link number `index`.
    SetLink {
        /// Position in `Project::links`.
        index: usize,
        /// New value.
        link: Link,
    },
    /// Remove links by index.
    RemoveLinks(Vec<usize>),
    /// Add a scenario at the end of the list (its name must be new). To create one from the
    /// current state, pass a copy of the active scenario under a new name, or an empty one
    /// when the base is active (see [`Document::scenario_from_current`]).
    AddScenario(Box<Scenario>),
    /// Copy a scenario under a new name, placed just after it.
    DuplicateScenario {
        /// Scenario to copy.
        from: String,
        /// Name of the copy.
        name: String,
    },
    /// Rename a scenario and change its description.
    RenameScenario {
        /// Current name.
        from: String,
        /// New name.
        to: String,
        /// New description.
        description: String,
    },
    /// Delete a scenario.
    RemoveScenario(String),
    /// Set (`Some`) or clear (`None`) a scenario's override of one parameter.
    SetOverride {
        /// Scenario name.
        scenario: String,
        /// Parameter overridden.
        param: Param,
        /// New value, or `None` to fall back to the base.
        value: Option<f64>,
    },
    /// Switch a stage on or off: in a scenario (stored only when it differs from the base),
    /// or in the base when `scenario` is `None`.
    SwitchStage {
        /// Scenario name, or `None` for the base.
        scenario: Option<String>,
        /// The stage.
        stage: StageId,
        /// On or off.
        active: bool,
    },
    /// Add a lever, or replace the lever on the same parameter.
    SetLever(Lever),
    /// Remove the lever on this parameter.
    RemoveLever(Param),
    /// Add an uncertainty, or replace the one on the same parameter.
    SetUncertainty(Uncertainty),
    /// Remove the uncertainty on this parameter.
    RemoveUncertainty(Param),
    /// Set one parameter to a value (a lever's slider). While a scenario is active,
    /// [`Document`] stores the new value as that scenario's override; on the base it changes
    /// the base.
    SetParam {
        /// The parameter.
        param: Param,
        /// Its new value, in the parameter's unit.
        value: f64,
    },
}

impl Edit {
    /// Short description for the Undo/Redo menu items.
    pub fn label(&self) -> &'static str {
        match self {
            Self::SetSettings(_) => "project settings",
            Self::AddStages(_) => "add stage",
            Self::SetStage(_) => "stage change",
            Self::SetStages(_) => "change of several stages",
            Self::SetPrices(_) => "price deck",
            Self::RemoveStages(_) => "delete",
            Self::MoveStages(_) => "move",
            Self::AddLink(_) | Self::AddLinks(_) => "connect",
            Self::SetLink { .. } => "link change",
            Self::RemoveLinks(_) => "delete link",
            Self::AddScenario(_) => "new scenario",
            Self::DuplicateScenario { .. } => "duplicate scenario",
            Self::RenameScenario { .. } => "rename scenario",
            Self::RemoveScenario(_) => "delete scenario",
            Self::SetOverride { .. } => "scenario value",
            Self::SwitchStage { .. } => "switch stage",
            Self::SetLever(_) => "lever",
            Self::RemoveLever(_) => "remove lever",
            Self::SetUncertainty(_) => "uncertainty",
            Self::RemoveUncertainty(_) => "remove uncertainty",
            Self::SetParam { .. } => "lever move",
        }
    }

    /// True for edits of the chain itself (stages, links, settings). While a scenario is
    /// active, [`Document`] stores their numeric part in that scenario.
    pub fn changes_chain(&self) -> bool {
        matches!(
            self,
            Self::SetSettings(_)
                | Self::AddStages(_)
                | Self::SetStage(_)
                | Self::SetStages(_)
                | Self::SetPrices(_)
                | Self::RemoveStages(_)
                | Self::MoveStages(_)
                | Self::AddLink(_)
                | Self::AddLinks(_)
                | Self::SetLink { .. }
                | Self::RemoveLinks(_)
                | Self::SetParam { .. }
        )
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
    /// The edit names a scenario that does not exist.
    #[error("there is no scenario '{0}'")]
    MissingScenario(String),
    /// A scenario name is empty or already taken.
    #[error("a scenario needs a name of its own; '{0}' is empty or already used")]
    ScenarioName(String),
    /// The parameter does not exist or the value is not a number.
    #[error("{0}")]
    Param(#[from] ParamError),
    /// A lever's range is empty or not finite, or its step is not positive.
    #[error("the lever on {0} needs a finite range with min below max and a positive step")]
    BadLever(String),
    /// A distribution cannot be sampled.
    #[error("the distribution of {param} {problem}")]
    BadDistribution {
        /// The parameter.
        param: String,
        /// What is wrong with it.
        problem: &'static str,
    },
}

/// Applies `edit` to `project`, or leaves it untouched and says why not.
pub fn apply_edit(project: &mut Project, edit: Edit) -> Result<(), EditError> {
    match edit {
        Edit::SetSettings(settings) => settings.apply_to(project),
        Edit::SetParam { param, value } => param.set(project, value)?,
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
        Edit::SetStages(stages) => {
            let indices = stages
                .iter()
                .map(|stage| {
                    project
                        .stage_index(&stage.id)
                        .ok_or_else(|| EditError::MissingStage(stage.id.clone()))
                })
                .collect::<Result<Vec<usize>, EditError>>()?;
            for (index, stage) in indices.into_iter().zip(stages) {
                project.stages[index] = stage;
            }
        }
        Edit::SetPrices(deck) => {
            project.prices = deck;
            forget_missing_targets(project);
        }
        Edit::RemoveStages(ids) => {
            if let Some(missing) = ids.iter().find(|id| project.stage(id).is_none()) {
                return Err(EditError::MissingStage(missing.clone()));
            }
            project.stages.retain(|stage| !ids.contains(&stage.id));
            project
                .links
                .retain(|link| !ids.contains(&link.from) && !ids.contains(&link.to));
            forget_missing_targets(project);
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
        Edit::AddLinks(links) => {
            let before = project.links.len();
            for link in links {
                if let Err(error) = check_new_link(project, &link, None) {
                    project.links.truncate(before);
                    return Err(error);
                }
                project.links.push(link);
            }
        }
        Edit::SetLink { index, link } => {
            if index >= project.links.len() {
                return Err(EditError::MissingLink(index));
            }
            check_new_link(project, &link, Some(index))?;
            project.links[index] = link;
        }
        Edit::RemoveLinks(indices) => remove_links(project, &indices)?,
        Edit::AddScenario(scenario) => {
            check_scenario_name(project, &scenario.name, None)?;
            project.scenarios.push(*scenario);
        }
        Edit::DuplicateScenario { from, name } => {
            let index = scenario_index(project, &from)?;
            check_scenario_name(project, &name, None)?;
            let mut copy = project.scenarios[index].clone();
            copy.name = name;
            project.scenarios.insert(index + 1, copy);
        }
        Edit::RenameScenario {
            from,
            to,
            description,
        } => {
            let index = scenario_index(project, &from)?;
            check_scenario_name(project, &to, Some(index))?;
            project.scenarios[index].name = to;
            project.scenarios[index].description = description;
        }
        Edit::RemoveScenario(name) => {
            let index = scenario_index(project, &name)?;
            project.scenarios.remove(index);
        }
        Edit::SetOverride {
            scenario,
            param,
            value,
        } => set_override(project, &scenario, param, value)?,
        Edit::SwitchStage {
            scenario,
            stage,
            active,
        } => switch_stage(project, scenario.as_deref(), stage, active)?,
        Edit::SetLever(lever) => set_lever(project, lever)?,
        Edit::RemoveLever(param) => project.levers.retain(|lever| lever.param != param),
        Edit::SetUncertainty(uncertainty) => set_uncertainty(project, uncertainty)?,
        Edit::RemoveUncertainty(param) => {
            project.uncertainties.retain(|u| u.param != param);
        }
    }
    Ok(())
}

/// [`Edit::RemoveLinks`]: every index must exist; the other links keep their order.
fn remove_links(project: &mut Project, indices: &[usize]) -> Result<(), EditError> {
    if let Some(&missing) = indices.iter().find(|&&i| i >= project.links.len()) {
        return Err(EditError::MissingLink(missing));
    }
    let mut index = 0;
    project.links.retain(|_| {
        let keep = !indices.contains(&index);
        index += 1;
        keep
    });
    forget_missing_targets(project);
    Ok(())
}

/// [`Edit::SetOverride`]: a value is checked as `set` would check it before it is stored.
fn set_override(
    project: &mut Project,
    scenario: &str,
    param: Param,
    value: Option<f64>,
) -> Result<(), EditError> {
    let index = scenario_index(project, scenario)?;
    match value {
        Some(value) => {
            param.get(project)?;
            // Refuse what `set` would refuse, before anything is stored.
            param.set(&mut project.clone(), value)?;
            project.scenarios[index].overrides.insert(param, value);
        }
        None => {
            project.scenarios[index].overrides.remove(&param);
        }
    }
    Ok(())
}

/// [`Edit::SwitchStage`]: a scenario stores a switch only where it differs from the base.
fn switch_stage(
    project: &mut Project,
    scenario: Option<&str>,
    stage: StageId,
    active: bool,
) -> Result<(), EditError> {
    let stage_index = project
        .stage_index(&stage)
        .ok_or_else(|| EditError::MissingStage(stage.clone()))?;
    match scenario {
        None => project.stages[stage_index].active = active,
        Some(name) => {
            let index = scenario_index(project, name)?;
            let in_base = project.stages[stage_index].active;
            let switches = &mut project.scenarios[index].stages;
            if active == in_base {
                switches.remove(&stage);
            } else {
                switches.insert(stage, active);
            }
        }
    }
    Ok(())
}

/// [`Edit::SetLever`]: the range must be finite and non-empty, the step positive.
fn set_lever(project: &mut Project, lever: Lever) -> Result<(), EditError> {
    lever.param.get(project)?;
    let finite = lever.min.is_finite() && lever.max.is_finite();
    let step_ok = lever.step.is_none_or(|step| step.is_finite() && step > 0.0);
    if !finite || lever.min >= lever.max || !step_ok {
        return Err(EditError::BadLever(lever.param.label(project)));
    }
    match project.levers.iter().position(|l| l.param == lever.param) {
        Some(index) => project.levers[index] = lever,
        None => project.levers.push(lever),
    }
    Ok(())
}

/// [`Edit::SetUncertainty`]: the distribution must be one that can be sampled.
fn set_uncertainty(project: &mut Project, uncertainty: Uncertainty) -> Result<(), EditError> {
    uncertainty.param.get(project)?;
    if let Some(problem) = uncertainty.distribution.problem() {
        return Err(EditError::BadDistribution {
            param: uncertainty.param.label(project),
            problem,
        });
    }
    let list = &mut project.uncertainties;
    match list.iter().position(|u| u.param == uncertainty.param) {
        Some(index) => list[index] = uncertainty,
        None => list.push(uncertainty),
    }
    Ok(())
}

/// Where new stages start producing: the first year of the horizon, or the base year when
/// the horizon is empty.
fn first_year(project: &Project) -> i32 {
    if project.horizon.is_empty() {
        project.base_year
    } else {
        project.horizon.first_year
    }
}

/// A stage name not used yet: "Refining", then "Refining 2", …
fn unused_name(project: &Project, base: &str) -> String {
    let taken = |name: &str| project.stages.iter().any(|stage| stage.name == name);
    if !taken(base) {
        return base.to_owned();
    }
    // One more candidate than there are stages, so one of them is always free.
    (2..=project.stages.len() + 2)
        .map(|n| format!("{base} {n}"))
        .find(|name| !taken(name))
        .unwrap_or_else(|| base.to_owned())
}

/// A new stage of `kind` with its box at `at`, named and identified so it clashes with
/// nothing in `project`: the edit that adds it, and its id (to select it).
pub fn add_stage(project: &Project, kind: StageKind, at: CanvasPos) -> (Edit, StageId) {
    let mut stage = Stage::new(
        project.fresh_stage_id(kind.label()),
        kind,
        first_year(project),
    );
    stage.name = unused_name(project, kind.label());
    stage.position = at;
    let id = stage.id.clone();
    (Edit::AddStages(vec![stage]), id)
}

/// The edits that delete `stages` and link number `link` of `project`, to be applied in
/// order as one undo step (see [`Document::apply_group`]). Stages that do not exist are
/// left out; a link that goes with a deleted stage needs no edit of its own.
pub fn delete_selection(project: &Project, stages: &[StageId], link: Option<usize>) -> Vec<Edit> {
    let stages: Vec<StageId> = stages
        .iter()
        .filter(|id| project.stage(id).is_some())
        .cloned()
        .collect();
    let mut edits = Vec::with_capacity(2);
    if let Some(link) = link.and_then(|index| project.links.get(index)) {
        let goes_with_a_stage = |l: &Link| stages.contains(&l.from) || stages.contains(&l.to);
        if !goes_with_a_stage(link) {
            // Removing stages removes their links first, which shifts the indices of the others.
            let index = project
                .links
                .iter()
                .filter(|l| !goes_with_a_stage(l))
                .position(|l| l.from == link.from && l.to == link.to);
            if let Some(index) = index {
                edits.push(Edit::RemoveLinks(vec![index]));
            }
        }
    }
    if !stages.is_empty() {
        edits.insert(0, Edit::RemoveStages(stages));
    }
    edits
}

fn scenario_index(project: &Project, name: &str) -> Result<usize, EditError> {
    project
        .scenarios
        .iter()
        .position(|scenario| scenario.name == name)
        .ok_or_else(|| EditError::MissingScenario(name.to_owned()))
}

/// A scenario name must be non-blank and unused (except by scenario `renaming` itself).
fn check_scenario_name(
    project: &Project,
    name: &str,
    renaming: Option<usize>,
) -> Result<(), EditError> {
    let taken = project
        .scenarios
        .iter()
        .enumerate()
        .any(|(i, s)| Some(i) != renaming && s.name == name);
    if name.trim().is_empty() || taken {
        return Err(EditError::ScenarioName(name.to_owned()));
    }
    Ok(())
}

/// After stages or links are deleted, drops the scenario overrides, switches, levers and
/// uncertainties that named them, so nothing is left pointing at nothing.
fn forget_missing_targets(project: &mut Project) {
    let snapshot = project.clone();
    let exists = |param: &Param| param.get(&snapshot).is_ok();
    for scenario in &mut project.scenarios {
        scenario.overrides.retain(|param, _| exists(param));
        scenario.stages.retain(|id, _| snapshot.stage(id).is_some());
    }
    project.levers.retain(|lever| exists(&lever.param));
    project.uncertainties.retain(|u| exists(&u.param));
}

/// Applies a chain edit as seen through scenario `name`: the edit is made on the scenario's
/// view of the project; numbers that then differ from the base are stored as the scenario's
/// overrides (and switches), and everything else (names, lists, layout, removed stages) goes
/// to the base, shared by every scenario. A stage added while a scenario is active is added
/// to the base switched off and switched on in the scenario; a link added is added to the
/// base with a share of 0 and the scenario overrides its share; so the base is unchanged.
pub fn apply_edit_in_scenario(base: &mut Project, name: &str, edit: Edit) -> Result<(), EditError> {
    let index = scenario_index(base, name)?;
    let view = base.scenarios[index].apply(base);
    let mut edited = view;
    apply_edit(&mut edited, edit)?;

    let mut next = edited.clone();
    for param in all_params(&edited) {
        if let Ok(value) = param.get(base) {
            let _ = param.set(&mut next, value);
        }
    }
    for stage in &mut next.stages {
        // A stage new to the base starts switched off there.
        stage.active = base.stage(&stage.id).is_some_and(|b| b.active);
    }
    for link in &mut next.links {
        if base.link_index(&link.from, &link.to).is_none() {
            link.share_pct = 0.0;
        }
    }
    let diff = Scenario::diff(name, &next, &edited);
    if let Some(scenario) = next.scenarios.iter_mut().find(|s| s.name == name) {
        scenario.overrides = diff.overrides;
        scenario.stages = diff.stages;
    }
    *base = next;
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
    // A new link is checked against the project as it is; only a link replacing another needs
    // a copy without it (a large paste checks a thousand links, and a copy each was minutes).
    let cycles = if replacing.is_none() {
        project.link_would_cycle(&link.from, &link.to)
    } else {
        let mut without = project.clone();
        without.links = others().cloned().collect();
        without.link_would_cycle(&link.from, &link.to)
    };
    if cycles {
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
    /// The scenario being viewed and edited, or `None` for the base. Not saved in the file:
    /// which scenario is on screen is a view setting.
    active_scenario: Option<String>,
}

/// A revision number never handed out before in this run (see [`Document::revision`]).
fn next_revision() -> u64 {
    static LAST: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    LAST.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1
}

/// Undo steps kept; older ones are dropped.
const MAX_UNDO: usize = 500;

impl Document {
    /// A document holding `project`, with empty history, counted as saved.
    pub fn new(project: Project) -> Self {
        Self {
            saved: Some(project.clone()),
            project,
            revision: next_revision(),
            undo: Vec::new(),
            redo: Vec::new(),
            last_merge_key: None,
            active_scenario: None,
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

    /// Changes whenever the project does, and no two documents of one run share a value, so
    /// a cache keyed on it (charts, comparisons) cannot mistake a newly opened project for the
    /// one before it.
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

    /// The scenario on screen, if any (`None` is the base). A name the project no longer has
    /// (after an undo, say) counts as the base.
    pub fn active_scenario(&self) -> Option<&str> {
        self.active_scenario
            .as_deref()
            .filter(|name| self.project.scenario(name).is_some())
    }

    /// Puts a scenario (or the base, with `None`) on screen. Not an undo step; the revision
    /// moves so the window recomputes.
    pub fn set_active_scenario(&mut self, name: Option<&str>) -> Result<(), EditError> {
        if let Some(name) = name
            && self.project.scenario(name).is_none()
        {
            return Err(EditError::MissingScenario(name.to_owned()));
        }
        let name = name.map(str::to_owned);
        if name != self.active_scenario {
            self.active_scenario = name;
            self.last_merge_key = None;
            self.revision = next_revision();
        }
        Ok(())
    }

    /// The project as the active scenario sees it: what to draw and compute. The base itself
    /// (cloned) when no scenario is active.
    pub fn view(&self) -> Project {
        match self
            .active_scenario()
            .and_then(|name| self.project.scenario(name))
        {
            Some(scenario) => scenario.apply(&self.project),
            None => self.project.clone(),
        }
    }

    /// A new scenario named `name` holding the current state: a copy of the active
    /// scenario's differences, or no differences when the base is active. Pass it to
    /// [`Edit::AddScenario`].
    pub fn scenario_from_current(&self, name: &str) -> Scenario {
        let mut scenario = self
            .active_scenario()
            .and_then(|active| self.project.scenario(active))
            .cloned()
            .unwrap_or_default();
        name.clone_into(&mut scenario.name);
        scenario
    }

    fn apply_inner(&mut self, edit: Edit, merge_key: Option<&str>) -> Result<(), EditError> {
        let label = edit.label();
        let mut next = self.project.clone();
        let renamed = match &edit {
            Edit::RenameScenario { from, to, .. } => Some((from.clone(), to.clone())),
            _ => None,
        };
        match self.active_scenario() {
            Some(active) if edit.changes_chain() => {
                let active = active.to_owned();
                apply_edit_in_scenario(&mut next, &active, edit)?;
            }
            _ => apply_edit(&mut next, edit)?,
        }
        if let Some((from, to)) = renamed
            && self.active_scenario.as_deref() == Some(from.as_str())
        {
            self.active_scenario = Some(to);
        }
        if next == self.project {
            return Ok(());
        }
        let merges = merge_key.is_some() && merge_key == self.last_merge_key.as_deref();
        let mut merge_key = merge_key;
        if merges {
            self.project = next;
            // Merged back to where the step began (a refused entry withdrawn, a drag brought
            // back): there is nothing left to undo, and the next edit starts a step of its own.
            if self
                .undo
                .last()
                .is_some_and(|(before, _)| *before == self.project)
            {
                self.undo.pop();
                merge_key = None;
            }
        } else {
            let previous = std::mem::replace(&mut self.project, next);
            self.undo.push((previous, label));
            if self.undo.len() > MAX_UNDO {
                self.undo.remove(0);
            }
        }
        self.last_merge_key = merge_key.map(str::to_owned);
        self.redo.clear();
        self.revision = next_revision();
        Ok(())
    }

    /// Applies `edits` in order as one undo step (a deletion of stages and a link, a
    /// duplicate with its links). Stops at the first edit refused; those applied before it
    /// stay, as one step.
    pub fn apply_group(&mut self, edits: Vec<Edit>) -> Result<(), EditError> {
        // A key no earlier edit can have had, so the group never merges into the step before.
        let key = format!("group-{}", next_revision());
        let mut result = Ok(());
        for edit in edits {
            result = self.apply_merging(edit, &key);
            if result.is_err() {
                break;
            }
        }
        self.end_merge();
        result
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
        self.revision = next_revision();
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
        self.revision = next_revision();
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
    let order = crate::model::validate::topological_order(project)
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

/// The edits that put every lever of `project` back, as one undo step: while `scenario` is
/// shown, its overrides of lever parameters are dropped so they read the base's values; on
/// the base, each lever goes back to the value `start` holds for it (where it stood when
/// presentation began). Empty when nothing needs to move.
pub fn reset_levers(
    project: &Project,
    scenario: Option<&str>,
    start: &[(Param, f64)],
) -> Vec<Edit> {
    if let Some(name) = scenario {
        let Some(scenario) = project.scenarios.iter().find(|s| s.name == name) else {
            return Vec::new();
        };
        return project
            .levers
            .iter()
            .filter(|lever| scenario.overrides.contains_key(&lever.param))
            .map(|lever| Edit::SetOverride {
                scenario: name.to_owned(),
                param: lever.param.clone(),
                value: None,
            })
            .collect();
    }
    start
        .iter()
        .filter(|(param, value)| {
            project.levers.iter().any(|lever| &lever.param == param)
                && param
                    .get(project)
                    .is_ok_and(|now| (now - *value).abs() > 0.0)
        })
        .map(|(param, value)| Edit::SetParam {
            param: param.clone(),
            value: *value,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    // Offsets of whole canvas units add exactly.
    #![allow(clippy::float_cmp)]

    use super::*;

    fn stage(id: &str, x: f32) -> Stage {
        let mut stage = Stage::new(StageId::from(id), StageKind::Mining, 2026);
        stage.name = id.to_uppercase();
        stage.position = CanvasPos { x, y: 0.0 };
        stage
    }

    fn link(from: &str, to: &str) -> Link {
        Link {
            from: StageId::from(from),
            to: StageId::from(to),
            share_pct: 100.0,
            transport_cost_per_unit: 0.0,
        }
    }

    /// Three stages in a row, a → b → c.
    fn chain() -> Project {
        let mut project = Project::empty("Chain", 2025);
        project.stages = vec![stage("a", 0.0), stage("b", 300.0), stage("c", 600.0)];
        project.links = vec![link("a", "b"), link("b", "c")];
        project
    }

    fn ids(list: &[&str]) -> Vec<StageId> {
        list.iter().map(|id| StageId::from(*id)).collect()
    }

    #[test]
    fn an_added_stage_gets_a_fresh_id_and_an_unused_name() {
        let mut project = chain();
        let at = CanvasPos { x: 5.0, y: 7.0 };
        let (first, first_id) = add_stage(&project, StageKind::Refining, at);
        apply_edit(&mut project, first).unwrap();
        let (second, second_id) = add_stage(&project, StageKind::Refining, at);
        apply_edit(&mut project, second).unwrap();
        assert_ne!(first_id, second_id);
        let names: Vec<&str> = project.stages[3..]
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(names, ["Refining", "Refining 2"]);
        assert_eq!(project.stages[3].position, at);
    }

    #[test]
    fn typing_back_to_the_start_leaves_no_undo_step() {
        let mut doc = Document::new(chain());
        let price = |value: f64| {
            let mut stage = chain().stages[0].clone();
            stage.price_per_unit = value;
            Edit::SetStage(Box::new(stage))
        };
        let start = chain().stages[0].price_per_unit;
        doc.apply_merging(price(1.0), "price").unwrap();
        doc.apply_merging(price(15.0), "price").unwrap();
        doc.apply_merging(price(start), "price").unwrap();
        assert_eq!(doc.project(), &chain());
        assert!(!doc.is_dirty());
        assert_eq!(doc.undo_label(), None, "nothing is left to undo");
        // The next edit of the field is a step of its own, undone back to the start.
        doc.apply_merging(price(15.0), "price").unwrap();
        assert!(doc.undo());
        assert_eq!(doc.project(), &chain());
        assert!(!doc.undo());
    }

    #[test]
    fn deleting_stages_and_a_link_is_one_undo_step() {
        let mut doc = Document::new(chain());
        // Stage a and link b → c: the link's index shifts once a's link is gone.
        let edits = delete_selection(doc.project(), &ids(&["a"]), Some(1));
        assert_eq!(
            edits,
            [Edit::RemoveStages(ids(&["a"])), Edit::RemoveLinks(vec![0])]
        );
        doc.apply_group(edits).unwrap();
        assert_eq!(doc.project().stages.len(), 2);
        assert!(doc.project().links.is_empty());
        assert!(doc.undo());
        assert_eq!(doc.project(), &chain());
        assert!(!doc.undo(), "the deletion was one step");
    }

    #[test]
    fn a_link_deleted_with_its_stage_needs_no_edit_of_its_own() {
        let edits = delete_selection(&chain(), &ids(&["b", "gone"]), Some(0));
        assert_eq!(edits, [Edit::RemoveStages(ids(&["b"]))]);
        assert!(delete_selection(&chain(), &[], None).is_empty());
    }
}
