//! Tables and finding things (issue 19): the per-stage results table sorts by a clicked
//! header and filters by name, kind and location, with NPV, IRR and payback columns and the
//! total kept in view; a click on a row selects the stage and centres it on the canvas;
//! Ctrl+F finds a stage by name.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};

use uplift::app::UpliftApp;
use uplift::model::StageId;

mod common;

use common::window::{self, DESIGN_SIZE};

fn reko_diq() -> Harness<'static, UpliftApp> {
    let project = uplift::io::examples::default_project().expect("the built-in project loads");
    window::harness(project, DESIGN_SIZE)
}

/// The stage names in the results table, top to bottom (rows lead with a "•" kind swatch).
fn table_names(harness: &Harness<'_, UpliftApp>) -> Vec<String> {
    let mut rows: Vec<(f32, String)> = harness
        .query_all_by(|node| node.label().is_some_and(|label| label.starts_with("• ")))
        .map(|node| {
            let label = node.accesskit_node().label().unwrap_or_default();
            (node.rect().top(), label.trim_start_matches("• ").to_owned())
        })
        .collect();
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    rows.into_iter().map(|(_, name)| name).collect()
}

#[test]
fn the_table_has_returns_columns_and_a_total() {
    let harness = reko_diq();
    for header in ["NPV", "IRR", "Payback", "VA", "Net FX"] {
        assert!(window::shows(&harness, header), "{header}");
    }
    assert!(window::shows(&harness, "Domestic total"));
}

#[test]
fn clicking_a_header_sorts_and_again_reverses() {
    let mut harness = reko_diq();
    window::click(&mut harness, "Stage");
    let mut all: Vec<String> = harness
        .state()
        .view()
        .stages
        .iter()
        .map(|stage| stage.name.clone())
        .collect();
    all.sort_by_key(|name| name.to_lowercase());
    // The rows in view are the first ones of the sorted table.
    let ascending = table_names(&harness);
    assert!(ascending.len() >= 3, "{ascending:?}");
    assert_eq!(ascending, all[..ascending.len()]);
    window::click(&mut harness, "Stage");
    let descending = table_names(&harness);
    all.reverse();
    assert_eq!(descending, all[..descending.len()]);
    // Figures sort largest first.
    window::click(&mut harness, "VA");
    let by_va = table_names(&harness);
    let app = harness.state();
    let results = app.results().unwrap();
    let va = |name: &String| {
        let index = app
            .view()
            .stages
            .iter()
            .position(|s| &s.name == name)
            .unwrap();
        results.stage(index, app.period()).value_added
    };
    assert!(
        by_va.windows(2).all(|pair| va(&pair[0]) >= va(&pair[1])),
        "{by_va:?}"
    );
}

#[test]
fn filters_keep_only_matching_stages() {
    let mut harness = reko_diq();
    let all = table_names(&harness).len();
    window::type_into(&mut harness, "Filter by name", "concentrator");
    let found = table_names(&harness);
    assert!(!found.is_empty() && found.len() < all, "{found:?}");
    assert!(
        found
            .iter()
            .all(|name| name.to_lowercase().contains("concentrator"))
    );
    window::type_into(&mut harness, "Filter by name", "no such stage");
    assert!(table_names(&harness).is_empty());
    assert!(window::shows(&harness, "No stage matches the filters."));
    // The total stays.
    assert!(window::shows(&harness, "Domestic total"));
}

#[test]
fn clicking_a_row_selects_the_stage_and_centres_it() {
    let mut harness = reko_diq();
    let name = table_names(&harness)[1].clone();
    let id = harness
        .state()
        .view()
        .stages
        .iter()
        .find(|stage| stage.name == name)
        .map(|stage| stage.id.clone())
        .unwrap();
    harness.get_by_label(&format!("• {name}")).click();
    harness.run();
    assert!(harness.state().selection().stages.contains(&id));
    assert_eq!(harness.state().selection().stages.len(), 1);
    let position = harness.state().view().stage(&id).unwrap().position;
    let centre = harness.state().canvas_view_rect().unwrap().center();
    let box_centre = egui::pos2(position.x, position.y) + uplift::app::canvas::STAGE_BOX_SIZE / 2.0;
    assert!(
        centre.distance(box_centre) < 1.0,
        "{centre:?} vs {box_centre:?}"
    );
}

#[test]
fn ctrl_f_finds_a_stage_by_name() {
    let mut harness = reko_diq();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    harness.get_by_label("Find stage").type_text("smelter");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let selected: Vec<&StageId> = harness.state().selection().stages.iter().collect();
    assert_eq!(selected.len(), 1);
    let stage = harness.state().view().stage(selected[0]).unwrap();
    assert!(
        stage.name.to_lowercase().contains("smelter"),
        "{}",
        stage.name
    );
}

#[test]
fn the_national_view_shows_construction_apart_and_jobs_per_year() {
    // Issue #17: building the plants has value added and jobs of its own, in a figure apart
    // from the operating ones; jobs over the horizon are an average per year.
    let harness = reko_diq();
    assert!(window::shows(&harness, "Construction (apart)"));
    assert!(window::shows_containing(&harness, "jobs (avg. per year)"));
    assert!(window::shows(&harness, "Jobs (avg. per year)"));
    // Government revenue (issue #16) is the headline: taxes and, under Reko Diq's terms,
    // the state's equity...
    assert!(window::shows(&harness, "Government revenue"));
    assert!(window::shows_containing(&harness, "taxes USD"));
    assert!(window::shows_containing(&harness, "+ state equity USD"));
    // ... and taxes alone without a regime, owners or loans.
    let mut untaxed = uplift::io::examples::default_project().unwrap();
    untaxed.fiscal = None;
    for stage in &mut untaxed.stages {
        stage.fiscal = None;
        stage.ownership = None;
        stage.financing = None;
    }
    let harness = window::harness(untaxed, window::DESIGN_SIZE);
    assert!(window::shows_containing(&harness, "taxes USD"));
    assert!(!window::shows_containing(&harness, "state equity"));
}
