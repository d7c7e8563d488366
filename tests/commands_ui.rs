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

/// Answers the open path prompt with `path` in its field `field` and presses Export.
fn answer_prompt(harness: &mut Harness<'static, UpliftApp>, field: &str, path: &std::path::Path) {
    harness::type_into(harness, field, &path.display().to_string());
    harness
        .get_by_role(egui::accesskit::Role::Dialog)
        .get_by_role_and_label(egui::accesskit::Role::Button, "Export")
        .click();
    harness.run();
}

#[test]
fn the_report_and_the_workbook_export_from_the_file_menu_and_the_palette() {
    let dir = tempfile::tempdir().unwrap();
    let project = uplift::io::examples::default_project().unwrap();
    let scenarios = project.scenarios.len();
    let mut harness = window(project);

    // Ctrl+K, "export report", Enter: the path prompt asks for a folder.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    harness
        .get_by_label("Search commands")
        .type_text("export report");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert!(harness.query_by_label("Export report").is_some());
    let folder = dir.path().join("report");
    answer_prompt(&mut harness, "Folder", &folder);
    let html = std::fs::read_to_string(folder.join("report.html")).unwrap();
    assert!(scenarios > 0);
    for scenario in &harness.state().project().scenarios {
        assert!(
            html.contains(&scenario.name),
            "every scenario: {}",
            scenario.name
        );
    }
    assert!(folder.join("report.pdf").is_file() && folder.join("report.xlsx").is_file());
    assert!(
        harness
            .state()
            .notice_text()
            .unwrap()
            .contains("Exported the report")
    );

    // File > Export workbook…: the extension is added, as a save dialog would.
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export workbook…").click();
    harness.run();
    assert!(harness.query_by_label("Export workbook").is_some());
    answer_prompt(&mut harness, "File path", &dir.path().join("figures"));
    let workbook: calamine::Xlsx<_> =
        calamine::open_workbook(dir.path().join("figures.xlsx")).unwrap();
    assert!(calamine::Reader::sheet_names(&workbook).len() > 3);
}

#[test]
fn print_style_for_exports_is_a_setting_that_exported_charts_follow() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = window(mine_and_mill());
    assert!(!harness.state().preferences().print_style);
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Print style for exports").click();
    harness.run();
    assert!(harness.state().preferences().print_style);
    assert!(
        harness
            .state()
            .notice_text()
            .unwrap()
            .contains("print style")
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    harness
        .get_by_label("Search commands")
        .type_text("chart as svg");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let path = dir.path().join("va.svg");
    answer_prompt(&mut harness, "File path", &path);
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(
        svg.contains("url(#print-hatch-value-added-"),
        "hatched parts"
    );
}
