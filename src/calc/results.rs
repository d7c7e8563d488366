//! What a calculation hands back ([`Results`]: every stage's fixed figures and investment
//! view, the physical flows of every year, the national sums) and the readers that work a
//! stage's or a link's figures out of them over a year or a period (`stage_year`,
//! `stage_sum`, `national`, `link` and the like), plus how results serialise for the reports.

use serde::Serialize;

use crate::model::StageId;
use crate::model::validate::Problem;

use super::Period;
use super::accounts::{Accounts, StageFlows, ratio};
use super::finance::Investment;
use super::flows::{Chain, Flows, year_rows};
use super::lanes::{LANES, Lanes};
use super::split::{self, FiscalTerms, FiscalYear};
use super::terms::StageTerms;

/// Results of one stage: what stays the same over the years. Its accounts, year by year, are
/// read from [`Results::stage_years`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StageResults {
    /// Which stage (same order as `Project::stages`).
    pub id: crate::model::StageId,
    /// True for domestic stages.
    pub domestic: bool,
    /// The stage's figures that do not change from year to year.
    pub(super) terms: StageTerms,
    /// Investment indicators over the horizon (pre-tax, unfinanced: before income tax).
    pub investment: Investment,
    /// The stage's fiscal regime, owners and loan.
    pub(super) fiscal: FiscalTerms,
    /// Investment indicators of the after-tax project cash flow (unfinanced); empty when no
    /// stage of the project has a fiscal regime, owners or a loan (see
    /// [`StageResults::after_tax`]).
    pub(super) after_tax: Investment,
    /// Investment indicators of the cash flow to equity, likewise.
    pub(super) equity: Investment,
}

impl StageResults {
    /// Investment indicators of the stage's after-tax project cash flow (unfinanced); the
    /// pre-tax ones when nothing taxes, owns or lends to any stage (they are the same then).
    pub fn after_tax(&self) -> &Investment {
        if self.after_tax.cash_flows.is_empty() {
            &self.investment
        } else {
            &self.after_tax
        }
    }

    /// Investment indicators of the stage's cash flow to equity (after tax and debt service).
    pub fn equity(&self) -> &Investment {
        if self.equity.cash_flows.is_empty() {
            &self.investment
        } else {
            &self.equity
        }
    }
}

/// National figures of one year or period.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct National {
    /// GDP (summed over the years of a period).
    pub gdp: f64,
    /// Sum of the accounts of the domestic stages.
    pub accounts: Accounts,
}

impl National {
    /// Direct value added / GDP.
    pub fn share_of_gdp_direct(&self) -> f64 {
        ratio(self.accounts.value_added, self.gdp).unwrap_or(0.0)
    }

    /// (Direct + indirect value added) / GDP.
    pub fn share_of_gdp_total(&self) -> f64 {
        ratio(self.accounts.total_va(), self.gdp).unwrap_or(0.0)
    }

    /// Construction value added / GDP: building the plants, apart from the operating shares.
    pub fn share_of_gdp_construction(&self) -> f64 {
        ratio(self.accounts.construction_va, self.gdp).unwrap_or(0.0)
    }
}

/// Everything computed for a project.
///
/// Only the physical flows are stored year by year (each stage's quantity, each link's feed
/// used), with what stays the same over the years (a stage's scheduled utilisation follows
/// from its plan and the year); the 41 figures of a stage's [`Accounts`] in a year are worked
/// out from them when read, by the one function the calculation itself uses. A recalculation
/// of a national chain so writes a few numbers per stage and year rather than all its
/// accounts, most of which no one looks at.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results {
    /// Years of the horizon, in order.
    pub years: Vec<i32>,
    /// GDP per year.
    pub gdp: Vec<f64>,
    /// Per stage, in project order.
    pub stages: Vec<StageResults>,
    /// Accounts of the domestic stages summed, per year of the horizon.
    pub(super) national_years: Vec<Accounts>,
    /// The links resolved to stages (in project order: links to missing stages are rejected
    /// by validation), with each stage's inbound and outbound links.
    pub(super) chain: Chain,
    /// Physical flows of every year, stage by stage and link by link.
    pub(super) flows: Flows,
    /// Investment indicators of the domestic chain as a whole.
    pub chain_investment: Investment,
    /// Who gets the domestic chain's cash, per year of the horizon (summed over the domestic
    /// stages).
    pub(super) national_fiscal: Vec<FiscalYear>,
    /// The domestic chain's after-tax project cash flow, unfinanced (see
    /// [`Results::chain_after_tax`]).
    pub(super) chain_after_tax: Investment,
    /// The domestic chain's cash flow to equity.
    pub(super) chain_equity: Investment,
    /// True when some stage has a fiscal regime, owners or a loan (else the after-tax figures
    /// are the pre-tax ones).
    pub(super) fiscal_applied: bool,
    /// (1 + discount rate)^t of every year of the horizon, t counted from the base year.
    pub(super) discount_divisors: Vec<f64>,
    /// Warnings found by validation (errors stop the calculation instead).
    pub warnings: Vec<Problem>,
}

impl Results {
    /// Stage `index`'s figures and what it moved in every year of the horizon, four years to
    /// an element, or `None` past the last stage.
    fn stage_rows(&self, index: usize) -> Option<(&StageTerms, Vec<StageFlows<Lanes>>)> {
        let terms = &self.stages.get(index)?.terms;
        let rows = year_rows(&self.years)
            .enumerate()
            .map(|(row, years)| {
                self.chain
                    .stage_flows(&self.flows, index, terms, (row, &years))
            })
            .collect();
        Some((terms, rows))
    }

    /// Accounts of stage `index` (project order) in every year of the horizon, in order (none
    /// past the last stage).
    pub fn stage_years(&self, index: usize) -> impl Iterator<Item = Accounts> + '_ {
        let (terms, rows) = match self.stage_rows(index) {
            Some((terms, rows)) => (Some(terms), rows),
            None => (None, Vec::new()),
        };
        self.years.iter().enumerate().filter_map(move |(k, &year)| {
            Some(terms?.accounts(&rows.get(k / LANES)?.lane(k % LANES), year))
        })
    }

    /// Accounts of stage `index` (project order) in year `k` of the horizon (0 is its first
    /// year), or `None` past the last stage or year.
    pub fn stage_year(&self, index: usize, k: usize) -> Option<Accounts> {
        let year = *self.years.get(k)?;
        let (terms, rows) = self.stage_rows(index)?;
        Some(terms.accounts(&rows.get(k / LANES)?.lane(k % LANES), year))
    }

    /// Scheduled utilisation (0-1) of stage `index` in every year of the horizon, in order
    /// (none past the last stage).
    pub fn utilisation(&self, index: usize) -> impl Iterator<Item = f64> + '_ {
        let plan = self.stages.get(index).map(|stage| stage.terms.plan);
        self.years.iter().filter_map(move |&year| {
            let plan = plan?;
            Some(if plan.active {
                plan.utilisation(year)
            } else {
                0.0
            })
        })
    }

    /// Years in which stage `index` produces and its operating surplus is negative.
    pub fn loss_years(&self, index: usize) -> Vec<i32> {
        self.stage_years(index)
            .zip(&self.years)
            .filter(|(accounts, _)| accounts.quantity > 0.0 && accounts.operating_surplus < -1e-6)
            .map(|(_, &year)| year)
            .collect()
    }

    /// Accounts of stage `index` (project order) summed over `period`.
    pub fn stage(&self, index: usize, period: Period) -> Accounts {
        let mut sum = Accounts::default();
        for (accounts, &year) in self.stage_years(index).zip(&self.years) {
            if period.contains(year) {
                sum.accumulate(&accounts);
            }
        }
        sum
    }

    /// One figure of stage `index` (project order) summed over `period`: the same number as
    /// that field of [`Results::stage`].
    pub fn stage_sum(&self, index: usize, period: Period, field: impl Fn(&Accounts) -> f64) -> f64 {
        let mut sum = 0.0;
        for (accounts, &year) in self.stage_years(index).zip(&self.years) {
            if period.contains(year) {
                sum += field(&accounts);
            }
        }
        sum
    }

    /// National figures (domestic stages) over `period`: each year's sum over the stages,
    /// summed over the years of the period.
    pub fn national(&self, period: Period) -> National {
        let mut national = National::default();
        for ((&year, &gdp), accounts) in self.years.iter().zip(&self.gdp).zip(&self.national_years)
        {
            if period.contains(year) {
                national.gdp += gdp;
                national.accounts.accumulate(accounts);
            }
        }
        national
    }

    /// National figures of every year of the horizon, in order.
    pub fn national_by_year(&self) -> impl ExactSizeIterator<Item = National> + '_ {
        self.gdp
            .iter()
            .zip(&self.national_years)
            .map(|(&gdp, &accounts)| National { gdp, accounts })
    }

    /// Number of links results were computed for (every link of the project).
    pub fn link_count(&self) -> usize {
        self.chain.links.len()
    }

    /// Units moved along link `index` in year `k` of the horizon, or `None` past the last link
    /// or year.
    pub fn link_quantity(&self, index: usize, k: usize) -> Option<f64> {
        (index < self.link_count() && k < self.years.len()).then(|| self.flows.used(index, k))
    }

    /// Quantity and value (at the upstream price) moved along link `index` over `period`.
    pub fn link(&self, index: usize, period: Period) -> (f64, f64) {
        if index >= self.link_count() {
            return (0.0, 0.0);
        }
        self.years
            .iter()
            .enumerate()
            .filter(|(_, year)| period.contains(**year))
            .map(|(k, _)| {
                (
                    self.flows.used(index, k),
                    self.chain.upstream_price(index, k),
                )
            })
            .fold((0.0, 0.0), |(q, v), (used, price)| {
                (q + used, v + used * price)
            })
    }

    /// Price per unit of stage `index`'s product in year `k` of the horizon: typed, or built
    /// by its pricing rule from the deck that year (`None` past the last stage).
    pub fn price(&self, index: usize, k: usize) -> Option<f64> {
        let typed = self.stages.get(index)?.terms.price;
        Some(self.chain.prices.price_in(index, k, typed))
    }

    /// Value of what stage `index` sold itself (output no link took) over `period`: each
    /// year's quantity at that year's price.
    pub fn sold_value(&self, index: usize, period: Period) -> f64 {
        if let Some(price) = self.typed_price(index) {
            return self.stage_sum(index, period, |a| a.sold_quantity) * price;
        }
        self.stage_years(index)
            .zip(&self.years)
            .enumerate()
            .filter(|(_, (_, year))| period.contains(**year))
            .map(|(k, (accounts, _))| accounts.sold_quantity * self.price(index, k).unwrap_or(0.0))
            .sum()
    }

    /// Price per unit of stage `index`'s product over `period`: its product value over its
    /// quantity, or its price in the period's first year (the first of the horizon) when it
    /// makes nothing then; 0 past the last stage.
    pub fn average_price(&self, index: usize, period: Period) -> f64 {
        if let Some(price) = self.typed_price(index) {
            return price;
        }
        let accounts = self.stage(index, period);
        if accounts.quantity > 0.0 {
            return accounts.product_value / accounts.quantity;
        }
        let first = self
            .years
            .iter()
            .position(|&year| period.contains(year))
            .unwrap_or(0);
        self.price(index, first).unwrap_or(0.0)
    }

    /// Stage `index`'s typed price, when no rule prices it (the same every year).
    fn typed_price(&self, index: usize) -> Option<f64> {
        let typed = self.stages.get(index)?.terms.price;
        self.chain.prices.is_typed(index).then_some(typed)
    }

    /// Feed per unit of product of stage `index` as computed: typed, or from its grade and
    /// recovery (`None` past the last stage).
    pub fn input_per_unit(&self, index: usize) -> Option<f64> {
        self.chain.input_per_unit(index)
    }

    /// The domestic chain's after-tax project returns (unfinanced); the pre-tax ones when
    /// nothing taxes, owns or lends to any stage.
    pub fn chain_after_tax(&self) -> &Investment {
        if self.fiscal_applied {
            &self.chain_after_tax
        } else {
            &self.chain_investment
        }
    }

    /// The domestic chain's returns to equity (after tax and debt service).
    pub fn chain_equity(&self) -> &Investment {
        if self.fiscal_applied {
            &self.chain_equity
        } else {
            &self.chain_investment
        }
    }

    /// Gross national income from the domestic chain over `period`: its direct value added
    /// less the primary income it pays abroad (foreign owners' share of after-tax profit,
    /// interest to lenders abroad).
    pub fn gni(&self, period: Period) -> f64 {
        self.national(period).accounts.value_added - self.national_fiscal(period).income_paid_abroad
    }

    /// Foreign exchange the domestic chain keeps over `period`: net FX (exports less imports)
    /// less what foreign owners and lenders take out (dividends after withholding tax, debt
    /// service), plus what they bring in (equity contributions, loans drawn).
    pub fn fx_kept(&self, period: Period) -> f64 {
        let fiscal = self.national_fiscal(period);
        self.national(period).accounts.net_fx() - fiscal.foreign_owners - fiscal.foreign_lenders
    }

    /// Government take of the domestic chain over `period`: government revenue (taxes,
    /// royalties and the state's equity, less subsidies) over the pre-tax net cash flow,
    /// undiscounted; `None` when the pre-tax cash flow is not positive.
    pub fn government_take(&self, period: Period) -> Option<f64> {
        let fiscal = self.national_fiscal(period);
        (fiscal.pre_tax_cash_flow > 0.0).then(|| fiscal.government / fiscal.pre_tax_cash_flow)
    }

    /// [`Results::government_take`] with every year discounted to the base year.
    pub fn government_take_discounted(&self, period: Period) -> Option<f64> {
        let fiscal = self.national_fiscal_discounted(period);
        (fiscal.pre_tax_cash_flow > 0.0).then(|| fiscal.government / fiscal.pre_tax_cash_flow)
    }

    /// Average effective tax rate (FARI): the present value of taxes and royalties (not the
    /// state's equity) over the present value of the pre-tax net cash flow; `None` when that
    /// is not positive.
    pub fn aetr(&self, period: Period) -> Option<f64> {
        let fiscal = self.national_fiscal_discounted(period);
        (fiscal.pre_tax_cash_flow > 0.0).then(|| fiscal.taxes() / fiscal.pre_tax_cash_flow)
    }

    /// Who gets stage `index`'s cash in every year of the horizon (none past the last stage).
    pub fn stage_fiscal_years(&self, index: usize) -> Vec<FiscalYear> {
        let Some(stage) = self.stages.get(index) else {
            return Vec::new();
        };
        let accounts: Vec<Accounts> = self.stage_years(index).collect();
        split::stage_years(&stage.fiscal, &accounts, &self.years)
    }

    /// Who gets the domestic chain's cash over `period` (each year's figures summed).
    pub fn national_fiscal(&self, period: Period) -> FiscalYear {
        let mut sum = FiscalYear::default();
        for (year, fiscal) in self.years.iter().zip(&self.national_fiscal) {
            if period.contains(*year) {
                sum.accumulate(fiscal);
            }
        }
        sum
    }

    /// Who gets the domestic chain's cash in every year of the horizon, in order.
    pub fn national_fiscal_by_year(&self) -> &[FiscalYear] {
        &self.national_fiscal
    }

    /// The domestic chain's figures over `period` discounted to the base year, each year's
    /// divided by (1 + discount rate)^t.
    pub fn national_fiscal_discounted(&self, period: Period) -> FiscalYear {
        let mut sum = FiscalYear::default();
        for ((year, fiscal), divisor) in self
            .years
            .iter()
            .zip(&self.national_fiscal)
            .zip(&self.discount_divisors)
        {
            if period.contains(*year) {
                sum.accumulate(&fiscal.scaled(1.0 / divisor));
            }
        }
        sum
    }

    /// GDP over `period` (summed over its years).
    pub fn gdp(&self, period: Period) -> f64 {
        self.years
            .iter()
            .zip(&self.gdp)
            .filter(|(year, _)| period.contains(**year))
            .map(|(_, gdp)| gdp)
            .sum()
    }
}

/// Results serialise as a reader sees them: every stage's accounts year by year (worked out
/// from the stored flows), the national accounts, and what each link carries.
impl Serialize for Results {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct StageView<'r> {
            id: &'r StageId,
            domestic: bool,
            utilisation: Vec<f64>,
            years: Vec<Accounts>,
            investment: &'r Investment,
        }
        #[derive(Serialize)]
        struct LinkView {
            quantity: Vec<f64>,
            value: Vec<f64>,
        }
        #[derive(Serialize)]
        struct View<'r> {
            years: &'r [i32],
            gdp: &'r [f64],
            stages: Vec<StageView<'r>>,
            national: &'r [Accounts],
            links: Vec<LinkView>,
            chain_investment: &'r Investment,
            /// Who gets the domestic chain's cash, year by year.
            national_fiscal: &'r [FiscalYear],
        }
        let stages = self
            .stages
            .iter()
            .enumerate()
            .map(|(index, stage)| StageView {
                id: &stage.id,
                domestic: stage.domestic,
                utilisation: self.utilisation(index).collect(),
                years: self.stage_years(index).collect(),
                investment: &stage.investment,
            })
            .collect();
        let links = self
            .chain
            .links
            .iter()
            .enumerate()
            .map(|(index, _)| {
                let quantity: Vec<f64> = (0..self.years.len())
                    .map(|k| self.flows.used(index, k))
                    .collect();
                let value = quantity
                    .iter()
                    .enumerate()
                    .map(|(k, q)| q * self.chain.upstream_price(index, k))
                    .collect();
                LinkView { quantity, value }
            })
            .collect();
        View {
            years: &self.years,
            gdp: &self.gdp,
            stages,
            national: &self.national_years,
            links,
            chain_investment: &self.chain_investment,
            national_fiscal: &self.national_fiscal,
        }
        .serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calc::compute;

    #[test]
    fn a_stage_sum_is_that_field_of_the_stage_accounts() {
        let project = crate::model::generate::generate(40, 5);
        let Ok(results) = compute(&project) else {
            panic!("generated project computes");
        };
        for period in [
            Period::Horizon,
            Period::Year(2040),
            Period::Range(2030, 2035),
        ] {
            for index in 0..project.stages.len() {
                let accounts = results.stage(index, period);
                assert_eq!(
                    results
                        .stage_sum(index, period, |a| a.value_added)
                        .to_bits(),
                    accounts.value_added.to_bits()
                );
                assert_eq!(
                    results.stage_sum(index, period, |a| a.jobs).to_bits(),
                    accounts.jobs.to_bits()
                );
            }
        }
    }
}
