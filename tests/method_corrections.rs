//! The corrections of issue #17 to the method, each against figures worked out by hand
//! (`docs/METHOD.md`): by-products follow the product into exports, indirect imports close the
//! accounts, freight on feed from abroad is an import, a border carbon adjustment lowers the
//! exporter's price, an export ban on a stage abroad changes nothing (and `check` says so),
//! rounding residues are not sales, and the construction phase has value added and jobs.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::assert_close;
use common::builders::{abroad, fed, link, neutral_project, stage};
use uplift::calc::{Accounts, Period, compute};
use uplift::model::validate::{Severity, validate};
use uplift::model::{
    ByProduct, ByProductDestination, CarbonPricing, Destination, Project, PurchasedInput, StageId,
};

fn one_year() -> Project {
    neutral_project("Corrections", (2025, 2025), 1e9)
}

fn accounts(project: &Project, id: &str) -> Accounts {
    let results = compute(project).unwrap();
    let index = project.stage_index(&StageId::from(id)).unwrap();
    results.stage(index, Period::Horizon)
}

/// A mine of 100 t at 10 with 0.5 oz of gold per t at 4 (by-products worth 200), exporting
/// what no link takes, and sending 60% to a domestic mill that uses all of it.
fn mine_with_gold(destination: ByProductDestination) -> Project {
    let mut project = one_year();
    let mut mine = stage("mine", 2025, 100.0, 10.0);
    mine.unlinked_output = Destination::Export;
    mine.export_tax_pct = 10.0;
    mine.by_products.push(ByProduct {
        name: "Gold".into(),
        unit: "oz".into(),
        quantity_per_unit: 0.5,
        price: 4.0,
        commodity: None,
        destination,
    });
    project.stages.push(mine);
    project
        .stages
        .push(fed(stage("mill", 2025, 1000.0, 30.0), 1.0));
    project.links.push(link("mine", "mill", 60.0));
    project
}

#[test]
fn by_products_are_exported_in_the_share_of_the_product_that_is_exported() {
    // 40 t exported: 40 x 10 + 40 x 0.5 x 4 = 480 (not 400 + all 200 of gold = 600).
    let mine = accounts(
        &mine_with_gold(ByProductDestination::FollowsProduct),
        "mine",
    );
    assert_close(mine.exported_quantity, 40.0, "exported t");
    assert_close(mine.exports, 480.0, "exports");
    assert_close(mine.export_taxes, 48.0, "10% export tax");
    // Gold leaves the chain as a sale, wherever it is sold: F = 40 x 10 + 200.
    assert_close(mine.final_output_value, 600.0, "final output");
    // A by-product with its own destination goes there whatever the product does.
    let home = accounts(
        &mine_with_gold(ByProductDestination::DomesticMarket),
        "mine",
    );
    assert_close(home.exports, 400.0, "gold sold at home");
    let mut all_home = mine_with_gold(ByProductDestination::Export);
    all_home.links[0].share_pct = 100.0;
    let exported = accounts(&all_home, "mine");
    assert_close(
        exported.exports,
        200.0,
        "gold exported, ore all to the mill",
    );
}

#[test]
fn the_imported_content_of_domestic_supplies_is_an_indirect_import() {
    // 10 t using 100 of inputs per t, 40% imported, θ = 50%: domestic supplies 600, of which
    // 300 indirect VA and 300 indirect imports; imports 400 + 300 = 700.
    let mut project = one_year();
    project.economy.domestic_va_content_pct = 50.0;
    let mut plant = stage("plant", 2025, 10.0, 500.0);
    plant.purchased_inputs.push(PurchasedInput {
        name: "Reagents".into(),
        cost_per_unit: 100.0,
        imported_pct: 40.0,
    });
    project.stages.push(plant);
    let plant = accounts(&project, "plant");
    assert_close(plant.indirect_va, 300.0, "indirect VA");
    assert_close(plant.indirect_imports, 300.0, "indirect imports");
    assert_close(plant.imports, 700.0, "imports");
    // VCA4D: F 5,000 = VA 4,000 + indirect VA 300 + direct imports 400 + indirect imports 300.
    assert_close(
        plant.final_output_value,
        plant.total_va() + plant.direct_imports() + plant.indirect_imports,
        "identity",
    );
}

#[test]
fn freight_on_feed_from_abroad_is_an_import_not_domestic_supply() {
    // 100 t of feed from a stage abroad at 5 per t of freight: 500 imported, no indirect VA.
    let mut project = one_year();
    project.economy.domestic_va_content_pct = 50.0;
    project
        .stages
        .push(abroad(stage("foreign-mine", 2025, 100.0, 10.0)));
    project
        .stages
        .push(fed(stage("smelter", 2025, 1000.0, 30.0), 1.0));
    let mut freight = link("foreign-mine", "smelter", 100.0);
    freight.transport_cost_per_unit = 5.0;
    project.links.push(freight);
    let smelter = accounts(&project, "smelter");
    assert_close(smelter.transport_from_abroad, 500.0, "freight from abroad");
    assert_close(smelter.indirect_va, 0.0, "indirect VA");
    assert_close(smelter.imports, 1000.0 + 500.0, "feed and freight imported");
}

#[test]
fn a_border_carbon_adjustment_lowers_the_exporters_price_and_is_no_import() {
    // §14.5: 100 t at 100, 0.5 t CO2 per t, 60 t exported and 40 t to a domestic stage, at 40
    // per t CO2: B = 60 x 0.5 x 40 = 1,200 off output (8,800) and exports (4,800).
    let mut project = one_year();
    project.policy.carbon_price_per_t_co2 = 40.0;
    project.policy.carbon_pricing = CarbonPricing::BorderAdjustment;
    let mut plant = stage("plant", 2025, 100.0, 100.0);
    plant.unlinked_output = Destination::Export;
    plant.co2_t_per_unit = 0.5;
    project.stages.push(plant);
    project
        .stages
        .push(fed(stage("user", 2025, 40.0, 200.0), 1.0));
    project.links.push(link("plant", "user", 40.0));
    let plant = accounts(&project, "plant");
    assert_close(plant.carbon_border_cost, 1200.0, "B");
    assert_close(plant.output_value, 8800.0, "output at the price received");
    assert_close(plant.intermediate_consumption, 0.0, "B is no input");
    assert_close(plant.value_added, 8800.0, "VA");
    assert_close(plant.exports, 4800.0, "exports");
    assert_close(plant.imports, 0.0, "imports");
    assert_close(plant.net_fx(), 4800.0, "net FX");
}

#[test]
fn an_export_ban_on_a_stage_abroad_changes_nothing_and_check_warns() {
    // A stage abroad exporting what its link to a small domestic mill does not take.
    let mut project = one_year();
    let mut foreign = abroad(stage("foreign-mine", 2025, 100.0, 10.0));
    foreign.unlinked_output = Destination::Export;
    project.stages.push(foreign);
    project
        .stages
        .push(fed(stage("mill", 2025, 30.0, 30.0), 1.0));
    project.links.push(link("foreign-mine", "mill", 50.0));
    let before = accounts(&project, "foreign-mine");
    project.stages[0].export_ban = true;
    assert_eq!(accounts(&project, "foreign-mine"), before);
    assert_close(before.quantity, 100.0, "not curtailed");
    let warned = validate(&project).into_iter().any(|problem| {
        problem.severity == Severity::Warning
            && problem.field == Some("export_ban")
            && problem.message.contains("stage abroad")
    });
    assert!(warned, "check warns about the ban on a stage abroad");
}

#[test]
fn a_rounding_residue_is_no_sale_and_gives_no_rate_of_integration() {
    // 1,000,000 t sent whole to a mill using 3.7 t per t: the feed arithmetic leaves
    // 1.16e-10 t, which used to be "sold" and gave a rate of integration of about 1.7e17.
    let mut project = one_year();
    project.stages.push(stage("mine", 2025, 1_000_000.0, 10.0));
    project
        .stages
        .push(fed(stage("mill", 2025, 1e9, 50.0), 3.7));
    project.links.push(link("mine", "mill", 100.0));
    let mine = accounts(&project, "mine");
    assert!(mine.sold_quantity == 0.0, "{}", mine.sold_quantity);
    assert!(mine.final_output_value == 0.0);
    assert_eq!(mine.integration_rate(), None);
}

#[test]
fn construction_has_value_added_imports_and_jobs() {
    // Capex 1,000,000 in 2025 (one construction year), 40% imported, θ 50%, 12.5 jobs per
    // million: domestic capex 600,000 gives construction VA 300,000, 300,000 of imported
    // content and 7.5 jobs; imports 400,000 + 300,000.
    let mut project = neutral_project("Construction", (2025, 2026), 1e9);
    project.economy.domestic_va_content_pct = 50.0;
    project.economy.construction_jobs_per_million = 12.5;
    let mut plant = stage("plant", 2026, 10.0, 100.0);
    plant.capex = 1_000_000.0;
    plant.capex_imported_pct = 40.0;
    plant.construction_years = 1;
    plant.economic_life_years = 10;
    project.stages.push(plant);
    let results = compute(&project).unwrap();
    let built = results.national(Period::Year(2025)).accounts;
    assert_close(built.construction_va, 300_000.0, "construction VA");
    assert_close(
        built.construction_imports,
        300_000.0,
        "its imported content",
    );
    assert_close(built.construction_jobs, 7.5, "construction jobs");
    assert_close(built.imports, 700_000.0, "imports");
    // Construction is shown apart: operating VA and jobs stay 0 in the construction year.
    assert_close(built.total_va(), 0.0, "operating VA");
    assert_close(built.jobs, 0.0, "operating jobs");
    let running = results.national(Period::Year(2026)).accounts;
    assert_close(running.construction_va, 0.0, "no construction once it runs");
}

#[test]
fn reports_say_what_each_figure_is() {
    // A stage abroad feeding a domestic mill: it has no share of this country's GDP and pays
    // it no public revenue; the national row has no value uplift; jobs over several years are
    // an average per year, and the CSV says so.
    let mut project = neutral_project("Labels", (2025, 2026), 1e9);
    let mut foreign = abroad(stage("foreign-mine", 2025, 100.0, 10.0));
    foreign.royalty_pct = 5.0;
    foreign.jobs = 10.0;
    project.stages.push(foreign);
    let mut mill = fed(stage("mill", 2025, 100.0, 30.0), 1.0);
    mill.jobs = 20.0;
    project.stages.push(mill);
    project.links.push(link("foreign-mine", "mill", 100.0));
    let results = compute(&project).unwrap();
    let report = uplift::report::build(&project, &results, Period::Horizon);
    let foreign = &report.stages[0];
    assert!(foreign.share_of_gdp.is_nan() && foreign.share_of_gdp_total.is_nan());
    assert!(foreign.public_revenue.is_nan());
    assert!(report.national.value_uplift.is_nan());
    assert_close(
        report.national.jobs,
        20.0,
        "jobs, average per year over two years",
    );
    let csv = uplift::report::to_csv(&report).unwrap();
    assert!(csv.contains("jobs_fte_avg_per_year") && csv.contains("construction_va_usd"));
    assert_eq!(report.national.payback, "nothing to pay back");
}
