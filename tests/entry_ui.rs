//! Entering a chain quickly, driven headless as a person would: stages added from the palette
//! land beside the selection or in free space, never on a box; stages copied with Ctrl+C and
//! pasted with Ctrl+V (in the same window or another) keep their links and land in free space,
//! while a focused text field keeps its own copy and paste; several stages are edited at once
//! with "mixed" shown where they differ; and the import preview lists a bad cell by row and
//! column with Import disabled.

#![allow(clippy::unwrap_used, clippy::expect_used)]
// Values typed and applied are exact; comparing them exactly is the point.
#![allow(clippy::float_cmp)]

use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, OutputCommand};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

use uplift::app::UpliftApp;
use uplift::model::placement::stacked;
use uplift::model::{Project, StageId};

mod common;

use common::builders::{link, mine_and_mill};
use common::window::{self, DESIGN_SIZE, shows_containing};

/// Asserts that no two boxes of `project` overlap.
#[track_caller]
fn assert_nothing_stacked(project: &Project) {
    for (i, a) in project.stages.iter().enumerate() {
        for b in &project.stages[i + 1..] {
            assert!(
                !stacked(a.position, b.position),
                "{} at {:?} is stacked on {} at {:?}",
                a.id,
                a.position,
                b.id,
                b.position
            );
        }
    }
}

/// The mine and the mill, linked.
fn linked_chain() -> Project {
    let mut project = mine_and_mill();
    project.links.push(link("mine", "mill", 100.0));
    project
}

/// The text the app put on the clipboard in the last frame, if any.
fn copied_text(harness: &Harness<'_, UpliftApp>) -> Option<String> {
    harness
        .output()
        .platform_output
        .commands
        .iter()
        .find_map(|command| match command {
            OutputCommand::CopyText(text) => Some(text.clone()),
            _ => None,
        })
}

/// Selects `ids`, copies them as a real window does (Ctrl+C arrives as a copy event) and
/// returns what went to the clipboard.
fn copy(harness: &mut Harness<'_, UpliftApp>, ids: &[&str]) -> String {
    harness
        .state_mut()
        .select_stages(ids.iter().map(|id| StageId::from(*id)));
    harness.run();
    harness.event(Event::Copy);
    harness.step();
    let text = copied_text(harness).expect("Ctrl+C put the stages on the clipboard");
    harness.run();
    text
}

/// Clicks the palette's item for `kind` (drawn before the canvas, whose boxes may bear the
/// same name).
fn palette_click(harness: &mut Harness<'_, UpliftApp>, kind: &str) {
    harness
        .get_all_by_role_and_label(Role::Button, kind)
        .next()
        .expect("the palette lists every kind")
        .click();
    harness.run();
}

/// Opens the drop-down labelled `label` and picks `option`.
fn choose(harness: &mut Harness<'_, UpliftApp>, label: &str, option: &str) {
    harness.get_by_role_and_label(Role::ComboBox, label).click();
    harness.run();
    harness.get_by_role_and_label(Role::Button, option).click();
    harness.run();
}

#[test]
fn palette_clicks_never_stack_a_box_and_go_beside_the_selection() {
    let mut harness = window::harness(mine_and_mill(), DESIGN_SIZE);
    harness.state_mut().select_stages([StageId::from("mill")]);
    harness.run();
    palette_click(&mut harness, "Refining");
    let project = harness.state().project().clone();
    assert_eq!(project.stages.len(), 3);
    let mill = project.stage(&StageId::from("mill")).unwrap().position;
    let refinery = project.stages[2].position;
    assert!(refinery.x > mill.x, "right of the selected mill");
    assert_eq!(refinery.y, mill.y, "level with it");
    assert_eq!(
        harness.state().selection().stages.iter().next(),
        Some(&project.stages[2].id),
        "the new stage is selected"
    );
    // Click after click (each new stage selected in turn), and with nothing selected.
    for kind in [
        "Manufacturing",
        "Other",
        "Mining",
        "Refining",
        "Concentration",
    ] {
        palette_click(&mut harness, kind);
    }
    harness.state_mut().select_stages([]);
    harness.run();
    for _ in 0..6 {
        palette_click(&mut harness, "Other");
    }
    let project = harness.state().project();
    assert_eq!(project.stages.len(), 14);
    assert_nothing_stacked(project);
}

#[test]
fn copied_stages_paste_with_their_link_in_free_space_as_one_step() {
    let mut harness = window::harness(linked_chain(), DESIGN_SIZE);
    let text = copy(&mut harness, &["mine", "mill"]);
    assert!(text.contains("uplift_fragment"), "{text}");
    assert!(shows_containing(&harness, "Copied 2 stages and 1 link"));

    for round in 1..=2 {
        harness.event(Event::Paste(text.clone()));
        harness.run();
        let project = harness.state().project();
        assert_eq!(project.stages.len(), 2 + 2 * round);
        assert_eq!(project.links.len(), 1 + round, "the link came along");
        assert_nothing_stacked(project);
        let selected: Vec<StageId> = harness.state().selection().stages.iter().cloned().collect();
        assert_eq!(selected.len(), 2, "the pasted stages are selected");
        assert!(
            project.link_index(&selected[0], &selected[1]).is_some()
                || project.link_index(&selected[1], &selected[0]).is_some()
        );
    }
    let names: Vec<&str> = harness
        .state()
        .project()
        .stages
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Mine",
            "Mill",
            "Mine (copy)",
            "Mill (copy)",
            "Mine (copy 2)",
            "Mill (copy 2)"
        ]
    );
    // Each paste is one undo step.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().project().stages.len(), 4);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().project(), &linked_chain());
}

#[test]
fn stages_copied_in_one_window_paste_into_another() {
    let mut source = window::harness(linked_chain(), DESIGN_SIZE);
    let text = copy(&mut source, &["mine", "mill"]);
    let example = uplift::io::examples::default_project().unwrap();
    let before = example.stages.len();
    let mut target = window::harness(example, DESIGN_SIZE);
    target.event(Event::Paste(text));
    target.run();
    let project = target.state().project();
    assert_eq!(project.stages.len(), before + 2);
    let mine = project.stages.iter().find(|s| s.name == "Mine").unwrap();
    assert_eq!(mine.capacity_per_year, 1_000_000.0, "figures kept");
    let mill = project.stages.iter().find(|s| s.name == "Mill").unwrap();
    assert!(project.link_index(&mine.id, &mill.id).is_some());
    assert_nothing_stacked(project);
}

#[test]
fn pasting_other_text_says_so_and_changes_nothing() {
    let mut harness = window::harness(linked_chain(), DESIGN_SIZE);
    harness.event(Event::Paste("Copper cathode, 9,200 USD/t".to_owned()));
    harness.run();
    assert_eq!(harness.state().project(), &linked_chain());
    assert!(shows_containing(
        &harness,
        "The clipboard holds no Uplift stages"
    ));
}

#[test]
fn a_focused_field_keeps_its_copy_and_paste() {
    let mut harness = window::harness(linked_chain(), DESIGN_SIZE);
    let text = copy(&mut harness, &["mine"]);
    harness.state_mut().select_stages([StageId::from("mine")]);
    harness.run();
    harness.get_by_label("Product").focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness.event(Event::Paste("Copper ore".to_owned()));
    harness.run();
    harness.event(Event::Copy);
    harness.step();
    assert_ne!(
        copied_text(&harness),
        Some(text),
        "Ctrl+C copied the field's text"
    );
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::V);
    harness.run();
    let project = harness.state().project();
    assert_eq!(project.stages.len(), 2, "no stage pasted");
    assert_eq!(
        project.stage(&StageId::from("mine")).unwrap().product,
        "Copper ore",
        "the field took the pasted text"
    );
}

/// Three stages: the mine and the mill of [`mine_and_mill`] and a second mill, with
/// capacities that differ and a royalty they share.
fn three_stages() -> Project {
    let mut project = mine_and_mill();
    let mut second = project.stages[1].clone();
    second.id = StageId::from("mill-2");
    "Mill 2".clone_into(&mut second.name);
    second.position.y = 300.0;
    second.capacity_per_year = 55_000.0;
    project.stages.push(second);
    for stage in &mut project.stages {
        stage.royalty_pct = 5.0;
    }
    project
}

#[test]
fn several_stages_show_mixed_values_and_a_typed_one_applies_to_all_in_one_step() {
    let mut harness = window::harness(three_stages(), DESIGN_SIZE);
    harness
        .state_mut()
        .select_stages(["mine", "mill", "mill-2"].map(StageId::from));
    harness.run();
    assert!(shows_containing(&harness, "3 stages selected"));
    // Capacities differ: the field is empty ("mixed"); the royalty they share is shown.
    assert_eq!(
        harness.get_by_label("Capacity").value().as_deref(),
        Some("")
    );
    assert_eq!(
        harness.get_by_label("Royalty").value().as_deref(),
        Some("5")
    );

    window::type_into(&mut harness, "Capacity", "75,000");
    assert!(shows_containing(&harness, "Press Enter to apply"));
    assert_eq!(
        harness.state().project(),
        &three_stages(),
        "not yet applied"
    );
    harness.key_press(Key::Enter);
    harness.run();
    let capacities: Vec<f64> = harness
        .state()
        .project()
        .stages
        .iter()
        .map(|s| s.capacity_per_year)
        .collect();
    assert_eq!(capacities, [75_000.0; 3]);
    assert_eq!(
        harness.get_by_label("Capacity").value().as_deref(),
        Some("75,000"),
        "no longer mixed"
    );

    // A shared value typed applies as it is typed, to all, merged into one step.
    window::type_into(&mut harness, "Royalty", "7.5");
    harness.key_press(Key::Enter);
    harness.run();
    assert!(
        harness
            .state()
            .project()
            .stages
            .iter()
            .all(|s| s.royalty_pct == 7.5)
    );
    // A refused mixed entry changes nothing.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness.state().project(),
        &three_stages(),
        "two undo steps: the capacity, then the royalty"
    );
    window::type_into(&mut harness, "Capacity", "-4");
    harness.key_press(Key::Enter);
    harness.run();
    assert!(shows_containing(&harness, "Must be 0 or more"));
    assert_eq!(harness.state().project(), &three_stages());
}

#[test]
fn a_choice_for_several_stages_applies_to_all_in_one_step() {
    let mut harness = window::harness(three_stages(), DESIGN_SIZE);
    harness
        .state_mut()
        .select_stages(["mine", "mill", "mill-2"].map(StageId::from));
    harness.run();
    choose(&mut harness, "Location", "Abroad");
    let project = harness.state().project();
    assert!(
        project
            .stages
            .iter()
            .all(|s| s.location == uplift::model::Location::Abroad)
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().project(), &three_stages());
}

#[test]
fn the_import_preview_lists_a_bad_cell_and_keeps_import_disabled() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plants.csv");
    std::fs::write(
        &path,
        "name,kind,capacity_per_year,Notes\n\
         Smelter,Refining,250000,from the 2024 study\n\
         Rod mill,Manufacturing,lots,\n",
    )
    .unwrap();
    let mut harness = window::harness(mine_and_mill(), DESIGN_SIZE);
    harness.state_mut().open_import(&path);
    harness.run();
    assert!(harness.state().is_import_open());
    assert!(shows_containing(&harness, "Import stages from plants.csv"));
    assert!(shows_containing(
        &harness,
        "Row 3, column C (capacity_per_year): 'lots'"
    ));
    assert!(shows_containing(&harness, "Row 1, column D (Notes)"));
    let import = harness.get_by_label("Import 2 stages");
    assert!(import.accesskit_node().is_disabled());

    // The unknown column is ignored through its drop-down; the bad cell still stops import.
    choose(&mut harness, "Column D \"Notes\"", "Ignore this column");
    assert!(!shows_containing(&harness, "Row 1, column D"));
    assert!(
        harness
            .get_by_label("Import 2 stages")
            .accesskit_node()
            .is_disabled()
    );

    // Corrected in the file and read again: import adds both stages as one step.
    std::fs::write(
        &path,
        "name,kind,capacity_per_year\nSmelter,Refining,250000\nRod mill,Manufacturing,\"120,000\"\n",
    )
    .unwrap();
    window::click(&mut harness, "Read the file again");
    window::click(&mut harness, "Import 2 stages");
    assert!(!harness.state().is_import_open());
    let project = harness.state().project();
    assert_eq!(project.stages.len(), 4);
    assert_eq!(project.stages[3].capacity_per_year, 120_000.0);
    assert_nothing_stacked(project);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().project(), &mine_and_mill());
}

/// A workbook's royalty column formatted as percentages holds fractions: the preview says to
/// check that column, and importing stays possible (0.5% is a share too).
#[test]
fn the_import_preview_points_out_a_share_column_of_fractions() {
    use rust_xlsxwriter::{Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("royalties.xlsx");
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "name").unwrap();
    sheet.write_string(0, 1, "royalty_pct").unwrap();
    sheet.write_string(1, 0, "Mine A").unwrap();
    sheet
        .write_number_with_format(1, 1, 0.05, &Format::new().set_num_format("0%"))
        .unwrap();
    workbook.save(&path).unwrap();
    let mut harness = window::harness(mine_and_mill(), DESIGN_SIZE);
    harness.state_mut().open_import(&path);
    harness.run();
    assert!(shows_containing(
        &harness,
        "Check: Row 1, column B (royalty_pct): every number is between 0 and 1"
    ));
    let import = harness.get_by_label("Import 1 stage");
    assert!(!import.accesskit_node().is_disabled());
}

#[test]
fn the_template_is_written_and_a_sheet_opened_from_the_file_menu() {
    use uplift::app::UiCommand;
    use uplift::app::action::Action;
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("plants");
    let mut harness = window::harness(mine_and_mill(), DESIGN_SIZE);
    harness
        .state_mut()
        .push_action(Action::Run(UiCommand::WriteImportTemplate));
    harness.run();
    assert!(shows_containing(&harness, "Write import template"));
    window::type_into(&mut harness, "File path", &template.display().to_string());
    harness.get_by_role_and_label(Role::Button, "Write").click();
    harness.run();
    let written = dir.path().join("plants.csv");
    let text = std::fs::read_to_string(&written).expect("the template is written as CSV");
    assert!(
        text.starts_with("id,name,kind,location,product,unit,"),
        "{text}"
    );
    assert!(shows_containing(&harness, "Wrote plants.csv"));

    // The template read back through Import stages… shows its example row, ready to import.
    harness
        .state_mut()
        .push_action(Action::Run(UiCommand::ImportStages));
    harness.run();
    window::type_into(&mut harness, "File path", &written.display().to_string());
    harness
        .get_by_role_and_label(Role::Button, "Preview")
        .click();
    harness.run();
    assert!(harness.state().is_import_open());
    assert!(shows_containing(&harness, "No problems"));
    window::click(&mut harness, "Import 1 stage");
    assert_eq!(harness.state().project().stages.len(), 3);
}
