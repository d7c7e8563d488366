//! Synthetic national-scale projects: many branching chains of every kind of stage, with
//! realistic magnitudes, that check clean. `uplift generate` writes them and the benchmarks
//! measure the calculation, the files and the window on them.
//!
//! The same stage count and seed always give the same project (for a given version of
//! Uplift): the random stream is `ChaCha8` seeded with `ChaCha8Rng::seed_from_u64`, whose
//! output the `rand_chacha` crate keeps stable, and values are drawn with `rand` 0.9's
//! uniform ranges, which are value-stable within that release series.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::model::{
    ByProduct, CanvasPos, Destination, Link, Location, Project, PurchasedInput, Stage, StageId,
    StageKind,
};

/// First year of a generated project's horizon (also its base year).
pub const FIRST_YEAR: i32 = 2025;
/// Years in a generated project's horizon.
pub const HORIZON_YEARS: i32 = 30;
/// The seed `uplift generate` uses when none is given.
pub const DEFAULT_SEED: u64 = 1;

/// Horizontal distance between the columns of a district on the canvas (canvas units).
const COLUMN_SPACING: f32 = 260.0;
/// Vertical distance between boxes in one column of a district.
const ROW_SPACING: f32 = 140.0;
/// A district's block on the canvas: four columns plus a gap, three rows plus a gap.
const BLOCK_SIZE: (f32, f32) = (4.0 * COLUMN_SPACING + 160.0, 3.0 * ROW_SPACING + 100.0);
/// Stages in an average district, to tile the blocks roughly squarely.
const TYPICAL_DISTRICT_STAGES: f64 = 6.0;
/// GDP in the base year per generated stage, so that the chain stays a few percent of GDP
/// whatever its size.
const GDP_PER_STAGE: f64 = 2.5e9;

/// A purchased input to draw: its name, cost per unit and imported share (percent) ranges.
type InputRanges<'a> = (&'a str, (f64, f64), (f64, f64));

/// The physical and price figures of one commodity's chain, per unit of each stage's product.
struct Commodity {
    name: &'static str,
    /// Ore price, currency per tonne (what a mine's ore is worth at the mine gate).
    ore_price: (f64, f64),
    /// Tonnes of ore per tonne of concentrate: 1 / (ore grade x recovery) x concentrate grade.
    ore_per_concentrate: (f64, f64),
    concentrate_price: (f64, f64),
    /// Tonnes of concentrate per tonne of refined metal.
    concentrate_per_metal: (f64, f64),
    metal: &'static str,
    metal_price: (f64, f64),
    product: &'static str,
    /// Tonnes of metal per tonne of manufactured product.
    metal_per_product: (f64, f64),
    product_price: (f64, f64),
    /// Payable gold in the concentrate, troy ounces per tonne (0 when none).
    gold_oz_per_concentrate: (f64, f64),
}

static COMMODITIES: [Commodity; 3] = [
    Commodity {
        name: "Copper",
        ore_price: (14.0, 24.0),
        ore_per_concentrate: (40.0, 60.0),
        concentrate_price: (2_200.0, 2_600.0),
        concentrate_per_metal: (3.4, 3.8),
        metal: "Copper cathode",
        metal_price: (9_200.0, 9_800.0),
        product: "Copper rod",
        metal_per_product: (1.01, 1.03),
        product_price: (10_200.0, 10_800.0),
        gold_oz_per_concentrate: (0.02, 0.08),
    },
    Commodity {
        name: "Zinc",
        ore_price: (25.0, 45.0),
        ore_per_concentrate: (9.0, 14.0),
        concentrate_price: (900.0, 1_200.0),
        concentrate_per_metal: (1.9, 2.1),
        metal: "Zinc ingot",
        metal_price: (2_700.0, 3_000.0),
        product: "Galvanised steel coating",
        metal_per_product: (1.02, 1.05),
        product_price: (3_400.0, 3_900.0),
        gold_oz_per_concentrate: (0.0, 0.0),
    },
    Commodity {
        name: "Nickel",
        ore_price: (30.0, 60.0),
        ore_per_concentrate: (12.0, 20.0),
        concentrate_price: (1_600.0, 2_200.0),
        concentrate_per_metal: (6.5, 8.0),
        metal: "Nickel sulphate",
        metal_price: (15_500.0, 17_500.0),
        product: "Battery precursor",
        metal_per_product: (1.05, 1.1),
        product_price: (19_000.0, 22_000.0),
        gold_oz_per_concentrate: (0.0, 0.0),
    },
];

/// Rounds to three significant digits, so generated files read like typed-in figures.
fn round3(value: f64) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    let scale = 10f64.powi(2 - value.abs().log10().floor() as i32);
    (value * scale).round() / scale
}

/// Draws from `range` (inclusive of a degenerate range) and rounds to three digits.
fn draw(rng: &mut ChaCha8Rng, range: (f64, f64)) -> f64 {
    if range.1 <= range.0 {
        return range.0;
    }
    round3(rng.random_range(range.0..range.1))
}

/// A project of exactly `stage_count` stages over 30 years (2025-2054), made of "districts":
/// small branching chains of one commodity (one to three mines feeding one or two
/// concentrators, sometimes a recycling plant, a domestic refinery and/or a smelter abroad,
/// and up to two manufacturing plants). It passes validation with no errors and no warnings.
pub fn generate(stage_count: usize, seed: u64) -> Project {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut project = Project::empty(
        &format!("Synthetic national chain ({stage_count} stages, seed {seed})"),
        FIRST_YEAR,
    );
    project.description = format!(
        "Generated by `uplift generate --stages {stage_count} --seed {seed}`: districts of \
         copper, zinc and nickel chains with realistic but invented figures, for testing and \
         benchmarks."
    );
    project.horizon.last_year = FIRST_YEAR + HORIZON_YEARS - 1;
    project.economy.gdp_base_year = round3(GDP_PER_STAGE * stage_count.max(1) as f64);
    project.economy.gdp_growth_pct = 3.0;
    project.economy.discount_rate_pct = 8.0;
    project.economy.domestic_va_content_pct = 40.0;
    project.stages.reserve(stage_count);

    let estimated_districts = (stage_count as f64 / TYPICAL_DISTRICT_STAGES).max(1.0);
    let blocks_per_row = (estimated_districts * f64::from(BLOCK_SIZE.1) / f64::from(BLOCK_SIZE.0))
        .sqrt()
        .ceil()
        .max(1.0) as usize;
    let mut district = 0;
    while project.stages.len() < stage_count {
        let origin = CanvasPos {
            x: (district % blocks_per_row) as f32 * BLOCK_SIZE.0,
            y: (district / blocks_per_row) as f32 * BLOCK_SIZE.1,
        };
        let mut builder = District {
            rng: &mut rng,
            project: &mut project,
            budget: stage_count,
            number: district + 1,
            origin,
            rows: [0; 4],
        };
        builder.build();
        district += 1;
    }
    project
}

/// Builds one district into the project, stage by stage in chain order, stopping when the
/// project reaches `budget` stages. Every stage is linked only to stages made before it, so a
/// district cut short is still valid.
struct District<'a> {
    rng: &'a mut ChaCha8Rng,
    project: &'a mut Project,
    budget: usize,
    number: usize,
    origin: CanvasPos,
    /// Boxes placed so far in each canvas column.
    rows: [usize; 4],
}

impl District<'_> {
    fn full(&self) -> bool {
        self.project.stages.len() >= self.budget
    }

    /// A new stage with the figures every stage needs; returns its index.
    fn add(
        &mut self,
        kind: StageKind,
        slug: &str,
        name: String,
        product: String,
        column: usize,
    ) -> usize {
        let construction_years = self.rng.random_range(2..=4);
        let first_production_year =
            FIRST_YEAR + construction_years as i32 + self.rng.random_range(0..=6);
        let id = StageId(format!("d{}-{slug}", self.number));
        let mut stage = Stage::new(id, kind, first_production_year);
        stage.name = name;
        stage.product = product;
        stage.construction_years = construction_years;
        stage.ramp_up_years = self.rng.random_range(1..=3);
        stage.economic_life_years = self.rng.random_range(15..=30);
        stage.unlinked_output = Destination::Export;
        let row = self.rows[column];
        self.rows[column] += 1;
        stage.position = CanvasPos {
            x: self.origin.x + column as f32 * COLUMN_SPACING,
            y: self.origin.y + row as f32 * ROW_SPACING,
        };
        self.project.stages.push(stage);
        self.project.stages.len() - 1
    }

    fn link(&mut self, from: usize, to: usize, share_pct: f64, transport: (f64, f64)) {
        let transport_cost_per_unit = draw(self.rng, transport);
        self.project.links.push(Link {
            from: self.project.stages[from].id.clone(),
            to: self.project.stages[to].id.clone(),
            share_pct,
            transport_cost_per_unit,
        });
    }

    /// Wages, jobs, inputs, capex and footprint of a stage of `capacity` units a year.
    fn operate(
        &mut self,
        index: usize,
        capacity: f64,
        jobs_per_kt: (f64, f64),
        capex_per_unit: (f64, f64),
        inputs: [InputRanges<'_>; 2],
        energy_co2_water: [(f64, f64); 3],
    ) {
        let jobs = round3((capacity / 1_000.0 * draw(self.rng, jobs_per_kt)).max(10.0));
        let wage = draw(self.rng, (18_000.0, 45_000.0));
        let capex = round3(capacity * draw(self.rng, capex_per_unit));
        let capex_imported_pct = draw(self.rng, (40.0, 80.0)).min(100.0);
        let purchased_inputs = inputs
            .iter()
            .map(|(name, cost, imported)| PurchasedInput {
                name: (*name).to_owned(),
                cost_per_unit: draw(self.rng, *cost),
                imported_pct: draw(self.rng, *imported).min(100.0),
            })
            .collect();
        let [energy, co2, water] = energy_co2_water.map(|range| draw(self.rng, range));
        let stage = &mut self.project.stages[index];
        stage.capacity_per_year = round3(capacity);
        stage.jobs = jobs;
        stage.wages_per_year = round3(jobs * wage);
        stage.capex = capex;
        stage.capex_imported_pct = capex_imported_pct;
        stage.purchased_inputs = purchased_inputs;
        stage.energy_mwh_per_unit = energy;
        stage.co2_t_per_unit = co2;
        stage.water_m3_per_unit = water;
    }

    /// The district's make-up, then its stages in chain order: mines, concentrators, the
    /// recycling plant, refining at home and abroad, manufacturing. Each step stops the
    /// district when the project is full.
    fn build(&mut self) {
        let plan = self.draw_plan();
        let Some(mines) = self.mines(&plan) else {
            return;
        };
        let Some(concentrators) = self.concentrators(&plan, &mines) else {
            return;
        };
        let concentrate: f64 = concentrators.iter().map(|(_, capacity)| capacity).sum();

        // Refining at home and abroad: concentrate goes to both, the rest is exported.
        let home_share = draw(self.rng, (55.0, 85.0));
        let recycling = self.recycling(&plan, concentrate);
        let refineries =
            self.refineries(&plan, &concentrators, (concentrate, home_share), recycling);

        // Manufacturing from the refined metal, at home.
        if refineries.is_empty() {
            return;
        }
        self.manufacturing(&plan, &refineries);
    }

    /// What the district is made of, drawn before any of its stages.
    fn draw_plan(&mut self) -> DistrictPlan {
        DistrictPlan {
            commodity: &COMMODITIES[self.rng.random_range(0..COMMODITIES.len())],
            mine_count: self.rng.random_range(1..=3),
            concentrator_count: self.rng.random_range(1..=2),
            with_recycling: self.rng.random_bool(0.3),
            with_refinery: self.rng.random_bool(0.7),
            with_smelter_abroad: self.rng.random_bool(0.4),
            manufacturing_count: self.rng.random_range(0..=2),
        }
    }

    /// Mines: ore, tens of millions of tonnes a year at the largest. Each mine's index and
    /// capacity, or `None` when the project filled up on the way.
    fn mines(&mut self, plan: &DistrictPlan) -> Option<Vec<(usize, f64)>> {
        let (commodity, name, number) = (plan.commodity, plan.commodity.name, self.number);
        let mut mines = Vec::new();
        for k in 1..=plan.mine_count {
            if self.full() {
                return None;
            }
            let index = self.add(
                StageKind::Mining,
                &format!("mine-{k}"),
                format!("{name} mine {number}.{k}"),
                format!("{name} ore"),
                0,
            );
            let capacity = draw(self.rng, (2e6, 30e6));
            self.operate(
                index,
                capacity,
                (0.01, 0.03),
                (15.0, 40.0),
                [
                    ("Diesel and explosives", (2.0, 5.0), (60.0, 100.0)),
                    ("Electricity", (0.5, 1.5), (0.0, 20.0)),
                ],
                [(0.01, 0.03), (0.005, 0.02), (0.2, 0.6)],
            );
            let stage = &mut self.project.stages[index];
            stage.price_per_unit = draw(self.rng, commodity.ore_price);
            stage.royalty_pct = draw(self.rng, (2.0, 6.0));
            stage.unlinked_output = Destination::DomesticMarket;
            mines.push((index, capacity));
        }
        Some(mines)
    }

    /// Concentrators: each mine sends its ore to every concentrator in equal shares. Each
    /// concentrator's index and capacity, or `None` when the project filled up on the way.
    fn concentrators(
        &mut self,
        plan: &DistrictPlan,
        mines: &[(usize, f64)],
    ) -> Option<Vec<(usize, f64)>> {
        let (commodity, name, number) = (plan.commodity, plan.commodity.name, self.number);
        let concentrator_count = plan.concentrator_count;
        let mut concentrators = Vec::new();
        for k in 1..=concentrator_count {
            if self.full() {
                return None;
            }
            let index = self.add(
                StageKind::Concentration,
                &format!("mill-{k}"),
                format!("{name} concentrator {number}.{k}"),
                format!("{name} concentrate"),
                1,
            );
            let ore_per_unit = draw(self.rng, commodity.ore_per_concentrate);
            let ore: f64 = mines
                .iter()
                .map(|(_, capacity)| capacity / f64::from(concentrator_count))
                .sum();
            let capacity = ore / ore_per_unit * draw(self.rng, (0.8, 1.1));
            self.operate(
                index,
                capacity,
                (0.5, 2.0),
                (300.0, 700.0),
                [
                    ("Reagents and grinding media", (40.0, 120.0), (50.0, 90.0)),
                    ("Electricity", (30.0, 90.0), (0.0, 20.0)),
                ],
                [(0.5, 3.0), (0.2, 1.0), (5.0, 20.0)],
            );
            let gold = draw(self.rng, commodity.gold_oz_per_concentrate);
            let stage = &mut self.project.stages[index];
            stage.input_per_unit = ore_per_unit;
            stage.price_per_unit = draw(self.rng, commodity.concentrate_price);
            if gold > 0.0 {
                stage.by_products.push(ByProduct {
                    name: "Payable gold".to_owned(),
                    unit: "oz".to_owned(),
                    quantity_per_unit: gold,
                    price: 2_300.0,
                    commodity: None,
                    destination: crate::model::ByProductDestination::FollowsProduct,
                });
            }
            for &(mine, _) in mines {
                self.link(
                    mine,
                    index,
                    100.0 / f64::from(concentrator_count),
                    (1.0, 4.0),
                );
            }
            concentrators.push((index, capacity));
        }
        Some(concentrators)
    }

    /// A scrap recycling plant, when the district has one and the project has room: its
    /// index. It feeds the domestic refinery.
    fn recycling(&mut self, plan: &DistrictPlan, concentrate: f64) -> Option<usize> {
        let (commodity, name, number) = (plan.commodity, plan.commodity.name, self.number);
        if !plan.with_recycling || self.full() {
            return None;
        }
        let index = self.add(
            StageKind::Other,
            "recycling",
            format!("{name} scrap recycling {number}"),
            format!("{name} scrap"),
            1,
        );
        let capacity = concentrate / 20.0 * draw(self.rng, (0.5, 1.5));
        self.operate(
            index,
            capacity,
            (2.0, 6.0),
            (200.0, 500.0),
            [
                ("Collection and sorting", (100.0, 300.0), (0.0, 10.0)),
                ("Electricity", (20.0, 60.0), (0.0, 20.0)),
            ],
            [(0.2, 1.0), (0.05, 0.3), (0.5, 2.0)],
        );
        let stage = &mut self.project.stages[index];
        stage.input_per_unit = 0.0;
        stage.price_per_unit = round3(draw(self.rng, commodity.concentrate_price) * 1.5);
        stage.unlinked_output = Destination::DomesticMarket;
        Some(index)
    }

    /// The domestic refinery and the smelter abroad, each when the district has it: they
    /// share the `concentrate` (units a year), `home_share` percent of it at home. Each
    /// one's index and capacity.
    fn refineries(
        &mut self,
        plan: &DistrictPlan,
        concentrators: &[(usize, f64)],
        (concentrate, home_share): (f64, f64),
        recycling: Option<usize>,
    ) -> Vec<(usize, f64)> {
        let (commodity, name, number) = (plan.commodity, plan.commodity.name, self.number);
        let mut refineries = Vec::new();
        for (abroad, wanted) in [
            (false, plan.with_refinery),
            (true, plan.with_smelter_abroad),
        ] {
            if !wanted || concentrators.is_empty() || self.full() {
                continue;
            }
            let (slug, label) = if abroad {
                ("smelter-abroad", "smelter abroad")
            } else {
                ("refinery", "refinery")
            };
            let index = self.add(
                StageKind::Refining,
                slug,
                format!("{name} {label} {number}"),
                commodity.metal.to_owned(),
                2,
            );
            let concentrate_per_unit = draw(self.rng, commodity.concentrate_per_metal);
            let share = if abroad {
                100.0 - home_share
            } else {
                home_share
            };
            let capacity =
                concentrate * share / 100.0 / concentrate_per_unit * draw(self.rng, (0.8, 1.1));
            self.operate(
                index,
                capacity,
                (3.0, 8.0),
                (3_000.0, 7_000.0),
                [
                    ("Fluxes, acid and reagents", (150.0, 400.0), (40.0, 90.0)),
                    ("Electricity", (150.0, 500.0), (0.0, 20.0)),
                ],
                [(2.0, 6.0), (0.8, 3.0), (10.0, 40.0)],
            );
            let stage = &mut self.project.stages[index];
            stage.input_per_unit = concentrate_per_unit;
            stage.price_per_unit = draw(self.rng, commodity.metal_price);
            if abroad {
                stage.location = Location::Abroad;
            }
            for &(mill, _) in concentrators {
                self.link(mill, index, share, (20.0, 80.0));
            }
            if !abroad && let Some(recycling) = recycling {
                self.link(recycling, index, 100.0, (5.0, 15.0));
            }
            refineries.push((index, capacity));
        }
        refineries
    }

    /// Manufacturing plants at home, each taking part of every refinery's metal.
    fn manufacturing(&mut self, plan: &DistrictPlan, refineries: &[(usize, f64)]) {
        let (commodity, number) = (plan.commodity, self.number);
        let metal: f64 = refineries.iter().map(|(_, capacity)| capacity).sum();
        for k in 1..=plan.manufacturing_count {
            if self.full() {
                return;
            }
            let index = self.add(
                StageKind::Manufacturing,
                &format!("plant-{k}"),
                format!("{} plant {number}.{k}", commodity.product),
                commodity.product.to_owned(),
                3,
            );
            let metal_per_unit = draw(self.rng, commodity.metal_per_product);
            let capacity = metal * 0.4 / metal_per_unit * draw(self.rng, (0.8, 1.1));
            self.operate(
                index,
                capacity,
                (4.0, 12.0),
                (1_000.0, 2_500.0),
                [
                    ("Energy", (80.0, 250.0), (0.0, 30.0)),
                    ("Packaging and consumables", (50.0, 150.0), (20.0, 60.0)),
                ],
                [(0.3, 1.5), (0.1, 0.6), (1.0, 5.0)],
            );
            let domestic_market = self.rng.random_bool(0.5);
            let stage = &mut self.project.stages[index];
            stage.input_per_unit = metal_per_unit;
            stage.price_per_unit = draw(self.rng, commodity.product_price);
            stage.subsidies_per_year = round3(capacity * 20.0);
            if domestic_market {
                stage.unlinked_output = Destination::DomesticMarket;
            }
            for &(refinery, _) in refineries {
                // Each plant takes at most 45% of every refinery's metal: two plants never
                // send more than 100% onward.
                self.link(refinery, index, 45.0, (10.0, 40.0));
            }
        }
    }
}

/// What a district is made of, drawn before any of its stages is made (the counts are `i32`,
/// the type the random stream has always drawn them as).
struct DistrictPlan {
    commodity: &'static Commodity,
    mine_count: i32,
    concentrator_count: i32,
    with_recycling: bool,
    with_refinery: bool,
    with_smelter_abroad: bool,
    manufacturing_count: i32,
}

/// Prices every stage of a generated project from a price deck, for the benchmarks of a deck
/// edit that reaches every stage: one commodity per generated commodity (lower-case name),
/// priced per tonne at the middle of its metal price range with a path that falls 10% over
/// the first decade, and gold per ounce; each stage becomes a fabricated product whose metal
/// content per unit gives its typed price in the first year, and payable gold is priced from
/// the deck. The figures of the first year are unchanged; later years follow the path.
pub fn price_by_deck(project: &mut Project) {
    use crate::model::pricing::{Commodity as DeckCommodity, FabricatedTerms, MassUnit};
    use crate::model::pricing::{PricePoint, PricingRule};
    let first = project.horizon.first_year;
    let path = |price: f64| {
        vec![
            PricePoint { year: first, price },
            PricePoint {
                year: first + 10,
                price: price * 0.9,
            },
        ]
    };
    for commodity in &COMMODITIES {
        let level = 0.5 * (commodity.metal_price.0 + commodity.metal_price.1);
        project.prices.insert(
            commodity.name.to_lowercase(),
            DeckCommodity {
                unit: MassUnit::Tonne,
                path: path(level),
                source: "Generated: middle of the metal price range, 10% lower after ten years"
                    .into(),
            },
        );
    }
    project.prices.insert(
        "gold".into(),
        DeckCommodity {
            unit: MassUnit::TroyOunce,
            path: path(2_300.0),
            source: "Generated: the typed gold price".into(),
        },
    );
    for stage in &mut project.stages {
        let Some(commodity) = COMMODITIES.iter().find(|c| {
            stage.product.starts_with(c.name)
                || stage.product == c.metal
                || stage.product == c.product
        }) else {
            continue;
        };
        let level = 0.5 * (commodity.metal_price.0 + commodity.metal_price.1);
        stage.pricing = Some(PricingRule::Fabricated(FabricatedTerms {
            commodity: commodity.name.to_lowercase(),
            metal_per_unit: stage.price_per_unit / level,
            conversion_premium_per_unit: 0.0,
        }));
        for by_product in &mut stage.by_products {
            by_product.commodity = Some("gold".into());
        }
    }
}

/// Puts every stage of `project` under Pakistan's general terms (29% income tax, 4-year
/// write-off, losses carried 10 years, 1.25% minimum tax, 10% withholding on dividends
/// abroad; royalties to the province, 5.2% of taxes on income shared with it), owned 40% by the
/// state (10 of it free-carried; the province has half its dividends and pays a quarter of
/// its contributions), 10% by domestic owners and 50%
/// abroad, with half its capex borrowed from abroad at 8% over 12 years (3 of grace): the
/// benchmarks' chain with every fiscal figure at work.
pub fn tax_and_finance(project: &mut Project) {
    use crate::model::fiscal::{Financing, FiscalRegime, Ownership};
    project.fiscal = Some(FiscalRegime {
        income_tax_pct: 29.0,
        minimum_tax_pct: 1.25,
        dividend_withholding_pct: 10.0,
        province_royalty_pct: 100.0,
        province_tax_pct: 5.2,
        ..FiscalRegime::default()
    });
    for stage in &mut project.stages {
        stage.ownership = Some(Ownership {
            state_paid_pct: 30.0,
            state_carried_pct: 10.0,
            domestic_pct: 10.0,
            foreign_pct: 50.0,
            province_dividends_pct: 50.0,
            province_contributions_pct: 25.0,
        });
        stage.financing = Some(Financing {
            debt_pct: 50.0,
            interest_pct: 8.0,
            tenor_years: 12,
            grace_years: 3,
            foreign_pct: 100.0,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::validate::validate;

    #[test]
    fn generated_projects_have_the_stages_asked_for_and_check_clean() {
        // Every small count, so that districts cut short at every point are covered too.
        let counts = (1..=60).chain([100, 1_000]);
        for (count, seed) in counts.zip(1..) {
            let project = generate(count, seed);
            assert_eq!(project.stages.len(), count);
            let problems = validate(&project);
            assert!(problems.is_empty(), "{count} stages: {problems:?}");
            assert_eq!(project.horizon.len(), HORIZON_YEARS as usize);
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_project_and_another_seed_another() {
        assert_eq!(generate(200, 42), generate(200, 42));
        assert_ne!(generate(200, 42), generate(200, 43));
    }

    #[test]
    fn generated_chains_branch_and_hold_every_kind_of_stage() {
        let project = generate(500, 7);
        for kind in StageKind::ALL {
            assert!(
                project.stages.iter().any(|stage| stage.kind == kind),
                "no {kind:?} stage"
            );
        }
        assert!(
            project
                .stages
                .iter()
                .any(|stage| stage.location == Location::Abroad)
        );
        // Branching: some stage feeds two others, and some stage is fed by two others.
        let count = |pick: fn(&Link) -> &StageId| {
            let mut counts = std::collections::BTreeMap::new();
            for link in &project.links {
                *counts.entry(pick(link)).or_insert(0) += 1;
            }
            counts.values().copied().max().unwrap_or(0)
        };
        assert!(count(|link| &link.from) >= 2);
        assert!(count(|link| &link.to) >= 2);
    }

    #[test]
    fn generated_chains_compute_with_realistic_magnitudes() {
        let project = generate(300, 11);
        let results = crate::calc::compute(&project)
            .unwrap_or_else(|problems| panic!("generated project does not compute: {problems:?}"));
        let national = results.national(crate::calc::Period::Year(2045));
        let share = national.share_of_gdp_total();
        // A national chain is a visible part of the economy but not all of it.
        assert!((0.005..0.5).contains(&share), "share of GDP {share}");
        assert!(national.accounts.jobs > 1_000.0);
        assert!(national.accounts.exports > 0.0);
        assert!(results.chain_investment.irr.is_some());
    }

    #[test]
    fn a_deck_priced_project_checks_clean_and_prices_every_stage() {
        for stages in [10, 200] {
            let mut project = generate(stages, 3);
            price_by_deck(&mut project);
            assert!(project.stages.iter().all(|stage| stage.pricing.is_some()));
            let problems = crate::model::validate::validate(&project);
            assert!(problems.is_empty(), "{problems:?}");
        }
    }

    #[test]
    fn round3_keeps_three_significant_digits() {
        assert!((round3(123_456.0) - 123_000.0).abs() < 1e-9);
        assert!((round3(0.012_345) - 0.0123).abs() < 1e-12);
        assert!((round3(-9.876) + 9.88).abs() < 1e-12);
    }
}
