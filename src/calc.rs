//! The calculation: quantities, accounts, national view and investment view, year by year.
//!
//! Pure and deterministic: the same project always gives the same results, whatever the order
//! of stages in the file. Every formula here is written out in `docs/METHOD.md`.

use serde::Serialize;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::model::{CarbonPricing, Destination, Location, Project, Stage, StageId};
use crate::validate::{
    ByStage, LinkEnds, Problem, check_the_rest, errors_first, prepare, prepare_known,
};

mod lanes;

use lanes::{Figure, LANES, Lanes};

/// Defines [`Accounts`] once, so the list of additive fields and the code that sums them can
/// never drift apart.
macro_rules! additive_accounts {
    ($( $(#[$doc:meta])* $field:ident ),* $(,)?) => {
        /// Flows of one stage (or of a set of stages) over one year or a period.
        /// Every field is additive: the accounts of a period are the sum of its years, and the
        /// national accounts are the sum of the domestic stages.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
        pub struct Accounts {
            $( $(#[$doc])* pub $field: f64, )*
        }

        impl Accounts {
            /// Adds every field of `other` to `self`.
            pub fn accumulate(&mut self, other: &Self) {
                $( self.$field += other.$field; )*
            }

            /// Every field with its name, in declaration order (for CSV and JSON reports).
            pub fn fields(&self) -> Vec<(&'static str, f64)> {
                vec![$( (stringify!($field), self.$field), )*]
            }
        }

        /// The fields of [`Accounts`] in one year (`F` = `f64`) or four ([`Lanes`]), as the
        /// one set of formulas ([`StageTerms::ledger`]) works them out.
        #[derive(Clone, Copy, Debug, Default)]
        struct Ledger<F> {
            $( $field: F, )*
        }

        impl From<Ledger<f64>> for Accounts {
            #[inline]
            fn from(ledger: Ledger<f64>) -> Self {
                Self { $( $field: ledger.$field, )* }
            }
        }

        impl Ledger<Lanes> {
            /// Adds every field of `other` to `self`, lane by lane (as [`Accounts::accumulate`]).
            fn accumulate(&mut self, other: &Self) {
                $( self.$field += other.$field; )*
            }

            /// The accounts of lane `lane`.
            fn lane(&self, lane: usize) -> Accounts {
                Accounts { $( $field: self.$field.0[lane], )* }
            }
        }
    };
}

additive_accounts! {
    /// Units of product made.
    quantity,
    /// Units of product the stage could have made at its scheduled utilisation.
    planned_quantity,
    /// Units of linked feed material consumed.
    feed_used,
    /// Units of product sold to the market (output no link takes, plus feed a downstream stage
    /// could not use).
    sold_quantity,
    /// Quantity x price.
    product_value,
    /// Value of by-product credits.
    by_product_value,
    /// Product value + by-product value.
    output_value,
    /// Feed bought from upstream stages, at their price.
    material_cost,
    /// Part of `material_cost` bought from stages abroad.
    material_from_abroad,
    /// Transport on feed received.
    transport_cost,
    /// Other purchased inputs.
    purchased_inputs,
    /// Imported part of the other purchased inputs.
    purchased_imported,
    /// Energy at the stage's energy tariff (a domestic purchased input).
    energy_cost,
    /// Border carbon adjustment paid abroad on the CO2 of exported output.
    carbon_border_cost,
    /// Intermediate consumption: material + transport + purchased inputs + energy at the
    /// tariff + border carbon adjustment.
    intermediate_consumption,
    /// Direct value added: output value - intermediate consumption.
    value_added,
    /// Wage bill.
    wages,
    /// Royalties.
    royalties,
    /// Other taxes on production.
    other_taxes,
    /// Export taxes (percent of export value and per unit exported).
    export_taxes,
    /// Domestic carbon tax.
    carbon_tax,
    /// Units of product exported (sold abroad or to stages abroad; domestic stages only).
    exported_quantity,
    /// Subsidies received.
    subsidies,
    /// Consumption of fixed capital: capex / economic life.
    depreciation,
    /// Net operating surplus: VA - wages - net taxes - depreciation.
    operating_surplus,
    /// Indirect value added in domestic suppliers of purchased inputs (domestic stages only).
    indirect_va,
    /// Value of output leaving the domestic chain: sales to markets, by-products, and feed sold
    /// to stages abroad (domestic stages only).
    final_output_value,
    /// Exports (domestic stages only).
    exports,
    /// Imports: imported inputs, feed from stages abroad, imported capex (domestic stages only).
    imports,
    /// Jobs (full-time equivalents).
    jobs,
    /// Investment spent.
    capex,
    /// Imported part of the investment.
    capex_imported,
    /// Cash flow: operating surplus + depreciation - capex.
    cash_flow,
    /// Energy used, megawatt-hours.
    energy_mwh,
    /// CO2 emitted, tonnes.
    co2_t,
    /// Water used, cubic metres.
    water_m3,
}

impl Accounts {
    /// Royalties + other taxes + export taxes + carbon tax - subsidies.
    pub fn net_taxes(&self) -> f64 {
        self.royalties + self.other_taxes + self.export_taxes + self.carbon_tax - self.subsidies
    }

    /// Public revenue: the net taxes (royalties + other taxes + export taxes + domestic
    /// carbon tax - subsidies).
    pub fn public_revenue(&self) -> f64 {
        self.net_taxes()
    }

    /// Direct + indirect value added.
    pub fn total_va(&self) -> f64 {
        self.value_added + self.indirect_va
    }

    /// Exports - imports.
    pub fn net_fx(&self) -> f64 {
        self.exports - self.imports
    }

    /// Total VA / value of final output (VCA4D rate of integration), when there is output.
    pub fn integration_rate(&self) -> Option<f64> {
        ratio(self.total_va(), self.final_output_value)
    }

    /// Output value / value of the feed it used: how many times the stage multiplies the value
    /// of the material it transforms. `None` for stages without feed.
    pub fn value_uplift(&self) -> Option<f64> {
        ratio(self.output_value, self.material_cost)
    }

    /// Output value - value of the feed used.
    pub fn value_uplift_absolute(&self) -> f64 {
        self.output_value - self.material_cost
    }
}

fn ratio(numerator: f64, denominator: f64) -> Option<f64> {
    (denominator.abs() > f64::EPSILON).then(|| numerator / denominator)
}

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

/// Results of one stage: what stays the same over the years. Its accounts, year by year, are
/// read from [`Results::stage_years`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StageResults {
    /// Which stage (same order as `Project::stages`).
    pub id: crate::model::StageId,
    /// True for domestic stages.
    pub domestic: bool,
    /// The stage's figures that do not change from year to year.
    terms: StageTerms,
    /// Investment indicators over the horizon.
    pub investment: Investment,
}

/// What one stage moved in one year (`F` = `f64`) or four ([`Lanes`]): its utilisation and
/// output, and the feed and deliveries along its links. With the stage's [`StageTerms`],
/// every figure of its [`Accounts`] follows.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct StageFlows<F> {
    utilisation: F,
    quantity: F,
    /// Feed used, summed over the inbound links.
    feed_used: F,
    /// Feed used x its upstream price, summed over the inbound links.
    material_cost: F,
    /// The part of `material_cost` bought from stages abroad.
    material_from_abroad: F,
    /// Feed used x transport cost, summed over the inbound links.
    transport_cost: F,
    /// Output the downstream stages used, summed over the outbound links.
    delivered: F,
    /// The part of `delivered` used by stages abroad.
    delivered_abroad: F,
    /// Value of `delivered_abroad` at the stage's price, summed link by link.
    sold_to_abroad_value: F,
}

impl StageFlows<Lanes> {
    /// The flows of lane `lane`.
    fn lane(&self, lane: usize) -> StageFlows<f64> {
        StageFlows {
            utilisation: self.utilisation.0[lane],
            quantity: self.quantity.0[lane],
            feed_used: self.feed_used.0[lane],
            material_cost: self.material_cost.0[lane],
            material_from_abroad: self.material_from_abroad.0[lane],
            transport_cost: self.transport_cost.0[lane],
            delivered: self.delivered.0[lane],
            delivered_abroad: self.delivered_abroad.0[lane],
            sold_to_abroad_value: self.sold_to_abroad_value.0[lane],
        }
    }
}

/// The figures of a stage (and of the project's economy and policy) that its accounts apply
/// to its flows every year, read from the project once per calculation.
#[derive(Clone, Debug, Default, PartialEq)]
struct StageTerms {
    /// What the physical flows need of the stage (capacity, feed, schedule, switch).
    plan: Plan,
    domestic: bool,
    /// True when the stage's output may not be sold abroad.
    export_ban: bool,
    /// Year of the first flows: flows `k` belong to `first_year + k`.
    first_year: i32,
    price: f64,
    by_product_per_unit: f64,
    inputs_per_unit: f64,
    imported_inputs_per_unit: f64,
    energy_mwh_per_unit: f64,
    energy_tariff_per_mwh: f64,
    co2_t_per_unit: f64,
    water_m3_per_unit: f64,
    /// Wages per year / capacity: the wage bill follows output.
    wages_per_unit: f64,
    /// Jobs / capacity: jobs follow output too.
    jobs_per_unit: f64,
    /// Royalty % / 100.
    royalty_rate: f64,
    other_taxes_per_unit: f64,
    subsidies_per_year: f64,
    /// Export tax % / 100.
    export_tax_rate: f64,
    export_tax_per_unit: f64,
    /// True when output no link takes is exported.
    exports_unlinked: bool,
    carbon_price: f64,
    carbon_pricing: CarbonPricing,
    /// Domestic value-added content % / 100.
    va_content_rate: f64,
    /// Imported share of capex % / 100.
    capex_imported_rate: f64,
    schedule: Schedule,
}

/// When a stage invests and depreciates, with the years and yearly amounts worked out once.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Schedule {
    /// The years capex is spent in, as a range: the construction years just before the first
    /// production year, or that year alone when there are none.
    capex_years: (i64, i64),
    /// Capex / construction years (all of it when there are none).
    capex_per_construction_year: f64,
    /// The years of the economic life, from the first production year.
    depreciation_years: (i64, i64),
    /// Capex / economic life.
    depreciation_per_year: f64,
}

impl Schedule {
    fn of(stage: &Stage) -> Self {
        let first = i64::from(stage.first_production_year);
        let construction = i64::from(stage.construction_years);
        let life = i64::from(stage.economic_life_years);
        Self {
            capex_years: if construction == 0 {
                (first, first + 1)
            } else {
                (first - construction, first)
            },
            capex_per_construction_year: if construction == 0 {
                stage.capex
            } else {
                stage.capex / construction as f64
            },
            depreciation_years: (first, first + life),
            depreciation_per_year: if life == 0 {
                0.0
            } else {
                stage.capex / life as f64
            },
        }
    }

    /// See [`capex_in_year`].
    #[inline]
    fn capex_in(&self, year: i32) -> f64 {
        let ((start, end), year) = (self.capex_years, i64::from(year));
        if (start..end).contains(&year) {
            self.capex_per_construction_year
        } else {
            0.0
        }
    }

    /// See [`depreciation_in_year`].
    #[inline]
    fn depreciation_in(&self, year: i32) -> f64 {
        let ((start, end), year) = (self.depreciation_years, i64::from(year));
        if (start..end).contains(&year) {
            self.depreciation_per_year
        } else {
            0.0
        }
    }
}

/// How [`StageTerms::ledger_into`] enters a figure into its ledger.
trait Entry {
    fn enter<F: Figure>(slot: &mut F, value: F);
}

/// Writes each figure over what the ledger held (one stage's accounts).
struct Write;

impl Entry for Write {
    #[inline]
    fn enter<F: Figure>(slot: &mut F, value: F) {
        *slot = value;
    }
}

/// Adds each figure to what the ledger held (the national sums).
struct Add;

impl Entry for Add {
    #[inline]
    fn enter<F: Figure>(slot: &mut F, value: F) {
        *slot = *slot + value;
    }
}

impl StageTerms {
    fn of(project: &Project, stage: &Stage) -> Self {
        // Wages and jobs follow output: a stage at x% of capacity pays x% of its wage bill.
        let per_unit_of_capacity = |at_capacity: f64| {
            if stage.capacity_per_year > 0.0 {
                at_capacity / stage.capacity_per_year
            } else {
                0.0
            }
        };
        Self {
            plan: Plan::of(stage),
            domestic: stage.location == Location::Domestic,
            export_ban: stage.export_ban,
            first_year: project.horizon.first_year,
            price: stage.price_per_unit,
            by_product_per_unit: stage
                .by_products
                .iter()
                .map(|b| b.quantity_per_unit * b.price)
                .sum::<f64>(),
            inputs_per_unit: stage.purchased_inputs.iter().map(|i| i.cost_per_unit).sum(),
            imported_inputs_per_unit: stage
                .purchased_inputs
                .iter()
                .map(|i| i.cost_per_unit * i.imported_pct / 100.0)
                .sum(),
            energy_mwh_per_unit: stage.energy_mwh_per_unit,
            energy_tariff_per_mwh: stage.energy_tariff_per_mwh,
            co2_t_per_unit: stage.co2_t_per_unit,
            water_m3_per_unit: stage.water_m3_per_unit,
            wages_per_unit: per_unit_of_capacity(stage.wages_per_year),
            jobs_per_unit: per_unit_of_capacity(stage.jobs),
            royalty_rate: stage.royalty_pct / 100.0,
            other_taxes_per_unit: stage.other_taxes_per_unit,
            subsidies_per_year: stage.subsidies_per_year,
            export_tax_rate: stage.export_tax_pct / 100.0,
            export_tax_per_unit: stage.export_tax_per_unit,
            exports_unlinked: stage.unlinked_output == Destination::Export,
            carbon_price: project.policy.carbon_price_per_t_co2,
            carbon_pricing: project.policy.carbon_pricing,
            va_content_rate: project.economy.domestic_va_content_pct / 100.0,
            capex_imported_rate: stage.capex_imported_pct / 100.0,
            schedule: Schedule::of(stage),
        }
    }

    /// The accounts of `year` from that year's flows.
    fn accounts(&self, flows: &StageFlows<f64>, year: i32) -> Accounts {
        if !self.plan.active {
            // A switched-off stage makes, spends and invests nothing.
            return Accounts::default();
        }
        let schedule = &self.schedule;
        self.ledger(
            flows,
            schedule.capex_in(year),
            schedule.depreciation_in(year),
        )
        .into()
    }

    /// The accounts of an active stage in one year, or four side by side, from their flows,
    /// capex and depreciation: every formula of `docs/METHOD.md` sections 4-7 and 14, in the
    /// same order of operations at either width.
    #[inline]
    fn ledger<F: Figure>(&self, flows: &StageFlows<F>, capex: F, depreciation: F) -> Ledger<F> {
        let mut ledger = Ledger::default();
        self.ledger_into::<F, Write>(flows, capex, depreciation, &mut ledger);
        ledger
    }

    /// [`StageTerms::ledger`], each figure entered into `out` by `E` (written, or added to a
    /// sum) as soon as it is worked out; returns the cash flow. Entering each figure where it
    /// is made keeps few of the 36 alive at once, so at width 4 they stay in registers rather
    /// than going to memory and back before being summed.
    #[expect(
        clippy::inline_always,
        reason = "inlined into the loop that sums the national accounts, the sums are added as the figures are made"
    )]
    #[inline(always)]
    fn ledger_into<F: Figure, E: Entry>(
        &self,
        flows: &StageFlows<F>,
        capex: F,
        depreciation: F,
        out: &mut Ledger<F>,
    ) -> F {
        let domestic = self.domestic;
        let price = self.price;
        let zero = F::default();
        let StageFlows {
            utilisation,
            quantity,
            feed_used,
            material_cost,
            material_from_abroad,
            transport_cost,
            delivered,
            delivered_abroad,
            sold_to_abroad_value,
        } = *flows;
        E::enter(&mut out.quantity, quantity);
        E::enter(&mut out.planned_quantity, utilisation * self.plan.capacity);
        E::enter(&mut out.feed_used, feed_used);
        E::enter(&mut out.material_cost, material_cost);
        E::enter(&mut out.material_from_abroad, material_from_abroad);
        E::enter(&mut out.transport_cost, transport_cost);
        E::enter(&mut out.jobs, quantity * self.jobs_per_unit);
        E::enter(&mut out.energy_mwh, quantity * self.energy_mwh_per_unit);
        E::enter(&mut out.co2_t, quantity * self.co2_t_per_unit);
        E::enter(&mut out.water_m3, quantity * self.water_m3_per_unit);
        E::enter(&mut out.capex, capex);
        E::enter(&mut out.depreciation, depreciation);

        let product_value = quantity * price;
        E::enter(&mut out.product_value, product_value);
        let by_product_value = quantity * self.by_product_per_unit;
        E::enter(&mut out.by_product_value, by_product_value);
        let output_value = product_value + by_product_value;
        E::enter(&mut out.output_value, output_value);
        // Whatever no link uses is sold by this stage: nothing vanishes.
        let sold_quantity = (quantity - delivered).at_least_zero();
        E::enter(&mut out.sold_quantity, sold_quantity);

        let purchased_inputs = quantity * self.inputs_per_unit;
        E::enter(&mut out.purchased_inputs, purchased_inputs);
        let purchased_imported = quantity * self.imported_inputs_per_unit;
        E::enter(&mut out.purchased_imported, purchased_imported);
        let energy_cost = quantity * self.energy_mwh_per_unit * self.energy_tariff_per_mwh;
        E::enter(&mut out.energy_cost, energy_cost);
        let market_sales = sold_quantity * price + by_product_value;
        let exports_unlinked = self.exports_unlinked;
        let (exported_quantity, export_value) = if domestic {
            (
                // What it delivers abroad, plus its market sales when they are exported.
                delivered_abroad
                    + if exports_unlinked {
                        sold_quantity
                    } else {
                        zero
                    },
                sold_to_abroad_value + if exports_unlinked { market_sales } else { zero },
            )
        } else {
            (zero, zero)
        };
        E::enter(&mut out.exported_quantity, exported_quantity);
        // Charged on the CO2 of the exported units, in years it produces.
        let carbon_border_cost = if domestic
            && self.carbon_pricing == CarbonPricing::BorderAdjustment
        {
            quantity.where_positive(exported_quantity * (self.carbon_price * self.co2_t_per_unit))
        } else {
            zero
        };
        E::enter(&mut out.carbon_border_cost, carbon_border_cost);
        let intermediate_consumption =
            material_cost + transport_cost + purchased_inputs + energy_cost + carbon_border_cost;
        E::enter(&mut out.intermediate_consumption, intermediate_consumption);
        let value_added = output_value - intermediate_consumption;
        E::enter(&mut out.value_added, value_added);

        let wages = quantity * self.wages_per_unit;
        E::enter(&mut out.wages, wages);
        let royalties = output_value * self.royalty_rate;
        E::enter(&mut out.royalties, royalties);
        let other_taxes = quantity * self.other_taxes_per_unit;
        E::enter(&mut out.other_taxes, other_taxes);
        let subsidies = quantity.where_positive(F::splat(self.subsidies_per_year));
        E::enter(&mut out.subsidies, subsidies);
        let (export_taxes, carbon_tax) = if domestic {
            (
                export_value * self.export_tax_rate + exported_quantity * self.export_tax_per_unit,
                if self.carbon_pricing == CarbonPricing::DomesticTax {
                    quantity * self.carbon_price * self.co2_t_per_unit
                } else {
                    zero
                },
            )
        } else {
            (zero, zero)
        };
        E::enter(&mut out.export_taxes, export_taxes);
        E::enter(&mut out.carbon_tax, carbon_tax);
        // As `Accounts::net_taxes`, term for term.
        let net_taxes = royalties + other_taxes + export_taxes + carbon_tax - subsidies;
        let operating_surplus = value_added - wages - net_taxes - depreciation;
        E::enter(&mut out.operating_surplus, operating_surplus);
        let cash_flow = operating_surplus + depreciation - capex;
        E::enter(&mut out.cash_flow, cash_flow);
        let capex_imported = capex * self.capex_imported_rate;
        E::enter(&mut out.capex_imported, capex_imported);

        let (indirect_va, final_output_value, exports, imports) = if domestic {
            let domestic_inputs =
                purchased_inputs - purchased_imported + transport_cost + energy_cost;
            (
                domestic_inputs * self.va_content_rate,
                market_sales + sold_to_abroad_value,
                export_value,
                purchased_imported + material_from_abroad + capex_imported + carbon_border_cost,
            )
        } else {
            (zero, zero, zero, zero)
        };
        E::enter(&mut out.indirect_va, indirect_va);
        E::enter(&mut out.final_output_value, final_output_value);
        E::enter(&mut out.exports, exports);
        E::enter(&mut out.imports, imports);
        cash_flow
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
}

/// Investment indicators of a stage or of the chain.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Investment {
    /// Cash flow per year of the horizon.
    pub cash_flows: Vec<f64>,
    /// Net present value at the project's discount rate, discounted to the base year.
    pub npv: f64,
    /// Internal rate of return (0.15 = 15%), when the cash flows have one.
    pub irr: Option<f64>,
    /// The year from whose end cumulative cash flow stays at zero or above until the end of
    /// the horizon, after having been negative (so a later investment that puts the chain back
    /// under water postpones payback). `None` when it is never recovered, or never negative.
    pub payback_year: Option<i32>,
}

/// Everything computed for a project.
///
/// Only the physical flows are stored year by year (each stage's quantity, each link's feed
/// used), with what stays the same over the years (a stage's scheduled utilisation follows
/// from its plan and the year); the 36 figures of a stage's [`Accounts`] in a year are worked
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
    national_years: Vec<Accounts>,
    /// The links resolved to stages (in project order: links to missing stages are rejected
    /// by validation), with each stage's inbound and outbound links.
    chain: Chain,
    /// Physical flows of every year, stage by stage and link by link.
    flows: Flows,
    /// Investment indicators of the domestic chain as a whole.
    pub chain_investment: Investment,
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
        let Some(price) = self.chain.links.get(index).map(|link| link.upstream_price) else {
            return (0.0, 0.0);
        };
        self.years
            .iter()
            .enumerate()
            .filter(|(_, year)| period.contains(**year))
            .map(|(k, _)| self.flows.used(index, k))
            .fold((0.0, 0.0), |(q, v), used| (q + used, v + used * price))
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
            .map(|(index, link)| {
                let quantity: Vec<f64> = (0..self.years.len())
                    .map(|k| self.flows.used(index, k))
                    .collect();
                let value = quantity.iter().map(|q| q * link.upstream_price).collect();
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
        }
        .serialize(serializer)
    }
}

/// Scheduled utilisation of a stage in `year`: 0 before the first production year, then the
/// annual average of a linear ramp from 0 (start of the first year) to 1 (end of the ramp-up).
pub fn utilisation(stage: &Stage, year: i32) -> f64 {
    Plan::of(stage).utilisation(year)
}

/// Capex spent by a stage in `year`: spread evenly over the construction years just before the
/// first production year, or all in the first production year when there are none.
pub fn capex_in_year(stage: &Stage, year: i32) -> f64 {
    Schedule::of(stage).capex_in(year)
}

/// Straight-line depreciation of a stage in `year`, over its economic life from the first
/// production year.
pub fn depreciation_in_year(stage: &Stage, year: i32) -> f64 {
    Schedule::of(stage).depreciation_in(year)
}

/// GDP in `year`, grown from the base year at the project's real growth rate.
pub fn gdp_in_year(project: &Project, year: i32) -> f64 {
    let growth = 1.0 + project.economy.gdp_growth_pct / 100.0;
    project.economy.gdp_base_year * growth.powi(year - project.base_year)
}

/// Chains with at least this many stages have their stages worked out on every core; below
/// it, handing work to threads costs more than it saves.
const PARALLEL_FROM_STAGES: usize = 200;

/// A link with both ends resolved to stage indices, and what the accounts need of its ends.
#[derive(Clone, Debug, Default, PartialEq)]
struct ResolvedLink {
    from: usize,
    to: usize,
    share: f64,
    transport_per_unit: f64,
    /// Price of the upstream stage's product, which values what the link carries.
    upstream_price: f64,
    upstream_abroad: bool,
    downstream_abroad: bool,
}

/// The links of a validated project resolved to stage indices, with each stage's inbound and
/// outbound links listed once (flat, in link order), so the calculation never searches.
#[derive(Clone, Debug, Default, PartialEq)]
struct Chain {
    /// The stage index at each end of every link, as validation resolved them (every end
    /// found): what the shape was laid out from, handed to validation again while it is kept
    /// (set once the calculation is done; empty while it runs).
    link_ends: Vec<LinkEnds>,
    links: Vec<ResolvedLink>,
    /// The links into each stage, in link order.
    inbound: ByStage<usize>,
    /// The links out of each stage, in link order.
    outbound: ByStage<usize>,
    order: Vec<usize>,
    /// The stages in topological order with what their physical flows need, read through
    /// once per year: kept small and in the order they are read.
    steps: Vec<Step>,
    /// Inbound links of each step, in step order and link order within a step.
    feeds: Vec<Feed>,
    /// Stages whose output is curtailed by an export ban, downstream first.
    curtailed: Vec<usize>,
    /// What the links and flows need of each stage, in project order: working memory of
    /// [`Chain::refresh`], kept so that a recalculation needs none of its own.
    nodes: Vec<Node>,
}

/// One stage of [`Chain::steps`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Step {
    index: usize,
    plan: Plan,
    /// Its inbound links: `feeds[feeds_start..feeds_end]`.
    feeds_start: usize,
    feeds_end: usize,
}

/// One inbound link of a [`Step`].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Feed {
    /// The upstream stage.
    from: usize,
    link: usize,
    /// Share (0-1) of the upstream output the link carries.
    share: f64,
}

/// What the physical flows need of a stage.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Plan {
    capacity: f64,
    input_per_unit: f64,
    first_production_year: i32,
    ramp_up_years: u32,
    active: bool,
}

impl Plan {
    fn of(stage: &Stage) -> Self {
        Self {
            capacity: stage.capacity_per_year,
            input_per_unit: stage.input_per_unit,
            first_production_year: stage.first_production_year,
            ramp_up_years: stage.ramp_up_years,
            active: stage.active,
        }
    }

    /// See [`utilisation`].
    fn utilisation(&self, year: i32) -> f64 {
        let years_in = i64::from(year) - i64::from(self.first_production_year);
        if years_in < 0 {
            return 0.0;
        }
        let ramp = i64::from(self.ramp_up_years);
        if years_in >= ramp {
            return 1.0;
        }
        (years_in as f64 + 0.5) / ramp as f64
    }

    /// [`Plan::utilisation`] in four consecutive years, in increasing order, or 0 for a
    /// switched-off stage, which is scheduled to make nothing. Most rows of four years fall
    /// wholly before production or wholly after the ramp-up, which settles all four at once.
    #[inline]
    fn utilisation_in(&self, years: &[i32; LANES]) -> Lanes {
        let first = i64::from(self.first_production_year);
        if !self.active || i64::from(years[LANES - 1]) < first {
            Lanes::splat(0.0)
        } else if i64::from(years[0]) - first >= i64::from(self.ramp_up_years) {
            Lanes::splat(1.0)
        } else {
            Lanes::from_fn(|lane| self.utilisation(years[lane]))
        }
    }
}

/// What the links and the yearly flows need of a stage, taken from its [`StageTerms`] into a
/// compact table in file order: links jump between stages, and a national chain's stage
/// results lie far apart in memory.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Node {
    plan: Plan,
    price: f64,
    abroad: bool,
    export_ban: bool,
    /// True when output no link takes is exported.
    exports_unlinked: bool,
}

impl Node {
    fn of(terms: &StageTerms) -> Self {
        Self {
            plan: terms.plan,
            price: terms.price,
            abroad: !terms.domestic,
            export_ban: terms.export_ban,
            exports_unlinked: terms.exports_unlinked,
        }
    }
}

impl Chain {
    /// The chain's shape: which stages each link joins, each stage's inbound and outbound
    /// links, and the stages in feed `order` with their inbound links, for the `count` stages
    /// of a project whose links resolved to `link_ends` (every end resolved). It depends on
    /// the stage ids and links alone, so a recalculation after an edit of figures keeps it;
    /// [`Chain::refresh`] fills in the figures.
    fn shape(count: usize, order: Vec<usize>, link_ends: &[LinkEnds]) -> Self {
        let links: Vec<ResolvedLink> = link_ends
            .iter()
            .filter_map(|&(from, to)| {
                Some(ResolvedLink {
                    from: from?,
                    to: to?,
                    ..ResolvedLink::default()
                })
            })
            .collect();
        let inbound = ByStage::of(count, links.iter().map(|link| link.to).zip(0..));
        let outbound = ByStage::of(count, links.iter().map(|link| link.from).zip(0..));
        let mut feeds = Vec::with_capacity(links.len());
        let steps = order
            .iter()
            .map(|&index| {
                let feeds_start = feeds.len();
                feeds.extend(inbound.of_stage(index).iter().map(|&link| Feed {
                    from: links[link].from,
                    link,
                    share: 0.0,
                }));
                Step {
                    index,
                    plan: Plan::default(),
                    feeds_start,
                    feeds_end: feeds.len(),
                }
            })
            .collect();
        Self {
            link_ends: Vec::new(),
            links,
            inbound,
            outbound,
            steps,
            feeds,
            curtailed: Vec::new(),
            order,
            nodes: Vec::new(),
        }
    }

    /// Whether this chain has the shape [`Chain::shape`] gives `project`: the same number of
    /// links, and each link's ids still those of the stages it was resolved to. With the
    /// stage ids themselves unchanged (unique, as validated), the links resolve as before.
    fn fits_links_of(&self, project: &Project) -> bool {
        let fits = |(resolved, link): (&ResolvedLink, &crate::model::Link)| {
            project
                .stages
                .get(resolved.from)
                .is_some_and(|from| from.id == link.from)
                && project
                    .stages
                    .get(resolved.to)
                    .is_some_and(|to| to.id == link.to)
        };
        self.links.len() == project.links.len()
            && if project.links.len() >= PARALLEL_FROM_STAGES {
                self.links.par_iter().zip(&project.links).all(fits)
            } else {
                self.links.iter().zip(&project.links).all(fits)
            }
    }

    /// Fills in the figures of a chain of `project`'s shape from its links and its stages'
    /// terms (`stages`, in project order): what each link carries under the policy, its
    /// transport cost, the prices and locations at its ends, each stage's plan, and the
    /// stages whose output an export ban curtails.
    fn refresh(&mut self, project: &Project, stages: &[StageResults]) {
        let mut nodes = std::mem::take(&mut self.nodes);
        nodes.clear();
        nodes.extend(stages.iter().map(|stage| Node::of(&stage.terms)));
        for (resolved, link) in self.links.iter_mut().zip(&project.links) {
            let (from, to) = (&nodes[resolved.from], &nodes[resolved.to]);
            // The file's share in percent until `apply_policy_shares` below.
            resolved.share = link.share_pct;
            resolved.transport_per_unit = link.transport_cost_per_unit;
            resolved.upstream_price = from.price;
            resolved.upstream_abroad = from.abroad;
            resolved.downstream_abroad = to.abroad;
        }
        apply_policy_shares(&nodes, &mut self.links, &self.outbound);
        for step in &mut self.steps {
            step.plan = nodes[step.index].plan;
        }
        for feed in &mut self.feeds {
            feed.share = self.links[feed.link].share;
        }
        self.curtailed.clear();
        self.curtailed.extend(
            self.order
                .iter()
                .rev()
                .copied()
                .filter(|&index| nodes[index].export_ban && nodes[index].exports_unlinked),
        );
        self.nodes = nodes;
    }

    fn inbound(&self, stage: usize) -> &[usize] {
        self.inbound.of_stage(stage)
    }

    fn outbound(&self, stage: usize) -> &[usize] {
        self.outbound.of_stage(stage)
    }

    /// What stage `index`, with these `terms`, moved in the four years of row `row` of
    /// `flows` (the years `years`): its scheduled utilisation and its quantity, and the feed
    /// and deliveries along its links, summed link by link in link order.
    #[inline]
    fn stage_flows(
        &self,
        flows: &Flows,
        index: usize,
        terms: &StageTerms,
        (row, years): (usize, &[i32; LANES]),
    ) -> StageFlows<Lanes> {
        let price = terms.price;
        let cell = row * flows.stage_row + index;
        let used = &flows.used[row * flows.link_row..(row + 1) * flows.link_row];
        let zero = Lanes::splat(0.0);
        let mut years = StageFlows {
            utilisation: terms.plan.utilisation_in(years),
            quantity: flows.quantity[cell],
            feed_used: zero,
            material_cost: zero,
            material_from_abroad: zero,
            transport_cost: zero,
            delivered: zero,
            delivered_abroad: zero,
            sold_to_abroad_value: zero,
        };
        for &l in self.inbound(index) {
            let link = &self.links[l];
            let used = used[l];
            let value = used * link.upstream_price;
            years.feed_used += used;
            years.material_cost += value;
            if link.upstream_abroad {
                years.material_from_abroad += value;
            }
            years.transport_cost += used * link.transport_per_unit;
        }
        for &l in self.outbound(index) {
            let used = used[l];
            years.delivered += used;
            if self.links[l].downstream_abroad {
                years.sold_to_abroad_value += used * price;
                years.delivered_abroad += used;
            }
        }
        years
    }
}

/// Turns each link's share from the file's percent into the share (0-1) it carries once
/// stage switches and export bans are applied: nothing to or from a switched-off stage;
/// nothing from a banned stage to a stage abroad; and a banned stage whose unlinked output
/// would be exported offers all its output to its domestic links, in proportion to their
/// shares (it must be processed at home). `outbound` lists each stage's links in link order,
/// so the domestic shares are summed in the same order as in `docs/METHOD.md` 13.
fn apply_policy_shares(nodes: &[Node], links: &mut [ResolvedLink], outbound: &ByStage<usize>) {
    // Sum of the file's shares of a banned stage's links to active domestic stages, by stage
    // (only filled for the stages that need it).
    let mut domestic_total: FxHashMap<usize, f64> = FxHashMap::default();
    for (from, upstream) in nodes.iter().enumerate() {
        if upstream.plan.active && upstream.export_ban && upstream.exports_unlinked {
            let total = outbound
                .of_stage(from)
                .iter()
                .map(|&l| &links[l])
                .filter(|link| {
                    let downstream = &nodes[link.to];
                    downstream.plan.active && !downstream.abroad
                })
                .map(|link| link.share)
                .sum::<f64>();
            domestic_total.insert(from, total);
        }
    }
    for link in links.iter_mut() {
        link.share = policy_share(nodes, link, domestic_total.get(&link.from).copied());
    }
}

/// Share (0-1) `link` carries once switches and export bans are applied (see
/// [`apply_policy_shares`]); `link.share` is still the file's percent, and `domestic_total`
/// the sum of the upstream stage's domestic shares when it is banned and exports the rest.
fn policy_share(nodes: &[Node], link: &ResolvedLink, domestic_total: Option<f64>) -> f64 {
    let (upstream, downstream) = (&nodes[link.from], &nodes[link.to]);
    let share_pct = link.share;
    if !upstream.plan.active || !downstream.plan.active {
        return 0.0;
    }
    if !upstream.export_ban {
        return share_pct / 100.0;
    }
    if downstream.abroad {
        return 0.0;
    }
    if !upstream.exports_unlinked {
        return share_pct / 100.0;
    }
    match domestic_total {
        Some(total) if total > 0.0 => share_pct / total,
        _ => 0.0,
    }
}

/// A stage under an export ban whose unlinked output would be exported makes only what its
/// domestic links use: the rest would have to leave the country, so it is not made. Walks
/// the chain downstream-first so a curtailed stage's lower feed use curtails banned stages
/// upstream of it in turn, in one row of quantities and feed used (four years).
fn curtail_banned_exports(chain: &Chain, quantity: &mut [Lanes], used: &mut [Lanes]) {
    let zero = Lanes::splat(0.0);
    for &index in &chain.curtailed {
        let delivered = chain
            .outbound(index)
            .iter()
            .fold(Lanes::splat(-0.0), |sum, &l| sum + used[l]);
        let made = quantity[index];
        // In the years it makes more than its links use: it makes only that.
        let kept = made.where_above(zero, delivered / made, zero);
        quantity[index] = made.where_above(delivered, delivered, made);
        for &l in chain.inbound(index) {
            used[l] = made.where_above(delivered, used[l] * kept, used[l]);
        }
    }
}

/// Physical flows of every year, in flat arrays of one row per four years (every year's
/// flows are worked out on their own, so rows can be filled in parallel): stage `s` in year
/// `k` at lane `k % LANES` of `k / LANES * stage_row + s`, link `l` at lane `k % LANES` of
/// `k / LANES * link_row + l`. Lanes past the last year are worked out and never read.
#[derive(Clone, Debug, Default, PartialEq)]
struct Flows {
    /// Stages per row (at least 1, so that rows can be split off even when there are none).
    stage_row: usize,
    /// Links per row (at least 1, likewise).
    link_row: usize,
    quantity: Vec<Lanes>,
    /// Feed actually used along each resolved link.
    used: Vec<Lanes>,
}

impl Flows {
    /// Sizes the arrays for `stages` stages and `links` links over `rows` rows of four years,
    /// keeping the memory of earlier flows (every cell is written before it is read, so old
    /// values may stay; but for the one cell a row of an empty list holds, which is zeroed).
    fn size_for(&mut self, stages: usize, links: usize, rows: usize) {
        if stages == 0 {
            self.quantity.clear();
        }
        if links == 0 {
            self.used.clear();
        }
        self.stage_row = stages.max(1);
        self.link_row = links.max(1);
        self.quantity
            .resize(self.stage_row * rows, Lanes::default());
        self.used.resize(self.link_row * rows, Lanes::default());
    }

    fn used(&self, link: usize, k: usize) -> f64 {
        self.used[k / LANES * self.link_row + link].0[k % LANES]
    }
}

/// The years of the horizon four at a time, the last row padded with the years after it.
fn year_rows(years: &[i32]) -> impl Iterator<Item = [i32; LANES]> + '_ {
    let first = years.first().copied().unwrap_or_default();
    (0..years.len().div_ceil(LANES)).map(move |row| {
        std::array::from_fn(|lane| {
            let k = row * LANES + lane;
            years
                .get(k)
                .copied()
                .unwrap_or_else(|| first.saturating_add(k as i32))
        })
    })
}

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
                    if years <= crate::validate::MAX_HORIZON_YEARS {
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
    results.chain.refresh(project, &results.stages);
    let chain = &results.chain;

    results.years.clear();
    results.years.extend(project.horizon.years());
    let years = &results.years;
    results.gdp.clear();
    results
        .gdp
        .extend(years.iter().map(|&y| gdp_in_year(project, y)));
    let rows: Vec<[i32; LANES]> = year_rows(years).collect();
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
    let flows = &results.flows;
    let batch = |(number, batch): (usize, &mut [StageResults])| {
        let mut national = vec![Ledger::<Lanes>::default(); rows.len()];
        let mut cash_flows = Vec::with_capacity(rows.len() * LANES);
        for (offset, result) in batch.iter_mut().enumerate() {
            let index = number * STAGES_PER_BATCH + offset;
            let before = std::mem::take(&mut result.investment);
            cash_flows.clear();
            if !result.terms.plan.active {
                // It makes, spends and invests nothing: its accounts are all zero, and adding
                // zeros leaves the national sums as they are.
                cash_flows.resize(years.len(), 0.0);
                result.investment =
                    investment_after(before, &cash_flows, &discount_divisors, first_year);
                continue;
            }
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
                let flow = if result.domestic {
                    result.terms.ledger_into::<Lanes, Add>(
                        &stage_flows,
                        capex,
                        depreciation,
                        national,
                    )
                } else {
                    // Abroad: its accounts count for no national sum, only its cash flow.
                    result
                        .terms
                        .ledger(&stage_flows, capex, depreciation)
                        .cash_flow
                };
                cash_flow.copy_from_slice(&flow.0);
            }
            cash_flows.truncate(years.len());
            result.investment =
                investment_after(before, &cash_flows, &discount_divisors, first_year);
        }
        national
    };
    let batches: Vec<Vec<Ledger<Lanes>>> = if project.stages.len() >= PARALLEL_FROM_STAGES {
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
    for batch in &batches {
        for (sum, batch_sum) in national.iter_mut().zip(batch) {
            sum.accumulate(batch_sum);
        }
    }
    results.national_years.clear();
    results
        .national_years
        .extend((0..results.years.len()).map(|k| national[k / LANES].lane(k % LANES)));

    let mut chain_flows = std::mem::take(&mut results.chain_investment.cash_flows);
    chain_flows.clear();
    chain_flows.extend(results.national_years.iter().map(|a| a.cash_flow));
    results.chain_investment = investment(chain_flows, &discount_divisors, first_year);
    results
}

/// Quantity of every stage and feed used on every link, for the years of `rows` (four to a
/// row, see [`year_rows`]), into `flows` (its memory reused). Years are independent of one
/// another, so a large chain's rows are worked out in parallel.
fn flows_into(project: &Project, chain: &Chain, rows: &[[i32; LANES]], flows: &mut Flows) {
    flows.size_for(project.stages.len(), chain.links.len(), rows.len());
    let (stage_row, link_row) = (flows.stage_row, flows.link_row);
    if project.stages.len() >= PARALLEL_FROM_STAGES {
        flows
            .quantity
            .par_chunks_mut(stage_row)
            .zip(flows.used.par_chunks_mut(link_row))
            .zip(rows)
            .for_each(|((quantity, used), years)| row_flows(chain, years, quantity, used));
    } else {
        flows
            .quantity
            .chunks_mut(stage_row)
            .zip(flows.used.chunks_mut(link_row))
            .zip(rows)
            .for_each(|((quantity, used), years)| row_flows(chain, years, quantity, used));
    }
}

/// The flows of four years, into their row: stages are taken in topological order, so every
/// upstream quantity is final when a stage draws on it. Each lane is one year's arithmetic.
fn row_flows(chain: &Chain, years: &[i32; LANES], quantity: &mut [Lanes], used: &mut [Lanes]) {
    for step in &chain.steps {
        let (index, stage) = (step.index, &step.plan);
        let inbound = &chain.feeds[step.feeds_start..step.feeds_end];
        let planned = stage.utilisation_in(years) * stage.capacity;
        if inbound.is_empty() {
            quantity[index] = planned;
            continue;
        }
        let shipped = |feed: &Feed| quantity[feed.from] * feed.share;
        let available = inbound
            .iter()
            .fold(Lanes::splat(-0.0), |sum, feed| sum + shipped(feed));
        let made = if stage.input_per_unit > 0.0 {
            planned.min(available / stage.input_per_unit)
        } else {
            Lanes::splat(0.0)
        };
        // Feed is drawn from every inbound link in proportion to what it ships (none in the
        // years nothing is available).
        let drawn = (made * stage.input_per_unit / available).min(Lanes::splat(1.0));
        for feed in inbound {
            used[feed.link] = available.where_positive(shipped(feed) * drawn);
        }
        quantity[index] = made;
    }
    curtail_banned_exports(chain, quantity, used);
}

/// [`investment`] of `cash_flows`, in the memory of `before` (the stage's investment figures
/// in the results before). The IRR depends on the cash flows alone and takes most of the
/// time, so when they are the same, bit for bit, as those of `before`, its IRR is kept: after
/// an edit, only the stages whose cash flows the edit changed look for theirs again.
fn investment_after(
    before: Investment,
    cash_flows: &[f64],
    discount_divisors: &[f64],
    first_year: i32,
) -> Investment {
    let same_flows = before.cash_flows.len() == cash_flows.len()
        && before
            .cash_flows
            .iter()
            .zip(cash_flows)
            .all(|(a, b)| a.to_bits() == b.to_bits());
    let irr_before = before.irr;
    let mut flows = before.cash_flows;
    flows.clear();
    flows.extend_from_slice(cash_flows);
    investment_with(flows, discount_divisors, first_year, |flows| {
        if same_flows { irr_before } else { irr(flows) }
    })
}

/// NPV, IRR and payback of a cash-flow series that starts in `first_year`, whose flow in year
/// `k` of the horizon is discounted by `discount_divisors[k]` = (1 + r)^(years from the base year).
fn investment(cash_flows: Vec<f64>, discount_divisors: &[f64], first_year: i32) -> Investment {
    investment_with(cash_flows, discount_divisors, first_year, irr)
}

/// [`investment`], the IRR found by `irr_of` (which may know it already).
fn investment_with(
    cash_flows: Vec<f64>,
    discount_divisors: &[f64],
    first_year: i32,
    irr_of: impl FnOnce(&[f64]) -> Option<f64>,
) -> Investment {
    // Summed year by year in order; the divisions, which do not depend on one another, four
    // at a time so that they overlap.
    let mut npv = 0.0;
    let (flow_rows, last_flows) = cash_flows.as_chunks::<4>();
    let (divisor_rows, last_divisors) = discount_divisors.as_chunks::<4>();
    for (flows, divisors) in flow_rows.iter().zip(divisor_rows) {
        let discounted: [f64; 4] = std::array::from_fn(|lane| flows[lane] / divisors[lane]);
        for value in discounted {
            npv += value;
        }
    }
    for (flow, divisor) in last_flows.iter().zip(last_divisors) {
        npv += flow / divisor;
    }
    let irr = irr_of(&cash_flows);
    // Paid back the year after the last year whose cumulative cash flow is negative, when
    // there is such a year and a year after it.
    let mut cumulative = 0.0;
    let mut last_negative = None;
    for (k, flow) in cash_flows.iter().enumerate() {
        cumulative += flow;
        if cumulative < 0.0 {
            last_negative = Some(k);
        }
    }
    let payback_year = last_negative
        .map(|k| k + 1)
        .filter(|&k| k < cash_flows.len())
        .and_then(|k| i32::try_from(k).ok())
        .map(|k| first_year + k);
    Investment {
        cash_flows,
        npv,
        irr,
        payback_year,
    }
}

/// Net present value of `flows`, the first of which is `offset` years after the base year.
pub fn npv(flows: &[f64], rate: f64, offset: i32) -> f64 {
    flows
        .iter()
        .zip(offset..)
        .map(|(flow, t)| flow / (1.0 + rate).powi(t))
        .sum()
}

/// Lowest rate the IRR is looked for at (-99%).
const IRR_LOWEST: f64 = -0.99;
/// Highest rate the IRR is looked for at (10,000%).
const IRR_HIGHEST: f64 = 100.0;

/// Internal rate of return: the rate above -99% at which the NPV of `flows` is zero, or `None`
/// when the flows never change sign or no root lies between -99% and 10,000%.
///
/// When the flows change sign once (an investment, then returns: nearly every stage), there
/// is exactly one such rate (Descartes' rule of signs), found by Halley's method kept inside a
/// bracket. Otherwise rates are scanned upward on a fine grid (1 point every 0.5% up to 100%,
/// then coarser) and the first bracket where the NPV changes sign is bisected, so with several
/// roots the lowest is found unless two roots lie within one grid step.
pub fn irr(flows: &[f64]) -> Option<f64> {
    // Zero flows before the first and after the last non-zero one change no rate's NPV sign
    // (leading zeros scale the NPV polynomial by a power of the discount factor, trailing ones
    // add nothing), so they are left out of every evaluation: most stages start years into
    // the horizon.
    let start = flows.iter().position(|&f| f != 0.0)?;
    let end = flows
        .iter()
        .rposition(|&f| f != 0.0)
        .map_or(start, |last| last + 1);
    let flows = &flows[start..end];
    match Signs::of(flows) {
        Signs::Same => None,
        Signs::ChangeOnce(change) => match irr_of_one_sign_change(flows, &change) {
            OneRoot::Found(found) => found,
            OneRoot::Overflow => irr_by_scan(flows),
        },
        Signs::ChangeMore => irr_by_scan(flows),
    }
}

/// How the signs of a series of flows run, zeros skipped.
#[derive(Debug, PartialEq)]
enum Signs {
    /// Never changes (or every flow is zero): no rate makes the NPV zero.
    Same,
    /// Changes once.
    ChangeOnce(OneChange),
    /// Changes more than once.
    ChangeMore,
}

/// Flows whose sign changes once, seen as the group of flows before the change and the
/// group after it.
#[derive(Debug, PartialEq)]
struct OneChange {
    /// True when the flows before the change are positive.
    first_positive: bool,
    /// Year (index) of the last non-zero flow before the change.
    last_before: usize,
    /// Sum of the absolute flows before the change, and of each times its year.
    before: (f64, f64),
    /// The same for the flows after the change.
    after: (f64, f64),
}

impl Signs {
    /// The signs of `flows`, whose first flow is not zero.
    fn of(flows: &[f64]) -> Self {
        let Some(&first) = flows.first() else {
            return Self::Same;
        };
        let first_positive = first > 0.0;
        let opposite = |flow: f64| flow != 0.0 && (flow > 0.0) != first_positive;
        let Some(change) = flows.iter().position(|&flow| opposite(flow)) else {
            return Self::Same;
        };
        let (before, after) = flows.split_at(change);
        if after.iter().any(|&flow| flow != 0.0 && !opposite(flow)) {
            return Self::ChangeMore;
        }
        let gathered = |part: &[f64], first_year: usize| {
            let (mut sum, mut weighted, mut year) = (0.0, 0.0, first_year as f64);
            for flow in part {
                sum += flow.abs();
                weighted += flow.abs() * year;
                year += 1.0;
            }
            (sum, weighted)
        };
        Self::ChangeOnce(OneChange {
            first_positive,
            last_before: before.iter().rposition(|&flow| flow != 0.0).unwrap_or(0),
            before: gathered(before, 0),
            after: gathered(after, change),
        })
    }
}

/// NPV of `flows` at the first flow's year, as a polynomial in the discount factor
/// x = 1 / (1 + r), by Horner's rule: one multiply-add per year, no powers.
fn npv_at_factor(flows: &[f64], factor: f64) -> f64 {
    flows
        .iter()
        .rev()
        .fold(0.0, |acc, flow| acc * factor + flow)
}

/// Σ f(k) xᵏ, Σ k f(k) xᵏ and Σ k² f(k) xᵏ for `flows`, f(k) being the flow k years after
/// the first, by Horner's rule in x⁴: each polynomial as four interleaved chains of
/// every fourth year, so that a step waits on the one four years later rather than the year
/// before (the twelve chains run side by side).
fn moments_at(flows: &[f64], x: f64) -> [f64; 3] {
    let x2 = x * x;
    let x4 = x2 * x2;
    let (rows, last) = flows.as_chunks::<4>();
    // The years of the lanes, as numbers: exact, and counted down four at a time.
    let mut years = [0.0, 1.0, 2.0, 3.0].map(|lane| (rows.len() * 4) as f64 + lane);
    // The highest powers first: the years past the last whole row start the chains.
    let mut flow = [0.0; 4];
    flow[..last.len()].copy_from_slice(last);
    let mut year_flow = [0.0; 4];
    let mut year_squared_flow = [0.0; 4];
    for lane in 0..4 {
        year_flow[lane] = years[lane] * flow[lane];
        year_squared_flow[lane] = years[lane] * year_flow[lane];
    }
    for row in rows.iter().rev() {
        for lane in 0..4 {
            years[lane] -= 4.0;
            let weighted = years[lane] * row[lane];
            flow[lane] = flow[lane] * x4 + row[lane];
            year_flow[lane] = year_flow[lane] * x4 + weighted;
            year_squared_flow[lane] = year_squared_flow[lane] * x4 + years[lane] * weighted;
        }
    }
    let x3 = x2 * x;
    let join = |chains: [f64; 4]| (chains[0] + x * chains[1]) + (x2 * chains[2] + x3 * chains[3]);
    [join(flow), join(year_flow), join(year_squared_flow)]
}

/// What [`irr_of_one_sign_change`] found.
enum OneRoot {
    /// The IRR, or `None` when it lies outside -99% to 10,000%.
    Found(Option<f64>),
    /// The NPV overflowed on the way: the caller scans instead.
    Overflow,
}

/// The one IRR of flows that change sign once, as `change` describes them.
fn irr_of_one_sign_change(flows: &[f64], change: &OneChange) -> OneRoot {
    let factor = |rate: f64| 1.0 / (1.0 + rate);
    // Halley's method on the NPV valued at the year `m` of the last flow before the sign
    // change, H(r) = NPV x (1 + r)^m = Σ f_k (1 + r)^(m - k). H is monotonic in r (the terms of
    // one sign grow with r, the others shrink), so there is only the one root to find, and it
    // bends far less than the NPV itself at negative rates. At rates just above -100% the
    // flows after the sign change dominate, which gives H's sign below the root without
    // evaluating it there. With x = 1 / (1 + r), P = Σ f_k x^k, D1 = Σ k f_k x^k and
    // D2 = Σ k² f_k x^k, H and its first two derivatives are, but for the common factor
    // x^-m > 0: H ~ P, H' ~ x (m P - D1), H'' ~ x² (m (m - 1) P - (2m - 1) D1 + D2).
    let m = change.last_before as f64;
    let positive_below_root = !change.first_positive;
    // Start from the rate at which the two groups of flows, each gathered at its cash-weighted
    // mean year, are worth the same: usually within a few points of the IRR.
    let (before, after) = (change.before, change.after);
    let (mean_before, mean_after) = (before.1 / before.0, after.1 / after.0);
    let guess = (after.0 / before.0).powf(1.0 / (mean_after - mean_before)) - 1.0;
    let (mut low, mut high) = (IRR_LOWEST, IRR_HIGHEST);
    let mut rate = if guess > low && guess < high {
        guess
    } else {
        0.1
    };
    // Kept inside the bracket [low, high] as in Numerical Recipes' `rtsafe`: a step that would
    // leave it, or (after the first few) does not shrink fast enough, is replaced by bisection
    // of 1 + r, so it always converges.
    let mut step = high - low;
    let mut step_before = step;
    for iteration in 0..200 {
        let x = factor(rate);
        let [value, year_weighted, year_squared_weighted] = moments_at(flows, x);
        if !(value.is_finite() && year_weighted.is_finite() && year_squared_weighted.is_finite()) {
            return OneRoot::Overflow;
        }
        if value == 0.0 {
            break;
        }
        if (value > 0.0) == positive_below_root {
            low = rate;
        } else {
            high = rate;
        }
        let slope = x * (m * value - year_weighted);
        let bend = x
            * x
            * (m * (m - 1.0) * value - (2.0 * m - 1.0) * year_weighted + year_squared_weighted);
        let halley = 2.0 * value * slope / (2.0 * slope * slope - value * bend);
        let target = rate - halley;
        let inside = target > low && target < high;
        // Halley's method converges cubically: after a step this small the error left is of
        // the order of its cube, far below rounding, and further steps only chase noise.
        if inside && halley.abs() <= 1e-7 * (1.0 + rate.abs()) {
            rate = target;
            break;
        }
        let next = if inside && (iteration < 8 || (2.0 * halley).abs() <= step_before.abs()) {
            target
        } else {
            ((1.0 + low) * (1.0 + high)).sqrt() - 1.0
        };
        step_before = step;
        step = rate - next;
        rate = next;
        if step.abs() <= 1e-15 * (1.0 + rate.abs()) {
            break;
        }
    }
    // Pushed against an end of the range: the root lies there or beyond; look at the ends.
    let margin = 1e-9;
    if rate - IRR_LOWEST <= margin || IRR_HIGHEST - rate <= margin {
        let at_lowest = npv_at_factor(flows, factor(IRR_LOWEST));
        let at_highest = npv_at_factor(flows, factor(IRR_HIGHEST));
        if !(at_lowest.is_finite() && at_highest.is_finite()) {
            return OneRoot::Overflow;
        }
        if at_lowest == 0.0 {
            return OneRoot::Found(Some(IRR_LOWEST));
        }
        if at_highest == 0.0 {
            return OneRoot::Found(Some(IRR_HIGHEST));
        }
        if at_lowest.signum() == at_highest.signum() {
            return OneRoot::Found(None);
        }
    }
    OneRoot::Found(Some(rate))
}

/// Rates of the grid scan, in order: every 0.5% from -99% to 100%, then coarser.
fn scan_rates() -> impl Iterator<Item = f64> {
    let fine = (-198..=200).map(|step| f64::from(step) * 0.005);
    let coarse = [1.5, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0, IRR_HIGHEST];
    fine.chain(coarse)
}

/// Rates evaluated side by side in the grid scan: independent Horner chains keep the
/// processor busy while each step waits for the one before.
const SCAN_BATCH: usize = 8;

/// The grid scan described at [`irr`], for flows that change sign more than once.
fn irr_by_scan(flows: &[f64]) -> Option<f64> {
    let value = |rate: f64| npv_at_factor(flows, 1.0 / (1.0 + rate));
    let rates: Vec<f64> = scan_rates().collect();
    let mut previous: Option<(f64, f64)> = None;
    for batch in rates.chunks(SCAN_BATCH) {
        // The same arithmetic as `value(rate)` for each rate, interleaved.
        let mut factors = [0.0; SCAN_BATCH];
        for (factor, rate) in factors.iter_mut().zip(batch) {
            *factor = 1.0 / (1.0 + rate);
        }
        let mut values = [0.0; SCAN_BATCH];
        for flow in flows.iter().rev() {
            for (value, factor) in values.iter_mut().zip(&factors) {
                *value = *value * factor + flow;
            }
        }
        for (&rate, &current) in batch.iter().zip(&values) {
            // Far below zero, discount factors overflow on long horizons: skip such rates
            // rather than mistake infinity or NaN for a sign change.
            if !current.is_finite() {
                previous = None;
                continue;
            }
            if current == 0.0 {
                return Some(rate);
            }
            if let Some((low, low_value)) = previous
                && low_value.signum() != current.signum()
            {
                return Some(bisect(&value, low, rate, low_value));
            }
            previous = Some((rate, current));
        }
    }
    None
}

/// Root of `f` between `low` and `high`, where `f(low) = low_value` and the signs differ.
fn bisect(f: &impl Fn(f64) -> f64, mut low: f64, mut high: f64, mut low_value: f64) -> f64 {
    for _ in 0..200 {
        let mid = 0.5 * (low + high);
        let mid_value = f(mid);
        if mid_value == 0.0 || (high - low) < 1e-13 {
            return mid;
        }
        if mid_value.signum() == low_value.signum() {
            low = mid;
            low_value = mid_value;
        } else {
            high = mid;
        }
    }
    0.5 * (low + high)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn payback_is_the_year_after_the_last_year_under_water() {
        let divisors = [1.0; 5];
        let payback =
            |flows: &[f64]| investment(flows.to_vec(), &divisors[..flows.len()], 2030).payback_year;
        // Cumulative -10, -5, 1: back above water in the third year.
        assert_eq!(payback(&[-10.0, 5.0, 6.0]), Some(2032));
        // Cumulative -10, -5, 1, -4, 6: a later investment postpones payback.
        assert_eq!(payback(&[-10.0, 5.0, 6.0, -5.0, 10.0]), Some(2034));
        // Under water at the end, or never under water: no payback year.
        assert_eq!(payback(&[-10.0, 5.0]), None);
        assert_eq!(payback(&[5.0, -1.0, 3.0]), None);
        assert_eq!(payback(&[0.0, 0.0]), None);
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
            assert_eq!(results.warnings, crate::validate::validate(&project));
            project.stages[stages / 2].capacity_per_year = f64::NAN;
            let expected = crate::validate::validate(&project);
            assert!(expected.iter().any(Problem::is_error));
            assert_eq!(compute(&project).err(), Some(expected), "{stages} stages");
        }
    }

    #[test]
    fn zero_flows_at_either_end_do_not_change_the_irr() {
        // -100 then 121 two years later: (1 + r)^2 = 1.21, r = 10%, wherever the flows sit.
        let Some(bare) = irr(&[-100.0, 0.0, 121.0]) else {
            panic!("one sign change has an IRR");
        };
        let Some(padded) = irr(&[0.0, 0.0, -100.0, 0.0, 121.0, 0.0, 0.0, 0.0]) else {
            panic!("one sign change has an IRR");
        };
        assert!((bare - 0.1).abs() < 1e-12, "{bare}");
        assert!((padded - bare).abs() < 1e-15, "{padded} vs {bare}");
        assert_eq!(irr(&[0.0, 0.0, 0.0]), None);
    }

    #[test]
    fn irr_finds_the_lower_of_two_close_roots() {
        // NPV is zero at 11% and at 13%: -100 + 224/(1+r) - 125.43/(1+r)^2 with
        // (1+r) in {1.11, 1.13} since 1.11 + 1.13 = 2.24 and 1.11 × 1.13 = 1.2543.
        let rate = irr(&[-100.0, 224.0, -125.43]).unwrap_or(f64::NAN);
        assert!((rate - 0.11).abs() < 1e-9, "{rate}");
    }

    #[test]
    fn halley_and_the_grid_scan_find_the_same_single_root() {
        // Construction, ramp-up, then steady returns, over many shapes and sizes.
        for capex in [50.0, 100.0, 400.0, 2_000.0, 9_000.0] {
            for construction in 0..4 {
                for ramp in 1..4 {
                    for years in [4, 10, 30, 60] {
                        let mut flows = vec![0.0; construction];
                        flows.push(-capex);
                        flows.extend((0..years).map(|k| 20.0 * f64::from((k + 1).min(ramp))));
                        let newton = irr(&flows);
                        let scanned = irr_by_scan(&flows);
                        match (newton, scanned) {
                            (Some(a), Some(b)) => assert!(
                                (a - b).abs() < 1e-12 * (1.0 + b.abs()),
                                "{flows:?}: {a} vs {b}"
                            ),
                            (a, b) => assert_eq!(a, b, "{flows:?}"),
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn irr_outside_the_searched_rates_is_none_and_sign_changes_skip_zeros() {
        // Returns of 20,000% a year: above the highest rate looked for.
        assert_eq!(irr(&[-1.0, 201.0]), None);
        assert_eq!(irr_by_scan(&[-1.0, 201.0]), None);
        assert_eq!(
            Signs::of(&[-1.0, 0.0, -2.0, 3.0, 0.0, 4.0]),
            Signs::ChangeOnce(OneChange {
                first_positive: false,
                last_before: 2,
                before: (3.0, 4.0),
                after: (7.0, 29.0),
            })
        );
        assert_eq!(Signs::of(&[-1.0, 3.0, -2.0]), Signs::ChangeMore);
        assert_eq!(Signs::of(&[2.0, 0.0, 1.0]), Signs::Same);
        let rate = irr(&[0.0, -100.0, 0.0, 121.0]).unwrap_or(f64::NAN);
        assert!((rate - 0.1).abs() < 1e-14, "{rate}");
    }

    #[test]
    fn irr_ignores_overflowing_rates_on_long_horizons() {
        // -100 then 169 years of +10: the IRR is just under 10%, not -99%.
        let mut flows = vec![-100.0];
        flows.extend(std::iter::repeat_n(10.0, 169));
        flows.push(0.0);
        let rate = irr(&flows).unwrap_or(f64::NAN);
        assert!((rate - 0.1).abs() < 1e-3, "{rate}");
        assert!(npv(&flows, rate, 0).abs() < 1e-6);
    }
}
