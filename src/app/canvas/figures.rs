//! The figures the canvas writes and draws with: each stage's value added and share of GDP,
//! the flow along each link (which sets the arrow's width), and the project's problems
//! indexed by stage and link for the warning markers.

use crate::calc::{Period, Results};
use crate::model::validate::{Problem, Severity, Subject};
use crate::model::{Location, Project, Stage, StageId};
use egui::{Color32, Visuals};
use std::collections::BTreeMap;

use super::{CanvasView, LINK_WIDTH_RANGE, LINK_WIDTH_WITHOUT_RESULTS};
use crate::app::theme;

/// Material and money moving along one link over a period.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LinkFlow {
    /// Feed used by the downstream stage from this link, in the upstream stage's unit.
    pub quantity: f64,
    /// That feed at the upstream stage's price, in the project currency.
    pub value: f64,
}

/// What flows along every link of `project` over `period` (same order as `Project::links`), or
/// `None` when `results` were not computed from this project.
///
/// The calculation draws a stage's feed from its inbound links in proportion to what each link
/// ships (share × upstream quantity); this splits each year's feed the same way, so the values
/// of a stage's inbound links add up to its material cost.
pub fn link_flows(project: &Project, results: &Results, period: Period) -> Option<Vec<LinkFlow>> {
    if !results_match(project, results) || results.link_count() != project.links.len() {
        return None;
    }
    Some(
        (0..project.links.len())
            .map(|index| {
                let (quantity, value) = results.link(index, period);
                LinkFlow { quantity, value }
            })
            .collect(),
    )
}

/// True when `results` have one entry per stage of `project`, in the same order (results lag
/// one recalculation behind an edit at most, and are dropped while the project has errors).
pub(super) fn results_match(project: &Project, results: &Results) -> bool {
    results.stages.len() == project.stages.len()
        && results
            .stages
            .iter()
            .zip(&project.stages)
            .all(|(computed, stage)| computed.id == stage.id)
}

/// Figures of one stage for the period on show.
#[derive(Clone, Copy, Debug)]
pub(super) struct StageFigures {
    pub(super) value_added: f64,
    /// `None` for stages abroad: their value added is not part of the national economy.
    pub(super) share_of_gdp: Option<f64>,
}

/// Everything the boxes and arrows show, from the results. Link flows are summed once per
/// frame (their widths depend on the largest); a box's figures only when the box is drawn.
pub(super) struct Figures<'r> {
    /// Results that match the project, with the period's GDP; `None` without them.
    pub(super) results: Option<(&'r Results, f64)>,
    pub(super) period: Period,
    /// By link index; empty when there are no (matching) results.
    pub(super) links: Vec<LinkFlow>,
    pub(super) largest_link_value: f64,
}

impl<'r> Figures<'r> {
    pub(super) fn of(view: &CanvasView<'r>) -> Self {
        let none = Self {
            results: None,
            period: view.period,
            links: Vec::new(),
            largest_link_value: 0.0,
        };
        let Some(results) = view.results else {
            return none;
        };
        let Some(links) = link_flows(view.project, results, view.period) else {
            return none;
        };
        let largest_link_value = links
            .iter()
            .map(|flow| flow.value)
            .filter(|value| value.is_finite())
            .fold(0.0, f64::max);
        Self {
            results: Some((results, results.gdp(view.period))),
            period: view.period,
            links,
            largest_link_value,
        }
    }

    /// Figures of stage `index` (`None` without results).
    pub(super) fn stage(&self, index: usize, stage: &Stage) -> Option<StageFigures> {
        let (results, gdp) = self.results?;
        let value_added = results.stage_sum(index, self.period, |a| a.value_added);
        let national = stage.location == Location::Domestic && gdp > 0.0;
        Some(StageFigures {
            value_added,
            share_of_gdp: national.then(|| value_added / gdp),
        })
    }

    pub(super) fn link_width(&self, index: usize) -> f32 {
        let Some(flow) = self.links.get(index) else {
            return LINK_WIDTH_WITHOUT_RESULTS;
        };
        let (thinnest, thickest) = LINK_WIDTH_RANGE;
        if self.largest_link_value <= 0.0 || !flow.value.is_finite() {
            return thinnest;
        }
        // Width in proportion to value, like a Sankey diagram: twice the value, twice the width.
        let fraction = (flow.value / self.largest_link_value).clamp(0.0, 1.0) as f32;
        thinnest + (thickest - thinnest) * fraction
    }
}

/// Validation problems sorted by what they are about.
pub(super) struct ProblemIndex<'a> {
    pub(super) stages: BTreeMap<&'a StageId, Vec<&'a Problem>>,
    pub(super) links: BTreeMap<usize, Vec<&'a Problem>>,
}

impl<'a> ProblemIndex<'a> {
    pub(super) fn of(problems: &'a [Problem]) -> Self {
        let mut index = Self {
            stages: BTreeMap::new(),
            links: BTreeMap::new(),
        };
        for problem in problems {
            match &problem.subject {
                Subject::Stage(id) => index.stages.entry(id).or_default().push(problem),
                Subject::Link(link) => index.links.entry(*link).or_default().push(problem),
                Subject::Project | Subject::Phase(_) => {}
            }
        }
        index
    }

    pub(super) fn of_stage(&self, id: &StageId) -> &[&'a Problem] {
        self.stages.get(id).map_or(&[], Vec::as_slice)
    }

    pub(super) fn of_link(&self, index: usize) -> &[&'a Problem] {
        self.links.get(&index).map_or(&[], Vec::as_slice)
    }
}

pub(super) fn worst(problems: &[&Problem]) -> Option<Severity> {
    problems.iter().map(|problem| problem.severity).max()
}

pub(super) fn severity_color(severity: Severity, visuals: &Visuals) -> Color32 {
    match severity {
        Severity::Error => theme::error_color(visuals),
        Severity::Warning => theme::warning_color(visuals),
    }
}
