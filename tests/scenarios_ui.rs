//! Scenarios, levers and presentation mode in the window, driven headless as a facilitator
//! would use them: widgets found by their labels, clicked, typed into, moved with keys.

#![allow(clippy::unwrap_used, clippy::expect_used)]
// The scenario stores exactly the value the slider set; comparing exactly is the point.
#![allow(clippy::float_cmp)]

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use uplift::app::UpliftApp;
use uplift::calc::Period;
use uplift::io::examples::default_project;
use uplift::model::scenario::Param;

mod common;

use common::window::{DESIGN_SIZE, click, harness};

/// The window at its design size on the default example.
fn window() -> Harness<'static, UpliftApp> {
    harness(default_project().unwrap(), DESIGN_SIZE)
}

fn total_va(app: &UpliftApp) -> f64 {
    app.results()
        .unwrap()
        .national(Period::Horizon)
        .accounts
        .total_va()
}

fn choose_scenario(harness: &mut Harness<'_, UpliftApp>, name: &str) {
    harness
        .get_by_role_and_label(Role::ComboBox, "Scenario")
        .click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, name).click();
    harness.run();
}

#[test]
fn switching_scenario_shows_its_chain_and_keeps_the_base() {
    let mut harness = window();
    let base_va = total_va(harness.state());
    choose_scenario(&mut harness, "Refine and make rod and wire");
    assert_eq!(
        harness.state().document().active_scenario(),
        Some("Refine and make rod and wire")
    );
    let smelter = harness.state().view().stage(&"smelter".into()).unwrap();
    assert!(smelter.active, "the scenario switches the smelter on");
    let base_smelter = harness.state().project().stage(&"smelter".into()).unwrap();
    assert!(!base_smelter.active, "the base still exports concentrate");
    assert!((total_va(harness.state()) - base_va).abs() > 1.0);

    // F6 steps to the next scenario, Shift+F6 back; before the first comes the base.
    harness.key_press(Key::F6);
    harness.run();
    let names: Vec<String> = harness
        .state()
        .project()
        .scenarios
        .iter()
        .map(|s| s.name.clone())
        .collect();
    let position = names
        .iter()
        .position(|n| n == "Refine and make rod and wire")
        .unwrap();
    let next = names.get(position + 1).map(String::as_str);
    assert_eq!(harness.state().document().active_scenario(), next);
    for _ in 0..=position + 1 {
        harness.key_press_modifiers(Modifiers::SHIFT, Key::F6);
        harness.run();
    }
    assert_eq!(harness.state().document().active_scenario(), None);
    assert!((total_va(harness.state()) - base_va).abs() < 1e-6);
}

#[test]
fn moving_a_lever_changes_the_headline_at_once_and_only_in_the_scenario() {
    let mut harness = window();
    choose_scenario(&mut harness, "Refine and make rod and wire");
    click(&mut harness, "Levers");
    // The example's copper price lever acts on the price deck (issue #15).
    let param = Param::Deck("copper".into());
    let label = param.label(harness.state().view());
    let before_price = param.get(harness.state().view()).unwrap();
    let before_va = total_va(harness.state());

    harness.get_by_role_and_label(Role::Slider, &label).focus();
    harness.run();
    for _ in 0..5 {
        harness.key_press(Key::ArrowRight);
        harness.run();
    }
    let after_price = param.get(harness.state().view()).unwrap();
    assert!(
        after_price > before_price,
        "{before_price} -> {after_price}"
    );
    assert!(
        total_va(harness.state()) > before_va,
        "a higher price adds value"
    );
    // The whole drag is one undo step, and the base is untouched.
    let base_price = param.get(harness.state().project()).unwrap();
    assert_eq!(base_price, before_price);
    let scenario = harness
        .state()
        .project()
        .scenario("Refine and make rod and wire")
        .unwrap();
    assert!(
        scenario
            .overrides
            .iter()
            .any(|(p, v)| p == &param && *v == after_price),
        "stored as the scenario's override"
    );
}

#[test]
fn a_new_scenario_is_named_in_a_dialog_and_shown() {
    let mut harness = window();
    // The menu bar's Scenario menu (the tool bar's selector has the same name).
    harness
        .get_by_role_and_label(Role::Button, "Scenario")
        .click();
    harness.run();
    harness
        .get_by_label("New scenario from what is shown…")
        .click();
    harness.run();
    harness.get_by_label("Scenario name").focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness
        .get_by_label("Scenario name")
        .type_text("High copper");
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Create")
        .click();
    harness.run();
    assert_eq!(
        harness.state().document().active_scenario(),
        Some("High copper")
    );
    assert!(harness.state().project().scenario("High copper").is_some());
}

#[test]
fn presentation_mode_is_entered_with_f11_and_left_with_escape() {
    let mut harness = window();
    harness.key_press(Key::F11);
    harness.run();
    assert!(harness.state().is_presenting());
    assert!(harness.query_by_label("Leave presentation").is_some());
    // Editing chrome is hidden; the levers and headline figures are shown.
    assert!(harness.query_by_label("Add a stage:").is_none());
    assert!(harness.query_by_label("Levers").is_some());
    // Value added, share of GDP, net FX and jobs, each saying what it is measured against (and
    // the chart's subtitle).
    assert!(harness.query_all_by_label_contains("Base case").count() >= 4);
    harness.key_press(Key::Escape);
    harness.run();
    assert!(!harness.state().is_presenting());
    assert!(harness.query_by_label("Leave presentation").is_none());
}
