//! Charts in the window (issue 19): hovering a bar shows its exact value with its unit, the
//! Sankey leaves out a switched-off stage, and the Monte Carlo fan chart shades its P10-P90
//! range (named in the legend).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use egui::accesskit::Role;
use egui::{Pos2, pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use uplift::app::UpliftApp;

mod common;

use common::window::{self, DESIGN_SIZE, click, enter_into, shows, shows_containing, wait_until};

fn reko_diq() -> Harness<'static, UpliftApp> {
    let project = uplift::io::examples::default_project().unwrap();
    window::harness(project, DESIGN_SIZE)
}

/// The top and bottom of the space between two labels (the plot between a title and the
/// source line).
fn between(harness: &Harness<'_, UpliftApp>, above: &str, below: &str) -> (f32, f32) {
    let top = harness.get_by_label(above).rect().bottom();
    let bottom = harness.get_by_label_contains(below).rect().top();
    (top, bottom)
}

/// Moves the pointer over the area row by row, bottom up, until a tooltip containing `text`
/// shows; returns where.
fn hover_until(
    harness: &mut Harness<'_, UpliftApp>,
    (top, bottom): (f32, f32),
    text: &str,
) -> Option<Pos2> {
    let mut y = bottom - 70.0;
    while y > top + 40.0 {
        let mut x = 90.0;
        while x < DESIGN_SIZE.x - 20.0 {
            let at = pos2(x, y);
            harness.hover_at(at);
            harness.run();
            if shows_containing(harness, text) {
                return Some(at);
            }
            x += 45.0;
        }
        y -= 30.0;
    }
    None
}

#[test]
fn hovering_a_bar_shows_its_value_with_its_unit() {
    let mut harness = reko_diq();
    click(&mut harness, "Charts");
    assert!(shows(&harness, "Value added by stage"));
    // Nothing is said while the pointer is away from the bars.
    assert!(!shows_containing(&harness, "Value added: USD"));
    let area = between(&harness, "Value added by stage", "Source:");
    let found = hover_until(&mut harness, area, "Value added: USD");
    assert!(found.is_some(), "no bar told its value on hover");
    // The tooltip names the stage and gives the parts, each with the currency.
    let first_stage = harness.state().view().stages[0].name.clone();
    let named_stage = harness
        .state()
        .view()
        .stages
        .iter()
        .any(|stage| shows_containing(&harness, &format!("{}\n", stage.name)));
    assert!(
        named_stage,
        "the tooltip names its stage ({first_stage}, …)"
    );
    assert!(shows_containing(&harness, "Wages: USD"));
}

#[test]
fn hovering_a_year_of_a_line_chart_gives_each_line_with_its_unit() {
    let mut harness = reko_diq();
    click(&mut harness, "Charts");
    harness
        .get_by_role_and_label(Role::Button, "Share of GDP")
        .click();
    harness.run();
    let area = between(&harness, "Share of GDP, direct and total", "Source:");
    assert!(
        hover_until(&mut harness, area, "Total (direct + indirect): ").is_some(),
        "no year told its values on hover"
    );
    let first_year = harness.state().project().horizon.first_year;
    let last_year = harness.state().project().horizon.last_year;
    let a_year =
        (first_year..=last_year).any(|year| shows_containing(&harness, &format!("{year}\n")));
    assert!(a_year, "the tooltip starts with the year");
}

/// Whether the chart (above its source line) has something named `name`: a Sankey box.
fn in_chart(harness: &Harness<'_, UpliftApp>, name: &str) -> bool {
    let source_top = harness.get_by_label_contains("Source:").rect().top();
    harness
        .query_all_by_label(name)
        .any(|node| node.rect().bottom() <= source_top)
}

#[test]
fn a_stage_switched_off_is_not_in_the_sankey() {
    let mut harness = reko_diq();
    click(&mut harness, "Charts");
    click(&mut harness, "Flows");
    let smelter = harness
        .state()
        .project()
        .stage(&"smelter".into())
        .unwrap()
        .clone();
    assert!(!smelter.active, "the base case exports its concentrate");
    let mine = harness.state().project().stages[0].name.clone();
    assert!(in_chart(&harness, &mine));
    assert!(!in_chart(&harness, &smelter.name));

    // The scenario that switches the smelter on shows it.
    harness
        .get_by_role_and_label(Role::ComboBox, "Scenario")
        .click();
    harness.run();
    harness
        .get_by_role_and_label(Role::Button, "Smelt and refine at home")
        .click();
    harness.run();
    assert!(in_chart(&harness, &smelter.name));
}

#[test]
fn the_fan_chart_shades_its_p10_to_p90_range() {
    let mut harness = reko_diq();
    click(&mut harness, "Analysis");
    click(&mut harness, "Monte Carlo");
    enter_into(&mut harness, "Draws", "100");
    click(&mut harness, "Run");
    wait_until(&mut harness, "the run did not finish", |harness| {
        shows(harness, "Share of GDP: P10, P50 and P90 by year")
    });
    // The band is in the legend, named with what it holds.
    assert!(shows(&harness, "P10 to P90 (8 draws in 10)"));
    // The histogram beside it has its title.
    assert!(shows_containing(
        &harness,
        "NPV of the domestic chain: draws per bin"
    ));
}
