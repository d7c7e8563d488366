//! Small projects built by hand for the tests: a project whose economy adds nothing of its
//! own (no growth, no discounting, no indirect value added), a bare stage of one kind, a link,
//! and the two-stage chain (a mine and a mill) the window tests start from. Tests change what
//! they need on what these return.

use uplift::model::{CanvasPos, Destination, Link, Location, Project, Stage, StageId, StageKind};

/// A project over `first_year..=last_year` (the first year also the base year) with GDP
/// `gdp_base_year` and a neutral economy: no growth, no discounting, no indirect VA.
pub fn neutral_project(
    name: &str,
    (first_year, last_year): (i32, i32),
    gdp_base_year: f64,
) -> Project {
    let mut project = Project::empty(name, first_year);
    project.horizon.first_year = first_year;
    project.horizon.last_year = last_year;
    project.economy.gdp_base_year = gdp_base_year;
    project.economy.gdp_growth_pct = 0.0;
    project.economy.discount_rate_pct = 0.0;
    project.economy.domestic_va_content_pct = 0.0;
    project
}

/// A domestic stage of kind "other" producing at full capacity from `year`, fed by nothing,
/// selling what no link takes on the domestic market, with nothing else set.
pub fn stage(id: &str, year: i32, capacity: f64, price: f64) -> Stage {
    let mut stage = Stage::new(StageId::from(id), StageKind::Other, year);
    stage.capacity_per_year = capacity;
    stage.price_per_unit = price;
    stage.input_per_unit = 0.0;
    stage.unlinked_output = Destination::DomesticMarket;
    stage
}

/// `stage`, using `input_per_unit` units of linked feed per unit of product.
pub fn fed(mut stage: Stage, input_per_unit: f64) -> Stage {
    stage.input_per_unit = input_per_unit;
    stage
}

/// `stage`, located abroad.
pub fn abroad(mut stage: Stage) -> Stage {
    stage.location = Location::Abroad;
    stage
}

/// A link carrying `share_pct` percent of `from`'s output to `to`, with no transport cost.
pub fn link(from: &str, to: &str, share_pct: f64) -> Link {
    Link {
        from: StageId::from(from),
        to: StageId::from(to),
        share_pct,
        transport_cost_per_unit: 0.0,
    }
}

/// A small chain that computes: a mine ("Mine", id `mine`) and a mill ("Mill", id `mill`)
/// from 2026, side by side on the canvas and not yet linked.
pub fn mine_and_mill() -> Project {
    let mut project = Project::empty("Test chain", 2025);
    let mut mine = Stage::new(StageId::from("mine"), StageKind::Mining, 2026);
    "Mine".clone_into(&mut mine.name);
    mine.capacity_per_year = 1_000_000.0;
    mine.price_per_unit = 20.0;
    mine.position = CanvasPos { x: 0.0, y: 0.0 };
    let mut mill = Stage::new(StageId::from("mill"), StageKind::Concentration, 2026);
    "Mill".clone_into(&mut mill.name);
    mill.capacity_per_year = 40_000.0;
    mill.input_per_unit = 25.0;
    mill.price_per_unit = 1_500.0;
    mill.position = CanvasPos { x: 320.0, y: 0.0 };
    project.stages = vec![mine, mill];
    project
}

/// A mine feeding a concentrator through one link, with a price deck: copper per tonne
/// falling from 10,000 (2026) to 9,000 (2030) and gold at 2,500 per ounce, over 2026-2030.
/// The concentrator ("Concentrator", id `mill`) sells copper concentrate at a typed price of
/// 2,000 per tonne until a test prices it from the deck.
pub fn deck_chain() -> Project {
    use uplift::model::pricing::{Commodity, MassUnit, PricePoint};
    let mut project = neutral_project("Deck chain", (2026, 2030), 1e12);
    project.prices.insert(
        "copper".to_owned(),
        Commodity {
            unit: MassUnit::Tonne,
            path: vec![
                PricePoint {
                    year: 2026,
                    price: 10_000.0,
                },
                PricePoint {
                    year: 2030,
                    price: 9_000.0,
                },
            ],
            source: "LME, test path".to_owned(),
        },
    );
    project.prices.insert(
        "gold".to_owned(),
        Commodity::flat(MassUnit::TroyOunce, 2026, 2_500.0, "LBMA, test"),
    );
    let mut mine = stage("mine", 2026, 10_000_000.0, 8.0);
    mine.kind = StageKind::Mining;
    "Mine".clone_into(&mut mine.name);
    "Ore".clone_into(&mut mine.product);
    "t".clone_into(&mut mine.unit);
    let mut mill = stage("mill", 2026, 100_000.0, 2_000.0);
    mill.kind = StageKind::Concentration;
    "Concentrator".clone_into(&mut mill.name);
    "Copper concentrate".clone_into(&mut mill.product);
    "t".clone_into(&mut mill.unit);
    mill.input_per_unit = 60.0;
    mill.position = CanvasPos { x: 320.0, y: 0.0 };
    project.stages = vec![mine, mill];
    project.links = vec![link("mine", "mill", 100.0)];
    project
}
