//! What a stage's accounts apply to its flows: the figures of each stage (and of the
//! project's economy and policy) read from the project once per calculation ([`StageTerms`]),
//! when it invests and depreciates ([`Schedule`]), and what its physical flows need of it
//! ([`Plan`]: capacity, feed per unit, ramp-up, switch). Nothing here depends on the links.

use crate::model::{CarbonPricing, Destination, Location, Project, Stage};

use super::lanes::{LANES, Lanes};
use super::prices::ByProductValues;

/// The figures of a stage (and of the project's economy and policy) that its accounts apply
/// to its flows every year, read from the project once per calculation.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct StageTerms {
    /// What the physical flows need of the stage (capacity, feed, schedule, switch).
    pub(super) plan: Plan,
    pub(super) domestic: bool,
    /// True when the stage's output may not be sold abroad (a domestic stage's ban: policy
    /// levers apply to domestic stages only, `docs/METHOD.md` 14).
    pub(super) export_ban: bool,
    /// Year of the first flows: flows `k` belong to `first_year + k`.
    pub(super) first_year: i32,
    pub(super) price: f64,
    /// Typed by-products' value per unit of product, by where they are sold.
    pub(super) by_products: ByProductValues<f64>,
    pub(super) inputs_per_unit: f64,
    pub(super) imported_inputs_per_unit: f64,
    pub(super) energy_mwh_per_unit: f64,
    pub(super) energy_tariff_per_mwh: f64,
    pub(super) co2_t_per_unit: f64,
    pub(super) water_m3_per_unit: f64,
    /// Wages per year / capacity: the wage bill follows output.
    pub(super) wages_per_unit: f64,
    /// Jobs / capacity: jobs follow output too.
    pub(super) jobs_per_unit: f64,
    /// Royalty % / 100.
    pub(super) royalty_rate: f64,
    pub(super) other_taxes_per_unit: f64,
    pub(super) subsidies_per_year: f64,
    /// Export tax % / 100.
    pub(super) export_tax_rate: f64,
    pub(super) export_tax_per_unit: f64,
    /// Where output no link takes goes: exported, sold at home, or not made (no buyer).
    pub(super) unlinked: Destination,
    pub(super) carbon_price: f64,
    pub(super) carbon_pricing: CarbonPricing,
    /// Domestic value-added content % / 100.
    pub(super) va_content_rate: f64,
    /// Imported share of capex % / 100.
    pub(super) capex_imported_rate: f64,
    /// Construction jobs per unit of domestic capex (per million / 1,000,000).
    pub(super) construction_jobs_per_capex: f64,
    pub(super) schedule: Schedule,
}

/// When a stage invests and depreciates, with the years and yearly amounts worked out once.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Schedule {
    /// The years capex is spent in, as a range: the construction years just before the first
    /// production year, or that year alone when there are none.
    pub(super) capex_years: (i64, i64),
    /// Capex / construction years (all of it when there are none).
    pub(super) capex_per_construction_year: f64,
    /// The years of the economic life, from the first production year.
    pub(super) depreciation_years: (i64, i64),
    /// Capex / economic life.
    pub(super) depreciation_per_year: f64,
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

    /// Capex spent in `year`: spread evenly over the construction years just before the
    /// first production year, or all in the first production year when there are none.
    #[inline]
    pub(super) fn capex_in(&self, year: i32) -> f64 {
        let ((start, end), year) = (self.capex_years, i64::from(year));
        if (start..end).contains(&year) {
            self.capex_per_construction_year
        } else {
            0.0
        }
    }

    /// Straight-line depreciation in `year`, over the economic life from the first production
    /// year.
    #[inline]
    pub(super) fn depreciation_in(&self, year: i32) -> f64 {
        let ((start, end), year) = (self.depreciation_years, i64::from(year));
        if (start..end).contains(&year) {
            self.depreciation_per_year
        } else {
            0.0
        }
    }
}

impl StageTerms {
    /// The terms of `stage` in `project`. Inlined into the loop over the stages, so that the
    /// terms are written in place rather than returned and copied.
    #[inline]
    pub(super) fn of(project: &Project, stage: &Stage) -> Self {
        // Wages and jobs follow output: a stage at x% of capacity pays x% of its wage bill.
        let per_unit_of_capacity = |at_capacity: f64| {
            if stage.capacity_per_year > 0.0 {
                at_capacity / stage.capacity_per_year
            } else {
                0.0
            }
        };
        let domestic = stage.location == Location::Domestic;
        Self {
            plan: Plan::of(stage),
            domestic,
            export_ban: stage.export_ban && domestic,
            first_year: project.horizon.first_year,
            price: stage.price_per_unit,
            by_products: ByProductValues::typed(stage),
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
            unlinked: stage.unlinked_output,
            carbon_price: project.policy.carbon_price_per_t_co2,
            carbon_pricing: project.policy.carbon_pricing,
            va_content_rate: project.economy.domestic_va_content_pct / 100.0,
            capex_imported_rate: stage.capex_imported_pct / 100.0,
            construction_jobs_per_capex: project.economy.construction_jobs_per_million / 1e6,
            schedule: Schedule::of(stage),
        }
    }
}

/// What the physical flows need of a stage.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct Plan {
    pub(super) capacity: f64,
    pub(super) input_per_unit: f64,
    pub(super) first_production_year: i32,
    pub(super) ramp_up_years: u32,
    pub(super) active: bool,
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

    /// Scheduled utilisation in `year`: 0 before the first production year, then the annual
    /// average of a linear ramp from 0 (start of the first year) to 1 (end of the ramp-up).
    #[inline]
    pub(super) fn utilisation(&self, year: i32) -> f64 {
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
    pub(super) fn utilisation_in(&self, years: &[i32; LANES]) -> Lanes {
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
