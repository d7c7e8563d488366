//! Checks a project before it is computed and reports every problem at once, each with the
//! stage, link or setting it concerns, so the window can show it in place.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::fmt;

use rustc_hash::{FxHashMap, FxHashSet};

use rayon::prelude::*;

use crate::model::{Link, Project, Stage, StageId};

/// How serious a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The project can still be computed, but a result may not mean what the planner expects.
    Warning,
    /// The project cannot be computed until this is fixed.
    Error,
}

/// What a problem is about.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// A project-wide setting (economy, horizon, currency).
    Project,
    /// A named phase, by index.
    Phase(usize),
    /// A stage, by id.
    Stage(StageId),
    /// A link, by index in `Project::links`.
    Link(usize),
}

/// One thing wrong with a project.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// What it concerns.
    pub subject: Subject,
    /// The field concerned, as named in the project file, when there is one.
    pub field: Option<&'static str>,
    /// What is wrong and what to do, in one or two sentences.
    pub message: String,
}

impl Problem {
    fn error(subject: Subject, field: Option<&'static str>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            subject,
            field,
            message: message.into(),
        }
    }

    fn warning(subject: Subject, field: Option<&'static str>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            subject,
            field,
            message: message.into(),
        }
    }

    /// True for errors that stop the calculation.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Where the problem is, in words a planner recognises ("stage 'mine'", "link from 'mine' to 'mill'").
    pub fn location(&self, project: &Project) -> String {
        let place = match &self.subject {
            Subject::Project => "project settings".to_owned(),
            Subject::Phase(index) => match project.phases.get(*index) {
                Some(phase) => format!("phase '{}'", phase.name),
                None => format!("phase {}", index + 1),
            },
            Subject::Stage(id) => format!("stage '{id}'"),
            Subject::Link(index) => match project.links.get(*index) {
                Some(link) => format!("link from '{}' to '{}'", link.from, link.to),
                None => format!("link {}", index + 1),
            },
        };
        match self.field {
            Some(field) => format!("{place}, {field}"),
            None => place,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Warning => "warning",
            Self::Error => "error",
        })
    }
}

/// How many years before the horizon the base year may lie before it looks like a typo.
const BASE_YEAR_SLACK_YEARS: i32 = 10;

/// Longest horizon accepted; longer ones are almost certainly a typo in a year.
pub const MAX_HORIZON_YEARS: usize = 200;

/// Calendar years a project may use (base year, horizon, phases, first production). Outside
/// them a year is a typo, and growing GDP or discounting over thousands of years would overflow.
pub const YEARS_ACCEPTED: std::ops::RangeInclusive<i32> = 1800..=2300;

/// Largest magnitude of any figure (money, quantities, jobs): 10^18, a million times the
/// world's GDP in dollars, and still room for the largest economies in their own currencies.
/// With every figure below it, every result stays a finite number (docs/METHOD.md, section 8).
pub const MAX_FIGURE: f64 = 1e18;

/// Yearly rates accepted for GDP growth and discounting, in percent. Rates near -100% would
/// make GDP or discount factors vanish over a long horizon and turn results infinite.
pub const RATE_PCT_ACCEPTED: std::ops::RangeInclusive<f64> = -50.0..=100.0;

/// Longest construction, ramp-up or economic life accepted, in years.
pub const MAX_DURATION_YEARS: u32 = 200;

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

/// Stage indices of a link's two ends, where the ids name a stage.
pub(crate) type LinkEnds = (Option<usize>, Option<usize>);

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

/// The stage index at each end of every link, where its id names a stage.
fn resolve_links(project: &Project, ids: &StageIndex<'_>) -> Vec<LinkEnds> {
    let ends = |link: &Link| (ids.get(&link.from).copied(), ids.get(&link.to).copied());
    if project.links.len() >= PARALLEL_FROM_LINKS {
        // Each look-up waits on memory (the link's ids, the map, the stage's id); two cores
        // share the waiting.
        project.links.par_iter().map(ends).collect()
    } else {
        project.links.iter().map(ends).collect()
    }
}

/// Projects with at least this many links have them resolved on every core.
const PARALLEL_FROM_LINKS: usize = 2_000;

/// Which stages a link feeds, by stage index. With unique ids that is where the links'
/// `to` ends point; when ids repeat (an error, reported elsewhere) every stage with an id a
/// link feeds counts as fed.
fn fed_stages(project: &Project, link_ends: &[LinkEnds], unique_ids: bool) -> Vec<bool> {
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

/// Adds an error when `value` is negative or not a finite number.
fn check_number(
    problems: &mut Vec<Problem>,
    subject: &impl Fn() -> Subject,
    field: &'static str,
    value: f64,
    what: &str,
) {
    if !value.is_finite() {
        problems.push(Problem::error(
            subject(),
            Some(field),
            format!("{what} is not a number ({value}); type a finite value."),
        ));
    } else if value < 0.0 {
        problems.push(Problem::error(
            subject(),
            Some(field),
            format!("{what} is negative ({value}); it must be zero or more."),
        ));
    } else if value > MAX_FIGURE {
        problems.push(Problem::error(
            subject(),
            Some(field),
            format!("{what} is {value:e}, beyond any real figure (at most 1e18); check the number of digits."),
        ));
    }
}

/// Adds an error when `year` lies outside [`YEARS_ACCEPTED`].
fn check_year(
    problems: &mut Vec<Problem>,
    subject: &impl Fn() -> Subject,
    field: &'static str,
    year: i32,
    what: &str,
) {
    if !YEARS_ACCEPTED.contains(&year) {
        problems.push(Problem::error(
            subject(),
            Some(field),
            format!(
                "{what} is {year}; type a year between {} and {}.",
                YEARS_ACCEPTED.start(),
                YEARS_ACCEPTED.end()
            ),
        ));
    }
}

/// Adds an error when a yearly rate lies outside [`RATE_PCT_ACCEPTED`] or is not a number.
fn check_rate(
    problems: &mut Vec<Problem>,
    subject: &impl Fn() -> Subject,
    field: &'static str,
    value: f64,
    what: &str,
) {
    if !RATE_PCT_ACCEPTED.contains(&value) {
        problems.push(Problem::error(
            subject(),
            Some(field),
            format!(
                "{what} of {value}% is not usable; type a yearly rate between {}% and {}%.",
                RATE_PCT_ACCEPTED.start(),
                RATE_PCT_ACCEPTED.end()
            ),
        ));
    }
}

/// Adds an error when `value` is not a percentage between 0 and 100.
fn check_pct(
    problems: &mut Vec<Problem>,
    subject: &impl Fn() -> Subject,
    field: &'static str,
    value: f64,
    what: &str,
) {
    check_number(problems, subject, field, value, what);
    if value.is_finite() && value > 100.0 {
        problems.push(Problem::error(
            subject(),
            Some(field),
            format!("{what} is {value}%, above 100%; type a share between 0 and 100."),
        ));
    }
}

fn check_settings(project: &Project, problems: &mut Vec<Problem>) {
    let subject = || Subject::Project;
    let horizon = project.horizon;
    if horizon.first_year > horizon.last_year {
        problems.push(Problem::error(
            subject(),
            Some("horizon"),
            format!(
                "The horizon runs backwards ({} to {}); make the first year the earlier one.",
                horizon.first_year, horizon.last_year
            ),
        ));
    } else if horizon.len() > MAX_HORIZON_YEARS {
        problems.push(Problem::error(
            subject(),
            Some("horizon"),
            format!(
                "The horizon covers {} years; at most {MAX_HORIZON_YEARS} are allowed. Check the years for a typo.",
                horizon.len()
            ),
        ));
    }
    let economy = &project.economy;
    check_number(
        problems,
        &subject,
        "gdp_base_year",
        economy.gdp_base_year,
        "GDP in the base year",
    );
    if economy.gdp_base_year == 0.0 {
        problems.push(Problem::error(
            subject(),
            Some("gdp_base_year"),
            "GDP in the base year is zero, so no share of GDP can be computed; enter the economy's GDP.",
        ));
    }
    check_rate(
        problems,
        &subject,
        "gdp_growth_pct",
        economy.gdp_growth_pct,
        "GDP growth",
    );
    check_rate(
        problems,
        &subject,
        "discount_rate_pct",
        economy.discount_rate_pct,
        "A discount rate",
    );
    check_pct(
        problems,
        &subject,
        "domestic_va_content_pct",
        economy.domestic_va_content_pct,
        "Domestic value-added content",
    );
    check_number(
        problems,
        &subject,
        "carbon_price_per_t_co2",
        project.policy.carbon_price_per_t_co2,
        "Carbon price",
    );
    if let Some(local) = &project.currency.local
        && (!local.per_base_unit.is_finite() || local.per_base_unit <= 0.0)
    {
        problems.push(Problem::error(
            subject(),
            Some("currency"),
            format!(
                "The exchange rate for {} is {}; it must be a positive number of {} per {}.",
                local.code, local.per_base_unit, local.code, project.currency.code
            ),
        ));
    }
    check_year(
        problems,
        &subject,
        "base_year",
        project.base_year,
        "The base year",
    );
    check_year(
        problems,
        &subject,
        "horizon",
        horizon.first_year,
        "The first year",
    );
    check_year(
        problems,
        &subject,
        "horizon",
        horizon.last_year,
        "The last year",
    );
    if project.base_year < horizon.first_year.saturating_sub(BASE_YEAR_SLACK_YEARS)
        || project.base_year > horizon.last_year
    {
        problems.push(Problem::warning(
            subject(),
            Some("base_year"),
            format!(
                "The base year {} is far from the horizon ({}-{}); GDP is grown from it and NPVs are discounted to it, so check it is the year of the GDP figure.",
                project.base_year, horizon.first_year, horizon.last_year
            ),
        ));
    }
    if project.stages.is_empty() {
        problems.push(Problem::warning(
            subject(),
            Some("stages"),
            "The chain has no stages yet; add one to see results.",
        ));
    }
}

fn check_phases(project: &Project, problems: &mut Vec<Problem>) {
    for (index, phase) in project.phases.iter().enumerate() {
        let subject = || Subject::Phase(index);
        check_year(
            problems,
            &subject,
            "first_year",
            phase.first_year,
            "The first year",
        );
        check_year(
            problems,
            &subject,
            "last_year",
            phase.last_year,
            "The last year",
        );
        if phase.first_year > phase.last_year {
            problems.push(Problem::error(
                subject(),
                Some("first_year"),
                format!(
                    "Phase '{}' runs backwards ({} to {}); swap the years.",
                    phase.name, phase.first_year, phase.last_year
                ),
            ));
        } else if !project.horizon.contains(phase.first_year)
            || !project.horizon.contains(phase.last_year)
        {
            problems.push(Problem::warning(
                subject(),
                Some("last_year"),
                format!(
                    "Phase '{}' ({}-{}) reaches outside the horizon ({}-{}); its results only cover the years inside.",
                    phase.name,
                    phase.first_year,
                    phase.last_year,
                    project.horizon.first_year,
                    project.horizon.last_year
                ),
            ));
        }
    }
}

/// Stage indices by id (the last stage with each id), hashed: national chains have
/// thousands of stages and every link is looked up by its two ids.
type StageIndex<'p> = FxHashMap<&'p StageId, usize>;

/// Reports empty and duplicate ids; returns every id present with its stage's index.
fn check_stage_ids<'p>(project: &'p Project, problems: &mut Vec<Problem>) -> StageIndex<'p> {
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
                Some("id"),
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
                Some("id"),
                format!(
                    "Two stages share the id '{}'; ids must be unique because links refer to them.",
                    stage.id
                ),
            ));
        }
    }
    seen
}

fn check_stage(project: &Project, stage: &Stage, is_fed: bool, problems: &mut Vec<Problem>) {
    let subject = || Subject::Stage(stage.id.clone());
    let numbers: [(&'static str, f64, &str); 13] = [
        ("capacity_per_year", stage.capacity_per_year, "Capacity"),
        ("input_per_unit", stage.input_per_unit, "Input per unit"),
        ("price_per_unit", stage.price_per_unit, "Price"),
        ("wages_per_year", stage.wages_per_year, "Wages"),
        ("jobs", stage.jobs, "Jobs"),
        (
            "other_taxes_per_unit",
            stage.other_taxes_per_unit,
            "Other taxes",
        ),
        ("subsidies_per_year", stage.subsidies_per_year, "Subsidies"),
        ("capex", stage.capex, "Capex"),
        ("energy_mwh_per_unit", stage.energy_mwh_per_unit, "Energy"),
        ("co2_t_per_unit", stage.co2_t_per_unit, "CO2"),
        ("water_m3_per_unit", stage.water_m3_per_unit, "Water"),
        (
            "export_tax_per_unit",
            stage.export_tax_per_unit,
            "Export tax per unit",
        ),
        (
            "energy_tariff_per_mwh",
            stage.energy_tariff_per_mwh,
            "Energy tariff",
        ),
    ];
    let percentages: [(&'static str, f64, &str); 3] = [
        ("royalty_pct", stage.royalty_pct, "Royalty"),
        (
            "capex_imported_pct",
            stage.capex_imported_pct,
            "Imported share of capex",
        ),
        ("export_tax_pct", stage.export_tax_pct, "Export tax"),
    ];
    // The same bounds as `check_number` and `check_pct`, checked first for all the figures
    // at once: nearly every stage passes, and only a stage that does not is gone through
    // figure by figure for its messages.
    let fine = |value: f64, max: f64| value.is_finite() && (0.0..=max).contains(&value);
    if !(numbers.iter().all(|&(_, value, _)| fine(value, MAX_FIGURE))
        && percentages.iter().all(|&(_, value, _)| fine(value, 100.0)))
    {
        for (field, value, what) in numbers {
            check_number(problems, &subject, field, value, what);
        }
        for (field, value, what) in percentages {
            check_pct(problems, &subject, field, value, what);
        }
    }
    // The messages name the input, so they are only written for inputs with a problem.
    for input in &stage.purchased_inputs {
        if fine(input.cost_per_unit, MAX_FIGURE) && fine(input.imported_pct, 100.0) {
            continue;
        }
        let what = format!("Purchased input '{}': cost", input.name);
        check_number(
            problems,
            &subject,
            "purchased_inputs",
            input.cost_per_unit,
            &what,
        );
        let what = format!("Purchased input '{}': imported share", input.name);
        check_pct(
            problems,
            &subject,
            "purchased_inputs",
            input.imported_pct,
            &what,
        );
    }
    for by_product in &stage.by_products {
        if fine(by_product.quantity_per_unit, MAX_FIGURE) && fine(by_product.price, MAX_FIGURE) {
            continue;
        }
        let what = format!("By-product '{}': quantity", by_product.name);
        check_number(
            problems,
            &subject,
            "by_products",
            by_product.quantity_per_unit,
            &what,
        );
        let what = format!("By-product '{}': price", by_product.name);
        check_number(problems, &subject, "by_products", by_product.price, &what);
    }
    if stage.capex > 0.0 && stage.economic_life_years == 0 {
        problems.push(Problem::error(
            subject(),
            Some("economic_life_years"),
            "Capex is set but the economic life is 0 years, so it cannot be depreciated; enter the life in years (20-30 is typical for a plant).",
        ));
    }
    if is_fed && stage.input_per_unit.is_finite() && stage.input_per_unit <= 0.0 {
        problems.push(Problem::error(
            subject(),
            Some("input_per_unit"),
            "This stage is fed by a link but needs 0 units of input per unit of product; enter how much feed one unit takes (e.g. 3.6 t concentrate per t of copper).",
        ));
    }
    if !is_fed && stage.input_per_unit > 0.0 && stage.kind != crate::model::StageKind::Mining {
        problems.push(Problem::warning(
            subject(),
            Some("input_per_unit"),
            format!(
                "This stage needs {} units of feed per unit of product but no link feeds it, so it produces at capacity without feed. Connect the stage that supplies it, or set input per unit to 0 if its feed is bought as a purchased input.",
                stage.input_per_unit
            ),
        ));
    }
    check_year(
        problems,
        &subject,
        "first_production_year",
        stage.first_production_year,
        "The first production year",
    );
    for (field, years, what) in [
        (
            "construction_years",
            stage.construction_years,
            "Construction",
        ),
        ("ramp_up_years", stage.ramp_up_years, "Ramp-up"),
        (
            "economic_life_years",
            stage.economic_life_years,
            "Economic life",
        ),
    ] {
        if years > MAX_DURATION_YEARS {
            problems.push(Problem::error(
                subject(),
                Some(field),
                format!("{what} of {years} years is too long; at most {MAX_DURATION_YEARS} years are allowed."),
            ));
        }
    }
    let horizon = project.horizon;
    if stage.first_production_year > horizon.last_year {
        problems.push(Problem::warning(
            subject(),
            Some("first_production_year"),
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
            Some("construction_years"),
            format!(
                "Construction starts in {construction_start}, before the horizon begins ({}); capex spent before {} is left out of cash flows and imports.",
                horizon.first_year, horizon.first_year
            ),
        ));
    }
}

fn check_links(project: &Project, link_ends: &[LinkEnds], problems: &mut Vec<Problem>) {
    // Shares sent from each stage, by index; by id for ids no stage has.
    let mut share_by_stage = vec![0.0; project.stages.len()];
    let mut share_by_missing: FxHashMap<&StageId, f64> = FxHashMap::default();
    let repeats = repeated_links(project.stages.len(), link_ends);
    let mut missing_pairs: FxHashSet<(&StageId, &StageId)> = FxHashSet::default();
    for (index, (link, &ends)) in project.links.iter().zip(link_ends).enumerate() {
        let subject = || Subject::Link(index);
        for (end, id, found) in [("from", &link.from, ends.0), ("to", &link.to, ends.1)] {
            if found.is_none() {
                problems.push(Problem::error(
                    subject(),
                    Some(end),
                    format!(
                        "The link's '{end}' stage '{id}' does not exist; point it at an existing stage or delete the link."
                    ),
                ));
            }
        }
        // Resolved ends name the same stage exactly when the ids are the same, which spares
        // comparing the two strings of every link.
        let to_itself = match ends {
            (Some(from), Some(to)) => from == to,
            _ => link.from == link.to,
        };
        if to_itself {
            problems.push(Problem::error(
                subject(),
                Some("to"),
                format!(
                    "Stage '{}' is linked to itself; a stage cannot feed itself.",
                    link.from
                ),
            ));
        }
        let repeated = match ends {
            (Some(_), Some(_)) => repeats[index],
            _ => !missing_pairs.insert((&link.from, &link.to)),
        };
        if repeated {
            problems.push(Problem::error(
                subject(),
                None,
                format!(
                    "There is more than one link from '{}' to '{}'; merge them into one link with the combined share.",
                    link.from, link.to
                ),
            ));
        }
        check_pct(problems, &subject, "share_pct", link.share_pct, "Share");
        check_number(
            problems,
            &subject,
            "transport_cost_per_unit",
            link.transport_cost_per_unit,
            "Transport cost",
        );
        if link.share_pct.is_finite() {
            match ends.0 {
                Some(from) => share_by_stage[from] += link.share_pct,
                None => *share_by_missing.entry(&link.from).or_default() += link.share_pct,
            }
        }
    }
    // A small tolerance lets 33.3 + 33.3 + 33.4 style splits through.
    let mut over: Vec<(&StageId, f64)> = project
        .stages
        .iter()
        .zip(&share_by_stage)
        .map(|(stage, &total)| (&stage.id, total))
        .chain(share_by_missing)
        .filter(|&(_, total)| total > 100.0 + 1e-9)
        .collect();
    // By id, so the problems come out in the same order whatever the hasher does.
    over.sort_unstable_by(|a, b| a.0.cmp(b.0));
    over.dedup_by(|a, b| a.0 == b.0);
    for (id, total) in over {
        problems.push(Problem::error(
            Subject::Stage(id.clone()),
            Some("links"),
            format!(
                "Links send {total}% of this stage's output onward; the shares must add up to 100% or less."
            ),
        ));
    }
}

/// For each link whose ends both resolved, whether an earlier such link joins the same two
/// stages. Each stage's outbound links are listed in link order (a counting sort, no hashing)
/// and compared among themselves: a stage has a handful, or, when it has many, they are
/// sorted by the stage they lead to.
fn repeated_links(count: usize, link_ends: &[LinkEnds]) -> Vec<bool> {
    // (stage led to, link) for each stage's outbound links.
    let mut outbound = ByStage::of(
        count,
        link_ends
            .iter()
            .enumerate()
            .filter_map(|(link, &ends)| match ends {
                (Some(from), Some(to)) => Some((from, (to, link))),
                _ => None,
            }),
    );
    let mut repeated = vec![false; link_ends.len()];
    for stage in 0..outbound.stages() {
        let links = outbound.of_stage_mut(stage);
        if links.len() <= 16 {
            for later in 1..links.len() {
                let (to, link) = links[later];
                repeated[link] = links[..later].iter().any(|&(earlier, _)| earlier == to);
            }
        } else {
            // By stage led to, then link order: each repeat follows the first of its kind.
            links.sort_unstable();
            for pair in links.windows(2) {
                if pair[0].0 == pair[1].0 {
                    repeated[pair[1].1] = true;
                }
            }
        }
    }
    repeated
}

fn report_cycles(project: &Project, problems: &mut Vec<Problem>) {
    {
        let stuck = stages_in_cycles(project);
        let names: Vec<String> = stuck.iter().map(|id| format!("'{id}'")).collect();
        for id in &stuck {
            problems.push(Problem::error(
                Subject::Stage((*id).clone()),
                Some("links"),
                format!(
                    "The links form a cycle through {}; material cannot flow in a circle, so remove one of these links.",
                    names.join(", ")
                ),
            ));
        }
    }
}

/// Stage indices in an order where every stage comes after the stages that feed it, or `None`
/// when the links form a cycle. Links to missing stages and self-links are ignored here (they
/// are reported separately). Ties are broken by file order, so the order is deterministic.
pub fn topological_order(project: &Project) -> Option<Vec<usize>> {
    let mut index_of = StageIndex::default();
    for (index, stage) in project.stages.iter().enumerate() {
        index_of.insert(&stage.id, index);
    }
    topological_order_of(project.stages.len(), &resolve_links(project, &index_of))
}

/// [`topological_order`] of `count` stages joined by links with these ends (Kahn's
/// algorithm, always taking the lowest ready index next).
fn topological_order_of(count: usize, link_ends: &[LinkEnds]) -> Option<Vec<usize>> {
    Edges::of(count, link_ends).kahn(&mut BinaryHeap::<Reverse<usize>>::new())
}

/// An order of `count` stages in which every stage comes after the stages that feed it, or
/// `None` when the links form a cycle: Kahn's algorithm taking ready stages first come, first
/// served (in linear time, where [`topological_order_of`] keeps a heap for its tie-break).
/// This is the order the calculation works the flows out in; any such order gives the same
/// numbers, since a stage's flows depend only on its feeders' (`docs/METHOD.md` 3.1).
fn feed_order(count: usize, link_ends: &[LinkEnds]) -> Option<Vec<usize>> {
    Edges::of(count, link_ends).kahn(&mut VecDeque::new())
}

/// The stages ready to be placed in Kahn's algorithm (all their feeders placed), and which
/// of them comes next.
trait Ready {
    fn add(&mut self, stage: usize);
    fn next(&mut self) -> Option<usize>;
}

/// The lowest index first.
impl Ready for BinaryHeap<Reverse<usize>> {
    fn add(&mut self, stage: usize) {
        self.push(Reverse(stage));
    }

    fn next(&mut self) -> Option<usize> {
        self.pop().map(|Reverse(stage)| stage)
    }
}

/// First come, first served.
impl Ready for VecDeque<usize> {
    fn add(&mut self, stage: usize) {
        self.push_back(stage);
    }

    fn next(&mut self) -> Option<usize> {
        self.pop_front()
    }
}

/// Items grouped by the stage each belongs to, every stage's in the order they came (a
/// counting sort: no hashing, no comparison): those of stage `s` are
/// `items[start[s]..start[s + 1]]`. Links by either end, for validation and the calculation.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct ByStage<T> {
    start: Vec<usize>,
    items: Vec<T>,
}

impl<T: Copy + Default> ByStage<T> {
    /// `entries` (a stage index below `count`, and an item) grouped by stage.
    pub(crate) fn of(count: usize, entries: impl Iterator<Item = (usize, T)> + Clone) -> Self {
        let mut start = vec![0usize; count + 1];
        for (stage, _) in entries.clone() {
            start[stage + 1] += 1;
        }
        for stage in 0..count {
            start[stage + 1] += start[stage];
        }
        let mut next = start.clone();
        let mut items = vec![T::default(); start[count]];
        for (stage, item) in entries {
            items[next[stage]] = item;
            next[stage] += 1;
        }
        Self { start, items }
    }

    /// The items of stage `stage`.
    pub(crate) fn of_stage(&self, stage: usize) -> &[T] {
        &self.items[self.start[stage]..self.start[stage + 1]]
    }

    /// The items of stage `stage`, to be changed.
    fn of_stage_mut(&mut self, stage: usize) -> &mut [T] {
        &mut self.items[self.start[stage]..self.start[stage + 1]]
    }

    /// How many stages the items are grouped by.
    fn stages(&self) -> usize {
        self.start.len().saturating_sub(1)
    }
}

/// The links between stages as lists: each stage's downstream stages, and how many links
/// feed it. Links to missing stages and self-links are left out.
struct Edges {
    feeders: Vec<usize>,
    downstream: ByStage<usize>,
}

impl Edges {
    fn of(count: usize, link_ends: &[LinkEnds]) -> Self {
        let edges = link_ends.iter().filter_map(|&ends| match ends {
            (Some(from), Some(to)) if from != to => Some((from, to)),
            _ => None,
        });
        let mut feeders = vec![0usize; count];
        for (_, to) in edges.clone() {
            feeders[to] += 1;
        }
        Self {
            feeders,
            downstream: ByStage::of(count, edges),
        }
    }

    /// Kahn's algorithm: every stage, each after the stages that feed it, `ready` choosing
    /// which of the stages whose feeders are all placed comes next; `None` when the links
    /// form a cycle.
    fn kahn(mut self, ready: &mut impl Ready) -> Option<Vec<usize>> {
        let count = self.feeders.len();
        for stage in 0..count {
            if self.feeders[stage] == 0 {
                ready.add(stage);
            }
        }
        let mut order = Vec::with_capacity(count);
        while let Some(stage) = ready.next() {
            order.push(stage);
            for &to in self.downstream.of_stage(stage) {
                self.feeders[to] -= 1;
                if self.feeders[to] == 0 {
                    ready.add(to);
                }
            }
        }
        (order.len() == count).then_some(order)
    }
}

/// Ids of stages that sit on a cycle (or downstream of one and unreachable by sorting).
fn stages_in_cycles(project: &Project) -> Vec<&StageId> {
    project
        .stages
        .iter()
        .filter(|stage| {
            project
                .links
                .iter()
                .filter(|link| link.from == stage.id && link.to != stage.id)
                .any(|link| project.link_would_cycle(&stage.id, &link.to))
        })
        .map(|stage| &stage.id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether `order` holds each of `count` stages once, every stage after its feeders.
    fn feeds_forward(order: &[usize], count: usize, link_ends: &[LinkEnds]) -> bool {
        let mut place = vec![usize::MAX; count];
        for (position, &stage) in order.iter().enumerate() {
            place[stage] = position;
        }
        order.len() == count
            && place.iter().all(|&p| p != usize::MAX)
            && link_ends.iter().all(|&ends| match ends {
                (Some(from), Some(to)) if from != to => place[from] < place[to],
                _ => true,
            })
    }

    #[test]
    fn both_orders_put_every_stage_after_its_feeders_or_find_the_cycle() {
        let project = crate::model::generate::generate(300, 5);
        let prepared = prepare(&project);
        let count = project.stages.len();
        let ends = &prepared.link_ends;
        let (Some(lowest_first), Some(first_come)) =
            (topological_order_of(count, ends), feed_order(count, ends))
        else {
            panic!("a generated chain has no cycle");
        };
        assert!(feeds_forward(&lowest_first, count, ends));
        assert!(feeds_forward(&first_come, count, ends));
        // Stages 0 -> 1 -> 2 -> 0, and 3 fed by 2: no order exists.
        let cycle = [
            (Some(0), Some(1)),
            (Some(1), Some(2)),
            (Some(2), Some(0)),
            (Some(2), Some(3)),
        ];
        assert_eq!(topological_order_of(4, &cycle), None);
        assert_eq!(feed_order(4, &cycle), None);
        // Self-links and unresolved ends are left to other checks.
        let odd = [(Some(1), Some(1)), (None, Some(0)), (Some(1), Some(0))];
        assert_eq!(feed_order(2, &odd), Some(vec![1, 0]));
        assert_eq!(topological_order_of(2, &odd), Some(vec![1, 0]));
    }
}
