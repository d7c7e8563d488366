//! Files and help (issue 19): the Help menu's guide, shortcuts, method and glossary open in a
//! window with their content; the shortcuts list has every command with a shortcut; the View
//! menu's zoom commands zoom the canvas; the built-in path prompt lists the folder and
//! completes a partly typed path with Tab; the compare table keeps its first column in place
//! with its numbers right-aligned.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

use uplift::app::UpliftApp;
use uplift::app::commands::UiCommand;
use uplift::app::help::HelpPage;

mod common;

use common::window::{self, DESIGN_SIZE, click, shows, shows_containing, type_into};

fn reko_diq() -> Harness<'static, UpliftApp> {
    let project = uplift::io::examples::default_project().unwrap();
    window::harness(project, DESIGN_SIZE)
}

/// Opens the Help menu and clicks `item` (its label is followed by its shortcut, if any).
fn help_menu(harness: &mut Harness<'_, UpliftApp>, item: &str) {
    click(harness, "Help");
    harness.get_by_label_contains(item).click();
    harness.run();
}

/// Clicks the Help window's tab `page`.
fn help_tab(harness: &mut Harness<'_, UpliftApp>, page: &str) {
    harness.get_by_role_and_label(Role::Button, page).click();
    harness.run();
}

#[test]
fn the_help_pages_open_with_their_content() {
    let mut harness = reko_diq();
    help_menu(&mut harness, "User guide");
    assert_eq!(harness.state().help_page(), Some(HelpPage::Guide));
    assert!(shows(&harness, "Getting started with the examples"));
    assert!(shows(&harness, "A tour of the window"));

    help_tab(&mut harness, "Glossary");
    assert_eq!(harness.state().help_page(), Some(HelpPage::Glossary));
    for term in ["VA", "IC", "GNI", "DRC", "NSR"] {
        assert!(shows(&harness, term), "the glossary explains {term}");
    }

    help_tab(&mut harness, "Method");
    assert_eq!(harness.state().help_page(), Some(HelpPage::Method));
    assert!(shows(&harness, "How Uplift calculates"));
    // Its sections are listed; choosing one shows it.
    harness
        .get_by_role_and_label(Role::Button, "4. Stage accounts")
        .click();
    harness.run();
    assert!(shows_containing(
        &harness,
        "All flows below are for one stage in one year."
    ));
    assert!(
        !shows(&harness, "How Uplift calculates"),
        "one section at a time"
    );

    // The menu opens a page too, and F1 the guide from anywhere.
    help_tab(&mut harness, "Glossary");
    harness.key_press(Key::F1);
    harness.run();
    assert_eq!(harness.state().help_page(), Some(HelpPage::Guide));
}

#[test]
fn the_shortcuts_list_has_every_command_with_a_shortcut() {
    let mut harness = reko_diq();
    help_menu(&mut harness, "Keyboard shortcuts");
    assert_eq!(harness.state().help_page(), Some(HelpPage::Shortcuts));
    let ctx = harness.ctx.clone();
    let window = harness.get_by_role_and_label(Role::Window, "Keyboard shortcuts");
    let mut listed = 0;
    for command in UiCommand::ALL {
        let Some(keys) = uplift::app::help::shortcut_text(&ctx, command) else {
            continue;
        };
        assert!(
            window.query_all_by_label(command.label()).next().is_some(),
            "{} is listed",
            command.label()
        );
        assert!(
            window.query_all_by_label(&keys).next().is_some(),
            "{} is listed with {keys}",
            command.label()
        );
        listed += 1;
    }
    assert!(listed >= 20, "only {listed} commands have shortcuts");
}

#[test]
fn zoom_commands_change_the_canvas_zoom() {
    let mut harness = reko_diq();
    let fitted = harness.state().canvas_zoom().unwrap();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    harness.run();
    let closer = harness.state().canvas_zoom().unwrap();
    assert!((closer / fitted - 1.25).abs() < 0.01, "{fitted} → {closer}");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
    harness.run();
    let farther = harness.state().canvas_zoom().unwrap();
    assert!(
        (farther * 1.25 / fitted - 1.0).abs() < 0.01,
        "{fitted} → {farther}"
    );
    // View → Zoom to 100%.
    click(&mut harness, "View");
    harness.get_by_label_contains("Zoom to 100%").click();
    harness.run();
    assert!((harness.state().canvas_zoom().unwrap() - 1.0).abs() < 0.01);
    // The window's own text size did not change: only the canvas zoomed.
    assert!((harness.ctx.zoom_factor() - 1.0).abs() < f32::EPSILON);
}

#[test]
fn a_chain_larger_than_the_view_gets_a_minimap_that_moves_the_view() {
    let mut harness = reko_diq();
    // Fitted, the whole chain is in view: no minimap.
    assert!(harness.query_by_label("Minimap of the chain").is_none());
    for _ in 0..6 {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    }
    harness.run();
    let before = harness.state().canvas_view_rect().unwrap();
    let map = harness.get_by_label("Minimap of the chain").rect();
    // A click near the map's left edge brings the view to the start of the chain.
    let near_left = egui::pos2(map.min.x + 4.0, map.center().y);
    harness.hover_at(near_left);
    harness.run();
    harness.drag_at(near_left);
    harness.run();
    harness.drop_at(near_left);
    harness.run();
    let after = harness.state().canvas_view_rect().unwrap();
    assert!(
        after.center().x < before.center().x,
        "{before:?} → {after:?}"
    );
    assert!(
        (after.width() - before.width()).abs() < 1.0,
        "the zoom is kept"
    );
    // View → Minimap hides it.
    click(&mut harness, "View");
    harness.get_by_label("Minimap").click();
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    assert!(harness.query_by_label("Minimap of the chain").is_none());
}

#[test]
fn the_path_prompt_lists_the_folder_and_completes_with_tab() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("copper-chain.ron"), "").unwrap();
    std::fs::create_dir(dir.path().join("archive")).unwrap();
    let mut harness = reko_diq();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    assert!(shows(&harness, "Open project"));
    let typed = format!("{}{}cop", dir.path().display(), std::path::MAIN_SEPARATOR);
    type_into(&mut harness, "File path", &typed);
    // The folder is listed under the field, filtered by what is typed.
    assert!(shows_containing(&harness, "copper-chain.ron"));
    assert!(!shows_containing(&harness, "archive"));
    harness.key_press(Key::Tab);
    harness.run();
    let field = harness
        .get_by_label("File path")
        .value()
        .unwrap_or_default();
    assert_eq!(
        field,
        dir.path().join("copper-chain.ron").display().to_string()
    );
    // The completed path is a file: Open is on.
    assert!(
        !harness
            .get_by_role(Role::Dialog)
            .get_by_role_and_label(Role::Button, "Open")
            .accesskit_node()
            .is_disabled()
    );
}

#[test]
fn the_path_prompt_starts_in_the_folder_used_last() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = reko_diq();
    // Save as…, typed into a folder of its own.
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    let path = dir.path().join("kept.ron");
    type_into(&mut harness, "File path", &path.display().to_string());
    harness
        .get_by_role(Role::Dialog)
        .get_by_role_and_label(Role::Button, "Save")
        .click();
    harness.run();
    assert!(path.is_file());
    assert_eq!(
        harness.state().preferences().last_folder.as_deref(),
        Some(dir.path())
    );
    // A new project has no file: its Save as… starts in that folder.
    harness
        .state_mut()
        .push_action(uplift::app::action::Action::Run(UiCommand::New));
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    let field = harness
        .get_by_label("File path")
        .value()
        .unwrap_or_default();
    assert!(
        field.starts_with(&dir.path().display().to_string()),
        "{field}"
    );
}

#[test]
fn recent_files_show_their_folders() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("copper"), dir.path().join("zinc"));
    for folder in [&first, &second] {
        std::fs::create_dir(folder).unwrap();
        std::fs::write(folder.join("chain.ron"), "").unwrap();
    }
    let project = uplift::io::examples::default_project().unwrap();
    let mut app = UpliftApp::new(project, None);
    app.set_preferences(uplift::app::Preferences {
        recent_files: vec![first.join("chain.ron"), second.join("chain.ron")],
        ..Default::default()
    });
    let mut harness = window::harness_of(app, DESIGN_SIZE);
    click(&mut harness, "File");
    click(&mut harness, "Open recent");
    // Two files of one name, told apart by their folders.
    for folder in [&first, &second] {
        assert!(
            shows_containing(&harness, &folder.display().to_string()),
            "{} is shown",
            folder.display()
        );
    }
}

#[test]
fn the_compare_table_keeps_its_first_column_and_right_aligns_numbers() {
    let mut harness = reko_diq();
    click(&mut harness, "Analysis");
    let scenarios: Vec<String> = harness
        .state()
        .project()
        .scenarios
        .iter()
        .map(|s| s.name.clone())
        .collect();
    for name in &scenarios {
        harness.get_by_role_and_label(Role::CheckBox, name).click();
        harness.run();
    }
    // The table's "Total VA" (the headline card below has one too).
    let figure_x = |harness: &Harness<'_, UpliftApp>| {
        harness
            .query_all_by_label("Total VA")
            .map(|node| node.rect())
            .min_by(|a, b| a.min.y.total_cmp(&b.min.y))
            .unwrap()
            .min
            .x
    };
    let first_x = figure_x(&harness);
    // Numbers in one column end at the same x: right-aligned.
    let baseline_header = harness
        .query_all_by_label("Base case (baseline)")
        .map(|node| node.rect())
        .min_by(|a, b| a.min.y.total_cmp(&b.min.y))
        .unwrap();
    let rights: Vec<f32> = harness
        .query_all_by(|node| {
            node.value()
                .or_else(|| node.label())
                .is_some_and(|text| text.starts_with("USD "))
        })
        .map(|node| node.rect())
        .filter(|rect| {
            rect.min.x >= baseline_header.min.x - 1.0 && rect.max.x <= baseline_header.max.x + 1.0
        })
        .map(|rect| rect.max.x)
        .collect();
    assert!(rights.len() >= 3, "{rights:?}");
    assert!(
        rights
            .windows(2)
            .all(|pair| (pair[0] - pair[1]).abs() < 1.0),
        "{rights:?}"
    );
    // Scroll to the last column: it moves into view, the figures' names stay where they were.
    let last_header_x = |harness: &Harness<'_, UpliftApp>| {
        harness
            .query_all_by_label("Difference (%)")
            .map(|node| node.rect().min.x)
            .fold(f32::MIN, f32::max)
    };
    let before = last_header_x(&harness);
    assert!(
        before > DESIGN_SIZE.x / 2.0,
        "the table overflows its half: {before}"
    );
    harness
        .query_all_by_label("Difference (%)")
        .max_by(|a, b| a.rect().min.x.total_cmp(&b.rect().min.x))
        .unwrap()
        .scroll_to_me();
    harness.run();
    assert!(last_header_x(&harness) < before, "the numbers scrolled");
    assert!((figure_x(&harness) - first_x).abs() < 1.0);
}
