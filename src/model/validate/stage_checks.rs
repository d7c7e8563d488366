//! Checks of each stage: ids present and unique, every figure within its catalogue rule, a
//! fed stage that needs feed, capex with a life to depreciate it over, and years that fit the
//! horizon.

use rustc_hash::FxHashSet;

use crate::model::catalogue::Field;
use crate::model::catalogue::stage_fields::{self, BY_PRODUCTS, PURCHASED_INPUTS};
use crate::model::params::Param;
use crate::model::scenario::StageField;
use crate::model::{Location, Project, Stage, StageId};

use super::graph_order::{LinkEnds, StageIndex};
use super::problem::{Problem, Subject};

/// Reports empty and duplicate ids; returns every id present with its stage's index.
pub(super) fn check_stage_ids<'p>(
    project: &'p Project,
    problems: &mut Vec<Problem>,
) -> StageIndex<'p> {
    let mut seen = StageIndex::default();
    seen.reserve(project.stages.len());
    for (index, stage) in project.stages.iter().enumerate() {
        // Nearly every id starts with a letter or digit, which settles it without a scan.
        let starts_visibly = stage
            .id
            .0
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_graphic());
        if !starts_visibly && stage.id.0.trim().is_empty() {
            problems.push(Problem::error(
                Subject::Stage(stage.id.clone()),
                Some(stage_fields::ID.key),
                format!(
                    "Stage '{}' has an empty id; give it a short unique id such as \"mine\".",
                    stage.name
                ),
            ));
        }
        // The last stage with an id wins, as in a map collected from the stages.
        if seen.insert(&stage.id, index).is_some() {
            problems.push(Problem::error(
                Subject::Stage(stage.id.clone()),
                Some(stage_fields::ID.key),
                format!(
                    "Two stages share the id '{}'; ids must be unique because links refer to them.",
                    stage.id
                ),
            ));
        }
    }
    seen
}

/// Which stages a link feeds, by stage index. With unique ids that is where the links'
/// `to` ends point; when ids repeat (an error, reported elsewhere) every stage with an id a
/// link feeds counts as fed.
pub(super) fn fed_stages(project: &Project, link_ends: &[LinkEnds], unique_ids: bool) -> Vec<bool> {
    if unique_ids {
        let mut fed = vec![false; project.stages.len()];
        for &(_, to) in link_ends {
            if let Some(to) = to {
                fed[to] = true;
            }
        }
        fed
    } else {
        let fed: FxHashSet<&StageId> = project.links.iter().map(|link| &link.to).collect();
        project
            .stages
            .iter()
            .map(|stage| fed.contains(&stage.id))
            .collect()
    }
}

/// Adds the problem of `value` in `field`, named `what` (the field's label unless given),
/// if the field's rule refuses it. Formats only when there is a problem.
fn check(
    problems: &mut Vec<Problem>,
    stage: &Stage,
    key: &'static str,
    field: &Field,
    value: f64,
    what: impl FnOnce() -> String,
) {
    if !field.rule.accepts(value)
        && let Some(message) = field.rule.problem(&what(), value)
    {
        problems.push(Problem::error(
            Subject::Stage(stage.id.clone()),
            Some(key),
            message,
        ));
    }
}

pub(super) fn check_stage(
    project: &Project,
    stage: &Stage,
    is_fed: bool,
    problems: &mut Vec<Problem>,
) {
    // Every scalar figure against its catalogue rule, all at once (nearly every stage passes);
    // only a stage that fails is gone through figure by figure for the words.
    let values = StageField::scalar_values(stage);
    let all_pass = values
        .iter()
        .zip(StageField::SCALAR_RULES)
        .all(|(&value, rule)| rule.accepts(value));
    for field in StageField::SCALARS.into_iter().filter(|_| !all_pass) {
        let entry = field.field();
        if let Some(value) = field.get(stage)
            && !entry.rule.accepts(value)
        {
            check(problems, stage, entry.key, entry, value, || {
                entry.label.to_owned()
            });
        }
    }
    for input in &stage.purchased_inputs {
        let named = |field: &Field| {
            let name = &input.name;
            let what = field.label_in_sentence();
            move || format!("Purchased input '{name}': {what}")
        };
        for (field, value) in [
            (&stage_fields::INPUT_COST, input.cost_per_unit),
            (&stage_fields::INPUT_IMPORTED, input.imported_pct),
        ] {
            if !field.rule.accepts(value) {
                check(
                    problems,
                    stage,
                    PURCHASED_INPUTS.key,
                    field,
                    value,
                    named(field),
                );
            }
        }
    }
    for by_product in &stage.by_products {
        let named = |field: &Field| {
            let name = &by_product.name;
            let what = field.label_in_sentence();
            move || format!("By-product '{name}': {what}")
        };
        for (field, value) in [
            (
                &stage_fields::BY_PRODUCT_QUANTITY,
                by_product.quantity_per_unit,
            ),
            (&stage_fields::BY_PRODUCT_PRICE, by_product.price),
        ] {
            if !field.rule.accepts(value) {
                check(problems, stage, BY_PRODUCTS.key, field, value, named(field));
            }
        }
    }
    check_consistency(project, stage, is_fed, problems);
}

/// Warns of stages whose unlinked output has no buyer and that no link takes from: they make
/// nothing (`docs/METHOD.md` D14).
pub(super) fn check_unsold(project: &Project, link_ends: &[LinkEnds], problems: &mut Vec<Problem>) {
    let mut sends = vec![false; project.stages.len()];
    for &(from, _) in link_ends {
        if let Some(from) = from {
            sends[from] = true;
        }
    }
    for (stage, sends) in project.stages.iter().zip(sends) {
        if stage.unlinked_output == crate::model::Destination::NotSold && !sends && stage.active {
            problems.push(Problem::warning(
                Subject::Stage(stage.id.clone()),
                Some(stage_fields::UNLINKED_OUTPUT.key),
                "Nobody buys this stage's output outside the chain and no link takes it, so it makes nothing. Link it to the stage that processes it, or sell its output (export or domestic market).",
            ));
        }
    }
}

/// Problems of figures that are each fine alone but not together.
fn check_consistency(project: &Project, stage: &Stage, is_fed: bool, problems: &mut Vec<Problem>) {
    let subject = || Subject::Stage(stage.id.clone());
    if stage.location == Location::Abroad {
        check_levers_abroad(project, stage, problems);
    }
    if stage.capex > 0.0 && stage.economic_life_years == 0 {
        problems.push(Problem::error(
            subject(),
            Some(stage_fields::ECONOMIC_LIFE.key),
            "Capex is set but the economic life is 0 years, so it cannot be depreciated; enter the life in years (20-30 is typical for a plant).",
        ));
    }
    let typed_feed = stage.grade_recovery.is_none();
    if typed_feed && is_fed && stage.input_per_unit.is_finite() && stage.input_per_unit <= 0.0 {
        problems.push(Problem::error(
            subject(),
            Some(stage_fields::INPUT_PER_UNIT.key),
            "This stage is fed by a link but needs 0 units of input per unit of product; enter how much feed one unit takes (e.g. 3.6 t concentrate per t of copper).",
        ));
    }
    if typed_feed
        && !is_fed
        && stage.input_per_unit > 0.0
        && stage.kind != crate::model::StageKind::Mining
    {
        problems.push(Problem::warning(
            subject(),
            Some(stage_fields::INPUT_PER_UNIT.key),
            format!(
                "This stage needs {} units of feed per unit of product but no link feeds it, so it produces at capacity without feed. Connect the stage that supplies it, or set input per unit to 0 if its feed is bought as a purchased input.",
                stage.input_per_unit
            ),
        ));
    }
    let horizon = project.horizon;
    if stage.first_production_year > horizon.last_year {
        problems.push(Problem::warning(
            subject(),
            Some(stage_fields::FIRST_PRODUCTION_YEAR.key),
            format!(
                "Production starts in {}, after the horizon ends ({}); this stage shows no results.",
                stage.first_production_year, horizon.last_year
            ),
        ));
    }
    let construction_start =
        i64::from(stage.first_production_year) - i64::from(stage.construction_years);
    if stage.capex > 0.0 && construction_start < i64::from(horizon.first_year) {
        problems.push(Problem::warning(
            subject(),
            Some(stage_fields::CONSTRUCTION_YEARS.key),
            format!(
                "Construction starts in {construction_start}, before the horizon begins ({}); capex spent before {} is left out of cash flows and imports.",
                horizon.first_year, horizon.first_year
            ),
        ));
    }
}

/// Warns about an export tax or ban set on a stage abroad, in the stage or as a lever: policy
/// levers apply to domestic stages only (`docs/METHOD.md` 14), so it changes nothing.
fn check_levers_abroad(project: &Project, stage: &Stage, problems: &mut Vec<Problem>) {
    let levers = [
        (StageField::ExportTaxPct, stage.export_tax_pct > 0.0),
        (
            StageField::ExportTaxPerUnit,
            stage.export_tax_per_unit > 0.0,
        ),
        (StageField::ExportBan, stage.export_ban),
    ];
    for (field, set) in levers {
        let lever = project
            .levers
            .iter()
            .any(|lever| lever.param == Param::Stage(stage.id.clone(), field));
        if set || lever {
            let entry = field.field();
            problems.push(Problem::warning(
                Subject::Stage(stage.id.clone()),
                Some(entry.key),
                format!(
                    "{} is {} on a stage abroad, where it changes nothing: policy levers apply to domestic stages only. Set it on the domestic stage that exports, or move this stage home.",
                    entry.label,
                    if lever { "a lever" } else { "set" }
                ),
            ));
        }
    }
}
