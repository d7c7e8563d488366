//! The calculation: quantities, accounts, national view and investment view, year by year.
//!
//! Pure and deterministic: the same project always gives the same results, whatever the order
//! of stages in the file. Every formula here is written out in `docs/METHOD.md`.
//!
//! This root holds the public entry points ([`compute`], [`compute_reusing`]) and the driver
//! that runs a calculation: validation beside it, the stages read, the flows of every year,
//! then each stage's accounts and investment figures in parallel batches. What it drives lives
//! in the files below: `accounts` (the 41-figure ledger), `pam` (the Policy Analysis Matrix
//! read from the results), `terms` (what a stage's accounts
//! apply to its flows), `chain` (links, feed order and the physical flows), `results` (what
//! a calculation hands back and its readers), `finance` (NPV, IRR, payback) and `lanes`
//! (four years side by side).

use rayon::prelude::*;

use crate::model::validate::{Problem, check_the_rest, errors_first, prepare, prepare_known};
use crate::model::{Location, Project, Stage};

mod accounts;
mod finance;
mod flows;
mod lanes;
pub mod pam;
mod prices;
mod results;
mod split;
mod terms;

pub use accounts::Accounts;
pub use finance::{Investment, irr, npv};
pub use results::{National, Results, StageResults};
pub use split::FiscalYear;

use accounts::{Add, Ledger, Write};
use finance::{investment, investment_after};
use flows::{Chain, flows_into, year_rows};
use lanes::{LANES, Lanes};
use split::FiscalTerms;
use terms::StageTerms;

/// A span of years results are read over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// One year.
    Year(i32),
    /// Every year of the horizon.
    Horizon,
    /// An inclusive range of years (a phase).
    Range(i32, i32),
}

impl Period {
    /// True when `year` falls inside the period.
    pub fn contains(self, year: i32) -> bool {
        match self {
            Self::Year(only) => year == only,
            Self::Horizon => true,
            Self::Range(first, last) => (first..=last).contains(&year),
        }
    }
}

/// GDP in `year`, grown from the base year at the project's real growth rate.
fn gdp_in_year(project: &Project, year: i32) -> f64 {
    let growth = 1.0 + project.economy.gdp_growth_pct / 100.0;
    project.economy.gdp_base_year * growth.powi(year - project.base_year)
}

/// Chains with at least this many stages have their stages worked out on every core; below
/// it, handing work to threads costs more than it saves.
const PARALLEL_FROM_STAGES: usize = 200;

/// Validates, then computes. Errors stop the calculation and come back all at once.
pub fn compute(project: &Project) -> Result<Results, Vec<Problem>> {
    compute_reusing(project, None)
}

/// Stages worked out together, on one thread, summing their national accounts as they go.
/// A fixed number, so that the national sums are added up in the same order whatever the
/// number of threads.
const STAGES_PER_BATCH: usize = 64;

/// [`compute`], writing into the memory of `previous` (results of an earlier version of the
/// project, which are used up). The results are the same; what changes is that a chain of
/// thousands of stages needs no fresh memory from the operating system, which otherwise
/// costs more than the calculation itself, and that the chain's shape is kept when the edit
/// left it as it was. The window recomputes this way after every edit.
///
/// Validation comes first in two parts. What the calculation needs to start (sound settings
/// and ids, the links resolved, the stages in topological order) is checked before it. When
/// the stage ids and every link's ids are those `previous` was worked out from, the ids are
/// still unique and the links resolve as before, so that part is taken from `previous`
/// (checking this compares the ids in order, where resolving them looks each one up). Every
/// stage's figures and the links are then checked on one core while the calculation runs on
/// the others; if that finds an error, the results are dropped and the problems returned, so
/// nothing computed from a faulty project is ever shown.
pub fn compute_reusing(
    project: &Project,
    previous: Option<Results>,
) -> Result<Results, Vec<Problem>> {
    let mut results = previous.unwrap_or_default();
    let large = project.stages.len() >= PARALLEL_FROM_STAGES;
    // What the calculation needs of each stage on its own depends on no link, so it is read
    // (and its id compared with the one before) while the links are checked or resolved.
    let Results {
        stages,
        chain,
        flows,
        ..
    } = &mut results;
    let (prepared, shape_kept) =
        if chain.links.len() == project.links.len() && stages.len() == project.stages.len() {
            let (links_fit, ids_unchanged) = join_if(
                large,
                || chain.fits_links_of(project),
                || read_stages(project, stages),
            );
            if links_fit && ids_unchanged {
                // Lent to validation, and given back below.
                let link_ends = std::mem::take(&mut chain.link_ends);
                (prepare_known(project, link_ends, chain.order.clone()), true)
            } else {
                (prepare(project), false)
            }
        } else {
            // A chain of another size: while its links are resolved, the memory for its flows
            // is made ready too (for the first calculation of a national chain, memory fresh
            // from the system is much of the time, paid where it is first written).
            let (prepared, _) = join_if(
                large,
                || prepare(project),
                || {
                    let years = project.horizon.len();
                    if years <= crate::model::validate::MAX_HORIZON_YEARS {
                        let rows = years.div_ceil(LANES);
                        flows.size_for(project.stages.len(), project.links.len(), rows);
                    }
                    read_stages(project, stages)
                },
            );
            (prepared, false)
        };
    if !prepared.can_compute() {
        let rest = check_the_rest(project, &prepared);
        return Err(errors_first(prepared.problems, rest));
    }
    let (rest, mut results) = join_if(
        large,
        || check_the_rest(project, &prepared),
        || {
            if !shape_kept && let Some(order) = &prepared.order {
                results.chain =
                    Chain::shape(project.stages.len(), order.clone(), &prepared.link_ends);
            }
            calculate(project, results)
        },
    );
    // What validation resolved (or was lent) goes with the chain, for the next recalculation.
    results.chain.link_ends = prepared.link_ends;
    let problems = errors_first(prepared.problems, rest);
    if problems.iter().any(Problem::is_error) {
        return Err(problems);
    }
    results.warnings = problems;
    Ok(results)
}

/// `a` and `b`, side by side on two cores when `parallel`, else one after the other.
fn join_if<A, B, RA, RB>(parallel: bool, a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    if parallel {
        rayon::join(a, b)
    } else {
        (a(), b())
    }
}

/// Each stage's id, location and [`StageTerms`], into `stages` (one per stage of `project`,
/// in its order; the memory of earlier results reused). Returns whether every id is the one
/// `stages` held already, in the same place.
fn read_stages(project: &Project, stages: &mut Vec<StageResults>) -> bool {
    stages.truncate(project.stages.len());
    stages.resize_with(project.stages.len(), StageResults::default);
    let read = |(result, stage): (&mut StageResults, &Stage)| {
        let same_id = result.id == stage.id;
        if !same_id {
            result.id.0.clone_from(&stage.id.0);
        }
        result.domestic = stage.location == Location::Domestic;
        result.terms = StageTerms::of(project, stage);
        result.fiscal = FiscalTerms::of(project, stage);
        same_id
    };
    if project.stages.len() >= PARALLEL_FROM_STAGES {
        stages
            .par_iter_mut()
            .zip(&project.stages)
            .map(read)
            .reduce(|| true, |all, same| all & same)
    } else {
        stages
            .iter_mut()
            .zip(&project.stages)
            .map(read)
            .fold(true, |all, same| all & same)
    }
}

/// Every stage, every year, the national view and the investment view of a project whose
/// settings are sound, into `results`: its stages read by [`read_stages`] and its chain of
/// the project's shape (the rest is the memory of earlier results, overwritten).
fn calculate(project: &Project, mut results: Results) -> Results {
    results.years.clear();
    results.years.extend(project.horizon.years());
    let rows: Vec<[i32; LANES]> = year_rows(&results.years).collect();
    results.chain.refresh(
        project,
        results.stages.iter().map(|stage| &stage.terms),
        &rows,
    );
    let chain = &results.chain;
    let years = &results.years;
    results.gdp.clear();
    results
        .gdp
        .extend(years.iter().map(|&y| gdp_in_year(project, y)));
    flows_into(project, chain, &rows, &mut results.flows);

    let discount = project.economy.discount_rate_pct / 100.0;
    let first_year = project.horizon.first_year;
    let offset = first_year - project.base_year;
    // (1 + r)^t for every year, once: NPV divides each year's flow by it.
    let discount_divisors: Vec<f64> = (offset..)
        .take(years.len())
        .map(|t| (1.0 + discount).powi(t))
        .collect();
    // Each stage's flows, accounts and investment figures depend only on the chain's physical
    // flows, so batches of stages are worked out in parallel; each batch sums its domestic
    // stages' accounts by year, and the batches' sums are added in batch order below (the
    // same results, in project order, whatever the thread count).
    let inputs = BatchInputs {
        chain,
        flows: &results.flows,
        rows: &rows,
        years,
        discount_divisors: &discount_divisors,
        first_year,
        fiscal_on: split::any_fiscal(project),
    };
    let fiscal_on = inputs.fiscal_on;
    let batch = |batch| work_out_batch(&inputs, batch);
    let batches: Vec<(Vec<Ledger<Lanes>>, Vec<FiscalYear>)> =
        if project.stages.len() >= PARALLEL_FROM_STAGES {
            results
                .stages
                .par_chunks_mut(STAGES_PER_BATCH)
                .enumerate()
                .map(batch)
                .collect()
        } else {
            results
                .stages
                .chunks_mut(STAGES_PER_BATCH)
                .enumerate()
                .map(batch)
                .collect()
        };
    // The batches' sums added in batch order, four years at a time (each lane the same
    // additions as year by year), then read out year by year.
    let mut national = vec![Ledger::<Lanes>::default(); rows.len()];
    let mut national_fiscal = vec![FiscalYear::default(); years.len()];
    for (batch, batch_fiscal) in &batches {
        for (sum, batch_sum) in national.iter_mut().zip(batch) {
            sum.accumulate(batch_sum);
        }
        for (sum, batch_sum) in national_fiscal.iter_mut().zip(batch_fiscal) {
            sum.accumulate(batch_sum);
        }
    }
    results.national_years.clear();
    results
        .national_years
        .extend((0..results.years.len()).map(|k| national[k / LANES].lane(k % LANES)));
    if !fiscal_on {
        // No income tax, owners or loans anywhere: who gets what follows from the sums.
        national_fiscal.clear();
        national_fiscal.extend(results.national_years.iter().map(FiscalYear::untaxed));
    }
    results.fiscal_applied = fiscal_on;
    let chain_returns = |flow: fn(&FiscalYear) -> f64| {
        let flows = national_fiscal.iter().map(flow).collect();
        investment(flows, &discount_divisors, first_year)
    };
    if fiscal_on {
        results.chain_after_tax = chain_returns(|y| y.after_tax_cash_flow);
        results.chain_equity = chain_returns(|y| y.equity_cash_flow);
    } else {
        results.chain_after_tax = Investment::default();
        results.chain_equity = Investment::default();
    }
    results.national_fiscal = national_fiscal;
    results.discount_divisors.clone_from(&discount_divisors);

    let mut chain_flows = std::mem::take(&mut results.chain_investment.cash_flows);
    chain_flows.clear();
    chain_flows.extend(results.national_years.iter().map(|a| a.cash_flow));
    results.chain_investment = investment(chain_flows, &discount_divisors, first_year);
    results
}

/// What the stages of one batch share: the chain and its flows, the years four to a row, the
/// discounting, and whether any stage has a fiscal regime, owners or a loan.
struct BatchInputs<'a> {
    chain: &'a Chain,
    flows: &'a flows::Flows,
    rows: &'a [[i32; LANES]],
    years: &'a [i32],
    discount_divisors: &'a [f64],
    first_year: i32,
    fiscal_on: bool,
}

/// Each stage of batch `number` (`batch`, in project order): its accounts year by year, added
/// into the batch's national sums as they are made, its investment figures, and who gets its
/// cash (summed for the domestic stages when `fiscal_on`).
fn work_out_batch(
    inputs: &BatchInputs<'_>,
    (number, batch): (usize, &mut [StageResults]),
) -> (Vec<Ledger<Lanes>>, Vec<FiscalYear>) {
    let BatchInputs {
        chain,
        flows,
        rows,
        years,
        discount_divisors,
        first_year,
        fiscal_on,
    } = *inputs;
    let mut national = vec![Ledger::<Lanes>::default(); rows.len()];
    let mut national_fiscal = vec![FiscalYear::default(); if fiscal_on { years.len() } else { 0 }];
    let mut cash_flows = Vec::with_capacity(rows.len() * LANES);
    // With a fiscal regime, owners or a loan somewhere: each stage's accounts of every
    // year, and who gets its cash.
    let mut stage_accounts = Vec::new();
    let mut fiscal_years = Vec::new();
    let mut scratch = split::Scratch::default();
    let mut fiscal_flows = Vec::new();
    for (offset, result) in batch.iter_mut().enumerate() {
        let index = number * STAGES_PER_BATCH + offset;
        let before = std::mem::take(&mut result.investment);
        cash_flows.clear();
        stage_accounts.clear();
        if result.terms.plan.active {
            let schedule = &result.terms.schedule;
            // Four years to a row here too; the padding past the last year goes below.
            cash_flows.resize(rows.len() * LANES, 0.0);
            for (((number, row), national), cash_flow) in rows
                .iter()
                .enumerate()
                .zip(&mut national)
                .zip(cash_flows.chunks_exact_mut(LANES))
            {
                let stage_flows = chain.stage_flows(flows, index, &result.terms, (number, row));
                let capex = Lanes::from_fn(|lane| schedule.capex_in(row[lane]));
                let depreciation = Lanes::from_fn(|lane| schedule.depreciation_in(row[lane]));
                let kept = if result.domestic {
                    result.terms.ledger_into::<Lanes, Add>(
                        &stage_flows,
                        capex,
                        depreciation,
                        national,
                    )
                } else {
                    // Abroad: its accounts count for no national sum, only its cash flow.
                    let mut own = Ledger::default();
                    result.terms.ledger_into::<Lanes, Write>(
                        &stage_flows,
                        capex,
                        depreciation,
                        &mut own,
                    )
                };
                if fiscal_on {
                    stage_accounts.extend((0..LANES).map(|lane| kept.lane(lane)));
                }
                let flow = kept.cash_flow;
                cash_flow.copy_from_slice(&flow.0);
            }
            cash_flows.truncate(years.len());
            stage_accounts.truncate(years.len());
        } else {
            // It makes, spends and invests nothing: its accounts are all zero, and adding
            // zeros leaves the national sums as they are.
            cash_flows.resize(years.len(), 0.0);
            stage_accounts.resize(years.len(), split::FiscalInput::default());
        }
        result.investment = investment_after(before, &cash_flows, discount_divisors, first_year);
        if fiscal_on {
            split::stage_years_into(
                &result.fiscal,
                &stage_accounts,
                years,
                &mut scratch,
                &mut fiscal_years,
            );
            let mut returns = |flow: fn(&FiscalYear) -> f64, before| {
                fiscal_flows.clear();
                fiscal_flows.extend(fiscal_years.iter().map(flow));
                investment_after(before, &fiscal_flows, discount_divisors, first_year)
            };
            result.after_tax = returns(
                |y| y.after_tax_cash_flow,
                std::mem::take(&mut result.after_tax),
            );
            result.equity = returns(|y| y.equity_cash_flow, std::mem::take(&mut result.equity));
            if result.domestic {
                for (sum, year) in national_fiscal.iter_mut().zip(&fiscal_years) {
                    sum.accumulate(year);
                }
            }
        } else {
            result.after_tax = Investment::default();
            result.equity = Investment::default();
        }
    }
    (national, national_fiscal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CarbonPricing, StageId};

    #[test]
    fn reusing_earlier_results_gives_the_same_results() {
        let project = crate::model::generate::generate(260, 1);
        let fresh = compute(&project);
        assert!(fresh.is_ok());
        // From results of a smaller, a larger and a differently shaped chain.
        for (stages, seed) in [(30, 2), (400, 3), (260, 4)] {
            let mut other = crate::model::generate::generate(stages, seed);
            other.horizon.last_year += seed as i32;
            let previous = compute(&other).ok();
            assert!(previous.is_some());
            assert_eq!(
                compute_reusing(&project, previous),
                fresh,
                "{stages} stages"
            );
        }
    }

    /// Edits of figures keep the chain's shape, which the next calculation takes from the
    /// results before; any edit of ids or links must resolve them again. Either way the
    /// results are those of a calculation from nothing, problems included.
    #[test]
    fn the_shape_is_kept_only_while_ids_and_links_are_unchanged() {
        for stages in [30, PARALLEL_FROM_STAGES + 60] {
            let base = crate::model::generate::generate(stages, 7);
            let kept_shape = |project: &Project| {
                let Ok(mut previous) = compute(&base) else {
                    panic!("generated project computes");
                };
                let ids_unchanged = read_stages(project, &mut previous.stages);
                ids_unchanged && previous.chain.fits_links_of(project)
            };
            let same_as_fresh = |project: &Project, what: &str| {
                let previous = compute(&base).ok();
                assert!(previous.is_some());
                assert_eq!(
                    compute_reusing(project, previous),
                    compute(project),
                    "{what}, {stages} stages"
                );
            };

            // Figures, switches and bans: the shape stays.
            let mut figures = base.clone();
            for (index, stage) in figures.stages.iter_mut().enumerate() {
                stage.price_per_unit *= 1.0 + index as f64 / 100.0;
                stage.active = index % 9 != 4;
                stage.export_ban = index % 5 == 2;
            }
            figures.links[3].share_pct = 40.0;
            figures.links[5].transport_cost_per_unit += 2.0;
            assert!(kept_shape(&figures));
            same_as_fresh(&figures, "figures");

            // A stage renamed, with its links: the ids changed.
            let mut renamed = base.clone();
            let old = renamed.stages[2].id.clone();
            let new = StageId(format!("{old}-renamed"));
            renamed.stages[2].id = new.clone();
            for link in &mut renamed.links {
                for end in [&mut link.from, &mut link.to] {
                    if *end == old {
                        *end = new.clone();
                    }
                }
            }
            assert!(!kept_shape(&renamed));
            same_as_fresh(&renamed, "renamed");

            // Two links that swap where they lead: the same ids, another shape.
            let mut swapped = base.clone();
            let (first, second) = (swapped.links[0].to.clone(), swapped.links[4].to.clone());
            assert_ne!(first, second);
            swapped.links[0].to = second;
            swapped.links[4].to = first;
            assert!(!kept_shape(&swapped));
            same_as_fresh(&swapped, "swapped");

            // A link to a stage that does not exist, and two stages with one id: errors.
            let mut dangling = base.clone();
            dangling.links[1].from = StageId("nowhere".into());
            assert!(!kept_shape(&dangling));
            same_as_fresh(&dangling, "dangling");
            assert!(compute(&dangling).is_err());
            let mut twins = base.clone();
            twins.stages[6].id = twins.stages[7].id.clone();
            assert!(!kept_shape(&twins));
            same_as_fresh(&twins, "twins");
            assert!(compute(&twins).is_err());
        }
    }

    /// After an edit, a stage whose cash flows did not change keeps its IRR from the results
    /// before; everything must still be what a calculation from nothing gives.
    #[test]
    fn edits_of_one_price_or_of_the_discount_rate_give_the_results_from_nothing() {
        let base = crate::model::generate::generate(PARALLEL_FROM_STAGES + 60, 11);
        let mut one_price = base.clone();
        one_price.stages[3].price_per_unit *= 1.5;
        let mut discount = base.clone();
        discount.economy.discount_rate_pct += 2.0;
        let mut carbon = base.clone();
        carbon.policy.carbon_price_per_t_co2 = 80.0;
        for (edited, what) in [
            (&one_price, "one price"),
            (&discount, "discount rate"),
            (&carbon, "carbon price"),
        ] {
            let previous = compute(&base).ok();
            let Ok(fresh) = compute(edited) else {
                panic!("{what}: the edited project computes");
            };
            assert_eq!(
                compute_reusing(edited, previous),
                Ok(fresh.clone()),
                "{what}"
            );
            assert_ne!(compute(&base), Ok(fresh), "{what} changes the results");
        }
    }

    #[test]
    fn results_are_the_same_on_any_number_of_threads() {
        // Large enough to be worked out in parallel, with national sums over many batches.
        let project = crate::model::generate::generate(700, 3);
        let on = |threads: usize| {
            let Ok(pool) = rayon::ThreadPoolBuilder::new().num_threads(threads).build() else {
                panic!("a thread pool of {threads}");
            };
            pool.install(|| compute(&project))
        };
        let one = on(1);
        assert!(one.is_ok());
        assert_eq!(on(2), one);
        assert_eq!(on(3), one);
    }

    #[test]
    fn national_accounts_are_the_sum_of_the_domestic_stages() {
        let project = crate::model::generate::generate(300, 2);
        let Ok(results) = compute(&project) else {
            panic!("generated project computes");
        };
        for (k, national) in results.national_by_year().enumerate() {
            let mut sum = Accounts::default();
            for (index, stage) in results.stages.iter().enumerate() {
                if stage.domestic
                    && let Some(accounts) = results.stage_year(index, k)
                {
                    sum.accumulate(&accounts);
                }
            }
            for ((name, a), (_, b)) in national.accounts.fields().into_iter().zip(sum.fields()) {
                assert!(
                    (a - b).abs() <= 1e-9 * (1.0 + b.abs()),
                    "{name} year {k}: {a} vs {b}"
                );
            }
        }
    }

    /// The calculation works four years side by side; reading a stage's accounts works them
    /// out one year at a time. Both must give the same numbers, bit for bit: cash flows, and
    /// national sums added in the calculation's order (batch by batch).
    #[test]
    fn four_years_side_by_side_are_one_year_at_a_time_bit_for_bit() {
        let mut project = crate::model::generate::generate(300, 3);
        for (index, stage) in project.stages.iter_mut().enumerate() {
            // Every branch of the accounts: switched off, banned exports, carbon pricing.
            stage.active = index % 11 != 5;
            stage.export_ban = index % 7 == 3;
            stage.co2_t_per_unit += 0.1;
        }
        project.policy.carbon_pricing = CarbonPricing::BorderAdjustment;
        project.policy.carbon_price_per_t_co2 = 50.0;
        project.horizon.last_year = project.horizon.first_year + 28; // 29 years: a part row
        let Ok(results) = compute(&project) else {
            panic!("generated project computes");
        };
        let bits = |accounts: &Accounts| -> Vec<u64> {
            accounts.fields().iter().map(|(_, v)| v.to_bits()).collect()
        };
        for (index, stage) in results.stages.iter().enumerate() {
            let one_by_one: Vec<u64> = results
                .stage_years(index)
                .map(|a| a.cash_flow.to_bits())
                .collect();
            let side_by_side: Vec<u64> = stage
                .investment
                .cash_flows
                .iter()
                .map(|f| f.to_bits())
                .collect();
            assert_eq!(one_by_one, side_by_side, "cash flows of stage {index}");
        }
        for (k, national) in results.national_by_year().enumerate() {
            let mut sum = Accounts::default();
            for batch in (0..results.stages.len())
                .collect::<Vec<_>>()
                .chunks(STAGES_PER_BATCH)
            {
                let mut batch_sum = Accounts::default();
                for &index in batch {
                    if let Some(accounts) = results.stage_year(index, k)
                        && results.stages[index].domestic
                    {
                        batch_sum.accumulate(&accounts);
                    }
                }
                sum.accumulate(&batch_sum);
            }
            assert_eq!(
                bits(&national.accounts),
                bits(&sum),
                "national accounts, year {k}"
            );
        }
    }

    /// Large projects are checked while they are computed: a faulty stage must still stop
    /// the calculation, with the same problems `validate` reports.
    #[test]
    fn checks_beside_the_calculation_report_what_validate_reports() {
        for stages in [20, PARALLEL_FROM_STAGES + 50] {
            let mut project = crate::model::generate::generate(stages, 4);
            let Ok(results) = compute(&project) else {
                panic!("generated project computes");
            };
            assert_eq!(results.warnings, crate::model::validate::validate(&project));
            project.stages[stages / 2].capacity_per_year = f64::NAN;
            let expected = crate::model::validate::validate(&project);
            assert!(expected.iter().any(Problem::is_error));
            assert_eq!(compute(&project).err(), Some(expected), "{stages} stages");
        }
    }
}
