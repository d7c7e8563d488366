//! Entering a published study (VCA4D-style) without fighting the format: the spellings a
//! report prints for kinds, locations and destinations load, a refused spelling names every
//! accepted one, list items take documented defaults, and a project money unit ("million
//! XOF") labels money in the report, its CSV and the charts (`docs/FORMAT.md`, "Entering a
//! published study").

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::float_cmp
)]

use uplift::calc::{Period, compute};
use uplift::chart::{ChartBody, ChartKind, ChartOptions, build};
use uplift::io::{project_from_json, project_from_ron};
use uplift::model::{Destination, Location, StageKind};

/// A two-stage rice chain as a study reports it: lower-case kinds and locations, the
/// destinations as the report prints them, a purchased input without `imported_pct`, a link
/// without a share, a by-product without a price, and money in millions of CFA francs.
const STUDY: &str = r#"(
    version: 2,
    name: "Rice in the Senegal valley",
    currency: (code: "XOF", money_unit: "million XOF"),
    base_year: 2024,
    horizon: (first_year: 2024, last_year: 2025),
    economy: (gdp_base_year: 18000000.0, gdp_growth_pct: 0.0, discount_rate_pct: 0.0, domestic_va_content_pct: 0.0),
    stages: [
        (
            id: "producers", name: "Producers", kind: other, location: domestic,
            product: "Paddy", unit: "t", capacity_per_year: 100.0, price_per_unit: 0.2,
            first_production_year: 2024, unlinked_output: domestic,
            purchased_inputs: [(name: "Fertiliser", cost_per_unit: 0.05)],
            by_products: [(name: "Straw", quantity_per_unit: 1.0)],
        ),
        (
            id: "millers", name: "Millers", kind: refining, location: national,
            product: "Milled rice", unit: "t", capacity_per_year: 65.0, input_per_unit: 1.5,
            price_per_unit: 0.5, first_production_year: 2024, unlinked_output: domestic_market,
        ),
    ],
    links: [(from: "producers", to: "millers")],
)"#;

#[test]
fn a_study_in_its_own_spellings_loads_with_the_documented_defaults() {
    let project = project_from_ron(STUDY).unwrap();
    let producers = &project.stages[0];
    assert_eq!(producers.kind, StageKind::Other);
    assert_eq!(producers.location, Location::Domestic);
    assert_eq!(producers.unlinked_output, Destination::DomesticMarket);
    assert_eq!(
        producers.purchased_inputs[0].imported_pct, 0.0,
        "bought at home"
    );
    assert_eq!(producers.by_products[0].price, 0.0);
    assert_eq!(project.stages[1].kind, StageKind::Refining);
    assert_eq!(project.stages[1].location, Location::Domestic);
    assert_eq!(project.links[0].share_pct, 100.0, "a link takes all");
    // Saved, the file is written in the canonical spellings and reads back the same.
    let saved = uplift::io::project_to_ron(&project).unwrap();
    assert!(saved.contains("DomesticMarket") && saved.contains("money_unit"));
    assert_eq!(project_from_ron(&saved).unwrap(), project);
    // The millers use 65 × 1.5 = 97.5 t of the producers' 100 t.
    let results = compute(&project).unwrap();
    let millers = results.stage(1, Period::Year(2024));
    assert!((millers.feed_used - 97.5).abs() < 1e-9);
}

#[test]
fn json_takes_the_spelling_with_a_space() {
    let json = uplift::io::project_to_json(&project_from_ron(STUDY).unwrap()).unwrap();
    let json = json.replace("\"DomesticMarket\"", "\"domestic market\"");
    assert!(json.contains("domestic market"));
    let project = project_from_json(&json).unwrap();
    assert_eq!(
        project.stages[1].unlinked_output,
        Destination::DomesticMarket
    );
}

#[test]
fn a_refused_spelling_names_the_accepted_ones() {
    let text = STUDY.replace("unlinked_output: domestic_market", "unlinked_output: home");
    let message = project_from_ron(&text).unwrap_err().to_string();
    for accepted in ["DomesticMarket", "domestic_market", "Export", "NotSold"] {
        assert!(message.contains(accepted), "{message}");
    }
    let text = STUDY.replace("kind: refining", "kind: milling");
    let message = project_from_ron(&text).unwrap_err().to_string();
    for accepted in ["Refining", "refining", "Other", "other"] {
        assert!(message.contains(accepted), "{message}");
    }
    // In quotes, as a report would print it: RON wants a name, and the message says so.
    let text = STUDY.replace(
        "unlinked_output: domestic_market",
        "unlinked_output: \"domestic market\"",
    );
    let message = project_from_ron(&text).unwrap_err().to_string();
    assert!(message.contains("without quotes"), "{message}");
    assert!(message.contains("domestic_market"), "{message}");
}

#[test]
fn the_money_unit_labels_the_report_its_csv_and_the_charts() {
    let project = project_from_ron(STUDY).unwrap();
    assert_eq!(project.currency.money_unit(), "million XOF");
    let results = compute(&project).unwrap();
    let report = uplift::report::build(&project, &results, Period::Horizon);
    let money = uplift::report::format::MoneyDisplay::base(&project.currency);
    let table = uplift::report::to_table(&report, &money);
    assert!(table.contains("million XOF"), "{table}");
    let csv = uplift::report::to_csv(&report).unwrap();
    assert!(csv.contains("value_added_million_xof"), "{csv}");
    let chart = build(
        ChartKind::ValueAdded,
        &project,
        &results,
        &ChartOptions::default(),
    );
    let ChartBody::Bars { panels, .. } = &chart.body else {
        panic!("value added is a bar chart");
    };
    assert_eq!(
        panels[0].y_axis.title_with_unit(),
        "Value added (million XOF)"
    );
    // Without a money unit, labels write the currency code as before.
    let mut plain = project.clone();
    plain.currency.money_unit = String::new();
    assert_eq!(plain.currency.money_unit(), "XOF");
}
