//! Textbook cases and small hand-computed cases, run through `uplift::calc::compute`.
//!
//! Every expected number is a literal worked out by hand, with the arithmetic in a comment, so
//! that a wrong formula in the calculation makes a test fail. See `docs/METHOD.md` for the
//! formulas and `/work/shared/reference-data.md` ("Textbook checks") for the sources.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use uplift::calc::{Accounts, Period, Results, compute, irr, npv};
use uplift::model::validate::{Problem, Severity, Subject, validate};
use uplift::model::{Destination, Phase, Project, PurchasedInput, StageId};

mod common;

use common::assert_close;
use common::builders::{abroad, fed, link, neutral_project, stage};

/// A project over `first_year..=last_year` (the first also the base year), GDP 1,000, with
/// a neutral economy.
fn project(first_year: i32, last_year: i32) -> Project {
    neutral_project("Test", (first_year, last_year), 1_000.0)
}

/// Accounts of the stage with `id` in the first year of the horizon.
fn accounts(project: &Project, results: &Results, id: &str) -> Accounts {
    let index = project.stage_index(&StageId::from(id)).unwrap();
    results.stage(index, Period::Year(results.years[0]))
}

// ---------------------------------------------------------------------------------------------
// Textbook cases
// ---------------------------------------------------------------------------------------------

/// Blanchard, Macroeconomics, ch. 2: steel sold for 100 with wages 80; cars sold for 200 with
/// wages 70 using that steel. Value added 100 + 100 = 200 = the value of the final good.
#[test]
fn steel_and_cars_blanchard() {
    let mut p = project(2024, 2024);
    let mut steel = stage("steel", 2024, 1.0, 100.0);
    steel.wages_per_year = 80.0;
    let mut cars = fed(stage("cars", 2024, 1.0, 200.0), 1.0);
    cars.wages_per_year = 70.0;
    p.stages = vec![steel, cars];
    p.links = vec![link("steel", "cars", 100.0)];
    let r = compute(&p).unwrap();

    let steel = accounts(&p, &r, "steel");
    assert_close(steel.output_value, 100.0, "steel output");
    assert_close(steel.intermediate_consumption, 0.0, "steel IC");
    assert_close(steel.value_added, 100.0, "steel VA");
    assert_close(steel.wages, 80.0, "steel wages");
    // 100 - 80 wages = 20 profit (no taxes, no capex).
    assert_close(steel.operating_surplus, 20.0, "steel profit");
    assert_close(steel.sold_quantity, 0.0, "all steel goes to the car maker");

    let cars = accounts(&p, &r, "cars");
    assert_close(cars.output_value, 200.0, "car output");
    assert_close(cars.material_cost, 100.0, "steel bought");
    // 200 - 100 = 100.
    assert_close(cars.value_added, 100.0, "car VA");
    assert_close(cars.wages, 70.0, "car wages");
    // 100 - 70 = 30.
    assert_close(cars.operating_surplus, 30.0, "car profit");

    let national = r.national(Period::Year(2024)).accounts;
    // GDP contribution = 100 + 100 = 200 = value of the final good (the cars).
    assert_close(national.value_added, 200.0, "sum of VA");
    assert_close(national.final_output_value, 200.0, "final goods");
    assert_close(
        national.integration_rate().unwrap(),
        1.0,
        "VA / final output",
    );
    // Income side: wages 80 + 70 = 150, profits 20 + 30 = 50; 150 + 50 = 200.
    assert_close(national.wages, 150.0, "wages");
    assert_close(national.operating_surplus, 50.0, "profits");
    // Summing outputs would count the steel twice: 100 + 200 = 300.
    assert_close(national.output_value, 300.0, "sum of outputs");
}

/// Coal and steel (after Williamson ch. 2): coal 15 Mt x 5 = 75, all value added; steel uses
/// 25 Mt of coal (15 domestic, 10 imported) and sells 10 Mt x 20 = 200, value added
/// 200 - 125 = 75. GDP = 150, exports 40, imports 50, net exports -10.
///
/// The reference gives exports of 40 without saying what is exported. Only steel can be: coal
/// is all used by the steel maker, and 40 / 20 = 2 Mt of steel. The expenditure side then
/// closes: domestic final use 8 Mt x 20 = 160, plus exports 40, minus imports 50 = 150 = GDP.
/// So the steel stage sends 20% of its output along a link to a stage abroad standing for the
/// foreign buyers (material sold to a stage abroad is an export) and sells the other 80% on the
/// domestic market. Imported coal is a coal stage abroad, priced at 5.
#[test]
fn coal_and_steel_williamson() {
    let mut p = project(2024, 2024);
    let coal = stage("coal", 2024, 15.0, 5.0);
    let coal_abroad = abroad(stage("coal-abroad", 2024, 10.0, 5.0));
    // 25 Mt of coal for 10 Mt of steel = 2.5 t per t. The feed is drawn from both coal links
    // in proportion to what they ship (15 and 10), which is exactly the 15 / 10 split.
    let steel = fed(stage("steel", 2024, 10.0, 20.0), 2.5);
    // The foreign buyers resell at the price they paid: they only stand in for the market.
    let buyers = abroad(fed(stage("buyers-abroad", 2024, 2.0, 20.0), 1.0));
    p.stages = vec![coal, coal_abroad, steel, buyers];
    p.links = vec![
        link("coal", "steel", 100.0),
        link("coal-abroad", "steel", 100.0),
        link("steel", "buyers-abroad", 20.0),
    ];
    let r = compute(&p).unwrap();

    let coal = accounts(&p, &r, "coal");
    assert_close(coal.value_added, 75.0, "coal VA = 15 x 5");
    let steel = accounts(&p, &r, "steel");
    assert_close(steel.quantity, 10.0, "steel made");
    assert_close(steel.feed_used, 25.0, "coal used = 10 x 2.5");
    assert_close(steel.material_cost, 125.0, "coal bought = 25 x 5");
    assert_close(steel.material_from_abroad, 50.0, "imported coal = 10 x 5");
    assert_close(steel.output_value, 200.0, "steel sales = 10 x 20");
    // 200 - 125 = 75.
    assert_close(steel.value_added, 75.0, "steel VA");
    // 10 Mt - 2 Mt exported = 8 Mt on the domestic market.
    assert_close(steel.sold_quantity, 8.0, "steel sold at home");

    let national = r.national(Period::Year(2024)).accounts;
    // 75 + 75 = 150: the stages abroad do not count.
    assert_close(national.value_added, 150.0, "GDP = sum of domestic VA");
    assert_close(national.exports, 40.0, "exports = 2 Mt x 20");
    assert_close(national.imports, 50.0, "imports = 10 Mt x 5");
    assert_close(national.net_fx(), -10.0, "net exports = 40 - 50");
    // Expenditure side: final output 8 x 20 + 2 x 20 = 200; minus the 40 exported is the
    // domestic final use 160; 160 + 40 - 50 = 150.
    assert_close(national.final_output_value, 200.0, "final output");
    assert_close(
        national.final_output_value - national.exports + national.net_fx(),
        150.0,
        "C + I + G + NX",
    );
    // Final output = direct VA + what the domestic chain buys from outside itself (here only
    // the imported coal): 150 + 50 = 200.
    assert_close(
        national.final_output_value,
        national.value_added + national.material_from_abroad,
        "final output identity",
    );
}

// ---------------------------------------------------------------------------------------------
// Time: ramp-up, capex, depreciation
// ---------------------------------------------------------------------------------------------

#[test]
fn ramp_up_profile_is_the_annual_average_of_a_linear_ramp() {
    let mut p = project(2029, 2035);
    let mut four = stage("four", 2030, 800.0, 1.0);
    four.ramp_up_years = 4;
    let mut one = stage("one", 2030, 800.0, 1.0);
    one.ramp_up_years = 1;
    let none = stage("none", 2030, 800.0, 1.0);
    p.stages = vec![four, one, none];
    let r = compute(&p).unwrap();
    // Ramp over 4 years: year k averages (k + 0.5) / 4 = 0.125, 0.375, 0.625, 0.875, then 1.
    let ramp_of_four = [0.0, 0.125, 0.375, 0.625, 0.875, 1.0, 1.0];
    // Ramp over 1 year: (0 + 0.5) / 1 = 0.5 in the first year, then 1.
    let ramp_of_one = [0.0, 0.5, 1.0, 1.0, 1.0, 1.0, 1.0];
    // No ramp: full from the first production year.
    let no_ramp = [0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0];
    for (index, expected) in [ramp_of_four, ramp_of_one, no_ramp].iter().enumerate() {
        for (year, wanted) in expected.iter().enumerate() {
            let utilisation = r.utilisation(index).nth(year).unwrap_or(f64::NAN);
            assert_close(utilisation, *wanted, "utilisation");
            // 800 x utilisation: 100, 300, 500, 700 for the 4-year ramp.
            assert_close(
                r.stage_year(index, year).unwrap_or_default().quantity,
                800.0 * wanted,
                "quantity",
            );
        }
    }
}

#[test]
fn capex_is_spread_over_construction_and_depreciated_from_first_production() {
    let mut p = project(2027, 2035);
    let mut plant = stage("plant", 2030, 1.0, 1.0);
    plant.capex = 1_200.0;
    plant.capex_imported_pct = 25.0;
    plant.construction_years = 3;
    plant.economic_life_years = 4;
    let mut quick = stage("quick", 2030, 1.0, 1.0);
    quick.capex = 500.0;
    quick.construction_years = 0;
    quick.economic_life_years = 5;
    p.stages = vec![plant, quick];
    let r = compute(&p).unwrap();
    let column = |stage: usize, f: fn(&Accounts) -> f64| -> Vec<f64> {
        r.stage_years(stage).map(|a| f(&a)).collect()
    };
    // 1,200 / 3 = 400 in 2027, 2028, 2029 (the three years before 2030).
    assert_eq!(
        column(0, |a| a.capex),
        vec![400.0, 400.0, 400.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    );
    // 25% of 400 = 100.
    assert_eq!(
        column(0, |a| a.capex_imported),
        vec![100.0, 100.0, 100.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    );
    // 1,200 / 4 = 300 a year, 2030-2033.
    assert_eq!(
        column(0, |a| a.depreciation),
        vec![0.0, 0.0, 0.0, 300.0, 300.0, 300.0, 300.0, 0.0, 0.0]
    );
    // No construction years: all 500 in the first production year, 2030; 500 / 5 = 100 a year
    // from 2030 to 2034.
    assert_eq!(
        column(1, |a| a.capex),
        vec![0.0, 0.0, 0.0, 500.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    );
    assert_eq!(
        column(1, |a| a.depreciation),
        vec![0.0, 0.0, 0.0, 100.0, 100.0, 100.0, 100.0, 100.0, 0.0]
    );
    // Cash flow = operating surplus + depreciation - capex; with output 1 x 1 = 1 a year:
    // plant 2030: VA 1 - depreciation 300 = -299 surplus; -299 + 300 - 0 = 1.
    assert_close(
        r.stage_year(0, 3).unwrap_or_default().operating_surplus,
        -299.0,
        "surplus",
    );
    assert_close(
        r.stage_year(0, 3).unwrap_or_default().cash_flow,
        1.0,
        "cash flow",
    );
    // quick 2030: 1 - 100 = -99 surplus; -99 + 100 - 500 = -499.
    assert_close(
        r.stage_year(1, 3).unwrap_or_default().cash_flow,
        -499.0,
        "cash flow with capex",
    );
}

#[test]
fn capex_before_the_horizon_is_left_out_with_a_warning() {
    let mut p = project(2028, 2031);
    let mut plant = stage("plant", 2030, 1.0, 1.0);
    plant.capex = 1_200.0;
    plant.construction_years = 3;
    plant.economic_life_years = 4;
    p.stages = vec![plant];
    let r = compute(&p).unwrap();
    // Construction 2027-2029; 2027 lies before the horizon: only 400 + 400 are counted.
    let capex: Vec<f64> = r.stage_years(0).map(|a| a.capex).collect();
    assert_eq!(capex, vec![400.0, 400.0, 0.0, 0.0]);
    assert_close(
        r.national(Period::Horizon).accounts.capex,
        800.0,
        "capex in horizon",
    );
    // Depreciation still runs on the full 1,200: 300 a year.
    assert_close(
        r.stage_year(0, 2).unwrap_or_default().depreciation,
        300.0,
        "depreciation",
    );
    assert_eq!(r.warnings.len(), 1);
    let warning = &r.warnings[0];
    assert_eq!(warning.severity, Severity::Warning);
    assert_eq!(warning.subject, Subject::Stage(StageId::from("plant")));
    assert_eq!(warning.field, Some("construction_years"));
    assert!(warning.message.contains("2027"), "{}", warning.message);
}

// ---------------------------------------------------------------------------------------------
// Quantities: feed limits, returned feed, proportional draw
// ---------------------------------------------------------------------------------------------

#[test]
fn feed_a_downstream_stage_cannot_use_is_sold_by_the_upstream_stage() {
    let mut p = project(2024, 2024);
    let mut mine = stage("mine", 2024, 1_000.0, 10.0);
    mine.unlinked_output = Destination::Export;
    // The mill can make 300 t; at 2 t of ore per t it takes 600 t of the 1,000 t shipped.
    let mill = fed(stage("mill", 2024, 300.0, 50.0), 2.0);
    p.stages = vec![mine, mill];
    p.links = vec![link("mine", "mill", 100.0)];
    let r = compute(&p).unwrap();
    let mine = accounts(&p, &r, "mine");
    let mill = accounts(&p, &r, "mill");
    assert_close(mill.quantity, 300.0, "mill at capacity");
    assert_close(mill.feed_used, 600.0, "300 x 2");
    // 1,000 - 600 = 400 t come back to the mine, which sells them (for export) at 10.
    assert_close(mine.sold_quantity, 400.0, "ore sold by the mine");
    assert_close(mine.exports, 4_000.0, "400 x 10");
    assert_close(mine.final_output_value, 4_000.0, "ore leaving the chain");
    // The mine still earns on all 1,000 t: 10,000.
    assert_close(mine.output_value, 10_000.0, "mine output");
    assert_close(mill.material_cost, 6_000.0, "600 x 10");
}

#[test]
fn a_stage_short_of_feed_makes_less_than_planned() {
    let mut p = project(2024, 2024);
    let mine = stage("mine", 2024, 1_000.0, 10.0);
    let mut mill = fed(stage("mill", 2024, 800.0, 50.0), 2.0);
    mill.wages_per_year = 1_600.0;
    mill.jobs = 80.0;
    p.stages = vec![mine, mill];
    p.links = vec![link("mine", "mill", 100.0)];
    let r = compute(&p).unwrap();
    let mine = accounts(&p, &r, "mine");
    let mill = accounts(&p, &r, "mill");
    // Planned 800 t needs 1,600 t of ore; only 1,000 t exist: 1,000 / 2 = 500 t.
    assert_close(mill.planned_quantity, 800.0, "planned");
    assert_close(mill.quantity, 500.0, "made");
    assert_close(mill.feed_used, 1_000.0, "all the ore");
    assert_close(mine.sold_quantity, 0.0, "nothing left");
    // Wages and jobs follow activity: 500 / 800 = 62.5% of 1,600 and of 80.
    assert_close(mill.wages, 1_000.0, "wages");
    assert_close(mill.jobs, 50.0, "jobs");
}

#[test]
fn feed_is_drawn_from_several_links_in_proportion_and_nothing_vanishes() {
    let mut p = project(2024, 2024);
    let a = stage("a", 2024, 600.0, 10.0);
    let b = stage("b", 2024, 800.0, 20.0);
    // Needs 250 x 2 = 500 units; shipped: 600 from a (100%) + 400 from b (50% of 800) = 1,000.
    let mut mill = fed(stage("mill", 2024, 250.0, 100.0), 2.0);
    mill.unlinked_output = Destination::Export;
    p.stages = vec![a, b, mill];
    p.links = vec![link("a", "mill", 100.0), link("b", "mill", 50.0)];
    let r = compute(&p).unwrap();
    let a = accounts(&p, &r, "a");
    let b = accounts(&p, &r, "b");
    let mill = accounts(&p, &r, "mill");
    assert_close(mill.quantity, 250.0, "mill");
    // 500 / 1,000 = half of each shipment: 300 from a, 200 from b.
    assert_close(mill.feed_used, 500.0, "feed used");
    // 300 x 10 + 200 x 20 = 3,000 + 4,000.
    assert_close(mill.material_cost, 7_000.0, "material cost");
    // a sells 600 - 300 = 300; b sells 800 - 200 = 600 (its unlinked half plus the unused).
    assert_close(a.sold_quantity, 300.0, "a sells the rest");
    assert_close(b.sold_quantity, 600.0, "b sells the rest");
    // Mass balance: 600 + 800 made = 500 used + 300 + 600 sold.
    assert_close(
        a.quantity + b.quantity,
        mill.feed_used + a.sold_quantity + b.sold_quantity,
        "mass balance",
    );
}

// ---------------------------------------------------------------------------------------------
// Investment: NPV, IRR, payback
// ---------------------------------------------------------------------------------------------

#[test]
fn npv_and_irr_of_a_one_year_investment() {
    // Capex 100 in 2024, output 1 x 110 in 2025: cash flows -100, +110.
    let mut p = project(2024, 2025);
    p.economy.discount_rate_pct = 5.0;
    let mut plant = stage("plant", 2025, 1.0, 110.0);
    plant.capex = 100.0;
    plant.construction_years = 1;
    plant.economic_life_years = 1;
    p.stages = vec![plant];
    let r = compute(&p).unwrap();
    let investment = &r.stages[0].investment;
    assert_eq!(investment.cash_flows, vec![-100.0, 110.0]);
    // -100 + 110 / 1.1 = 0, so the IRR is 10%.
    assert_close(investment.irr.unwrap(), 0.10, "IRR");
    // At 5%, discounted to the base year 2024: -100 + 110 / 1.05 = 4.761904761904...
    assert_close(investment.npv, 4.761_904_761_904_759, "NPV at 5%");
    assert_eq!(investment.payback_year, Some(2025));
    assert_eq!(r.chain_investment.cash_flows, vec![-100.0, 110.0]);

    // Base year one year earlier: every flow is discounted once more:
    // -100 / 1.05 + 110 / 1.05^2 = -95.238095 + 99.773243 = 4.535147...
    p.base_year = 2023;
    let r = compute(&p).unwrap();
    assert_close(
        r.stages[0].investment.npv,
        4.535_147_392_290_241,
        "NPV to 2023",
    );
}

#[test]
fn npv_and_irr_match_closed_forms() {
    // NPV at 10% of -100, +110 is 0; of -100, 0, +121 is 0.
    assert_close(npv(&[-100.0, 110.0], 0.10, 0), 0.0, "NPV");
    assert_close(npv(&[-100.0, 0.0, 121.0], 0.10, 0), 0.0, "NPV");
    // A single flow of 100 two years after the base year: 100 / 1.1^2 = 100 / 1.21 = 82.6446...
    assert_close(npv(&[100.0], 0.10, 2), 82.644_628_099_173_56, "offset");
    assert_close(irr(&[-100.0, 110.0]).unwrap(), 0.10, "IRR 10%");
    assert_close(
        irr(&[-100.0, 0.0, 121.0]).unwrap(),
        0.10,
        "IRR over two years",
    );
    // -100 + 60x + 60x^2 = 0 with x = 1/(1+r): x = (-60 + sqrt(3,600 + 24,000)) / 120
    // = (-60 + 166.132477) / 120 = 0.884437; r = 1/x - 1 = 0.130662.
    let x = (-60.0 + 27_600.0_f64.sqrt()) / 120.0;
    assert_close(
        irr(&[-100.0, 60.0, 60.0]).unwrap(),
        1.0 / x - 1.0,
        "IRR annuity",
    );
    assert_close(
        irr(&[-100.0, 60.0, 60.0]).unwrap(),
        0.130_662_386_291_807_5,
        "IRR 13.07%",
    );
    // -100 + 230x - 132x^2 = 0 has x = (230 +- 10) / 264: rates of 10% and 20%. The lowest, 10%.
    assert_close(irr(&[-100.0, 230.0, -132.0]).unwrap(), 0.10, "lowest IRR");
    // A loss-making project: -100 then +50: r = 50/100 - 1 = -50%.
    assert_close(irr(&[-100.0, 50.0]).unwrap(), -0.5, "negative IRR");
    // Flows that never change sign have no IRR.
    assert_eq!(irr(&[100.0, 50.0]), None);
    assert_eq!(irr(&[-100.0, -50.0]), None);
    assert_eq!(irr(&[0.0, 0.0]), None);
}

#[test]
fn payback_year_is_when_cumulative_cash_flow_is_back_to_zero() {
    // Capex 100 in 2024, then 50 a year: cumulative -100, -50, 0, +50: back to zero in 2026.
    let mut p = project(2024, 2027);
    let mut plant = stage("plant", 2025, 1.0, 50.0);
    plant.capex = 100.0;
    plant.construction_years = 1;
    plant.economic_life_years = 10;
    // A stage without capex is never under water, so it has no payback year.
    let free = stage("free", 2025, 1.0, 50.0);
    p.stages = vec![plant, free];
    let r = compute(&p).unwrap();
    assert_eq!(
        r.stages[0].investment.cash_flows,
        vec![-100.0, 50.0, 50.0, 50.0]
    );
    assert_eq!(r.stages[0].investment.payback_year, Some(2026));
    assert_eq!(r.stages[1].investment.payback_year, None);
    // Chain: -100, 100, 100, 100; cumulative -100, 0: back in 2025.
    assert_eq!(r.chain_investment.payback_year, Some(2025));

    // Never paid back within the horizon: capex 1,000.
    p.stages[0].capex = 1_000.0;
    let r = compute(&p).unwrap();
    assert_eq!(r.stages[0].investment.payback_year, None);
}

// ---------------------------------------------------------------------------------------------
// National view
// ---------------------------------------------------------------------------------------------

#[test]
fn indirect_va_and_share_of_gdp_with_growth() {
    // Base year 2020, GDP 10,000 growing 5%: 2022 GDP = 10,000 x 1.05^2 = 11,025.
    let mut p = project(2022, 2022);
    p.base_year = 2020;
    p.economy.gdp_base_year = 10_000.0;
    p.economy.gdp_growth_pct = 5.0;
    p.economy.domestic_va_content_pct = 40.0;
    let quarry = stage("quarry", 2022, 20.0, 5.0);
    let mut plant = fed(stage("plant", 2022, 10.0, 100.0), 2.0);
    plant.purchased_inputs = vec![
        PurchasedInput {
            name: "Power".to_owned(),
            cost_per_unit: 30.0,
            imported_pct: 20.0,
        },
        PurchasedInput {
            name: "Reagent".to_owned(),
            cost_per_unit: 10.0,
            imported_pct: 100.0,
        },
    ];
    p.stages = vec![quarry, plant];
    let mut feed = link("quarry", "plant", 100.0);
    feed.transport_cost_per_unit = 1.0;
    p.links = vec![feed];
    let r = compute(&p).unwrap();
    assert_close(r.gdp[0], 11_025.0, "GDP 2022");

    let plant = accounts(&p, &r, "plant");
    // Inputs (30 + 10) x 10 = 400, of which 30 x 20% x 10 + 10 x 10 = 60 + 100 = 160 imported.
    assert_close(plant.purchased_inputs, 400.0, "inputs");
    assert_close(plant.purchased_imported, 160.0, "imported inputs");
    // 20 t of feed x 1 = 20 transport; feed 20 x 5 = 100.
    assert_close(plant.transport_cost, 20.0, "transport");
    // IC = 100 + 20 + 400 = 520; VA = 1,000 - 520 = 480.
    assert_close(plant.value_added, 480.0, "plant VA");
    // Indirect VA = (400 - 160 + 20) x 40% = 104. The ore bought from the quarry is not in it:
    // the quarry's own VA already counts it.
    assert_close(plant.indirect_va, 104.0, "indirect VA");

    let national = r.national(Period::Year(2022));
    // Direct VA = 100 (quarry) + 480 = 580; total = 580 + 104 = 684.
    assert_close(national.accounts.value_added, 580.0, "direct VA");
    assert_close(national.accounts.total_va(), 684.0, "total VA");
    assert_close(
        national.share_of_gdp_direct(),
        580.0 / 11_025.0,
        "direct share 5.26%",
    );
    assert_close(
        national.share_of_gdp_total(),
        684.0 / 11_025.0,
        "total share 6.20%",
    );
    // Imports = 160 imported inputs + indirect imports, the 60% of domestic supplies (260)
    // that is not domestic VA: 260 - 104 = 156; 316 in all (docs/METHOD.md 5.2, 5.4).
    assert_close(
        national.accounts.indirect_imports,
        156.0,
        "indirect imports",
    );
    assert_close(national.accounts.imports, 316.0, "imports");
}

#[test]
fn stages_abroad_stay_out_of_national_totals() {
    // Domestic mine -> smelter abroad -> domestic fabricator.
    let mut p = project(2024, 2024);
    let mut mine = stage("mine", 2024, 100.0, 10.0);
    mine.unlinked_output = Destination::Export;
    let mut smelter = abroad(fed(stage("smelter", 2024, 50.0, 50.0), 2.0));
    smelter.wages_per_year = 100.0;
    smelter.jobs = 10.0;
    smelter.royalty_pct = 10.0;
    smelter.capex = 500.0;
    smelter.economic_life_years = 5;
    smelter.unlinked_output = Destination::Export;
    let fabricator = fed(stage("fabricator", 2024, 50.0, 80.0), 1.0);
    p.stages = vec![mine, smelter, fabricator];
    p.links = vec![
        link("mine", "smelter", 100.0),
        link("smelter", "fabricator", 100.0),
    ];
    let r = compute(&p).unwrap();

    let smelter = accounts(&p, &r, "smelter");
    // The smelter's own accounts are still computed: 2,500 - 1,000 = 1,500 VA.
    assert_close(smelter.value_added, 1_500.0, "smelter VA");
    // But none of its national figures: no exports, imports, indirect VA or final output.
    assert_close(smelter.exports, 0.0, "abroad: no exports");
    assert_close(smelter.imports, 0.0, "abroad: no imports");
    assert_close(smelter.final_output_value, 0.0, "abroad: no final output");
    // Own cash flow: 1,500 - 100 wages - 250 royalty - 100 depreciation = 1,050 surplus;
    // 1,050 + 100 - 500 capex = 650.
    assert_close(smelter.cash_flow, 650.0, "smelter cash flow");

    let national = r.national(Period::Year(2024)).accounts;
    // Mine 100 x 10 = 1,000; fabricator 50 x 80 - 50 x 50 = 1,500; total 2,500, not 4,000.
    assert_close(national.value_added, 2_500.0, "domestic VA only");
    // Ore sold to the smelter is exported (1,000); metal bought from it is imported (2,500).
    assert_close(national.exports, 1_000.0, "exports");
    assert_close(national.imports, 2_500.0, "imports");
    assert_close(national.jobs, 0.0, "no jobs abroad");
    assert_close(national.public_revenue(), 0.0, "no royalties abroad");
    assert_close(national.capex, 0.0, "no capex abroad");
    // Chain investment is the domestic stages only: 1,000 + 1,500 = 2,500.
    assert_eq!(r.chain_investment.cash_flows, vec![2_500.0]);
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

fn errors_of(project: &Project) -> Vec<Problem> {
    let problems = compute(project).unwrap_err();
    problems.into_iter().filter(Problem::is_error).collect()
}

fn two_stages() -> Project {
    let mut p = project(2024, 2024);
    p.stages = vec![
        stage("a", 2024, 1.0, 1.0),
        fed(stage("b", 2024, 1.0, 1.0), 1.0),
    ];
    p.links = vec![link("a", "b", 100.0)];
    p
}

#[test]
fn the_two_stage_fixture_is_valid() {
    assert!(validate(&two_stages()).is_empty());
}

#[test]
fn validation_catches_a_cycle() {
    let mut p = two_stages();
    p.stages[0].input_per_unit = 1.0;
    p.links.push(link("b", "a", 100.0));
    let errors = errors_of(&p);
    let subjects: Vec<&Subject> = errors.iter().map(|e| &e.subject).collect();
    assert!(
        subjects.contains(&&Subject::Stage(StageId::from("a"))),
        "{errors:?}"
    );
    assert!(
        subjects.contains(&&Subject::Stage(StageId::from("b"))),
        "{errors:?}"
    );
    assert!(errors[0].message.contains("cycle"), "{}", errors[0].message);
}

#[test]
fn validation_catches_a_missing_link_target() {
    let mut p = two_stages();
    p.links.push(link("a", "ghost", 0.0));
    let errors = errors_of(&p);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].subject, Subject::Link(1));
    assert_eq!(errors[0].field, Some("to"));
    assert!(
        errors[0].message.contains("'ghost'"),
        "{}",
        errors[0].message
    );
    assert_eq!(errors[0].location(&p), "link from 'a' to 'ghost', to");
}

#[test]
fn validation_catches_repeated_links_and_links_to_themselves() {
    let repeats = |errors: &[Problem]| -> Vec<Subject> {
        errors
            .iter()
            .filter(|e| e.message.contains("more than one link"))
            .map(|e| e.subject.clone())
            .collect()
    };
    // The same two stages joined twice: the second link is the repeat.
    let mut p = two_stages();
    p.links[0].share_pct = 50.0;
    p.links.push(link("a", "b", 50.0));
    let errors = errors_of(&p);
    assert_eq!(repeats(&errors), vec![Subject::Link(1)], "{errors:?}");

    // A stage linked to itself.
    let mut p = two_stages();
    p.links.push(link("b", "b", 0.0));
    let errors = errors_of(&p);
    assert!(
        errors.iter().any(|e| e.subject == Subject::Link(1)
            && e.field == Some("to")
            && e.message.contains("linked to itself")),
        "{errors:?}"
    );

    // A stage feeding twenty others (more than are compared one by one), one of them twice,
    // and two links between the same two missing stages.
    let mut p = two_stages();
    for k in 0..20 {
        p.stages
            .push(fed(stage(&format!("c{k}"), 2024, 1.0, 1.0), 1.0));
        p.links.push(link("b", &format!("c{k}"), 1.0));
    }
    p.links.push(link("b", "c7", 1.0));
    p.links.push(link("ghost", "phantom", 1.0));
    p.links.push(link("ghost", "phantom", 1.0));
    let errors = errors_of(&p);
    assert_eq!(
        repeats(&errors),
        vec![Subject::Link(21), Subject::Link(23)],
        "{errors:?}"
    );
}

#[test]
fn validation_catches_shares_above_100_pct() {
    // Two links of 60% and 50% from the same stage: 110% in all.
    let mut p = two_stages();
    p.stages.push(fed(stage("c", 2024, 1.0, 1.0), 1.0));
    p.links[0].share_pct = 60.0;
    p.links.push(link("a", "c", 50.0));
    let errors = errors_of(&p);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].subject, Subject::Stage(StageId::from("a")));
    assert_eq!(errors[0].field, Some("links"));
    assert!(errors[0].message.contains("110"), "{}", errors[0].message);

    // One link of 150%.
    let mut p = two_stages();
    p.links[0].share_pct = 150.0;
    let errors = errors_of(&p);
    assert!(
        errors
            .iter()
            .any(|e| e.subject == Subject::Link(0) && e.field == Some("share_pct")),
        "{errors:?}"
    );

    // 33.3 + 33.3 + 33.4 = 100 within rounding: accepted.
    let mut p = two_stages();
    p.stages.push(fed(stage("c", 2024, 1.0, 1.0), 1.0));
    p.stages.push(fed(stage("d", 2024, 1.0, 1.0), 1.0));
    p.links[0].share_pct = 33.3;
    p.links.push(link("a", "c", 33.3));
    p.links.push(link("a", "d", 33.4));
    assert!(compute(&p).is_ok());
}

#[test]
fn validation_catches_nan_and_negative_numbers() {
    let mut p = two_stages();
    p.stages[0].price_per_unit = f64::NAN;
    p.stages[1].wages_per_year = -1.0;
    p.links[0].transport_cost_per_unit = f64::INFINITY;
    let errors = errors_of(&p);
    assert_eq!(errors.len(), 3, "{errors:?}");
    let find = |subject: Subject, field: &str| {
        errors
            .iter()
            .find(|e| e.subject == subject && e.field == Some(field))
            .unwrap_or_else(|| panic!("no error on {subject:?} {field}: {errors:?}"))
    };
    let nan = find(Subject::Stage(StageId::from("a")), "price_per_unit");
    assert!(nan.message.contains("not a number"), "{}", nan.message);
    assert_eq!(nan.location(&p), "stage 'a', price_per_unit");
    let negative = find(Subject::Stage(StageId::from("b")), "wages_per_year");
    assert!(
        negative.message.contains("negative"),
        "{}",
        negative.message
    );
    find(Subject::Link(0), "transport_cost_per_unit");
}

#[test]
fn validation_catches_a_fed_stage_without_input_per_unit() {
    let mut p = two_stages();
    p.stages[1].input_per_unit = 0.0;
    let errors = errors_of(&p);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].subject, Subject::Stage(StageId::from("b")));
    assert_eq!(errors[0].field, Some("input_per_unit"));
}

#[test]
fn years_outside_the_horizon_are_warnings() {
    let mut p = two_stages();
    // Production after the horizon ends (2024).
    p.stages[1].first_production_year = 2030;
    // A phase reaching past the horizon.
    p.phases.push(Phase {
        name: "Full impact".to_owned(),
        first_year: 2024,
        last_year: 2040,
    });
    let r = compute(&p).expect("warnings do not stop the calculation");
    assert_eq!(r.warnings.len(), 2, "{:?}", r.warnings);
    assert!(r.warnings.iter().all(|w| w.severity == Severity::Warning));
    let late = r
        .warnings
        .iter()
        .find(|w| w.subject == Subject::Stage(StageId::from("b")))
        .unwrap();
    assert_eq!(late.field, Some("first_production_year"));
    assert!(late.message.contains("2030"), "{}", late.message);
    let phase = r
        .warnings
        .iter()
        .find(|w| w.subject == Subject::Phase(0))
        .unwrap();
    assert_eq!(phase.location(&p), "phase 'Full impact', last_year");
    // The late stage makes nothing; the ore it would have taken is sold by stage a.
    assert_close(
        r.stage_year(1, 0).unwrap_or_default().quantity,
        0.0,
        "nothing made",
    );
    assert_close(
        r.stage_year(0, 0).unwrap_or_default().sold_quantity,
        1.0,
        "a sells its unit",
    );
}
