//! The price deck and pricing rules in the window, driven headless as a person would: a deck
//! price typed in the Project tab moves the priced stage's price in the results and is undone
//! in one step; choosing a rule for a stage shows its terms and how its price is built; a
//! refused grade is shown in place and never reaches the project.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use egui_kittest::Harness;

use uplift::app::action::Action;
use uplift::app::{UiCommand, UpliftApp};
use uplift::model::catalogue::pricing_fields::{
    COMMODITY, FREIGHT, GRADE, MIN_DEDUCTION, MOISTURE, PAYABLE, PENALTIES, REFINING_CHARGE, RULE,
    TREATMENT_CHARGE,
};
use uplift::model::pricing::{ConcentrateTerms, PricingRule};
use uplift::model::{Project, StageId};

mod common;

use common::builders::deck_chain;
use common::window::{
    self, DESIGN_SIZE, click, scroll_and_click, shows, shows_containing, type_into,
};

/// The deck chain with its concentrator priced as a concentrate on copper.
fn priced_chain() -> Project {
    let mut project = deck_chain();
    project.stages[1].pricing = Some(PricingRule::Concentrate(ConcentrateTerms::typical(
        "copper",
    )));
    project
}

/// The window showing `project` with the concentrator selected.
fn with_concentrator(project: Project) -> Harness<'static, UpliftApp> {
    let mut harness = window::harness(project, DESIGN_SIZE);
    harness.state_mut().select_stages([StageId::from("mill")]);
    harness.run();
    harness
}

/// The concentrator's price in the first year, as the results have it.
fn first_price(harness: &Harness<'_, UpliftApp>) -> f64 {
    harness
        .state()
        .results()
        .and_then(|results| results.price(1, 0))
        .expect("the chain computes")
}

/// The concentrate's net smelter return at copper price `copper` (typical terms: 28%,
/// 96.5% payable but at most 27% by the one-unit deduction, no charges, 9% moisture and no
/// freight).
fn nsr(copper: f64) -> f64 {
    0.27 * copper
}

#[test]
fn a_deck_price_typed_in_the_project_tab_moves_the_stage_price_and_undoes() {
    let mut harness = with_concentrator(priced_chain());
    assert!((first_price(&harness) - nsr(10_000.0)).abs() < 1e-6);
    click(&mut harness, "Project");
    assert!(shows(&harness, "Price deck"));
    // A refused price is said under the path and never applied.
    type_into(&mut harness, "copper price", "-5");
    assert!(shows_containing(
        &harness,
        "copper price: Must be 0 or more; not applied (in use: 10,000 USD/t)."
    ));
    assert!(harness.state().project() == &priced_chain());
    type_into(&mut harness, "copper price", "12,000");
    harness.key_press(egui::Key::Enter);
    harness.run();
    let copper = &harness.state().project().prices["copper"];
    assert!((copper.path[0].price - 12_000.0).abs() < 1e-9);
    assert!(
        (copper.path[1].price - 9_000.0).abs() < 1e-9,
        "only the point typed"
    );
    assert!((first_price(&harness) - nsr(12_000.0)).abs() < 1e-6);
    assert_eq!(harness.state().document().undo_label(), Some("price deck"));

    harness
        .state_mut()
        .push_action(Action::Run(UiCommand::Undo));
    harness.run();
    assert!(harness.state().project() == &priced_chain());
    assert!((first_price(&harness) - nsr(10_000.0)).abs() < 1e-6);
}

#[test]
fn a_commodity_and_a_point_are_added_and_removed_in_the_project_tab() {
    let mut harness = with_concentrator(priced_chain());
    click(&mut harness, "Project");
    type_into(&mut harness, "New commodity", "silver");
    scroll_and_click(&mut harness, "Add commodity");
    let deck = &harness.state().project().prices;
    assert!(deck.contains_key("silver"), "{deck:?}");
    scroll_and_click(&mut harness, "Add a point to silver");
    assert_eq!(harness.state().project().prices["silver"].path.len(), 2);
    scroll_and_click(&mut harness, "Remove point 2 of silver");
    assert_eq!(harness.state().project().prices["silver"].path.len(), 1);
    scroll_and_click(&mut harness, "Remove commodity silver");
    assert!(!harness.state().project().prices.contains_key("silver"));
}

#[test]
fn choosing_concentrate_shows_the_rule_rows_and_the_waterfall() {
    let mut harness = with_concentrator(deck_chain());
    assert!(!shows(&harness, "How the price is built"), "a typed price");
    scroll_and_click(&mut harness, RULE.label);
    click(&mut harness, "Concentrate (NSR)");
    let stage = &harness.state().project().stages[1];
    let Some(PricingRule::Concentrate(terms)) = &stage.pricing else {
        panic!("priced as a concentrate: {:?}", stage.pricing);
    };
    assert_eq!(terms, &ConcentrateTerms::typical("copper"));
    for entry in [
        &COMMODITY,
        &GRADE,
        &PAYABLE,
        &MIN_DEDUCTION,
        &TREATMENT_CHARGE,
        &REFINING_CHARGE,
        &PENALTIES,
        &MOISTURE,
        &FREIGHT,
    ] {
        assert!(shows(&harness, entry.label), "no row {}", entry.label);
    }
    assert!(shows_containing(
        &harness,
        "set by rule: 2,700 USD/t in 2026"
    ));
    assert!(shows(&harness, "How the price is built"));
    assert!(shows_containing(&harness, "Payable metal: +2,700 USD/t"));
    assert!(shows_containing(&harness, "Price: 2,700 USD/t"));

    // Back to a typed price: the rule goes, the typed price is what it was.
    scroll_and_click(&mut harness, RULE.label);
    click(&mut harness, "Typed price");
    let stage = &harness.state().project().stages[1];
    assert!(stage.pricing.is_none());
    assert!((stage.price_per_unit - 2_000.0).abs() < 1e-9);
}

#[test]
fn a_refused_grade_is_shown_in_place_and_not_in_the_project() {
    let mut harness = with_concentrator(priced_chain());
    let before = harness.state().project().clone();
    type_into(&mut harness, GRADE.label, "150");
    assert!(shows_containing(&harness, "A share is between 0 and 100%"));
    assert!(shows_containing(&harness, "in use: 28%"));
    assert!(
        harness.state().project() == &before,
        "nothing of 150 applied"
    );
    harness.key_press(egui::Key::Enter);
    harness.run();
    assert!(harness.state().project() == &before);
    assert_eq!(harness.state().document().undo_label(), None);

    type_into(&mut harness, GRADE.label, "30");
    let Some(PricingRule::Concentrate(terms)) = &harness.state().project().stages[1].pricing else {
        panic!("still a concentrate");
    };
    assert!((terms.grade_pct - 30.0).abs() < 1e-9);
}

#[test]
fn grade_and_recovery_set_the_feed_per_unit() {
    let mut harness = with_concentrator(priced_chain());
    scroll_and_click(&mut harness, "Feed per unit from grade and recovery");
    let gr = harness.state().project().stages[1]
        .grade_recovery
        .clone()
        .expect("grade and recovery on");
    // The mine states no grade, so the feed grade is typed, starting at 1%.
    assert_eq!(gr.feed_grade_pct, Some(1.0));
    type_into(&mut harness, "Feed grade", "0.5");
    type_into(&mut harness, "Recovery", "91");
    harness.key_press(egui::Key::Enter);
    harness.run();
    // 28% / (0.5% x 91%) = 61.538… t of ore per t of concentrate.
    let computed = harness.state().results().and_then(|r| r.input_per_unit(1));
    assert!((computed.unwrap() - 0.28 / (0.005 * 0.91)).abs() < 1e-9);
    assert!(shows_containing(
        &harness,
        "61.5384615385 t/t (from grades)"
    ));
}

/// Going back to a typed price keeps the product grade the rule gave as a typed grade, so a
/// stage whose feed follows from its grades stays valid and its feed per unit stays as it was.
#[test]
fn going_back_to_a_typed_price_keeps_the_grade_the_rule_gave() {
    let mut project = priced_chain();
    project.stages[1].grade_recovery = Some(uplift::model::pricing::GradeRecovery {
        feed_grade_pct: Some(0.5),
        recovery_pct: 91.0,
        product_grade_pct: None,
    });
    let mut harness = with_concentrator(project);
    scroll_and_click(&mut harness, RULE.label);
    click(&mut harness, "Typed price");
    let project = harness.state().project();
    let stage = &project.stages[1];
    assert!(stage.pricing.is_none());
    let grade = stage
        .grade_recovery
        .as_ref()
        .and_then(|gr| gr.product_grade_pct);
    assert!(grade.is_some_and(|g| (g - 28.0).abs() < 1e-9), "{grade:?}");
    let problems = uplift::model::validate::validate(project);
    assert!(problems.iter().all(|p| !p.is_error()), "{problems:?}");
}
