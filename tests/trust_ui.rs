//! Entry a planner can trust, driven headless as a person would: what a field shows as refused
//! is never in the project, a refused entry says which value is in use and goes with its
//! field, notes under fields keep their room so the next field stays where it was, and keys
//! meant for the inspector never select or delete the chain.

#![allow(clippy::unwrap_used, clippy::expect_used)]
// Shares typed and restored are exact; comparing them exactly is the point.
#![allow(clippy::float_cmp)]

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

use uplift::app::UpliftApp;
use uplift::model::{Project, StageId};

mod common;

use common::builders::mine_and_mill;
use common::window::{self, DESIGN_SIZE, shows_containing, type_into};

/// The Reko Diq example in the window with the stage `id` selected.
fn reko_diq_with(id: &str) -> Harness<'static, UpliftApp> {
    let project = uplift::io::examples::default_project().expect("the built-in project loads");
    let mut harness = window::harness(project, DESIGN_SIZE);
    harness.state_mut().select_stages([StageId::from(id)]);
    harness.run();
    harness
}

/// The text the field labelled `label` shows (the first such field).
fn field_text(harness: &Harness<'_, UpliftApp>, label: &str) -> String {
    harness
        .get_all_by_label(label)
        .next()
        .and_then(|node| node.value())
        .unwrap_or_default()
}

/// Leaves the focused field as Esc does, so the next keys go to the window.
fn leave_field(harness: &mut Harness<'_, UpliftApp>) {
    harness.key_press(Key::Escape);
    harness.run();
}

/// The label of the widget with keyboard focus, if any.
#[allow(clippy::redundant_closure_for_method_calls)] // The method path is not general enough over the node lifetime.
fn focused_label(harness: &Harness<'_, UpliftApp>) -> Option<String> {
    harness
        .query_by(|node| node.is_focused())
        .map(|node| node.accesskit_node().label().unwrap_or_default())
}

#[test]
fn a_share_refused_on_the_last_keystroke_is_never_applied() {
    // Issue 19: select all in Electricity's imported share and type 150. "15" is a valid
    // share on the way; it must not stay in the project once "150" is refused.
    let mut harness = reko_diq_with("concentrator-p1");
    let before: Project = harness.state().project().clone();
    let electricity = harness
        .get_all_by_label("Imported share")
        .position(|node| node.value().as_deref() == Some("60"))
        .expect("Electricity (site power) is 60% imported");
    let field = |harness: &Harness<'static, UpliftApp>| {
        harness
            .get_all_by_label("Imported share")
            .nth(electricity)
            .expect("the field is still there")
            .accesskit_node()
            .id()
    };
    let id = field(&harness);
    harness
        .get_all_by_label("Imported share")
        .nth(electricity)
        .unwrap()
        .focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    for key in ["1", "5", "0"] {
        harness
            .get_all_by_label("Imported share")
            .nth(electricity)
            .unwrap()
            .type_text(key);
        harness.run();
    }
    assert_eq!(field(&harness), id, "still typing into Electricity's share");
    let imported = |harness: &Harness<'_, UpliftApp>| {
        harness.state().project().stages[2].purchased_inputs[0].imported_pct
    };
    assert_eq!(imported(&harness), 60.0, "no part of the refused entry");
    assert!(
        harness.state().project() == &before,
        "the project is unchanged"
    );
    assert!(!harness.state().document().is_dirty());
    assert!(shows_containing(&harness, "A share is between 0 and 100%"));
    assert!(
        shows_containing(&harness, "in use: 60%"),
        "the refusal says which value is in use"
    );

    // Committing the refused text changes nothing either, and leaves nothing to undo.
    harness.key_press(Key::Enter);
    harness.run();
    assert!(harness.state().project() == &before);
    assert!(!harness.state().document().is_dirty());
    assert!(
        !harness
            .state()
            .window_title()
            .unwrap_or_default()
            .contains('•'),
        "the title is not marked changed"
    );
    assert_eq!(harness.state().document().undo_label(), None);
}

#[test]
fn a_refused_entry_shows_the_value_in_use_and_goes_with_its_field() {
    let mut harness = reko_diq_with("concentrator-p1");
    let capacity = field_text(&harness, "Capacity");
    // The concentrate is priced by its terms: a refused treatment charge (a typed number).
    let price = field_text(&harness, "Treatment charge");

    type_into(&mut harness, "Capacity", "-5");
    leave_field(&mut harness);
    type_into(&mut harness, "Treatment charge", "NaN");
    leave_field(&mut harness);
    assert_eq!(field_text(&harness, "Capacity"), "-5");

    // Another stage and back: the refused text went with the selection.
    harness
        .state_mut()
        .select_stages([StageId::from("mine-p1")]);
    harness.run();
    harness
        .state_mut()
        .select_stages([StageId::from("concentrator-p1")]);
    harness.run();
    assert_eq!(field_text(&harness, "Capacity"), capacity);
    assert_eq!(field_text(&harness, "Treatment charge"), price);
    assert!(!shows_containing(&harness, "not applied"));

    // Undo drops a refused entry too: the fields show what the project holds after it.
    type_into(&mut harness, "Wages", "1,234,567");
    harness.key_press(Key::Enter);
    harness.run();
    type_into(&mut harness, "Capacity", "-5");
    type_into(&mut harness, "Treatment charge", "NaN");
    leave_field(&mut harness);
    assert!(shows_containing(&harness, &format!("in use: {capacity} ")));
    assert!(shows_containing(&harness, &format!("in use: {price} ")));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(field_text(&harness, "Capacity"), capacity);
    assert_eq!(field_text(&harness, "Treatment charge"), price);
    assert!(!shows_containing(&harness, "not applied"));
}

#[test]
fn a_helper_line_appearing_moves_no_field_below() {
    let mut project = mine_and_mill();
    project.stages[0].capex = 500_000.0;
    project.stages[0].economic_life_years = 20;
    let mut harness = window::harness(project, DESIGN_SIZE);
    harness.state_mut().select_stages([StageId::from("mine")]);
    harness.run();
    let top =
        |harness: &Harness<'_, UpliftApp>, label: &str| harness.get_by_label(label).rect().min.y;
    let below = ["Imported share of capex", "Construction years"];
    let before: Vec<f32> = below.iter().map(|label| top(&harness, label)).collect();
    assert!(!shows_containing(&harness, "= USD 30.0 M"));

    type_into(&mut harness, "Capex", "30000000");
    assert!(
        shows_containing(&harness, "= USD 30.0 M"),
        "the helper line appears"
    );
    let after: Vec<f32> = below.iter().map(|label| top(&harness, label)).collect();
    assert_eq!(before, after, "the fields below stay where they were");
}

#[test]
fn the_loss_warning_keeps_its_room_when_a_value_ends_the_loss() {
    // The domestic smelter runs at a loss in the scenario that switches it on.
    let base = uplift::io::examples::default_project().expect("the built-in project loads");
    let mut project = uplift::analysis::scenario_project(&base, "Refine and make rod and wire")
        .expect("the example has this scenario");
    // The example prices cathode from its deck (issue #15); this test is about the warning's
    // room, so the smelter gets a typed price at which it loses money (and its typed feed per
    // unit, since its product grade came from the rule), which "Price" then ends.
    let smelter = project
        .stages
        .iter_mut()
        .find(|stage| stage.id.0 == "smelter")
        .expect("the example has a smelter");
    smelter.pricing = None;
    smelter.grade_recovery = None;
    smelter.price_per_unit = 8_000.0;
    let mut harness = window::harness(project, DESIGN_SIZE);
    harness
        .state_mut()
        .select_stages([StageId::from("smelter")]);
    harness.run();
    assert!(shows_containing(&harness, "This stage makes a loss"));
    let top = |harness: &Harness<'_, UpliftApp>| harness.get_by_label("Capacity").rect().min.y;
    let before = top(&harness);

    type_into(&mut harness, "Price", "20000");
    assert!(!shows_containing(&harness, "This stage makes a loss"));
    assert_eq!(top(&harness), before, "the fields stay where they were");
}

#[test]
fn select_all_and_delete_leave_the_chain_alone_while_a_widget_has_focus() {
    let mut harness = reko_diq_with("concentrator-p1");
    let stages = harness.state().project().stages.len();
    // Keyboard focus on a choice of the inspector, as Tab from the name field puts it.
    harness.get_by_label("Kind").focus();
    harness.run();
    assert!(focused_label(&harness).is_some());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness.key_press(Key::Delete);
    harness.run();
    assert_eq!(harness.state().project().stages.len(), stages);
    assert_eq!(
        harness.state().selection().stages.len(),
        1,
        "Ctrl+A did not select the chain"
    );
}

#[test]
fn tab_goes_from_field_to_field_never_onto_a_section_header() {
    let mut harness = reko_diq_with("concentrator-p1");
    let headers = [
        "Production",
        "Prices",
        "Purchased inputs",
        "Labour and taxes",
        "Investment",
        "Environment",
        "Policy",
        "Notes and sources",
        "Results,",
    ];
    harness.get_by_label("Capacity").focus();
    harness.run();
    let mut visited = Vec::new();
    for _ in 0..60 {
        harness.key_press(Key::Tab);
        harness.run();
        let Some(label) = focused_label(&harness) else {
            continue;
        };
        assert!(
            !headers.iter().any(|header| label.starts_with(header)),
            "Tab stopped on the section header {label:?} after {visited:?}"
        );
        visited.push(label);
    }
    // The Prices section's first field (the concentrate is priced by a rule).
    assert!(
        visited.iter().any(|label| label == "Priced by"),
        "Tab reached the next section's fields: {visited:?}"
    );
}

/// Whether the one-line label `text` drawn in `rect` shows less than the whole text: narrower
/// than the text laid out on one line, and no taller than one line (so not wrapped either).
fn is_cut(harness: &Harness<'_, UpliftApp>, text: &str, rect: egui::Rect) -> bool {
    let painter = egui::Painter::new(
        harness.ctx.clone(),
        egui::LayerId::background(),
        egui::Rect::EVERYTHING,
    );
    let font = egui::TextStyle::Body.resolve(&harness.ctx.global_style());
    let line = painter.layout_no_wrap(text.to_owned(), font, egui::Color32::WHITE);
    rect.width() + 0.5 < line.size().x && rect.height() < 1.5 * line.size().y
}

#[test]
fn at_laptop_size_the_status_bar_shows_and_no_headline_is_cut() {
    let project = uplift::io::examples::default_project().expect("the built-in project loads");
    let harness = window::harness(project, DESIGN_SIZE);
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, DESIGN_SIZE);

    let problems = harness.state().problems();
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let summary = uplift::app::problem_summary(errors, problems.len() - errors);
    let summary = harness.get_by_label(&summary).rect();
    assert!(screen.contains_rect(summary), "status bar at {summary:?}");

    assert_headlines_whole(&harness, "nothing selected");
    // A selected stage's results widen the inspector; the cards still keep to one row and
    // their text whole.
    let mut harness = harness;
    harness
        .state_mut()
        .select_stages([StageId::from("concentrator-p1")]);
    harness.run();
    assert_headlines_whole(&harness, "a stage selected");
}

/// Every headline card's detail line is on screen and not cut, and the cards keep to one
/// row, so the chain above them keeps its height. (The table below repeats some captions as
/// column headers: the card is the highest.)
fn assert_headlines_whole(harness: &Harness<'_, UpliftApp>, when: &str) {
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, DESIGN_SIZE);
    let mut details = 0;
    for prefix in ["direct ", "exports ", "per year over", "taxes ", "IRR "] {
        for node in harness.get_all_by_label_contains(prefix) {
            let node_text = node.accesskit_node();
            let text = node_text
                .label()
                .or_else(|| node_text.value())
                .unwrap_or_default();
            if !text.starts_with(prefix) {
                continue;
            }
            details += 1;
            let rect = node.rect();
            assert!(screen.contains_rect(rect), "{when}: {text:?} at {rect:?}");
            assert!(
                !is_cut(harness, &text, rect),
                "{when}: {text:?} is cut at {rect:?}"
            );
        }
    }
    assert!(
        details >= 5,
        "{when}: every headline card has its detail line"
    );
    let tops: Vec<f32> = ["Total VA", "Net FX", "Government revenue", "NPV"]
        .into_iter()
        .map(|caption| {
            harness
                .get_all_by_label(caption)
                .map(|node| node.rect().top())
                .fold(f32::INFINITY, f32::min)
        })
        .collect();
    assert!(
        tops.iter().all(|top| (top - tops[0]).abs() < 1.0),
        "{when}: headline cards on more than one row: {tops:?}"
    );
}
