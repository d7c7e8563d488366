//! What-if analysis on top of the calculation: comparing scenarios, tornado sensitivity and
//! (in [`crate::analysis::montecarlo`]) uncertainty. Every function here takes a project, changes copies
//! of it and calls [`compute`]; nothing here knows about a screen.

pub mod break_even;
pub mod montecarlo;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::Serialize;

use crate::calc::{National, Period, Results, compute, compute_reusing};
use crate::model::scenario::{Difference, Param, StageField, all_params};
use crate::model::validate::Problem;
use crate::model::{Project, StageId};

pub use crate::model::scenario::BASE_NAME;

/// Why an analysis could not run.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    /// The named scenario is not in the project.
    #[error("there is no scenario '{name}'; the project has: {available}")]
    MissingScenario {
        /// Name asked for.
        name: String,
        /// Names it has, comma-separated, starting with "base".
        available: String,
    },
    /// The project (or a scenario of it) does not compute.
    #[error("{what} cannot be computed: {first}{more}", more = if *.count > 1 { format!(" (and {} more; run `uplift check`)", .count - 1) } else { String::new() })]
    Invalid {
        /// Which project or scenario.
        what: String,
        /// The first error's message.
        first: String,
        /// Number of errors.
        count: usize,
    },
    /// A year outside the horizon was asked for.
    #[error("{year} is outside the project's horizon ({first}-{last})")]
    YearOutside {
        /// Year asked for.
        year: i32,
        /// First year of the horizon.
        first: i32,
        /// Last year.
        last: i32,
    },
    /// The run was cancelled.
    #[error("cancelled")]
    Cancelled,
    /// A Monte Carlo run was asked for with nothing uncertain.
    #[error(
        "the project has no uncertainties; mark at least one parameter (a price, say) as uncertain"
    )]
    NoUncertainties,
}

/// The project as scenario `name` sees it (`"base"`, any case, or empty for the base).
pub fn scenario_project(project: &Project, name: &str) -> Result<Project, AnalysisError> {
    if name.is_empty() || name.eq_ignore_ascii_case(BASE_NAME) {
        return Ok(project.clone());
    }
    match project.scenario(name) {
        Some(scenario) => Ok(scenario.apply(project)),
        None => Err(AnalysisError::MissingScenario {
            name: name.to_owned(),
            available: std::iter::once(BASE_NAME)
                .chain(project.scenarios.iter().map(|s| s.name.as_str()))
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

/// Computes, turning validation errors into one [`AnalysisError`].
pub fn compute_named(project: &Project, what: &str) -> Result<Results, AnalysisError> {
    compute(project).map_err(|problems| invalid_error(project, what, &problems))
}

/// The error of `what` (a project, a scenario, a moved parameter) that does not compute.
fn invalid_error(project: &Project, what: &str, problems: &[Problem]) -> AnalysisError {
    let errors: Vec<&Problem> = problems.iter().filter(|p| p.is_error()).collect();
    AnalysisError::Invalid {
        what: what.to_owned(),
        first: errors.first().map_or_else(String::new, |p| {
            format!("{}: {}", p.location(project), p.message)
        }),
        count: errors.len(),
    }
}

/// [`invalid_error`] as the words a tornado shows for a parameter it left out.
fn invalid(project: &Project, what: &str, problems: &[Problem]) -> String {
    invalid_error(project, what, problems).to_string()
}

/// The headline figures of one computed project, over the whole horizon unless a year says.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Headline {
    /// Direct + indirect value added over the horizon.
    pub total_va: f64,
    /// Direct value added over the horizon.
    pub direct_va: f64,
    /// Total VA / GDP over the horizon, as a fraction.
    pub share_of_gdp: f64,
    /// Exports - imports over the horizon.
    pub net_fx: f64,
    /// Average jobs per year over the horizon (job-years / years).
    pub jobs: f64,
    /// Royalties + taxes - subsidies over the horizon.
    pub public_revenue: f64,
    /// Government revenue over the horizon (FARI): royalties, every tax and the state's
    /// equity, less subsidies.
    pub government_revenue: f64,
    /// NPV of the domestic chain.
    pub npv: f64,
    /// Government take over the horizon, undiscounted, as a fraction (NaN when the pre-tax
    /// cash flow is not positive).
    pub government_take: f64,
    /// After-tax IRR of the domestic chain, as a fraction (NaN when it has none).
    pub after_tax_irr: f64,
    /// Gross national income from the chain over the horizon.
    pub gni: f64,
    /// Foreign exchange the chain keeps over the horizon.
    pub fx_kept: f64,
    /// Total VA / GDP per year of the horizon, as fractions.
    pub share_of_gdp_by_year: Vec<f64>,
    /// Total VA per year of the horizon.
    pub total_va_by_year: Vec<f64>,
}

impl Headline {
    /// The headline figures of `results`.
    pub fn of(results: &Results) -> Self {
        let national = results.national(Period::Horizon);
        let years = results.years.len().max(1) as f64;
        let by_year: Vec<National> = results.national_by_year().collect();
        let share_of_gdp_by_year = by_year.iter().map(National::share_of_gdp_total).collect();
        let total_va_by_year = by_year.iter().map(|n| n.accounts.total_va()).collect();
        Self {
            total_va: national.accounts.total_va(),
            direct_va: national.accounts.value_added,
            share_of_gdp: national.share_of_gdp_total(),
            net_fx: national.accounts.net_fx(),
            jobs: national.accounts.jobs / years,
            public_revenue: national.accounts.public_revenue(),
            government_revenue: results.national_fiscal(Period::Horizon).government,
            npv: results.chain_investment.npv,
            government_take: results.government_take(Period::Horizon).unwrap_or(f64::NAN),
            after_tax_irr: results.chain_after_tax().irr.unwrap_or(f64::NAN),
            gni: results.gni(Period::Horizon),
            fx_kept: results.fx_kept(Period::Horizon),
            share_of_gdp_by_year,
            total_va_by_year,
        }
    }

    /// The scalar figures with their label and unit, in [`HeadlineFigure::ALL`]'s order.
    fn scalars(&self) -> [(&'static str, Unit, f64); HeadlineFigure::ALL.len()] {
        HeadlineFigure::ALL.map(|figure| (figure.caption(), figure.unit(), figure.of(self)))
    }
}

/// The headline figures, each named once: the results panel, presentation mode, the comparison
/// of scenarios and the command line's `compare` all take their captions and help from here.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeadlineFigure {
    /// Direct + indirect value added.
    TotalVa,
    /// Direct value added of the domestic stages.
    DirectVa,
    /// Total value added as a share of GDP.
    ShareOfGdp,
    /// Exports less imports.
    NetFx,
    /// Jobs, as an average per year over a period.
    Jobs,
    /// Royalties and other taxes less subsidies.
    PublicRevenue,
    /// Everything the government receives from the domestic chain: royalties, every tax and
    /// the state's equity, less subsidies (IMF FARI).
    GovernmentRevenue,
    /// Net present value of the domestic chain.
    Npv,
    /// Government revenue over the domestic chain's pre-tax cash flow, undiscounted.
    GovernmentTake,
    /// Internal rate of return of the domestic chain after tax.
    AfterTaxIrr,
    /// Gross national income from the chain: direct value added less income paid abroad.
    Gni,
    /// Net foreign exchange less what foreign owners and lenders take out.
    FxKept,
}

impl HeadlineFigure {
    /// Every headline figure, in the order tables list them.
    pub const ALL: [Self; 12] = [
        Self::TotalVa,
        Self::DirectVa,
        Self::ShareOfGdp,
        Self::NetFx,
        Self::Jobs,
        Self::PublicRevenue,
        Self::GovernmentRevenue,
        Self::Npv,
        Self::GovernmentTake,
        Self::AfterTaxIrr,
        Self::Gni,
        Self::FxKept,
    ];

    /// Its caption, the same on every screen and in every table.
    pub fn caption(self) -> &'static str {
        match self {
            Self::TotalVa => "Total VA",
            Self::DirectVa => "Direct VA",
            Self::ShareOfGdp => "Share of GDP",
            Self::NetFx => "Net FX",
            Self::Jobs => "Jobs (avg. per year)",
            Self::PublicRevenue => "Public revenue",
            Self::GovernmentRevenue => "Government revenue",
            Self::Npv => "NPV",
            Self::GovernmentTake => "Government take",
            Self::AfterTaxIrr => "After-tax IRR",
            Self::Gni => "GNI",
            Self::FxKept => "FX kept",
        }
    }

    /// What it is, for a tooltip.
    pub fn help(self) -> &'static str {
        match self {
            Self::TotalVa => {
                "Value added in the country by production: direct VA of the domestic stages (output value − intermediate consumption) plus indirect VA in domestic suppliers of their purchased inputs, energy and transport (θ × what they supply). Construction VA is shown apart."
            }
            Self::DirectVa => {
                "Value added of the domestic stages themselves: output value less intermediate consumption."
            }
            Self::ShareOfGdp => {
                "Value added (direct + indirect) as a share of GDP over the same years. GDP grows from the base year at the real growth rate."
            }
            Self::NetFx => {
                "Foreign exchange the domestic chain earns: exports (net of any border carbon adjustment) minus imports: imported inputs, feed and freight bought from stages abroad, the imported content of domestic supplies (indirect imports), imported capex and the imported content of domestic capex."
            }
            Self::Jobs => {
                "Operating jobs at the domestic stages, in full-time equivalents, scaled with output. For a period: the average per year (job-years / years). Construction jobs are shown apart."
            }
            Self::PublicRevenue => {
                "Royalties, other taxes on production, export taxes and the domestic carbon tax, minus subsidies, at the domestic stages: the taxes on products and production of the national accounts (part of value added). Income tax and the state's dividends are not included: they are in government revenue."
            }
            Self::GovernmentRevenue => {
                "Everything the government receives from the domestic stages (IMF FARI): royalties, taxes on production, export and carbon taxes, income and minimum tax, withholding taxes on dividends and interest paid abroad, and the state's equity (dividends less its contributions), less subsidies. Undiscounted. Without a fiscal regime it is public revenue."
            }
            Self::Npv => {
                "Net present value of the domestic stages' combined cash flows over the whole horizon at the project's discount rate, discounted to the base year (before profit tax, unfinanced). It does not depend on the year selected."
            }
            Self::GovernmentTake => {
                "The government's share of the domestic chain's pre-tax cash flow, undiscounted: royalties, taxes on production, income and minimum tax, withholding taxes and the state's equity (dividends less contributions), less subsidies (IMF FARI)."
            }
            Self::AfterTaxIrr => {
                "Internal rate of return of the domestic stages' combined cash flows after royalties and every tax, before financing. Without a fiscal regime it is the IRR before profit tax."
            }
            Self::Gni => {
                "Gross national income from the chain: direct value added less the income paid abroad (the foreign owners' share of after-tax profit and interest to lenders abroad)."
            }
            Self::FxKept => {
                "Foreign exchange the country keeps: net FX less what foreign owners take out (dividends after withholding, less their contributions) and what lenders abroad take out (debt service, less drawdowns)."
            }
        }
    }

    /// What it is measured in.
    pub fn unit(self) -> Unit {
        match self {
            Self::ShareOfGdp | Self::GovernmentTake | Self::AfterTaxIrr => Unit::Fraction,
            Self::Jobs => Unit::Jobs,
            _ => Unit::Money,
        }
    }

    /// Its value in `headline`.
    pub fn of(self, headline: &Headline) -> f64 {
        match self {
            Self::TotalVa => headline.total_va,
            Self::DirectVa => headline.direct_va,
            Self::ShareOfGdp => headline.share_of_gdp,
            Self::NetFx => headline.net_fx,
            Self::Jobs => headline.jobs,
            Self::PublicRevenue => headline.public_revenue,
            Self::GovernmentRevenue => headline.government_revenue,
            Self::Npv => headline.npv,
            Self::GovernmentTake => headline.government_take,
            Self::AfterTaxIrr => headline.after_tax_irr,
            Self::Gni => headline.gni,
            Self::FxKept => headline.fx_kept,
        }
    }
}

/// What a compared figure is measured in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Unit {
    /// The project currency.
    Money,
    /// A fraction (0.01 = 1%).
    Fraction,
    /// Jobs.
    Jobs,
    /// A ratio without a unit (the domestic resource cost ratio).
    Ratio,
}

/// One figure in a comparison: the baseline's value and, per compared scenario, its value
/// with the absolute and relative difference.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CompareRow {
    /// What the figure is ("Total VA", "Share of GDP 2040").
    pub label: String,
    /// Its unit.
    pub unit: Unit,
    /// The baseline's value.
    pub base: f64,
    /// Per compared scenario, in the order asked.
    pub with: Vec<CompareCell>,
}

/// A compared scenario's value of one figure.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct CompareCell {
    /// The scenario's value.
    pub value: f64,
    /// Value - baseline.
    pub delta: f64,
    /// (Value - baseline) / |baseline|, as a fraction; `None` when the baseline is 0.
    pub delta_pct: Option<f64>,
}

/// A baseline against one or more scenarios.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// Name of the baseline.
    pub base: String,
    /// Names of the compared scenarios.
    pub with: Vec<String>,
    /// Years of the horizon.
    pub years: Vec<i32>,
    /// The baseline's headline.
    pub base_headline: Headline,
    /// Each compared scenario's headline.
    pub with_headlines: Vec<Headline>,
    /// Scalar figures, then share of GDP by year.
    pub rows: Vec<CompareRow>,
    /// Per compared scenario, the parameters and switches in which it differs from the
    /// baseline (values as the baseline and the scenario see them).
    pub differences: Vec<Vec<Difference>>,
}

/// Compares scenario `base` (use [`BASE_NAME`] for the base) with each of `with`.
pub fn compare(
    project: &Project,
    base: &str,
    with: &[String],
) -> Result<Comparison, AnalysisError> {
    let base_project = scenario_project(project, base)?;
    let base_results = compute_named(&base_project, base)?;
    let base_headline = Headline::of(&base_results);
    let base_drc = chain_drc(&base_project, &base_results);
    let mut with_headlines = Vec::with_capacity(with.len());
    let mut with_drcs = Vec::with_capacity(with.len());
    let mut differences = Vec::with_capacity(with.len());
    for name in with {
        let other = scenario_project(project, name)?;
        let results = compute_named(&other, name)?;
        with_headlines.push(Headline::of(&results));
        with_drcs.push(chain_drc(&other, &results));
        differences.push(parameter_differences(&base_project, &other));
    }
    let years: Vec<i32> = project.horizon.years().collect();
    // A figure that does not exist (no IRR) has no difference either.
    let cell = |base: f64, value: f64| CompareCell {
        value,
        delta: value - base,
        delta_pct: (base != 0.0 && base.is_finite() && value.is_finite())
            .then(|| (value - base) / base.abs()),
    };
    let mut rows: Vec<CompareRow> = base_headline
        .scalars()
        .iter()
        .enumerate()
        .map(|(i, &(label, unit, value))| CompareRow {
            label: label.to_owned(),
            unit,
            base: value,
            with: with_headlines
                .iter()
                .map(|h| cell(value, h.scalars()[i].2))
                .collect(),
        })
        .collect();
    rows.push(CompareRow {
        label: CHAIN_DRC.to_owned(),
        unit: Unit::Ratio,
        base: base_drc,
        with: with_drcs.iter().map(|&drc| cell(base_drc, drc)).collect(),
    });
    for (i, year) in years.iter().enumerate() {
        let value = base_headline.share_of_gdp_by_year[i];
        rows.push(CompareRow {
            label: format!("Share of GDP {year}"),
            unit: Unit::Fraction,
            base: value,
            with: with_headlines
                .iter()
                .map(|h| cell(value, h.share_of_gdp_by_year[i]))
                .collect(),
        });
    }
    Ok(Comparison {
        base: base.to_owned(),
        with: with.to_vec(),
        years,
        base_headline,
        with_headlines,
        rows,
        differences,
    })
}

/// The label of the domestic chain's DRC in a comparison.
pub const CHAIN_DRC: &str = "DRC of the domestic chain";

/// The domestic chain's domestic resource cost ratio over the horizon (`docs/METHOD.md`
/// section 19); NaN when it adds no value at border prices.
fn chain_drc(project: &Project, results: &Results) -> f64 {
    crate::calc::pam::chain_pam(project, results, Period::Horizon)
        .drc()
        .unwrap_or(f64::NAN)
}

/// Every parameter and stage switch that differs between two views of one project.
fn parameter_differences(base: &Project, other: &Project) -> Vec<Difference> {
    crate::model::scenario::Scenario::diff("", base, other).differences(base)
}

/// An output a sensitivity or uncertainty analysis follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Output {
    /// Total VA over the horizon.
    TotalVa,
    /// Total VA / GDP in one year.
    GdpShare(i32),
    /// Net foreign exchange over the horizon.
    NetFx,
    /// NPV of the domestic chain.
    Npv,
    /// Government revenue from the domestic chain over the horizon (taxes, royalties and the
    /// state's equity, less subsidies).
    GovernmentRevenue,
    /// After-tax NPV of the domestic chain.
    AfterTaxNpv,
}

impl Output {
    /// Its value in `results`.
    pub fn value(self, results: &Results) -> f64 {
        match self {
            Self::TotalVa => results.national(Period::Horizon).accounts.total_va(),
            Self::GdpShare(year) => results.national(Period::Year(year)).share_of_gdp_total(),
            Self::NetFx => results.national(Period::Horizon).accounts.net_fx(),
            Self::Npv => results.chain_investment.npv,
            Self::GovernmentRevenue => results.national_fiscal(Period::Horizon).government,
            Self::AfterTaxNpv => results.chain_after_tax().npv,
        }
    }

    /// Label for people.
    pub fn label(self) -> String {
        match self {
            Self::TotalVa => "Total VA over the horizon".to_owned(),
            Self::GdpShare(year) => format!("Share of GDP in {year}"),
            Self::NetFx => "Net FX over the horizon".to_owned(),
            Self::Npv => "NPV of the domestic chain".to_owned(),
            Self::GovernmentRevenue => "Government revenue over the horizon".to_owned(),
            Self::AfterTaxNpv => "After-tax NPV of the chain".to_owned(),
        }
    }

    /// Its unit.
    pub fn unit(self) -> Unit {
        match self {
            Self::GdpShare(_) => Unit::Fraction,
            _ => Unit::Money,
        }
    }

    /// Checks that a share-of-GDP year lies in the horizon.
    pub fn check(self, project: &Project) -> Result<Self, AnalysisError> {
        if let Self::GdpShare(year) = self
            && !project.horizon.contains(year)
        {
            return Err(AnalysisError::YearOutside {
                year,
                first: project.horizon.first_year,
                last: project.horizon.last_year,
            });
        }
        Ok(self)
    }
}

/// One bar of a tornado: the output with a parameter moved down and up.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TornadoBar {
    /// The parameter moved.
    pub param: Param,
    /// Its label.
    pub label: String,
    /// Its unit.
    pub unit: String,
    /// Its value in the project.
    pub value: f64,
    /// Value moved down by the percentage (clamped to what the model accepts).
    pub value_low: f64,
    /// Value moved up.
    pub value_high: f64,
    /// Output with the parameter at `value_low`.
    pub output_low: f64,
    /// Output with the parameter at `value_high`.
    pub output_high: f64,
    /// True when the parameter is a lever moved across its own range (its slider's minimum
    /// and maximum) rather than by the percentage.
    pub lever_range: bool,
}

impl TornadoBar {
    /// Width of the bar: how far the output swings.
    pub fn swing(&self) -> f64 {
        (self.output_high - self.output_low).abs()
    }
}

/// A tornado: bars sorted widest first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Tornado {
    /// The output followed.
    pub output: Output,
    /// The output in the unchanged project.
    pub base_output: f64,
    /// The move, in percent of each parameter's value.
    pub pct: f64,
    /// One bar per parameter, widest swing first.
    pub bars: Vec<TornadoBar>,
    /// Parameters left out because a moved value does not compute (e.g. link shares pushed
    /// above 100% in total), with the reason.
    pub skipped: Vec<(String, String)>,
}

/// How many stages a tornado without levers moves the parameters of: the stages with the
/// largest output value over the horizon. Every parameter moved costs two calculations of the
/// whole chain, so moving all parameters of all stages grows with the square of the chain
/// (a 1,000-stage chain took a minute, 10,000 stages hours); a dozen stages keep it to a few
/// hundred calculations at any size (`docs/METHOD.md`, section 15).
pub const TORNADO_STAGES: usize = 12;

/// The parameters a tornado moves by default: the project's levers when it has any (each
/// across its own range, so a lever at 0 such as an export tax moves too), else every
/// parameter that is a continuous number and not zero (a zero moved by a percentage stays
/// zero) of the [`TORNADO_STAGES`] stages with the largest output value, of the links that
/// touch them, and of the deck, the economy and the policy.
pub fn tornado_params(project: &Project) -> Vec<Param> {
    let candidates: Vec<Param> = if project.levers.is_empty() {
        let kept = largest_stages(project, TORNADO_STAGES);
        all_params(project)
            .into_iter()
            .filter(|param| match param {
                Param::Stage(id, _) => kept.contains(id),
                Param::Link(from, to, _) => kept.contains(from) || kept.contains(to),
                Param::Economy(_) | Param::Policy(_) | Param::Deck(_) | Param::Fiscal(_) => true,
            })
            .collect()
    } else {
        return project
            .levers
            .iter()
            .filter(|lever| lever.param.field().can_be_lever() && lever.param.get(project).is_ok())
            .map(|lever| lever.param.clone())
            .collect();
    };
    candidates
        .into_iter()
        // Moved by a percentage: what can be uncertain can be moved.
        .filter(|p| p.field().can_be_uncertain())
        // A rule sets the price of a stage it prices: its typed price moves nothing.
        .filter(|p| match p {
            Param::Stage(id, StageField::PricePerUnit) => project
                .stage(id)
                .is_none_or(|stage| stage.pricing.is_none()),
            _ => true,
        })
        .filter(|p| p.get(project).is_ok_and(|v| v != 0.0))
        .collect()
}

/// The ids of the `count` stages with the largest output value over the horizon (every stage
/// when there are no more, or when the project does not compute: the tornado then reports the
/// project's problems itself).
fn largest_stages(project: &Project, count: usize) -> std::collections::BTreeSet<&StageId> {
    if project.stages.len() <= count {
        return project.stages.iter().map(|stage| &stage.id).collect();
    }
    let Ok(results) = compute(&lean_copy(project)) else {
        return project.stages.iter().map(|stage| &stage.id).collect();
    };
    let mut ranked: Vec<(f64, usize)> = (0..project.stages.len())
        .map(|index| {
            (
                results.stage(index, Period::Horizon).output_value.abs(),
                index,
            )
        })
        .collect();
    // Largest first; ties (and NaN, which cannot come from a computed project) by position.
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked
        .into_iter()
        .take(count)
        .map(|(_, index)| &project.stages[index].id)
        .collect()
}

/// Moves each of `params` by -`pct`% and +`pct`% of its value in `project`, or across its
/// range when it is one of the project's levers (one at a time, the others as they are), and
/// records `output`. Runs on all cores.
pub fn tornado(
    project: &Project,
    output: Output,
    pct: f64,
    params: &[Param],
) -> Result<Tornado, AnalysisError> {
    let (progress, cancel) = (AtomicUsize::new(0), AtomicBool::new(false));
    tornado_watched(project, output, pct, params, &progress, &cancel)
}

/// [`tornado`], counting the parameters moved in `progress` as it goes; setting `cancel`
/// stops it early with [`AnalysisError::Cancelled`] (for a caller on another thread).
pub fn tornado_watched(
    project: &Project,
    output: Output,
    pct: f64,
    params: &[Param],
    progress: &AtomicUsize,
    cancel: &AtomicBool,
) -> Result<Tornado, AnalysisError> {
    let output = output.check(project)?;
    let lean = lean_copy(project);
    let base_output = output.value(&compute_named(&lean, "the project")?);
    // Each worker keeps one copy of the project and its last results: a parameter is set,
    // computed and set back, and each calculation reuses the memory and the chain's shape of
    // the one before (the results are those of a calculation from nothing, METHOD §4). A
    // fresh copy of a national project per calculation cost more than the calculation.
    let runs: Vec<Result<TornadoBar, (String, String)>> = params
        .par_iter()
        .map_init(
            || (lean.clone(), None::<Results>),
            |(copy, previous), param| {
                if cancel.load(Ordering::Relaxed) {
                    return Err((String::new(), String::new()));
                }
                let label = param.label(project);
                let value = param
                    .get(project)
                    .map_err(|e| (label.clone(), e.to_string()))?;
                let (min, max) = param.bounds();
                let lever = project.levers.iter().find(|lever| &lever.param == param);
                let moved = |sign: f64| match lever {
                    Some(lever) => (if sign < 0.0 { lever.min } else { lever.max }).clamp(min, max),
                    None => (value * (1.0 + sign * pct / 100.0)).clamp(min, max),
                };
                let mut at = |new_value: f64| -> Result<f64, (String, String)> {
                    param
                        .set(copy, new_value)
                        .map_err(|e| (label.clone(), e.to_string()))?;
                    let computed = compute_reusing(copy, previous.take());
                    // Back to the base value before anything else can fail.
                    param
                        .set(copy, value)
                        .map_err(|e| (label.clone(), e.to_string()))?;
                    match computed {
                        Ok(results) => {
                            let output_value = output.value(&results);
                            *previous = Some(results);
                            Ok(output_value)
                        }
                        Err(problems) => Err((label.clone(), invalid(project, &label, &problems))),
                    }
                };
                let (value_low, value_high) = (moved(-1.0), moved(1.0));
                let output_low = at(value_low);
                let output_high = at(value_high);
                progress.fetch_add(1, Ordering::Relaxed);
                let (output_low, output_high) = (output_low?, output_high?);
                Ok(TornadoBar {
                    param: param.clone(),
                    label: label.clone(),
                    unit: param.unit(project),
                    value,
                    value_low,
                    value_high,
                    output_low,
                    output_high,
                    lever_range: lever.is_some(),
                })
            },
        )
        .collect();
    if cancel.load(Ordering::Relaxed) {
        return Err(AnalysisError::Cancelled);
    }
    let mut bars = Vec::new();
    let mut skipped = Vec::new();
    for run in runs {
        match run {
            Ok(bar) => bars.push(bar),
            Err(reason) => skipped.push(reason),
        }
    }
    bars.sort_by(|a, b| b.swing().total_cmp(&a.swing()));
    Ok(Tornado {
        output,
        base_output,
        pct,
        bars,
        skipped,
    })
}

/// A copy of `project` without the text and analysis sections the calculation never reads,
/// so that the many copies a sensitivity or Monte Carlo run makes are cheap.
pub fn lean_copy(project: &Project) -> Project {
    // Every field named, so that a new one is a decision here rather than silently dropped.
    let Project {
        version,
        name,
        description: _,
        currency,
        base_year,
        horizon,
        economy,
        phases,
        stages,
        links,
        notes: _,
        sources: _,
        policy,
        prices,
        fiscal,
        scenarios: _,
        levers: _,
        uncertainties: _,
    } = project;
    let mut lean = Project::empty(name, *base_year);
    lean.version = *version;
    lean.currency = currency.clone();
    lean.horizon = *horizon;
    lean.economy = economy.clone();
    lean.phases.clone_from(phases);
    lean.policy = policy.clone();
    lean.prices.clone_from(prices);
    lean.fiscal.clone_from(fiscal);
    lean.links.clone_from(links);
    lean.stages = stages
        .iter()
        .map(|stage| {
            let mut stage = stage.clone();
            stage.sources.clear();
            stage
        })
        .collect();
    lean
}

#[cfg(test)]
mod tornado_scale_tests {
    use super::*;
    use crate::model::generate::generate;

    #[test]
    fn a_large_chain_moves_the_parameters_of_its_largest_stages_only() {
        let project = generate(200, 1);
        let params = tornado_params(&project);
        let stages: std::collections::BTreeSet<&StageId> =
            params.iter().filter_map(Param::stage_id).collect();
        assert_eq!(stages.len(), TORNADO_STAGES);
        // The stage with the largest output value is among them.
        let results = compute(&project).unwrap();
        let largest = (0..project.stages.len())
            .max_by(|&a, &b| {
                let value = |i| results.stage(i, Period::Horizon).output_value;
                value(a).total_cmp(&value(b))
            })
            .unwrap();
        assert!(stages.contains(&project.stages[largest].id));
        assert!(params.iter().any(|p| matches!(p, Param::Economy(_))));
    }

    #[test]
    fn a_small_chain_moves_every_parameter_as_before() {
        let project = crate::io::examples::default_project().unwrap();
        let mut without_levers = project.clone();
        without_levers.levers.clear();
        let all: Vec<Param> = all_params(&without_levers)
            .into_iter()
            .filter(|p| p.field().can_be_uncertain())
            .filter(|p| p.get(&without_levers).is_ok_and(|v| v != 0.0))
            // Less the typed prices of rule-priced stages, which move nothing.
            .filter(|p| match p {
                Param::Stage(id, StageField::PricePerUnit) => without_levers
                    .stage(id)
                    .is_some_and(|s| s.pricing.is_none()),
                _ => true,
            })
            .collect();
        assert!(without_levers.stages.len() <= TORNADO_STAGES);
        assert_eq!(tornado_params(&without_levers), all);
    }
}
