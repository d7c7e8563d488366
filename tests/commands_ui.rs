//! The command table as a person meets it: the command palette opened with Ctrl+K and driven
//! from the keyboard, and a menu item doing exactly what its shortcut does.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use common::builders::link;
use common::window::{self as harness, DESIGN_SIZE};
use uplift::app::{CentralView, UpliftApp};
use uplift::model::{Project, StageId};

/// A mine feeding a mill.
fn mine_and_mill() -> Project {
    let mut project = common::builders::mine_and_mill();
    project.links = vec![link("mine", "mill", 100.0)];
    project
}

/// The window at its design size, showing `project`.
fn window(project: Project) -> Harness<'static, UpliftApp> {
    harness::harness(project, DESIGN_SIZE)
}

#[test]
fn the_palette_finds_a_command_by_name_and_enter_runs_it() {
    let mut harness = window(mine_and_mill());
    assert_eq!(harness.state().central_view(), CentralView::Chain);

    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    assert!(harness.state().is_command_palette_open());
    harness.get_by_label("Search commands").type_text("charts");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();

    assert!(!harness.state().is_command_palette_open());
    assert_eq!(harness.state().central_view(), CentralView::Charts);
    // The charts view is on screen, not just chosen.
    assert!(harness.query_by_label("Value added by stage").is_some());
}

#[test]
fn escape_closes_the_palette_and_runs_nothing() {
    let mut harness = window(mine_and_mill());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    harness.get_by_label("Search commands").type_text("charts");
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    assert!(!harness.state().is_command_palette_open());
    assert_eq!(harness.state().central_view(), CentralView::Chain);
}

#[test]
fn a_menu_item_does_what_its_shortcut_does() {
    // Edit → Duplicate, clicked.
    let mut by_menu = window(mine_and_mill());
    by_menu.state_mut().select_stages([StageId::from("mine")]);
    by_menu.run();
    by_menu.get_by_label("Edit").click();
    by_menu.run();
    by_menu.get_by_label_contains("Duplicate").click();
    by_menu.run();

    // Ctrl+D, pressed.
    let mut by_key = window(mine_and_mill());
    by_key.state_mut().select_stages([StageId::from("mine")]);
    by_key.run();
    by_key.key_press_modifiers(Modifiers::COMMAND, Key::D);
    by_key.run();

    let menu_project = by_menu.state().project();
    assert_eq!(menu_project.stages.len(), 3);
    assert_eq!(menu_project.stages[2].name, "Mine (copy)");
    assert_eq!(menu_project, by_key.state().project());
    assert_eq!(by_menu.state().selection(), by_key.state().selection());
    assert_eq!(
        by_menu.state().document().undo_label(),
        by_key.state().document().undo_label()
    );
}
