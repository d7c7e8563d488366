//! Everything the window shows that is derived from the document, in one place: the project on
//! screen (the base with the active scenario applied), its results and problems, the base's
//! results while a scenario is shown, the period's national sums and the headline figures.
//!
//! [`Derived::refresh`] brings it up to date from a [`Document`] and is keyed by the document's
//! revision (which also moves when another scenario is put on screen), so a frame in which
//! nothing changed computes nothing. No egui here: the tests below drive it with documents.

use crate::analysis::Headline;
use crate::calc::{National, Period, Results};
use crate::model::Project;
use crate::model::edit::Document;
use crate::model::validate::Problem;

/// Data derived from the document, refreshed when its revision moves.
#[derive(Debug)]
pub struct Derived {
    /// Revision of the document everything here describes; `None` before the first refresh.
    revision: Option<u64>,
    /// The project on screen: the base with the active scenario applied.
    view: Project,
    /// Results of `view` (`None` while it has errors).
    results: Option<Results>,
    /// Problems of `view`, errors first.
    problems: Vec<Problem>,
    /// Results of the base while a scenario is on screen, for "against the baseline" figures.
    baseline: Option<Results>,
    /// The base `baseline` was computed from: edits to a scenario (a lever drag) leave the base
    /// as it was, and its results are kept rather than computed again.
    baseline_source: Option<Project>,
    /// National sums of one period, with the revision and period they describe.
    national: Option<(u64, Period, National)>,
    /// Headline figures of the view and of the base, with the revision they describe. Summed
    /// on demand (presentation mode), once per change: a 1,000-stage chain takes milliseconds.
    headlines: Option<(u64, Headline, Option<Headline>)>,
    /// How many times a project has been computed (the view or the base), so tests can tell
    /// kept results from recomputed ones.
    calculations: u64,
}

impl Derived {
    /// Derived data of `doc`, computed now.
    pub fn new(doc: &Document) -> Self {
        let mut derived = Self {
            revision: None,
            view: Project::empty("", 0),
            results: None,
            problems: Vec::new(),
            baseline: None,
            baseline_source: None,
            national: None,
            headlines: None,
            calculations: 0,
        };
        derived.refresh(doc);
        derived
    }

    /// Recomputes everything when `doc` has changed since the last refresh; true when it did.
    pub fn refresh(&mut self, doc: &Document) -> bool {
        let revision = doc.revision();
        if self.revision == Some(revision) {
            return false;
        }
        self.revision = Some(revision);
        self.view = doc.view();
        self.refresh_baseline(doc);
        // The previous results lend their memory to the new ones (see `compute_reusing`).
        self.calculations += 1;
        match crate::calc::compute_reusing(&self.view, self.results.take()) {
            Ok(results) => {
                self.problems.clone_from(&results.warnings);
                self.results = Some(results);
            }
            Err(problems) => {
                self.problems = problems;
                self.results = None;
            }
        }
        true
    }

    /// Recomputes the base's results while a scenario is shown, only when the base itself
    /// changed; drops them when the base is shown.
    fn refresh_baseline(&mut self, doc: &Document) {
        if doc.active_scenario().is_none() {
            self.baseline = None;
            self.baseline_source = None;
            return;
        }
        let base = doc.project();
        let unchanged = self.baseline.is_some()
            && self
                .baseline_source
                .as_ref()
                .is_some_and(|source| source.same_chain(base));
        if unchanged {
            return;
        }
        self.calculations += 1;
        self.baseline = crate::calc::compute_reusing(base, self.baseline.take()).ok();
        self.baseline_source = Some(base.clone());
    }

    /// Sums the national figures of `period`, unless they are already summed for this
    /// revision and period. Called once per frame before drawing.
    pub fn refresh_national(&mut self, period: Period) {
        let Some(revision) = self.revision else {
            return;
        };
        let current = self
            .national
            .as_ref()
            .is_some_and(|(r, p, _)| *r == revision && *p == period);
        if current {
            return;
        }
        self.national = self
            .results
            .as_ref()
            .map(|results| (revision, period, results.national(period)));
    }

    /// National sums of `period`, when they have been summed for the current revision.
    pub fn national(&self, period: Period) -> Option<&National> {
        self.national
            .as_ref()
            .filter(|(revision, summed, _)| Some(*revision) == self.revision && *summed == period)
            .map(|(_, _, national)| national)
    }

    /// Sums the headline figures of the view and the base, unless already summed for this
    /// revision. `None` while the view has errors.
    pub fn refresh_headlines(&mut self) {
        let Some(revision) = self.revision else {
            return;
        };
        if self
            .headlines
            .as_ref()
            .is_some_and(|(summed, ..)| *summed == revision)
        {
            return;
        }
        self.headlines = self.results.as_ref().map(|results| {
            (
                revision,
                Headline::of(results),
                self.baseline.as_ref().map(Headline::of),
            )
        });
    }

    /// The headline figures of the view and, while a scenario is shown, of the base; `None`
    /// until [`Derived::refresh_headlines`] has run for this revision, or with errors.
    pub fn headlines(&self) -> Option<(&Headline, Option<&Headline>)> {
        self.headlines
            .as_ref()
            .filter(|(summed, ..)| Some(*summed) == self.revision)
            .map(|(_, now, base)| (now, base.as_ref()))
    }

    /// How many projects have been computed so far (the view and the base count one each).
    #[cfg(test)]
    pub fn calculations(&self) -> u64 {
        self.calculations
    }

    /// The revision of the document everything here describes.
    #[cfg(test)]
    pub fn revision(&self) -> Option<u64> {
        self.revision
    }

    /// The project on screen: the base with the active scenario applied.
    pub fn view(&self) -> &Project {
        &self.view
    }

    /// Results of the project on screen (`None` while it has errors).
    pub fn results(&self) -> Option<&Results> {
        self.results.as_ref()
    }

    /// Problems of the project on screen, errors first.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Results of the base while a scenario is on screen (`None` on the base itself).
    pub fn baseline(&self) -> Option<&Results> {
        self.baseline.as_ref()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::float_cmp)]

    use super::*;
    use crate::model::edit::Edit;
    use crate::model::scenario::Scenario;

    /// The bundled example project, with one scenario named "Low price" that changes nothing.
    fn document() -> Document {
        let project = crate::io::examples::default_project().unwrap();
        let mut doc = Document::new(project);
        let scenario = Scenario {
            name: "Low price".to_owned(),
            ..Scenario::default()
        };
        doc.apply(Edit::AddScenario(Box::new(scenario))).unwrap();
        doc
    }

    /// An edit that changes the first stage's price by `factor`.
    fn price_edit(doc: &Document, factor: f64) -> Edit {
        let mut stage = doc.view().stages[0].clone();
        stage.price_per_unit *= factor;
        Edit::SetStage(Box::new(stage))
    }

    fn first_value_added(derived: &Derived) -> f64 {
        derived
            .results()
            .unwrap()
            .stage_sum(0, Period::Horizon, |a| a.value_added)
    }

    #[test]
    fn an_edit_is_recomputed_on_the_next_refresh() {
        let mut doc = document();
        let mut derived = Derived::new(&doc);
        let before = first_value_added(&derived);
        doc.apply(price_edit(&doc, 2.0)).unwrap();
        assert!(derived.refresh(&doc));
        assert_eq!(derived.revision(), Some(doc.revision()));
        assert_eq!(derived.view(), doc.project());
        assert!(first_value_added(&derived) > before);
    }

    #[test]
    fn nothing_is_recomputed_while_the_revision_stands() {
        let doc = document();
        let mut derived = Derived::new(&doc);
        let calculations = derived.calculations();
        assert!(!derived.refresh(&doc));
        assert_eq!(derived.calculations(), calculations);
        derived.refresh_national(Period::Horizon);
        let national = *derived.national(Period::Horizon).unwrap();
        derived.refresh_national(Period::Horizon);
        assert_eq!(derived.national(Period::Horizon), Some(&national));
        assert!(derived.national(Period::Year(2030)).is_none());
    }

    #[test]
    fn switching_scenario_changes_the_view() {
        let mut doc = document();
        let mut derived = Derived::new(&doc);
        assert!(derived.baseline().is_none());
        doc.set_active_scenario(Some("Low price")).unwrap();
        doc.apply(price_edit(&doc, 0.5)).unwrap();
        assert!(derived.refresh(&doc));
        assert_ne!(derived.view(), doc.project());
        assert_eq!(derived.view(), &doc.view());
        assert!(derived.baseline().is_some());
        doc.set_active_scenario(None).unwrap();
        assert!(derived.refresh(&doc));
        assert_eq!(derived.view(), doc.project());
        assert!(derived.baseline().is_none());
    }

    #[test]
    fn the_baseline_is_kept_while_only_the_scenario_changes() {
        let mut doc = document();
        doc.set_active_scenario(Some("Low price")).unwrap();
        let mut derived = Derived::new(&doc);
        let calculations = derived.calculations();
        let base_va = derived
            .baseline()
            .unwrap()
            .stage_sum(0, Period::Horizon, |a| a.value_added);
        doc.apply(price_edit(&doc, 0.5)).unwrap();
        assert!(derived.refresh(&doc));
        // Only the view was computed again: the base did not change.
        assert_eq!(derived.calculations(), calculations + 1);
        let still = derived
            .baseline()
            .unwrap()
            .stage_sum(0, Period::Horizon, |a| a.value_added);
        assert_eq!(still, base_va);
        assert!(first_value_added(&derived) < base_va);
        derived.refresh_headlines();
        let (now, base) = derived.headlines().unwrap();
        assert_eq!(now, &Headline::of(derived.results().unwrap()));
        assert_eq!(base, Some(&Headline::of(derived.baseline().unwrap())));
    }
}
