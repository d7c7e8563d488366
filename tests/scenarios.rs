//! Scenarios, policy levers, compare, tornado and Monte Carlo: each checked against numbers
//! worked out by hand or against an independent recomputation, and old files migrating.

#![allow(clippy::unwrap_used, clippy::expect_used)]
// Values set and read back exactly, or exactly zero, are compared exactly on purpose.
#![allow(clippy::float_cmp)]

mod common;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicUsize};

use common::assert_close;
use common::builders::{self, fed, link, neutral_project};
use uplift::analysis::montecarlo::{self, Settings};
use uplift::analysis::{self, Headline, Output};
use uplift::calc::{Accounts, Period, Results, compute};
use uplift::cli::{Command, OutputArg, ReportFormat, StageReportFormat, run};
use uplift::io::examples::default_project;
use uplift::io::load_project;
use uplift::model::edit::{Document, Edit, EditError};
use uplift::model::scenario::{
    Distribution, Lever, Param, PricingField, Scenario, StageField, Uncertainty,
};
use uplift::model::{
    CarbonPricing, Destination, FORMAT_VERSION, Location, Project, Stage, StageId, StageKind,
};
use uplift::report;

const REFINE: &str = "Refine and make rod and wire";
const SMELT: &str = "Smelt and refine at home";

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// One-year project, no growth, no discounting, no indirect VA unless a test sets it.
fn one_year() -> Project {
    neutral_project("Policy", (2025, 2025), 1e6)
}

/// A stage from 2025 using one unit of feed per unit, selling the rest to `destination`.
fn stage(id: &str, capacity: f64, price: f64, destination: Destination) -> Stage {
    let mut stage = fed(builders::stage(id, 2025, capacity, price), 1.0);
    stage.unlinked_output = destination;
    stage
}

fn accounts(project: &Project, id: &str) -> Accounts {
    let results = compute(project).unwrap();
    let index = project.stage_index(&StageId::from(id)).unwrap();
    results.stage(index, Period::Horizon)
}

fn national(project: &Project) -> Accounts {
    compute(project).unwrap().national(Period::Horizon).accounts
}

// ---- Files -------------------------------------------------------------------------------

#[test]
fn a_version_1_file_loads_as_version_2_and_computes_as_before() {
    let old = load_project(&fixture("scenarios-v1-reko-diq.ron")).unwrap();
    assert_eq!(old.version, FORMAT_VERSION);
    assert!(old.scenarios.is_empty() && old.levers.is_empty());
    assert!(old.stages.iter().all(|stage| stage.active));
    // The version 1 example ran the whole chain with typed prices. Until the examples were
    // priced from a deck (issue #15), today's example kept that chain as its "Refine"
    // scenario and the two were compared year by year; the deck (33% Cu concentrate, gold
    // paid in the concentrate, a copper path) changed the example's figures on purpose, so
    // the old file is now held to the national figures it computed before that change.
    let national = compute(&old).unwrap().national(Period::Horizon).accounts;
    assert_close(national.value_added, 75_716_741_962.402_53, "direct VA");
    assert_close(national.indirect_va, 2_127_763_208.346_334_7, "indirect VA");
    // Issue #17 moved two figures on purpose. Exports: the concentrators' payable gold (a
    // by-product) follows the concentrate, so the 54% sent to the domestic smelter no longer
    // counts as exported (90,951,594,489.70 before). Imports: they now hold the imported
    // content of domestic supplies and of domestic capex (16,128,029,074.88 before).
    assert_close(national.exports, 81_514_031_317.803_59, "exports");
    assert_close(national.imports, 22_079_964_318.954_773, "imports");
    assert_close(
        national.public_revenue(),
        4_459_955_879.485_182,
        "public revenue",
    );
    assert_close(national.cash_flow, 59_411_259_732.927_86, "cash flow");
}

#[test]
fn scenarios_levers_and_uncertainties_survive_ron_and_json() {
    for example in &uplift::io::examples::EXAMPLES {
        let project = example.project().unwrap();
        assert!(!project.scenarios.is_empty(), "{}", example.file_name);
        assert!(!project.levers.is_empty(), "{}", example.file_name);
        assert!(!project.uncertainties.is_empty(), "{}", example.file_name);
        let ron = uplift::io::project_to_ron(&project).unwrap();
        assert_eq!(uplift::io::project_from_ron(&ron).unwrap(), project);
        let json = uplift::io::project_to_json(&project).unwrap();
        assert_eq!(uplift::io::project_from_json(&json).unwrap(), project);
        for scenario in &project.scenarios {
            assert!(scenario.stale(&project).is_empty(), "{}", scenario.name);
            compute(&scenario.apply(&project))
                .unwrap_or_else(|e| panic!("{}: {}: {e:?}", example.file_name, scenario.name));
        }
    }
}

// ---- Scenarios ---------------------------------------------------------------------------

#[test]
fn the_copper_base_exports_concentrate_and_the_scenarios_process_it() {
    let base = default_project().unwrap();
    let smelter = base.stage_index(&StageId::from("smelter")).unwrap();
    let rod = base.stage_index(&StageId::from("rod-mill")).unwrap();
    let quantity = |project: &Project, index| {
        compute(project)
            .unwrap()
            .stage(index, Period::Horizon)
            .quantity
    };
    assert_eq!(quantity(&base, smelter), 0.0);
    let smelt = analysis::scenario_project(&base, SMELT).unwrap();
    assert!(quantity(&smelt, smelter) > 0.0);
    assert_eq!(quantity(&smelt, rod), 0.0);
    let refine = analysis::scenario_project(&base, REFINE).unwrap();
    assert!(quantity(&refine, rod) > 0.0);
}

#[test]
fn a_base_change_flows_into_a_scenario_that_does_not_override_it() {
    let mut base = default_project().unwrap();
    // The example prices gold and copper from its deck (issue #15); before, these were the
    // concentrator's typed gold credit and concentrate price.
    let gold = Param::Deck("gold".into());
    gold.set(&mut base, 3000.0).unwrap();
    let smelt = analysis::scenario_project(&base, SMELT).unwrap();
    assert_eq!(gold.get(&smelt).unwrap(), 3000.0);
    // ... but not into one that overrides it.
    let copper = Param::Deck("copper".into());
    copper.set(&mut base, 9.0).unwrap();
    let lower = analysis::scenario_project(&base, "Copper 20% lower").unwrap();
    assert_eq!(copper.get(&lower).unwrap(), 7960.0);
}

#[test]
fn a_switched_off_stage_makes_nothing_and_starves_the_stages_it_fed() {
    let mut project = one_year();
    let mut mine = stage("mine", 100.0, 10.0, Destination::Export);
    mine.capex = 500.0;
    mine.active = false;
    project.stages = vec![mine, stage("mill", 50.0, 30.0, Destination::Export)];
    project.links = vec![link("mine", "mill", 100.0)];
    let results = compute(&project).unwrap();
    assert_eq!(results.stage(0, Period::Horizon), Accounts::default());
    // The mill keeps its inbound link, so it is not "unfed": it makes nothing.
    assert_eq!(results.stage(1, Period::Horizon).quantity, 0.0);
    // Switched off downstream: the mine sells what the link would have carried.
    project.stages[0].active = true;
    project.stages[1].active = false;
    let mine = accounts(&project, "mine");
    assert_close(mine.sold_quantity, 100.0, "sold");
    assert_close(mine.exports, 1000.0, "exports");
}

// ---- Policy levers, by hand --------------------------------------------------------------

#[test]
fn export_tax_in_percent_and_per_unit() {
    // 100 t at 10, by-product 0.5 oz/t at 4: output 1,200, all exported.
    let mut project = one_year();
    let mut mine = stage("mine", 100.0, 10.0, Destination::Export);
    mine.by_products.push(uplift::model::ByProduct {
        name: "Gold".into(),
        unit: "oz".into(),
        quantity_per_unit: 0.5,
        price: 4.0,
        commodity: None,
        destination: uplift::model::ByProductDestination::FollowsProduct,
    });
    mine.export_tax_pct = 10.0;
    mine.export_tax_per_unit = 2.0;
    project.stages = vec![mine];
    let a = accounts(&project, "mine");
    // 10% x 1,200 + 2 x 100 t = 120 + 200 = 320.
    assert_close(a.export_taxes, 320.0, "export taxes");
    assert_close(a.value_added, 1200.0, "VA is unchanged by a tax");
    assert_close(a.public_revenue(), 320.0, "public revenue");
    assert_close(a.operating_surplus, 1200.0 - 320.0, "surplus");
    assert_close(national(&project).public_revenue(), 320.0, "national");

    // Sold at home, 40% to a stage abroad: only those 40 t (400) are exported.
    project.stages[0].unlinked_output = Destination::DomesticMarket;
    project.stages[0].by_products.clear();
    let mut buyer = stage("buyer", 1000.0, 20.0, Destination::Export);
    buyer.location = Location::Abroad;
    project.stages.push(buyer);
    project.links = vec![link("mine", "buyer", 40.0)];
    let a = accounts(&project, "mine");
    assert_close(a.exported_quantity, 40.0, "exported quantity");
    // 10% x 400 + 2 x 40 = 120.
    assert_close(a.export_taxes, 120.0, "export taxes on the abroad link");
}

#[test]
fn an_export_ban_sends_output_home_and_cuts_what_cannot_be_used() {
    // Mine 100 t at 10, exports what no link takes; 50% linked to a mill that can use 30 t.
    let mut project = one_year();
    project.stages = vec![
        stage("mine", 100.0, 10.0, Destination::Export),
        stage("mill", 30.0, 50.0, Destination::Export),
    ];
    project.stages[0].input_per_unit = 0.0;
    project.links = vec![link("mine", "mill", 50.0)];
    let before = accounts(&project, "mine");
    assert_close(before.quantity, 100.0, "mine without a ban");
    assert_close(before.exports, 700.0, "70 t exported at 10");

    project.stages[0].export_ban = true;
    let mine = accounts(&project, "mine");
    let mill = accounts(&project, "mill");
    // All 100 t are offered to the mill, which uses 30 t; the other 70 t are not made.
    assert_close(mill.quantity, 30.0, "mill");
    assert_close(mine.quantity, 30.0, "mine curtailed");
    assert_close(mine.exports, 0.0, "no exports");
    assert_close(mine.planned_quantity, 100.0, "planned");

    // With a bigger mill the ban moves the whole output home: 100 t instead of 50.
    project.stages[1].capacity_per_year = 200.0;
    assert_close(
        accounts(&project, "mill").quantity,
        100.0,
        "all processed at home",
    );
}

#[test]
fn an_energy_tariff_is_a_domestic_input() {
    // 100 t at 100, 2 MWh/t at 5 per MWh: energy cost 1,000; indirect VA 40% of it.
    let mut project = one_year();
    project.economy.domestic_va_content_pct = 40.0;
    let mut plant = stage("plant", 100.0, 100.0, Destination::Export);
    plant.energy_mwh_per_unit = 2.0;
    plant.energy_tariff_per_mwh = 5.0;
    project.stages = vec![plant];
    let a = accounts(&project, "plant");
    assert_close(a.energy_cost, 1000.0, "energy cost");
    assert_close(a.intermediate_consumption, 1000.0, "IC");
    assert_close(a.value_added, 9000.0, "VA");
    assert_close(a.indirect_va, 400.0, "indirect VA");
    // Energy is never a direct import; the 60% of it that is not domestic VA is the
    // suppliers' imported content, an indirect import (docs/METHOD.md 5.2).
    assert_close(a.direct_imports(), 0.0, "no direct imports");
    assert_close(a.imports, 600.0, "indirect imports");
}

#[test]
fn a_carbon_price_as_domestic_tax_or_border_adjustment() {
    // 100 t at 100, 0.5 t CO2/t, 40% sold to a domestic buyer and 60 t exported; 40 per t CO2.
    let mut project = one_year();
    let mut plant = stage("plant", 100.0, 100.0, Destination::Export);
    plant.co2_t_per_unit = 0.5;
    let buyer = stage("buyer", 1000.0, 200.0, Destination::DomesticMarket);
    project.stages = vec![plant, buyer];
    project.links = vec![link("plant", "buyer", 40.0)];
    project.policy.carbon_price_per_t_co2 = 40.0;

    let a = accounts(&project, "plant");
    // Domestic tax: 100 t x 0.5 x 40 = 2,000, public revenue, VA unchanged.
    assert_close(a.carbon_tax, 2000.0, "carbon tax");
    assert_close(a.value_added, 10_000.0, "VA");
    assert_close(a.public_revenue(), 2000.0, "public revenue");
    assert_close(a.carbon_border_cost, 0.0, "no border cost");

    project.policy.carbon_pricing = CarbonPricing::BorderAdjustment;
    let a = accounts(&project, "plant");
    // Border adjustment: on the 60 t exported only: 60 x 0.5 x 40 = 1,200, off the price the
    // exporter receives (D20): off output and exports, not an import.
    assert_close(a.carbon_border_cost, 1200.0, "border cost");
    assert_close(a.carbon_tax, 0.0, "no domestic tax");
    assert_close(a.value_added, 10_000.0 - 1200.0, "VA");
    assert_close(a.exports, 6000.0 - 1200.0, "exports at the lower price");
    assert_close(a.imports, 0.0, "not an import");
    assert_close(a.net_fx(), 6000.0 - 1200.0, "net FX");
    assert_close(a.public_revenue(), 0.0, "no public revenue");
}

#[test]
fn royalties_and_subsidies_still_count_in_public_revenue() {
    let mut project = one_year();
    let mut mine = stage("mine", 100.0, 10.0, Destination::Export);
    mine.royalty_pct = 5.0;
    mine.subsidies_per_year = 20.0;
    mine.export_tax_pct = 1.0;
    project.stages = vec![mine];
    // 5% x 1,000 + 1% x 1,000 - 20 = 40.
    assert_close(national(&project).public_revenue(), 40.0, "public revenue");
}

// ---- Edits -------------------------------------------------------------------------------

#[test]
fn scenario_edits_are_undoable_steps() {
    let mut document = Document::new(default_project().unwrap());
    let count = document.project().scenarios.len();
    document
        .apply(Edit::AddScenario(Box::new(Scenario::new("Mine"))))
        .unwrap();
    document
        .apply(Edit::DuplicateScenario {
            from: SMELT.into(),
            name: "Smelt again".into(),
        })
        .unwrap();
    document
        .apply(Edit::RenameScenario {
            from: "Mine".into(),
            to: "Mine only".into(),
            description: "d".into(),
        })
        .unwrap();
    let price = Param::stage("mine-p1", StageField::PricePerUnit);
    document
        .apply(Edit::SetOverride {
            scenario: "Mine only".into(),
            param: price.clone(),
            value: Some(20.0),
        })
        .unwrap();
    document
        .apply(Edit::SwitchStage {
            scenario: Some("Mine only".into()),
            stage: StageId::from("rod-mill"),
            active: true,
        })
        .unwrap();
    let project = document.project();
    assert_eq!(project.scenarios.len(), count + 2);
    let mine = project.scenario("Mine only").unwrap();
    assert_eq!(mine.overrides.get(&price), Some(&20.0));
    assert_eq!(mine.stages.get(&StageId::from("rod-mill")), Some(&true));
    assert_eq!(project.scenario("Smelt again").unwrap().stages.len(), 1);
    assert_eq!(
        document.apply(Edit::AddScenario(Box::new(Scenario::new(SMELT)))),
        Err(EditError::ScenarioName(SMELT.into()))
    );
    assert_eq!(
        document
            .apply(Edit::SetOverride {
                scenario: "Mine only".into(),
                param: Param::stage("nowhere", StageField::Jobs),
                value: Some(1.0),
            })
            .map_err(|e| matches!(e, EditError::Param(_))),
        Err(true)
    );
    document
        .apply(Edit::SetOverride {
            scenario: "Mine only".into(),
            param: price.clone(),
            value: None,
        })
        .unwrap();
    assert!(
        document
            .project()
            .scenario("Mine only")
            .unwrap()
            .overrides
            .is_empty()
    );
    document
        .apply(Edit::RemoveScenario("Mine only".into()))
        .unwrap();
    assert!(document.project().scenario("Mine only").is_none());
    for _ in 0..7 {
        assert!(document.undo());
    }
    assert_eq!(document.project(), &default_project().unwrap());
}

#[test]
fn levers_and_uncertainties_are_checked_and_replaced() {
    let mut document = Document::new(default_project().unwrap());
    let param = Param::stage("smelter", StageField::Jobs);
    let lever = Lever {
        param: param.clone(),
        min: 0.0,
        max: 2000.0,
        step: None,
    };
    document.apply(Edit::SetLever(lever.clone())).unwrap();
    let count = document.project().levers.len();
    document
        .apply(Edit::SetLever(Lever {
            max: 3000.0,
            ..lever.clone()
        }))
        .unwrap();
    assert_eq!(
        document.project().levers.len(),
        count,
        "replaced, not added"
    );
    assert!(matches!(
        document.apply(Edit::SetLever(Lever {
            min: 5.0,
            max: 1.0,
            ..lever
        })),
        Err(EditError::BadLever(_))
    ));
    document.apply(Edit::RemoveLever(param.clone())).unwrap();
    assert_eq!(document.project().levers.len(), count - 1);
    let bad = Uncertainty {
        param: param.clone(),
        distribution: Distribution::Triangular {
            min: 3.0,
            mode: 1.0,
            max: 4.0,
        },
    };
    assert!(matches!(
        document.apply(Edit::SetUncertainty(bad)),
        Err(EditError::BadDistribution { .. })
    ));
    let good = Uncertainty {
        param: param.clone(),
        distribution: Distribution::Uniform {
            min: 100.0,
            max: 200.0,
        },
    };
    document.apply(Edit::SetUncertainty(good)).unwrap();
    document.apply(Edit::RemoveUncertainty(param)).unwrap();
    // Deleting a stage forgets every override, lever and uncertainty that named it.
    document
        .apply(Edit::RemoveStages(vec![StageId::from("concentrator-p1")]))
        .unwrap();
    let project = document.project();
    let names_it = |p: &Param| p.stage_id().is_some_and(|id| id.0 == "concentrator-p1");
    assert!(project.levers.iter().all(|l| !names_it(&l.param)));
    assert!(project.uncertainties.iter().all(|u| !names_it(&u.param)));
    assert!(
        project
            .scenarios
            .iter()
            .all(|s| s.overrides.keys().all(|p| !names_it(p)))
    );
}

#[test]
fn an_edit_while_a_scenario_is_active_goes_into_that_scenario() {
    let base = default_project().unwrap();
    let mut document = Document::new(base.clone());
    document.set_active_scenario(Some(SMELT)).unwrap();
    let mut smelter = document
        .view()
        .stage(&StageId::from("smelter"))
        .unwrap()
        .clone();
    assert!(smelter.active);
    smelter.price_per_unit = 11_000.0;
    smelter.name = "Smelter".into();
    document.apply(Edit::SetStage(Box::new(smelter))).unwrap();

    let project = document.project();
    let stored = project.stage(&StageId::from("smelter")).unwrap();
    assert_eq!(stored.price_per_unit, 10_040.0, "the base keeps its price");
    assert!(!stored.active, "the base keeps the smelter off");
    assert_eq!(stored.name, "Smelter", "names are shared by every scenario");
    let scenario = project.scenario(SMELT).unwrap();
    let price = Param::stage("smelter", StageField::PricePerUnit);
    assert_eq!(scenario.overrides.get(&price), Some(&11_000.0));
    assert_eq!(scenario.overrides.len(), 1);
    assert_eq!(price.get(&document.view()).unwrap(), 11_000.0);

    // A stage added in a scenario is off in the base and on in the scenario.
    let new = Stage::new(StageId::from("cable"), StageKind::Manufacturing, 2036);
    document.apply(Edit::AddStages(vec![new])).unwrap();
    assert!(
        !document
            .project()
            .stage(&StageId::from("cable"))
            .unwrap()
            .active
    );
    assert!(
        document
            .view()
            .stage(&StageId::from("cable"))
            .unwrap()
            .active
    );

    document.set_active_scenario(None).unwrap();
    assert_eq!(price.get(&document.view()).unwrap(), 10_040.0);
    assert!(document.set_active_scenario(Some("nope")).is_err());
}

// ---- Compare, tornado, Monte Carlo -------------------------------------------------------

fn headline_of(project: &Project, scenario: &str) -> (Headline, Results) {
    let view = analysis::scenario_project(project, scenario).unwrap();
    let results = compute(&view).unwrap();
    (Headline::of(&results), results)
}

#[test]
fn compare_deltas_are_the_difference_of_the_two_reports() {
    let project = default_project().unwrap();
    let comparison =
        analysis::compare(&project, "base", &[REFINE.to_owned(), SMELT.to_owned()]).unwrap();
    for (column, name) in [REFINE, SMELT].iter().enumerate() {
        let view = analysis::scenario_project(&project, name).unwrap();
        let (_, base_results) = headline_of(&project, "base");
        let (_, results) = headline_of(&project, name);
        let base_total = report::build(&project, &base_results, Period::Horizon).national;
        let total = report::build(&view, &results, Period::Horizon).national;
        let expected = [
            ("Total VA", total.total_va - base_total.total_va),
            ("Direct VA", total.value_added - base_total.value_added),
            (
                "Share of GDP",
                total.share_of_gdp_total - base_total.share_of_gdp_total,
            ),
            ("Net FX", total.net_fx - base_total.net_fx),
            (
                "Public revenue",
                total.public_revenue - base_total.public_revenue,
            ),
            ("NPV", total.npv - base_total.npv),
            ("Jobs (avg. per year)", total.jobs - base_total.jobs),
        ];
        for (label, delta) in expected {
            let row = comparison.rows.iter().find(|r| r.label == label).unwrap();
            assert_close(row.with[column].delta, delta, &format!("{name}: {label}"));
            assert_close(row.with[column].value - row.base, delta, label);
        }
        let year = 2040;
        let row = comparison
            .rows
            .iter()
            .find(|r| r.label == format!("Share of GDP {year}"))
            .unwrap();
        let share = |r: &Results| r.national(Period::Year(year)).share_of_gdp_total();
        assert_close(
            row.with[column].delta,
            share(&results) - share(&base_results),
            "2040",
        );
    }
    assert!(!comparison.differences[0].is_empty());
}

#[test]
fn a_tornado_bar_matches_a_recomputation_by_hand() {
    let project = default_project().unwrap();
    // The concentrate is priced by its terms since issue #15 (it was a typed price of 2,650
    // moved by 530): the treatment charge is the parameter whose effect is checked by hand.
    let tc = Param::stage(
        "concentrator-p1",
        StageField::Pricing(PricingField::TreatmentCharge),
    );
    let tornado =
        analysis::tornado(&project, Output::TotalVa, 20.0, std::slice::from_ref(&tc)).unwrap();
    let bar = &tornado.bars[0];
    assert_close(bar.value_low, 21.25 * 0.8, "low");
    assert_close(bar.value_high, 21.25 * 1.2, "high");
    // In the base all concentrate is exported, so total VA moves by the charge's change (the
    // price moves the other way) times the phase 1 concentrate made over the horizon (the
    // royalty is part of VA).
    let results = compute(&project).unwrap();
    let index = project
        .stage_index(&StageId::from("concentrator-p1"))
        .unwrap();
    let tonnes = results.stage(index, Period::Horizon).quantity;
    assert_close(tornado.base_output - bar.output_high, 4.25 * tonnes, "up");
    assert_close(bar.output_low - tornado.base_output, 4.25 * tonnes, "down");

    // Every default bar is sorted widest first.
    let all = analysis::tornado(
        &project,
        Output::Npv,
        20.0,
        &analysis::tornado_params(&project),
    )
    .unwrap();
    assert!(all.bars.windows(2).all(|w| w[0].swing() >= w[1].swing()));
}

#[test]
fn monte_carlo_is_reproducible_whatever_the_thread_count() {
    let project = default_project().unwrap();
    let settings = Settings {
        draws: 300,
        seed: 11,
        ..Settings::default()
    };
    let go = || {
        montecarlo::run(
            &project,
            settings,
            &AtomicUsize::new(0),
            &AtomicBool::new(false),
        )
        .unwrap()
    };
    let first = go();
    assert_eq!(first, go());
    let one_thread = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    assert_eq!(first, one_thread.install(go));
    let other = montecarlo::run(
        &project,
        Settings {
            seed: 12,
            ..settings
        },
        &AtomicUsize::new(0),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_ne!(first.npv, other.npv);
    assert_eq!(
        first.npv_histogram.counts.iter().sum::<usize>(),
        300 - first.failed
    );
}

#[test]
fn a_price_only_run_brackets_the_deterministic_result() {
    let project = default_project().unwrap();
    // The copper price of the deck (issue #15; it was the concentrate's typed price).
    let only_price = [Uncertainty {
        param: Param::Deck("copper".into()),
        distribution: Distribution::LogNormal {
            median: 9950.0,
            sigma: 0.2,
        },
    }];
    let progress = AtomicUsize::new(0);
    let result = montecarlo::run_with(
        &project,
        &only_price,
        Settings {
            draws: 2000,
            seed: 3,
            ..Settings::default()
        },
        &progress,
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(progress.load(std::sync::atomic::Ordering::Relaxed), 2000);
    let deterministic = compute(&project).unwrap();
    let total_va = Output::TotalVa.value(&deterministic);
    let npv = Output::Npv.value(&deterministic);
    for (what, p, value) in [
        ("total VA", result.total_va_horizon, total_va),
        ("NPV", result.npv, npv),
    ] {
        assert!(p.p10 < value && value < p.p90, "{what}: {p:?} vs {value}");
        // The output rises with the price, so its median is the output at the median price.
        assert!(
            (p.p50 - value).abs() < 0.03 * value.abs(),
            "{what}: {p:?} vs {value}"
        );
    }
}

#[test]
fn a_cancelled_run_says_so() {
    let project = default_project().unwrap();
    let cancel = AtomicBool::new(true);
    assert!(matches!(
        montecarlo::run(&project, Settings::default(), &AtomicUsize::new(0), &cancel),
        Err(analysis::AnalysisError::Cancelled)
    ));
}

// ---- Command line ------------------------------------------------------------------------

fn example_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("projects/reko-diq-copper-gold.ron")
}

#[test]
fn cli_compare_report_sensitivity_and_montecarlo() {
    let compare = run(&Command::Compare {
        file: example_file(),
        base: "base".into(),
        with: vec![REFINE.into()],
        format: ReportFormat::Json,
    })
    .unwrap();
    let json: serde_json::Value = serde_json::from_str(&compare.stdout).unwrap();
    assert_eq!(json["with"][0], REFINE);
    let table = run(&Command::Compare {
        file: example_file(),
        base: "base".into(),
        with: vec![REFINE.into()],
        format: ReportFormat::Table,
    })
    .unwrap();
    assert!(table.stdout.contains("switched on"), "{}", table.stdout);
    let missing = run(&Command::Compare {
        file: example_file(),
        base: "base".into(),
        with: vec!["Nope".into()],
        format: ReportFormat::Table,
    })
    .unwrap_err();
    assert!(
        missing.to_string().contains("there is no scenario 'Nope'"),
        "{missing}"
    );

    let report = |scenario: Option<&str>| {
        run(&Command::Report {
            file: example_file(),
            year: Some(2040),
            total: false,
            format: StageReportFormat::Csv,
            local_currency: false,
            scenario: scenario.map(str::to_owned),
            out: None,
        })
        .unwrap()
        .stdout
    };
    assert!(!report(None).contains("rod-mill,Copper rod and wire mill,domestic,t,8"));
    assert_ne!(report(None), report(Some(REFINE)));

    let sensitivity = run(&Command::Sensitivity {
        file: example_file(),
        output: OutputArg::GdpShare,
        pct: 10.0,
        year: Some(2040),
        scenario: None,
        format: ReportFormat::Csv,
    })
    .unwrap();
    assert!(sensitivity.stdout.starts_with("parameter,unit,value"));
    assert!(sensitivity.stdout.lines().count() > 2);

    let montecarlo = |seed| {
        run(&Command::Montecarlo {
            file: example_file(),
            draws: 50,
            seed,
            scenario: Some(SMELT.into()),
            format: ReportFormat::Csv,
        })
        .unwrap()
        .stdout
    };
    assert_eq!(montecarlo(5), montecarlo(5));
    assert_ne!(montecarlo(5), montecarlo(6));
}

#[test]
fn the_binary_runs_compare() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_uplift"))
        .args(["compare"])
        .arg(example_file())
        .args(["--base", "base", "--with", SMELT, "--format", "csv"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("figure,unit,base,"), "{text}");
}

#[test]
fn same_chain_ignores_scenarios_but_not_the_chain() {
    let base = uplift::io::examples::default_project().unwrap();
    let mut with_new_scenario = base.clone();
    with_new_scenario.scenarios.clear();
    with_new_scenario.levers.clear();
    "Renamed".clone_into(&mut with_new_scenario.name);
    assert!(
        base.same_chain(&with_new_scenario),
        "scenarios and words do not change the base"
    );
    let mut repriced = base.clone();
    repriced.stages[0].price_per_unit += 1.0;
    assert!(!base.same_chain(&repriced), "a stage's price does");
    let mut regrown = base.clone();
    regrown.economy.gdp_growth_pct += 0.5;
    assert!(!base.same_chain(&regrown), "the economy does");
}

/// A scenario's differences read as the inputs are typed: a refining charge in full
/// (0.02125, not 0.02) per the unit it is quoted in (USD/lb payable, not "per unit"), and a
/// stage switched "off" then "on".
#[test]
fn differences_read_in_the_units_the_terms_are_quoted_in() {
    let project = default_project().unwrap();
    let scenario = "2026 terms (TC/RC zero)".to_owned();
    let comparison = analysis::compare(
        &project,
        analysis::BASE_NAME,
        std::slice::from_ref(&scenario),
    )
    .unwrap();
    let read: Vec<String> = comparison.differences[0]
        .iter()
        .map(|d| {
            let [base, with] = report::format::difference_values(d);
            format!("{}: {base} -> {with}", d.label)
        })
        .collect();
    assert!(
        read.contains(
            &"Concentrator, phase 1: refining charge: 0.02125 USD/lb payable -> 0 USD/lb payable"
                .to_owned()
        ),
        "{read:#?}"
    );
    assert!(
        read.contains(&"Copper smelter and refinery: switched on: off -> on".to_owned()),
        "{read:#?}"
    );
}
