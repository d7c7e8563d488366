//! Checks a project before it is computed and reports every problem at once, each with the
//! stage, link or setting it concerns, so the window can show it in place.
//!
//! The entry points live here; the checks are in [`settings`] (horizon, economy, currency,
//! phases), [`stages`], [`links`], [`prices`] (the deck and the stages it prices) and
//! [`fiscal`] (regimes, owners and loans), each against the rules of the field catalogue
//! ([`crate::model::catalogue`]), and the links are resolved and the stages ordered in
//! [`graph_order`].

mod fiscal_checks;
mod graph_order;
mod link_checks;
mod pricing_checks;
mod problem;
mod settings_checks;
mod stage_checks;

use std::cmp::Reverse;

pub use graph_order::topological_order;
pub(crate) use graph_order::{ByStage, LinkEnds};
pub use problem::{Problem, Severity, Subject};

use crate::model::Project;
pub use crate::model::catalogue::{
    MAX_DURATION_YEARS, MAX_FIGURE, MAX_HORIZON_YEARS, RATE_PCT_ACCEPTED, YEARS_ACCEPTED,
};

use fiscal_checks::check_fiscal;
use graph_order::{feed_order, resolve_links};
use link_checks::{check_links, report_cycles};
use pricing_checks::check_prices;
use settings_checks::{check_phases, check_settings};
use stage_checks::{check_stage, check_stage_ids, check_unsold, fed_stages};

/// Every problem in `project`, errors first, in a stable order.
pub fn validate(project: &Project) -> Vec<Problem> {
    let prepared = prepare(project);
    let rest = check_the_rest(project, &prepared);
    errors_first(prepared.problems, rest)
}

/// The part of validation the calculation needs before it can start: the project's
/// settings, phases and stage ids checked, the links resolved to stage indices (ids are
/// looked up once, in one map; every later check works on indices), and the stages in
/// topological order. The rest ([`check_the_rest`]) can run beside the calculation.
pub(crate) struct Prepared {
    /// Problems of the settings, phases and stage ids, in that order.
    pub problems: Vec<Problem>,
    /// Stage indices in topological order, or `None` when the links form a cycle.
    pub order: Option<Vec<usize>>,
    /// The stage index at each end (from, to) of every link, in project order; `None` for an
    /// id no stage has (an error).
    pub link_ends: Vec<LinkEnds>,
    /// True when no two stages share an id.
    unique_ids: bool,
}

impl Prepared {
    /// True when the calculation can start: the settings (such as the horizon), phases and
    /// ids are sound, both ends of every link name a stage, and the links form no cycle. Other
    /// problems of single stages or links cannot make it fail (at worst its numbers are wrong,
    /// and they are dropped), so it can run while they are looked for.
    pub fn can_compute(&self) -> bool {
        self.order.is_some()
            && !self.problems.iter().any(Problem::is_error)
            && self
                .link_ends
                .iter()
                .all(|ends| ends.0.is_some() && ends.1.is_some())
    }
}

/// See [`Prepared`].
pub(crate) fn prepare(project: &Project) -> Prepared {
    let mut problems = Vec::new();
    check_settings(project, &mut problems);
    check_phases(project, &mut problems);
    let ids = check_stage_ids(project, &mut problems);
    let link_ends = resolve_links(project, &ids);
    Prepared {
        problems,
        order: feed_order(project.stages.len(), &link_ends),
        unique_ids: ids.len() == project.stages.len(),
        link_ends,
    }
}

/// [`prepare`] for a project whose stage ids (in order) and whose links' ids are those of an
/// earlier version that validated without errors, whose links resolved to `link_ends` and
/// whose stages were put in `order`. Its ids are then still unique and non-empty and its links
/// resolve as they did, so only the settings and phases are checked again. The caller must
/// have compared the ids (`calc::compute_reusing` does).
pub(crate) fn prepare_known(
    project: &Project,
    link_ends: Vec<LinkEnds>,
    order: Vec<usize>,
) -> Prepared {
    let mut problems = Vec::new();
    check_settings(project, &mut problems);
    check_phases(project, &mut problems);
    Prepared {
        problems,
        order: Some(order),
        link_ends,
        unique_ids: true,
    }
}

/// The problems [`prepare`] leaves: every stage's figures, the links, and cycles.
pub(crate) fn check_the_rest(project: &Project, prepared: &Prepared) -> Vec<Problem> {
    let mut problems = Vec::new();
    let fed = fed_stages(project, &prepared.link_ends, prepared.unique_ids);
    for (stage, &is_fed) in project.stages.iter().zip(&fed) {
        check_stage(project, stage, is_fed, &mut problems);
    }
    check_links(project, &prepared.link_ends, &mut problems);
    check_prices(project, &prepared.link_ends, &mut problems);
    check_unsold(project, &prepared.link_ends, &mut problems);
    check_fiscal(project, &mut problems);
    if prepared.order.is_none() {
        report_cycles(project, &mut problems);
    }
    problems
}

/// The problems of [`prepare`] then of [`check_the_rest`], errors first, each kind in the
/// order found.
pub(crate) fn errors_first(mut problems: Vec<Problem>, rest: Vec<Problem>) -> Vec<Problem> {
    problems.extend(rest);
    problems.sort_by_key(|problem| Reverse(problem.severity));
    problems
}
