//! The worked example of `docs/METHOD.md`, built as a project and computed.
//!
//! Every number asserted here appears in the tables of METHOD.md ("Worked example"); each was
//! worked out by hand and is written as a literal with its arithmetic beside it. If you change
//! the example, change the document too, and the other way round.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use uplift::calc::{Period, Results, compute};
use uplift::model::{
    ByProduct, Destination, Link, Location, Phase, Project, PurchasedInput, Stage, StageId,
    StageKind,
};

mod common;

use common::assert_close;

/// Asserts one value per year of the horizon (2025, 2026, 2027, 2028).
#[track_caller]
fn assert_years(actual: impl IntoIterator<Item = f64>, expected: [f64; 4], what: &str) {
    let actual: Vec<f64> = actual.into_iter().collect();
    assert_eq!(actual.len(), 4, "{what}: expected four years");
    for ((computed, wanted), year) in actual.iter().zip(expected).zip(2025..) {
        assert_close(*computed, wanted, &format!("{what} in {year}"));
    }
}

/// The project exactly as described in METHOD.md, "Worked example".
fn worked_example() -> Project {
    let mut project = Project::empty("Worked example", 2025);
    project.horizon.first_year = 2025;
    project.horizon.last_year = 2028;
    project.economy.gdp_base_year = 1_000_000.0;
    project.economy.gdp_growth_pct = 10.0;
    project.economy.discount_rate_pct = 10.0;
    project.economy.domestic_va_content_pct = 50.0;
    // Toy money: 1,000 construction jobs per million is one job per 1,000 of domestic capex.
    project.economy.construction_jobs_per_million = 1_000.0;
    project.phases.push(Phase {
        name: "Ramp-up".to_owned(),
        first_year: 2026,
        last_year: 2027,
    });

    let mut mine = Stage::new(StageId::from("mine"), StageKind::Mining, 2026);
    mine.location = Location::Domestic;
    mine.capacity_per_year = 1_000.0;
    mine.input_per_unit = 0.0;
    mine.price_per_unit = 20.0;
    mine.wages_per_year = 4_000.0;
    mine.jobs = 40.0;
    mine.royalty_pct = 5.0;
    mine.capex = 20_000.0;
    mine.capex_imported_pct = 50.0;
    mine.construction_years = 1;
    mine.economic_life_years = 10;
    mine.ramp_up_years = 2;
    mine.co2_t_per_unit = 0.01;
    mine.unlinked_output = Destination::DomesticMarket;

    let mut mill = Stage::new(StageId::from("mill"), StageKind::Concentration, 2026);
    mill.location = Location::Domestic;
    mill.capacity_per_year = 100.0;
    mill.input_per_unit = 10.0;
    mill.price_per_unit = 300.0;
    mill.purchased_inputs.push(PurchasedInput {
        name: "Reagents and power".to_owned(),
        cost_per_unit: 20.0,
        imported_pct: 40.0,
    });
    mill.by_products.push(ByProduct {
        name: "Gold".to_owned(),
        unit: "oz".to_owned(),
        quantity_per_unit: 0.02,
        price: 2_500.0,
        commodity: None,
        destination: uplift::model::ByProductDestination::FollowsProduct,
    });
    mill.wages_per_year = 3_000.0;
    mill.jobs = 20.0;
    mill.capex = 10_000.0;
    mill.capex_imported_pct = 60.0;
    mill.construction_years = 1;
    mill.economic_life_years = 4;
    mill.ramp_up_years = 2;
    mill.energy_mwh_per_unit = 2.0;
    mill.co2_t_per_unit = 0.5;
    mill.unlinked_output = Destination::Export;

    project.stages = vec![mine, mill];
    project.links.push(Link {
        from: StageId::from("mine"),
        to: StageId::from("mill"),
        share_pct: 100.0,
        transport_cost_per_unit: 1.0,
    });
    project
}

fn results() -> Results {
    let project = worked_example();
    let results = compute(&project).expect("the worked example is valid");
    assert!(
        results.warnings.is_empty(),
        "the worked example raises no warning: {:?}",
        results.warnings
    );
    results
}

const MINE: usize = 0;
const MILL: usize = 1;

fn each_year<F: Fn(&uplift::calc::Accounts) -> f64>(
    results: &Results,
    stage: usize,
    field: F,
) -> Vec<f64> {
    results.stage_years(stage).map(|a| field(&a)).collect()
}

#[test]
fn time_utilisation_gdp() {
    let results = results();
    assert_eq!(results.years, vec![2025, 2026, 2027, 2028]);
    // Ramp-up of 2 years from 2026: average of a line from 0 to 1 over each year.
    // 2025: before production = 0; 2026: (0 + 0.5) / 2 = 0.25; 2027: (1 + 0.5) / 2 = 0.75.
    for stage in [MINE, MILL] {
        assert_years(
            results.utilisation(stage),
            [0.0, 0.25, 0.75, 1.0],
            "utilisation",
        );
    }
    // GDP_t = 1,000,000 x 1.1^(t - 2025).
    assert_years(
        results.gdp.iter().copied(),
        [1_000_000.0, 1_100_000.0, 1_210_000.0, 1_331_000.0],
        "GDP",
    );
}

#[test]
fn mine_accounts() {
    let r = results();
    // 1,000 t x utilisation.
    assert_years(
        each_year(&r, MINE, |a| a.quantity),
        [0.0, 250.0, 750.0, 1_000.0],
        "mine quantity",
    );
    // Everything goes to the mill: nothing left to sell.
    assert_years(
        each_year(&r, MINE, |a| a.sold_quantity),
        [0.0; 4],
        "mine sold quantity",
    );
    // 20 per t x quantity.
    assert_years(
        each_year(&r, MINE, |a| a.output_value),
        [0.0, 5_000.0, 15_000.0, 20_000.0],
        "mine output value",
    );
    assert_years(
        each_year(&r, MINE, |a| a.intermediate_consumption),
        [0.0; 4],
        "mine intermediate consumption",
    );
    assert_years(
        each_year(&r, MINE, |a| a.value_added),
        [0.0, 5_000.0, 15_000.0, 20_000.0],
        "mine value added",
    );
    // 4,000 x utilisation.
    assert_years(
        each_year(&r, MINE, |a| a.wages),
        [0.0, 1_000.0, 3_000.0, 4_000.0],
        "mine wages",
    );
    // 5% of output value.
    assert_years(
        each_year(&r, MINE, |a| a.royalties),
        [0.0, 250.0, 750.0, 1_000.0],
        "mine royalties",
    );
    // 20,000 / 10 years, from 2026.
    assert_years(
        each_year(&r, MINE, |a| a.depreciation),
        [0.0, 2_000.0, 2_000.0, 2_000.0],
        "mine depreciation",
    );
    // 2026: 5,000 - 1,000 - 250 - 2,000 = 1,750; 2027: 15,000 - 3,000 - 750 - 2,000 = 9,250;
    // 2028: 20,000 - 4,000 - 1,000 - 2,000 = 13,000.
    assert_years(
        each_year(&r, MINE, |a| a.operating_surplus),
        [0.0, 1_750.0, 9_250.0, 13_000.0],
        "mine operating surplus",
    );
    // All capex in the one construction year, 2025; half imported.
    assert_years(
        each_year(&r, MINE, |a| a.capex),
        [20_000.0, 0.0, 0.0, 0.0],
        "mine capex",
    );
    assert_years(
        each_year(&r, MINE, |a| a.capex_imported),
        [10_000.0, 0.0, 0.0, 0.0],
        "mine imported capex",
    );
    // Operating surplus + depreciation - capex: -20,000; 1,750 + 2,000; 9,250 + 2,000;
    // 13,000 + 2,000.
    assert_years(
        each_year(&r, MINE, |a| a.cash_flow),
        [-20_000.0, 3_750.0, 11_250.0, 15_000.0],
        "mine cash flow",
    );
    assert_years(
        each_year(&r, MINE, |a| a.jobs),
        [0.0, 10.0, 30.0, 40.0],
        "mine jobs",
    );
    // 0.01 t CO2 per t of ore.
    assert_years(
        each_year(&r, MINE, |a| a.co2_t),
        [0.0, 2.5, 7.5, 10.0],
        "mine CO2",
    );
    // Sells only to the mill, a domestic stage: no final output, no exports.
    assert_years(
        each_year(&r, MINE, |a| a.final_output_value),
        [0.0; 4],
        "mine final output",
    );
    assert_years(each_year(&r, MINE, |a| a.exports), [0.0; 4], "mine exports");
    assert!(r.loss_years(MINE).is_empty());
}

#[test]
fn mill_accounts() {
    let r = results();
    // Planned 100 t x utilisation; the ore available (all of the mine's) / 10 t per t is the
    // same, so feed does not limit it.
    assert_years(
        each_year(&r, MILL, |a| a.quantity),
        [0.0, 25.0, 75.0, 100.0],
        "mill quantity",
    );
    assert_years(
        each_year(&r, MILL, |a| a.feed_used),
        [0.0, 250.0, 750.0, 1_000.0],
        "mill feed used",
    );
    assert_years(
        each_year(&r, MILL, |a| a.sold_quantity),
        [0.0, 25.0, 75.0, 100.0],
        "mill sold quantity",
    );
    // 300 per t.
    assert_years(
        each_year(&r, MILL, |a| a.product_value),
        [0.0, 7_500.0, 22_500.0, 30_000.0],
        "mill product value",
    );
    // 0.02 oz x 2,500 = 50 per t of concentrate.
    assert_years(
        each_year(&r, MILL, |a| a.by_product_value),
        [0.0, 1_250.0, 3_750.0, 5_000.0],
        "mill by-product value",
    );
    assert_years(
        each_year(&r, MILL, |a| a.output_value),
        [0.0, 8_750.0, 26_250.0, 35_000.0],
        "mill output value",
    );
    // Ore used x the mine's price of 20.
    assert_years(
        each_year(&r, MILL, |a| a.material_cost),
        [0.0, 5_000.0, 15_000.0, 20_000.0],
        "mill material cost",
    );
    // Ore used x 1 per t.
    assert_years(
        each_year(&r, MILL, |a| a.transport_cost),
        [0.0, 250.0, 750.0, 1_000.0],
        "mill transport",
    );
    // 20 per t of concentrate, 40% imported.
    assert_years(
        each_year(&r, MILL, |a| a.purchased_inputs),
        [0.0, 500.0, 1_500.0, 2_000.0],
        "mill purchased inputs",
    );
    assert_years(
        each_year(&r, MILL, |a| a.purchased_imported),
        [0.0, 200.0, 600.0, 800.0],
        "mill imported inputs",
    );
    // 5,000 + 250 + 500; 15,000 + 750 + 1,500; 20,000 + 1,000 + 2,000.
    assert_years(
        each_year(&r, MILL, |a| a.intermediate_consumption),
        [0.0, 5_750.0, 17_250.0, 23_000.0],
        "mill intermediate consumption",
    );
    // 8,750 - 5,750; 26,250 - 17,250; 35,000 - 23,000.
    assert_years(
        each_year(&r, MILL, |a| a.value_added),
        [0.0, 3_000.0, 9_000.0, 12_000.0],
        "mill value added",
    );
    assert_years(
        each_year(&r, MILL, |a| a.wages),
        [0.0, 750.0, 2_250.0, 3_000.0],
        "mill wages",
    );
    assert_years(
        each_year(&r, MILL, |a| a.royalties),
        [0.0; 4],
        "mill royalties",
    );
    // 10,000 / 4 years.
    assert_years(
        each_year(&r, MILL, |a| a.depreciation),
        [0.0, 2_500.0, 2_500.0, 2_500.0],
        "mill depreciation",
    );
    // 3,000 - 750 - 2,500 = -250 (a loss); 9,000 - 2,250 - 2,500 = 4,250;
    // 12,000 - 3,000 - 2,500 = 6,500.
    assert_years(
        each_year(&r, MILL, |a| a.operating_surplus),
        [0.0, -250.0, 4_250.0, 6_500.0],
        "mill operating surplus",
    );
    assert_eq!(r.loss_years(MILL), vec![2026]);
    assert_years(
        each_year(&r, MILL, |a| a.capex),
        [10_000.0, 0.0, 0.0, 0.0],
        "mill capex",
    );
    assert_years(
        each_year(&r, MILL, |a| a.capex_imported),
        [6_000.0, 0.0, 0.0, 0.0],
        "mill imported capex",
    );
    // -10,000; -250 + 2,500; 4,250 + 2,500; 6,500 + 2,500.
    assert_years(
        each_year(&r, MILL, |a| a.cash_flow),
        [-10_000.0, 2_250.0, 6_750.0, 9_000.0],
        "mill cash flow",
    );
    assert_years(
        each_year(&r, MILL, |a| a.jobs),
        [0.0, 5.0, 15.0, 20.0],
        "mill jobs",
    );
    assert_years(
        each_year(&r, MILL, |a| a.energy_mwh),
        [0.0, 50.0, 150.0, 200.0],
        "mill energy",
    );
    assert_years(
        each_year(&r, MILL, |a| a.co2_t),
        [0.0, 12.5, 37.5, 50.0],
        "mill CO2",
    );
    // (500 - 200 + 250) x 50%; (1,500 - 600 + 750) x 50%; (2,000 - 800 + 1,000) x 50%.
    assert_years(
        each_year(&r, MILL, |a| a.indirect_va),
        [0.0, 275.0, 825.0, 1_100.0],
        "mill indirect VA",
    );
    // Concentrate and gold all leave the chain, for export.
    assert_years(
        each_year(&r, MILL, |a| a.final_output_value),
        [0.0, 8_750.0, 26_250.0, 35_000.0],
        "mill final output",
    );
    assert_years(
        each_year(&r, MILL, |a| a.exports),
        [0.0, 8_750.0, 26_250.0, 35_000.0],
        "mill exports",
    );
    // 2025: imported capex 6,000 + the imported half of the 4,000 spent at home (2,000).
    // Then imported inputs + indirect imports ½ × (N − imported + Tr): 200 + 275; 600 + 825;
    // 800 + 1,100.
    assert_years(
        each_year(&r, MILL, |a| a.indirect_imports),
        [0.0, 275.0, 825.0, 1_100.0],
        "mill indirect imports",
    );
    assert_years(
        each_year(&r, MILL, |a| a.imports),
        [8_000.0, 475.0, 1_425.0, 1_900.0],
        "mill imports",
    );
    // Value uplift: 35,000 / 20,000 = 1.75 (the same each producing year); absolute
    // 35,000 - 20,000 = 15,000 in 2028.
    let first = r.stage(MILL, Period::Year(2026));
    assert_close(
        first.value_uplift().unwrap(),
        8_750.0 / 5_000.0,
        "mill uplift 2026",
    );
    assert_close(
        first.value_uplift_absolute(),
        3_750.0,
        "mill uplift absolute 2026",
    );
    let full = r.stage(MILL, Period::Year(2028));
    assert_close(full.value_uplift().unwrap(), 1.75, "mill value uplift");
    assert_close(
        full.value_uplift_absolute(),
        15_000.0,
        "mill uplift absolute",
    );
    assert!(r.stage(MINE, Period::Year(2028)).value_uplift().is_none());
}

#[test]
fn national_view() {
    let r = results();
    let national: Vec<_> = (2025..=2028).map(|y| r.national(Period::Year(y))).collect();
    let each = |f: fn(&uplift::calc::National) -> f64| national.iter().map(f).collect::<Vec<_>>();
    // Mine + mill: 5,000 + 3,000; 15,000 + 9,000; 20,000 + 12,000.
    assert_years(
        each(|n| n.accounts.value_added),
        [0.0, 8_000.0, 24_000.0, 32_000.0],
        "direct VA",
    );
    assert_years(
        each(|n| n.accounts.indirect_va),
        [0.0, 275.0, 825.0, 1_100.0],
        "indirect VA",
    );
    assert_years(
        each(|n| n.accounts.total_va()),
        [0.0, 8_275.0, 24_825.0, 33_100.0],
        "total VA",
    );
    assert_years(
        each(uplift::calc::National::share_of_gdp_direct),
        [
            0.0,
            8_000.0 / 1_100_000.0,  // 0.7273%
            24_000.0 / 1_210_000.0, // 1.9835%
            32_000.0 / 1_331_000.0, // 2.4042%
        ],
        "direct share of GDP",
    );
    assert_years(
        each(uplift::calc::National::share_of_gdp_total),
        [
            0.0,
            8_275.0 / 1_100_000.0,  // 0.7523%
            24_825.0 / 1_210_000.0, // 2.0517%
            33_100.0 / 1_331_000.0, // 2.4869%
        ],
        "total share of GDP",
    );
    assert_years(
        each(|n| n.accounts.exports),
        [0.0, 8_750.0, 26_250.0, 35_000.0],
        "exports",
    );
    // 2025: imported capex 10,000 + 6,000 and the imported half of the 14,000 spent at home
    // (7,000); then the mill's imported inputs and indirect imports.
    assert_years(
        each(|n| n.accounts.imports),
        [23_000.0, 475.0, 1_425.0, 1_900.0],
        "imports",
    );
    assert_years(
        each(|n| n.accounts.net_fx()),
        [-23_000.0, 8_275.0, 24_825.0, 33_100.0],
        "net FX",
    );
    // Construction, 2025: domestic capex 10,000 (mine) + 4,000 (mill); VA ½ of it, one job
    // per 1,000.
    assert_years(
        each(|n| n.accounts.construction_va),
        [7_000.0, 0.0, 0.0, 0.0],
        "construction VA",
    );
    assert_years(
        each(|n| n.accounts.construction_jobs),
        [14.0, 0.0, 0.0, 0.0],
        "construction jobs",
    );
    assert_years(
        each(|n| n.accounts.public_revenue()),
        [0.0, 250.0, 750.0, 1_000.0],
        "public revenue",
    );
    assert_years(each(|n| n.accounts.jobs), [0.0, 15.0, 45.0, 60.0], "jobs");
    assert_years(
        each(|n| n.accounts.final_output_value),
        [0.0, 8_750.0, 26_250.0, 35_000.0],
        "final output",
    );
    // Sum of stage outputs counts the ore twice: 5,000 + 8,750; 15,000 + 26,250;
    // 20,000 + 35,000 = 55,000, not 35,000.
    assert_years(
        each(|n| n.accounts.output_value),
        [0.0, 13_750.0, 41_250.0, 55_000.0],
        "sum of stage outputs",
    );
    // Rate of integration: 8,275 / 8,750 = 33,100 / 35,000 = 0.945714...
    assert!(national[0].accounts.integration_rate().is_none());
    assert_close(
        national[1].accounts.integration_rate().unwrap(),
        8_275.0 / 8_750.0,
        "integration 2026",
    );
    assert_close(
        national[3].accounts.integration_rate().unwrap(),
        33_100.0 / 35_000.0,
        "integration 2028",
    );
    assert_years(each(|n| n.accounts.co2_t), [0.0, 15.0, 45.0, 60.0], "CO2");
    assert_years(
        each(|n| n.accounts.energy_mwh),
        [0.0, 50.0, 150.0, 200.0],
        "energy",
    );
}

#[test]
fn periods() {
    let r = results();
    // Horizon: 8,000 + 24,000 + 32,000 = 64,000 direct; 8,275 + 24,825 + 33,100 = 66,200 total;
    // GDP 1,000,000 + 1,100,000 + 1,210,000 + 1,331,000 = 4,641,000.
    let horizon = r.national(Period::Horizon);
    assert_close(horizon.accounts.value_added, 64_000.0, "horizon direct VA");
    assert_close(horizon.accounts.total_va(), 66_200.0, "horizon total VA");
    assert_close(horizon.gdp, 4_641_000.0, "horizon GDP");
    assert_close(
        horizon.share_of_gdp_total(),
        66_200.0 / 4_641_000.0, // 1.4264%
        "horizon share",
    );
    assert_close(horizon.accounts.capex, 30_000.0, "horizon capex");
    // Ramp-up phase 2026-2027: 8,275 + 24,825 = 33,100 over 1,100,000 + 1,210,000 = 2,310,000.
    let phase = r.national(Period::Range(2026, 2027));
    assert_close(phase.accounts.total_va(), 33_100.0, "phase total VA");
    assert_close(phase.gdp, 2_310_000.0, "phase GDP");
    assert_close(
        phase.share_of_gdp_total(),
        33_100.0 / 2_310_000.0, // 1.4329%
        "phase share",
    );
    assert_close(
        r.gdp(Period::Range(2026, 2027)),
        2_310_000.0,
        "phase GDP sum",
    );
}

#[test]
fn investment_view() {
    let r = results();
    // Chain = mine + mill: -30,000; 3,750 + 2,250; 11,250 + 6,750; 15,000 + 9,000.
    let chain = &r.chain_investment;
    assert_years(
        chain.cash_flows.iter().copied(),
        [-30_000.0, 6_000.0, 18_000.0, 24_000.0],
        "chain cash flow",
    );
    // Discounted to 2025 at 10%: -30,000 + 6,000/1.1 + 18,000/1.21 + 24,000/1.331
    // = -30,000 + 5,454.55 + 14,876.03 + 18,031.56 = 8,362.13.
    assert_close(
        chain.npv,
        -30_000.0 + 6_000.0 / 1.1 + 18_000.0 / 1.21 + 24_000.0 / 1.331,
        "chain NPV",
    );
    assert_close(chain.npv, 8_362.133_734_034_553, "chain NPV (rounded)");
    // IRR: the rate r with -30,000 + 6,000/(1+r) + 18,000/(1+r)^2 + 24,000/(1+r)^3 = 0, found
    // independently by bisection to machine precision: 22.41%.
    assert_close(chain.irr.unwrap(), 0.224_078_637_354_224_17, "chain IRR");
    // Cumulative: -30,000, -24,000, -6,000, +18,000: back above zero at the end of 2028.
    assert_eq!(chain.payback_year, Some(2028));

    let mine = &r.stages[MINE].investment;
    // -20,000 + 3,750/1.1 + 11,250/1.21 + 15,000/1.331 = 3,976.33.
    assert_close(
        mine.npv,
        -20_000.0 + 3_750.0 / 1.1 + 11_250.0 / 1.21 + 15_000.0 / 1.331,
        "mine NPV",
    );
    assert_close(mine.irr.unwrap(), 0.189_918_114_343_042_73, "mine IRR");
    // Cumulative: -20,000, -16,250, -5,000, +10,000.
    assert_eq!(mine.payback_year, Some(2028));

    let mill = &r.stages[MILL].investment;
    // -10,000 + 2,250/1.1 + 6,750/1.21 + 9,000/1.331 = 4,385.80.
    assert_close(
        mill.npv,
        -10_000.0 + 2_250.0 / 1.1 + 6_750.0 / 1.21 + 9_000.0 / 1.331,
        "mill NPV",
    );
    assert_close(mill.irr.unwrap(), 0.289_594_010_723_463, "mill IRR");
    // Cumulative: -10,000, -7,750, -1,000, +8,000.
    assert_eq!(mill.payback_year, Some(2028));
}

#[test]
fn identities_hold() {
    let r = results();
    for year in 2025..=2028 {
        let n = r.national(Period::Year(year)).accounts;
        // Value added splits exactly into its four parts.
        assert_close(
            n.wages + n.net_taxes() + n.depreciation + n.operating_surplus,
            n.value_added,
            "VA split",
        );
        // Final output = direct VA + what the domestic chain buys from outside itself
        // (feed from stages abroad, none here; transport; purchased inputs): the ore the mill
        // buys from the mine cancels out. 2028: 35,000 = 32,000 + 1,000 + 2,000.
        assert_close(
            n.final_output_value,
            n.value_added + n.material_from_abroad + n.transport_cost + n.purchased_inputs,
            "final output identity",
        );
        // VCA4D: = total VA + direct + indirect imports. 2028: 33,100 + 800 + 1,100.
        assert_close(
            n.final_output_value,
            n.total_va() + n.direct_imports() + n.indirect_imports,
            "VCA4D identity",
        );
        // Mass balance of the mine: everything made goes to the mill or to the market.
        let mine = r.stage(MINE, Period::Year(year));
        let mill = r.stage(MILL, Period::Year(year));
        assert_close(
            mine.quantity,
            mill.feed_used + mine.sold_quantity,
            "mass balance",
        );
    }
}
