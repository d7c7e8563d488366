//! Does processing at home pay? The Policy Analysis Matrix through the whole calculation
//! (`docs/METHOD.md` section 19): the hand case (DRC 0.75) built as a stage, the
//! capital charge as capex × the capital recovery factor, NPC and EPC with a royalty and
//! shadow prices, the chain's matrix, the report's table and CSV, the comparison's row, and
//! the stage inspector showing the DRC in the window.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use egui_kittest::kittest::Queryable as _;

use uplift::calc::pam::{capital_recovery_factor, chain_pam, stage_pam};
use uplift::calc::{Period, compute};
use uplift::model::{Project, PurchasedInput, StageId};

mod common;

use common::assert_close;
use common::builders::{abroad, neutral_project, stage};
use common::window::{self, DESIGN_SIZE};

/// The hand case as one stage in 2030: one unit sold at 100; an imported input of 60 (the
/// tradable inputs) and a domestic one of 5; wages 10; capex 300 over a life of 20 years, so
/// at a discount rate of 0 the capital charge is 300 / 20 = 15. DRC (10 + 5 + 15) / 40 = 0.75.
fn hand_case() -> Project {
    let mut project = neutral_project("PAM hand case", (2030, 2030), 1_000.0);
    let mut mill = stage("mill", 2030, 1.0, 100.0);
    "Mill".clone_into(&mut mill.name);
    mill.purchased_inputs = vec![
        PurchasedInput {
            name: "Imported reagents".to_owned(),
            cost_per_unit: 60.0,
            imported_pct: 100.0,
        },
        PurchasedInput {
            name: "Local services".to_owned(),
            cost_per_unit: 5.0,
            imported_pct: 0.0,
        },
    ];
    mill.wages_per_year = 10.0;
    mill.capex = 300.0;
    mill.economic_life_years = 20;
    project.stages = vec![mill];
    project
}

#[test]
fn the_hand_case_gives_a_drc_of_three_quarters() {
    let project = hand_case();
    let results = compute(&project).unwrap();
    let pam = stage_pam(&project, &results, 0, Period::Year(2030)).unwrap();
    assert_close(pam.social.revenue, 100.0, "revenue");
    assert_close(pam.social.tradable_inputs, 60.0, "tradable inputs");
    // Wages 10 + domestic input 5 + capital charge 15.
    assert_close(pam.social.domestic_factors, 30.0, "domestic factors");
    assert_close(pam.drc().unwrap(), 0.75, "DRC");
    assert_close(pam.npc().unwrap(), 1.0, "NPC without transfers");
    assert_close(pam.epc().unwrap(), 1.0, "EPC without transfers");
    assert_close(pam.private.profit(), 10.0, "private profit 100 - 60 - 30");
}

#[test]
fn the_capital_charge_is_capex_times_the_capital_recovery_factor() {
    let mut project = hand_case();
    project.economy.discount_rate_pct = 8.0;
    let results = compute(&project).unwrap();
    let pam = stage_pam(&project, &results, 0, Period::Year(2030)).unwrap();
    // CRF(8%, 20) = 0.08 × 1.08^20 / (1.08^20 − 1) = 0.1018522; × 300 = 30.5557.
    let charge = 300.0 * capital_recovery_factor(0.08, 20);
    assert!((charge - 30.555_66).abs() < 1e-4, "{charge}");
    assert_close(pam.budget.capital_charge, charge, "capital charge");
    assert_close(
        pam.drc().unwrap(),
        (15.0 + charge) / 40.0,
        "DRC with the capital charge at 8%",
    );
    // A year outside the economic life carries no charge: the plant's cost is paid off.
    project.horizon.last_year = 2050;
    let results = compute(&project).unwrap();
    let late = stage_pam(&project, &results, 0, Period::Year(2050)).unwrap();
    assert_close(late.budget.capital_charge, 0.0, "after the economic life");
    let last = stage_pam(&project, &results, 0, Period::Year(2049)).unwrap();
    assert_close(
        last.budget.capital_charge,
        charge,
        "in the last year of the life",
    );
}

#[test]
fn royalties_and_shadow_prices_move_npc_epc_and_drc_as_by_hand() {
    let mut project = hand_case();
    // A 10% royalty on 100: private revenue 90, NPC 0.9, EPC (90 − 60) / 40 = 0.75.
    project.stages[0].royalty_pct = 10.0;
    let results = compute(&project).unwrap();
    let pam = stage_pam(&project, &results, 0, Period::Horizon).unwrap();
    assert_close(pam.npc().unwrap(), 0.9, "NPC");
    assert_close(pam.epc().unwrap(), 0.75, "EPC");
    assert_close(pam.drc().unwrap(), 0.75, "a transfer leaves the DRC alone");
    assert_close(
        pam.divergences().profit(),
        -10.0,
        "the royalty is the divergence",
    );
    // Shadow exchange rate factor 1.25: social revenue 125, tradables 75, social VA 50;
    // shadow wage factor 0.5: wages 5. DRC (5 + 5 + 15) / 50 = 0.5.
    project.economy.shadow_exchange_rate_factor = 1.25;
    project.economy.shadow_wage_factor = 0.5;
    let results = compute(&project).unwrap();
    let pam = stage_pam(&project, &results, 0, Period::Horizon).unwrap();
    assert_close(pam.drc().unwrap(), 0.5, "DRC at shadow prices");
    assert_close(pam.npc().unwrap(), 90.0 / 125.0, "NPC at shadow prices");
}

#[test]
fn the_chain_sums_its_domestic_stages_and_leaves_stages_abroad_out() {
    let mut project = hand_case();
    let mut refinery = abroad(stage("refinery", 2030, 1.0, 500.0));
    refinery.wages_per_year = 400.0;
    project.stages.push(refinery);
    let results = compute(&project).unwrap();
    assert!(stage_pam(&project, &results, 1, Period::Horizon).is_none());
    let chain = chain_pam(&project, &results, Period::Horizon);
    assert_close(
        chain.drc().unwrap(),
        0.75,
        "the chain is its one domestic stage",
    );
}

#[test]
fn the_report_prints_the_matrix_and_writes_its_csv() {
    let project = hand_case();
    let results = compute(&project).unwrap();
    let built = uplift::report::build(&project, &results, Period::Horizon);
    let money = uplift::report::format::MoneyDisplay::base(&project.currency);
    let table = uplift::report::to_table(&built, &money);
    assert!(table.contains("Policy Analysis Matrix"), "{table}");
    assert!(table.contains("0.75"), "{table}");
    let csv = uplift::report::pam_table::to_csv(&built.pam, ("2030", "USD", "Base case")).unwrap();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let drc_column = headers.iter().position(|h| h == "drc").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // The mill, then the domestic chain.
    assert_eq!(rows.len(), 2);
    assert_eq!(&rows[0][1], "Mill");
    assert_eq!(&rows[1][1], "Domestic chain");
    assert_eq!(&rows[0][drc_column], "0.75");
    assert!(headers.iter().any(|h| h == "social_domestic_factors_usd"));
}

#[test]
fn a_comparison_has_the_chains_drc() {
    let mut project = hand_case();
    project.scenarios.push(uplift::model::params::Scenario {
        name: "Cheap labour".to_owned(),
        description: String::new(),
        overrides: [(
            uplift::model::params::Param::Economy(
                uplift::model::params::EconomyField::ShadowWageFactor,
            ),
            0.5,
        )]
        .into(),
        stages: std::collections::BTreeMap::new(),
    });
    let comparison = uplift::analysis::compare(
        &project,
        uplift::analysis::BASE_NAME,
        &["Cheap labour".to_owned()],
    )
    .unwrap();
    let row = comparison
        .rows
        .iter()
        .find(|row| row.label == uplift::analysis::CHAIN_DRC)
        .unwrap();
    assert_close(row.base, 0.75, "base DRC");
    // Wages at half: (5 + 5 + 15) / 40 = 0.625.
    assert_close(row.with[0].value, 0.625, "scenario DRC");
}

#[test]
fn the_stage_inspector_shows_whether_the_stage_pays() {
    let mut harness = window::harness(hand_case(), DESIGN_SIZE);
    harness.state_mut().select_stages([StageId::from("mill")]);
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Does it pay? Policy Analysis Matrix")
            .is_some()
    );
    assert!(harness.query_by_label("DRC").is_some(), "the DRC row");
    assert!(harness.query_by_label("0.75").is_some(), "the DRC's value");
    assert!(
        harness.query_by_label_contains("DRC: pays").is_some(),
        "and what it means"
    );
}

#[test]
fn the_drc_chart_sets_each_stage_and_the_chain_against_the_line_at_one() {
    use uplift::chart::{self, ChartBody, ChartKind, ChartOptions, SvgSize};
    let mut project = hand_case();
    // A second stage that does not pay: revenue 100, tradables 90, wages 20: DRC 2.
    let mut smelter = stage("smelter", 2030, 1.0, 100.0);
    "Smelter".clone_into(&mut smelter.name);
    smelter.purchased_inputs = vec![PurchasedInput {
        name: "Imported concentrate".to_owned(),
        cost_per_unit: 90.0,
        imported_pct: 100.0,
    }];
    smelter.wages_per_year = 20.0;
    project.stages.push(smelter);
    let results = compute(&project).unwrap();
    let drc_chart = chart::build(
        ChartKind::DrcByStage,
        &project,
        &results,
        &ChartOptions::default(),
    );
    let ChartBody::Bars { panels, .. } = &drc_chart.body else {
        panic!("a bar chart");
    };
    let panel = &panels[0];
    assert_eq!(panel.categories, ["Mill", "Smelter", "Domestic chain"]);
    assert_eq!(panel.reference.as_ref().map(|r| r.value), Some(1.0));
    let value = |series: usize, row: usize| panel.series[series].values[row];
    assert_close(value(0, 0), 0.75, "the mill pays (green)");
    assert_close(value(1, 1), 2.0, "the smelter does not (vermilion)");
    // The chain: (30 + 20) / (40 + 10) = 1.
    assert_close(value(2, 2), 1.0, "the chain (blue)");
    let svg = chart::to_svg(&drc_chart, SvgSize::default());
    assert!(svg.contains("stroke-dasharray"), "the dashed line at 1");
    assert!(svg.contains(uplift::chart::drc::BREAK_EVEN));
    let csv = chart::to_csv(&drc_chart).unwrap();
    assert!(csv.contains("0.75") && csv.contains("Smelter"), "{csv}");
}

#[test]
fn uplift_report_writes_the_matrix_as_csv() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hand.ron");
    uplift::io::save_project(&hand_case(), &file).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_uplift"))
        .args([
            "report".as_ref(),
            file.as_os_str(),
            "--format".as_ref(),
            "pam-csv".as_ref(),
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let csv = String::from_utf8(output.stdout).unwrap();
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().contains(",drc,"));
    let mill = lines.next().unwrap();
    assert!(
        mill.starts_with("mill,Mill,") && mill.contains(",0.75,"),
        "{mill}"
    );
}

#[test]
fn uplift_export_writes_the_drc_chart() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hand.ron");
    uplift::io::save_project(&hand_case(), &file).unwrap();
    let out = dir.path().join("drc.csv");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_uplift"))
        .args([
            "export".as_ref(),
            file.as_os_str(),
            "--chart".as_ref(),
            "drc-by-stage".as_ref(),
            "--format".as_ref(),
            "csv".as_ref(),
            "--out".as_ref(),
            out.as_os_str(),
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let csv = std::fs::read_to_string(out).unwrap();
    assert!(csv.contains("Mill") && csv.contains("0.75"), "{csv}");
}
