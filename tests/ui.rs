//! The window, driven headless as a person would use it: widgets are found by the labels a
//! person reads, then clicked, dragged or typed into. File dialogs are never opened here: the
//! app starts with the built-in path prompt, and the file code paths are called directly.

#![allow(clippy::unwrap_used, clippy::expect_used)]
// Prices typed and restored by undo are exact; comparing them exactly is the point.
#![allow(clippy::float_cmp)]

use std::path::Path;
use std::sync::Arc;

use egui::accesskit::Role;
use egui::{Key, Modifiers, ViewportEvent, ViewportId};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use uplift::app::UpliftApp;
use uplift::app::action::Action;
use uplift::calc::Period;
use uplift::model::edit::Edit;
use uplift::model::{Link, Project, StageId, StageKind};
use uplift::report::format::MoneyDisplay;

mod common;

use common::builders::mine_and_mill;
use common::window::{self, DESIGN_SIZE, click, drag, type_into};

fn value_added(app: &UpliftApp, stage: usize) -> f64 {
    let results = app
        .results()
        .expect("the test project computes without errors");
    results.stage(stage, Period::Horizon).value_added
}

/// Whether the window shows `amount` as a short money figure, as the results table does.
fn shows_money(harness: &Harness<'_, UpliftApp>, amount: f64) -> bool {
    let text = MoneyDisplay::base(&harness.state().project().currency).short(amount);
    harness.query_all_by_label(&text).next().is_some()
}

#[test]
fn clicking_a_palette_item_adds_a_stage_and_selects_it() {
    let mut harness = window::harness(Project::empty("Empty", 2025), DESIGN_SIZE);
    assert!(harness.state().project().stages.is_empty());

    click(&mut harness, "Refining");

    let project = harness.state().project();
    assert_eq!(project.stages.len(), 1);
    let stage = &project.stages[0];
    assert_eq!(stage.kind, StageKind::Refining);
    assert_eq!(stage.first_production_year, project.horizon.first_year);
    assert!(harness.state().selection().stages.contains(&stage.id));
    assert!(harness.state().document().is_dirty());

    // A second one gets its own name, so boxes stay tell-apart-able.
    harness.get_all_by_label("Refining").next().unwrap().click();
    harness.run();
    let names: Vec<_> = harness
        .state()
        .project()
        .stages
        .iter()
        .map(|s| s.name.clone())
        .collect();
    assert_eq!(names, ["Refining", "Refining 2"]);
}

#[test]
fn dragging_from_an_output_handle_onto_a_box_links_the_stages() {
    let mut harness = window::harness(mine_and_mill(), DESIGN_SIZE);
    let from = harness.get_by_label("Connect from Mine").rect().center();
    let to = harness.get_by_label("Mill").rect().center();

    drag(&mut harness, from, to);

    let links = &harness.state().project().links;
    assert_eq!(links.len(), 1, "one link after the drag");
    assert_eq!(links[0].from, StageId::from("mine"));
    assert_eq!(links[0].to, StageId::from("mill"));
}

#[test]
fn typing_a_price_updates_value_added_and_undo_restores_it() {
    let mut harness = window::harness(mine_and_mill(), DESIGN_SIZE);
    let va_before = value_added(harness.state(), 0);
    assert!(shows_money(&harness, va_before));

    click(&mut harness, "Mine");
    assert!(
        harness
            .state()
            .selection()
            .stages
            .contains(&StageId::from("mine"))
    );

    harness.get_by_label("Price").focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness.get_by_label("Price").type_text("30");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();

    let mine = &harness.state().project().stages[0];
    assert_eq!(mine.price_per_unit, 30.0);
    let va_after = value_added(harness.state(), 0);
    assert!(
        va_after > va_before,
        "value added rises with the price: {va_before} → {va_after}"
    );
    assert!(
        shows_money(&harness, va_after),
        "the results table shows the new VA"
    );
    assert!(!shows_money(&harness, va_before));

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().project().stages[0].price_per_unit, 20.0);
    assert_eq!(value_added(harness.state(), 0), va_before);
    assert!(shows_money(&harness, va_before));

    // And Ctrl+Y brings it back.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    assert_eq!(harness.state().project().stages[0].price_per_unit, 30.0);
}

#[test]
fn results_follow_every_edit_in_the_same_frame() {
    let mut harness = window::harness(mine_and_mill(), DESIGN_SIZE);
    let va_before = value_added(harness.state(), 0);
    let mut mine = harness.state().project().stages[0].clone();
    mine.price_per_unit *= 2.0;
    harness
        .state_mut()
        .push_action(Action::Edit(Edit::SetStage(Box::new(mine))));
    harness.step();
    assert!(value_added(harness.state(), 0) > va_before);
}

#[test]
fn new_with_unsaved_changes_asks_first() {
    let mut harness = window::harness(mine_and_mill(), DESIGN_SIZE);
    click(&mut harness, "Refining");
    assert_eq!(harness.state().project().stages.len(), 3);

    // Cancel keeps everything as it was.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    assert!(harness.query_by_label_contains("Save changes").is_some());
    click(&mut harness, "Cancel");
    assert!(harness.query_by_label_contains("Save changes").is_none());
    assert_eq!(harness.state().project().stages.len(), 3);

    // Discard starts the new project.
    harness.get_by_label_contains("New").click();
    harness.run();
    assert!(harness.query_by_label_contains("Save changes").is_some());
    assert!(
        harness
            .get_by_role(Role::Dialog)
            .query_by_role_and_label(Role::Button, "Save")
            .is_some()
    );
    click(&mut harness, "Discard");
    assert!(harness.query_by_label_contains("Save changes").is_none());
    assert!(harness.state().project().stages.is_empty());
    assert!(!harness.state().document().is_dirty());
}

#[test]
fn new_without_changes_does_not_ask() {
    let mut harness = window::harness(mine_and_mill(), DESIGN_SIZE);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    assert!(harness.query_by_label_contains("Save changes").is_none());
    assert!(harness.state().project().stages.is_empty());
}

#[test]
fn closing_with_unsaved_changes_asks_and_then_closes_once() {
    let mut harness = window::harness(mine_and_mill(), DESIGN_SIZE);
    click(&mut harness, "Refining");

    request_close(&mut harness);
    harness.step();
    assert!(sent_viewport_command(
        &harness,
        &egui::ViewportCommand::CancelClose
    ));
    harness.run();
    assert!(harness.query_by_label_contains("Save changes").is_some());

    harness.get_by_label("Discard").click();
    let mut closed = false;
    for _ in 0..10 {
        harness.step();
        closed |= sent_viewport_command(&harness, &egui::ViewportCommand::Close);
    }
    assert!(closed, "Discard closes the window");

    // The close that follows goes through instead of asking again.
    request_close(&mut harness);
    harness.step();
    assert!(!sent_viewport_command(
        &harness,
        &egui::ViewportCommand::CancelClose
    ));
}

fn request_close(harness: &mut Harness<'_, UpliftApp>) {
    harness
        .input_mut()
        .viewports
        .entry(ViewportId::ROOT)
        .or_default()
        .events
        .push(ViewportEvent::Close);
}

fn sent_viewport_command(
    harness: &Harness<'_, UpliftApp>,
    command: &egui::ViewportCommand,
) -> bool {
    harness
        .output()
        .viewport_output
        .get(&ViewportId::ROOT)
        .is_some_and(|output| output.commands.contains(command))
}

#[test]
fn save_and_open_round_trip_a_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chain.ron");
    let mut harness = window::harness(mine_and_mill(), DESIGN_SIZE);
    harness
        .state_mut()
        .push_action(Action::Edit(Edit::AddLink(Link {
            from: StageId::from("mine"),
            to: StageId::from("mill"),
            share_pct: 100.0,
            transport_cost_per_unit: 2.0,
        })));
    harness.run();
    assert!(harness.state().document().is_dirty());
    assert!(harness.state().window_title().unwrap().ends_with('•'));

    harness.state_mut().save_to(&path).unwrap();
    harness.run();
    assert!(!harness.state().document().is_dirty());
    assert_eq!(harness.state().path(), Some(path.as_path()));
    assert_eq!(
        harness.state().window_title(),
        Some("Test chain — chain.ron")
    );
    let saved = harness.state().project().clone();

    // Open something else, then the saved file again.
    harness.state_mut().new_document();
    harness.run();
    harness.state_mut().open_path(&path).unwrap();
    harness.run();
    assert_eq!(harness.state().project(), &saved);
    assert!(!harness.state().document().is_dirty());
    assert_eq!(
        harness.state().preferences().recent_files.first(),
        Some(&std::fs::canonicalize(&path).unwrap())
    );
}

#[test]
fn save_as_and_open_through_the_path_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typed");
    let mut harness = window::harness(mine_and_mill(), DESIGN_SIZE);

    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    assert!(harness.query_by_label("Save project as").is_some());
    assert!(
        harness
            .query_by_label_contains("No system file dialog is available")
            .is_some()
    );
    type_into(&mut harness, "File path", &path.display().to_string());
    harness
        .get_by_role(Role::Dialog)
        .get_by_role_and_label(Role::Button, "Save")
        .click();
    harness.run();

    // No extension typed: saved as .ron, as a save dialog would.
    let saved_path = dir.path().join("typed.ron");
    assert!(saved_path.is_file(), "saved to {}", saved_path.display());
    assert_eq!(harness.state().path(), Some(saved_path.as_path()));

    harness.state_mut().new_document();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    assert!(harness.query_by_label("Open project").is_some());
    type_into(&mut harness, "File path", &saved_path.display().to_string());
    harness
        .get_by_role(Role::Dialog)
        .get_by_role_and_label(Role::Button, "Open")
        .click();
    harness.run();
    assert_eq!(harness.state().project().name, "Test chain");
    assert_eq!(harness.state().project().stages.len(), 2);
}

#[test]
fn a_broken_file_shows_where_it_breaks_and_keeps_the_open_project() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.ron");
    std::fs::write(
        &path,
        "(\n    version: 1,\n    name: \"Broken\",\n    stages: [oops],\n)\n",
    )
    .unwrap();
    let mut harness = window::harness(mine_and_mill(), DESIGN_SIZE);
    click(&mut harness, "Refining");
    let before = harness.state().project().clone();

    assert!(harness.state_mut().open_path(&path).is_err());
    harness.run();

    // The message says where the file breaks: `stages: [oops]` is on line 4.
    let dialog = harness.get_by_role(Role::Dialog);
    assert!(dialog.query_by_label_contains("line 4, column").is_some());
    assert!(dialog.query_by_label("Could not open broken.ron").is_some());
    assert_eq!(harness.state().project(), &before);
    assert!(
        harness.state().document().is_dirty(),
        "unsaved work is kept"
    );

    click(&mut harness, "OK");
    assert!(harness.query_by_role(Role::Dialog).is_none());
}

#[test]
fn dropping_a_file_on_the_window_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dropped.ron");
    let mut other = mine_and_mill();
    other.name = "Dropped chain".to_owned();
    uplift::io::save_project(&other, &path).unwrap();

    let mut harness = window::harness(mine_and_mill(), DESIGN_SIZE);
    harness
        .input_mut()
        .dropped_files
        .push(Arc::new(TestDroppedFile(path.clone())));
    harness.run();
    assert_eq!(harness.state().project().name, "Dropped chain");
    assert_eq!(harness.state().path(), Some(path.as_path()));
}

#[derive(Debug)]
struct TestDroppedFile(std::path::PathBuf);

impl egui::DroppedFile for TestDroppedFile {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn delete_and_duplicate_work_on_the_selection_as_one_step_each() {
    let mut harness = window::harness(mine_and_mill(), DESIGN_SIZE);
    harness.state_mut().select_stages([StageId::from("mine")]);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::D);
    harness.run();
    let project = harness.state().project();
    assert_eq!(project.stages.len(), 3);
    assert_eq!(project.stages[2].name, "Mine (copy)");
    assert_eq!(project.stages[2].position.x, 30.0);
    assert!(
        harness
            .state()
            .selection()
            .stages
            .contains(&project.stages[2].id)
    );

    harness.key_press(Key::Delete);
    harness.run();
    assert_eq!(harness.state().project().stages.len(), 2);

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().project().stages.len(), 3);
    // Undo drops nothing it should not: the copy exists again, and the selection only holds
    // stages that exist.
    let project = harness.state().project();
    assert!(
        harness
            .state()
            .selection()
            .stages
            .iter()
            .all(|id| project.stage(id).is_some())
    );
}

#[test]
fn the_status_bar_counts_problems() {
    let mut project = mine_and_mill();
    project.stages[1].capacity_per_year = -1.0;
    let harness = window::harness(project, DESIGN_SIZE);
    let errors = harness
        .state()
        .problems()
        .iter()
        .filter(|p| p.is_error())
        .count();
    assert!(errors > 0);
    assert!(harness.state().results().is_none());
    let summary = uplift::app::problem_summary(errors, harness.state().problems().len() - errors);
    assert!(
        harness.query_by_label(&summary).is_some(),
        "status bar shows {summary}"
    );
}

#[test]
fn keys_typed_into_a_field_stay_in_the_field() {
    let mut harness = window::harness(mine_and_mill(), DESIGN_SIZE);
    click(&mut harness, "Mine");
    harness.get_by_label("Price").focus();
    harness.run();
    for key in [Key::Delete, Key::F, Key::Backspace] {
        harness.key_press(key);
        harness.run();
    }
    harness.key_press_modifiers(Modifiers::COMMAND, Key::D);
    harness.run();
    assert_eq!(
        harness.state().project().stages.len(),
        2,
        "no stage was deleted or duplicated while typing"
    );
}

#[test]
fn a_failed_save_is_shown_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no such folder").join("chain.ron");
    let mut harness = window::harness(mine_and_mill(), DESIGN_SIZE);
    click(&mut harness, "Refining");

    assert!(harness.state_mut().save_to(&path).is_err());
    harness.run();
    let dialog = harness.get_by_role(Role::Dialog);
    assert!(dialog.query_by_label("Could not save chain.ron").is_some());
    assert!(harness.state().document().is_dirty());
    assert_eq!(harness.state().path(), None);
}

#[test]
fn saving_an_untitled_project_before_new_asks_where_then_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kept.ron");
    let mut harness = window::harness(mine_and_mill(), DESIGN_SIZE);
    click(&mut harness, "Refining");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    harness
        .get_by_role(Role::Dialog)
        .get_by_role_and_label(Role::Button, "Save")
        .click();
    harness.run();

    // Untitled: the path prompt asks where, then New goes ahead.
    type_into(&mut harness, "File path", &path.display().to_string());
    harness.key_press(Key::Enter);
    harness.run();

    let kept = uplift::io::load_project(&path).unwrap();
    assert_eq!(kept.stages.len(), 3, "the changes were saved");
    assert!(harness.state().project().stages.is_empty(), "then New ran");
    assert_eq!(harness.state().path(), None);
}

#[test]
fn panels_can_be_hidden_from_the_view_menu() {
    let mut harness = window::harness(mine_and_mill(), DESIGN_SIZE);
    assert!(harness.query_by_label("Mining").is_some());
    click(&mut harness, "View");
    click(&mut harness, "Palette");
    assert!(!harness.state().preferences().panels.palette);
    assert!(harness.query_by_label("Mining").is_none());
}

#[test]
fn the_inspector_explains_a_loss_making_stage() {
    // In the Reko Diq example the domestic smelter runs at a loss under 2025 treatment terms.
    // It is switched off in the base, so open the scenario that runs it.
    let base = uplift::io::examples::default_project().expect("the built-in project loads");
    let project = uplift::analysis::scenario_project(&base, "Refine and make rod and wire")
        .expect("the example has this scenario");
    let mut harness = window::harness(project, DESIGN_SIZE);
    harness
        .state_mut()
        .select_stages([StageId::from("smelter")]);
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Results, 2025-2050 (whole horizon)")
            .is_some(),
        "the stage's results section is shown for the selected period"
    );
    assert!(
        harness
            .query_by_label_contains("This stage makes a loss")
            .is_some()
    );
    // A profitable stage shows its results without the warning.
    harness
        .state_mut()
        .select_stages([StageId::from("concentrator-p1")]);
    harness.run();
    assert!(
        harness
            .query_by_label_contains("This stage makes a loss")
            .is_none()
    );
}

#[test]
fn the_charts_view_shows_each_chart_and_follows_the_year() {
    let mut harness = window::harness(
        uplift::io::examples::default_project().unwrap(),
        DESIGN_SIZE,
    );
    click(&mut harness, "Charts");
    assert_eq!(
        harness.state().central_view(),
        uplift::app::CentralView::Charts
    );
    assert!(harness.query_by_label("Value added by stage").is_some());
    // The palette adds stages to the canvas; it is not shown over the charts.
    assert!(harness.query_by_label("Mining").is_none());

    for (tab, title) in [
        (
            "Value build-up",
            "Value of one unit of final product, built up along the chain",
        ),
        ("Share of GDP", "Share of GDP, direct and total"),
        (
            "Foreign exchange",
            "Exports, imports and net foreign-exchange earnings",
        ),
        ("Jobs and revenue", "Jobs and public revenue by stage"),
        ("Footprint", "Environmental footprint by stage"),
        ("Flows", "Value flows through the chain"),
    ] {
        // The headline figures below use some of the same words; the tab is a button.
        harness.get_by_role_and_label(Role::Button, tab).click();
        harness.run();
        assert!(
            harness.query_by_label(title).is_some(),
            "{tab}: '{title}' not shown"
        );
    }
    click(&mut harness, "Quantity");
    assert!(
        harness
            .query_by_label("Material flows through the chain")
            .is_some()
    );

    // The subtitle names the period the results panel selects.
    assert!(
        harness
            .query_by_label_contains("Base case · 2025-2050 (whole horizon)")
            .is_some()
    );
    harness.state_mut().set_period(Period::Year(2036));
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Base case · 2036")
            .is_some()
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num1);
    harness.run();
    assert_eq!(
        harness.state().central_view(),
        uplift::app::CentralView::Chain
    );
}

#[test]
fn a_chart_exports_through_the_path_prompt() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = window::harness(
        uplift::io::examples::default_project().unwrap(),
        DESIGN_SIZE,
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    harness.run();
    click(&mut harness, "CSV…");
    assert!(harness.query_by_label("Export chart").is_some());
    let path = dir.path().join("va");
    type_into(&mut harness, "File path", &path.display().to_string());
    harness
        .get_by_role(Role::Dialog)
        .get_by_role_and_label(Role::Button, "Export")
        .click();
    harness.run();
    // The format's extension is added, as a save dialog would.
    let written = std::fs::read_to_string(dir.path().join("va.csv")).unwrap();
    assert!(written.starts_with("Stage,Wages (USD)"), "{written}");
    assert!(
        harness
            .state()
            .notice_text()
            .unwrap()
            .contains("Exported va.csv")
    );
}

#[test]
fn charts_follow_a_newly_opened_project() {
    let mut harness = window::harness(
        uplift::io::examples::default_project().unwrap(),
        DESIGN_SIZE,
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Num2);
    harness.run();
    let first = harness.state().project().name.clone();
    assert!(
        harness
            .query_by_label_contains(&format!("{first} · Base case"))
            .is_some()
    );
    // A new document starts a new revision count; the chart shown must not be the old one's.
    harness.state_mut().open_example(1);
    harness.run();
    let second = harness.state().project().name.clone();
    assert_ne!(first, second);
    assert!(
        harness
            .query_by_label_contains(&format!("{second} · Base case"))
            .is_some(),
        "the chart's subtitle names {second}"
    );
}
