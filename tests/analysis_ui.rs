//! The Analysis view driven as a person would: compare the base with a scenario, run a
//! tornado, run a small Monte Carlo and wait for its charts.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use uplift::app::UpliftApp;
use uplift::app::action::Action;
use uplift::model::edit::Edit;

mod common;

use common::window::{self, DESIGN_SIZE, click, enter_into, shows, shows_containing, wait_until};

/// The window at its design size on the default example, showing the Analysis view.
fn analysis_window() -> Harness<'static, UpliftApp> {
    let project = uplift::io::examples::default_project().unwrap();
    let mut harness = window::harness(project, DESIGN_SIZE);
    click(&mut harness, "Analysis");
    harness
}

#[test]
fn comparing_the_base_with_a_scenario_shows_the_table_and_the_differences() {
    let mut harness = analysis_window();
    let scenario = harness.state().project().scenarios[0].name.clone();
    assert!(shows_containing(&harness, "Tick one or more scenarios"));

    harness
        .get_by_role_and_label(Role::CheckBox, &scenario)
        .click();
    harness.run();

    // The table's rows and the baseline's column.
    assert!(shows(&harness, "Total VA"));
    assert!(shows(&harness, "Direct VA"));
    assert!(shows(&harness, "Public revenue"));
    assert!(shows(&harness, "Base case (baseline)"));
    let first_year = harness.state().project().horizon.first_year;
    assert!(shows(&harness, &format!("Share of GDP {first_year}")));
    assert!(shows(&harness, "Parameters that differ from the baseline"));
    // The overlaid chart.
    assert!(shows(&harness, "Share of GDP by year, scenarios compared"));
    // A figure of the table is the comparison's own, shown with its sign.
    let comparison = uplift::analysis::compare(
        harness.state().project(),
        uplift::analysis::BASE_NAME,
        std::slice::from_ref(&scenario),
    )
    .unwrap();
    let money = uplift::report::format::MoneyDisplay::base(&harness.state().project().currency);
    let delta = comparison.rows[0].with[0].delta;
    let sign = if delta < 0.0 { "-" } else { "+" };
    assert!(
        shows(&harness, &format!("{sign}{}", money.short(delta.abs()))),
        "the total VA difference is on screen"
    );

    // Unticking it goes back to the prompt.
    harness
        .get_by_role_and_label(Role::CheckBox, &scenario)
        .click();
    harness.run();
    // "Total VA" also captions a headline card below; "Direct VA" is the table's alone.
    assert!(!shows(&harness, "Direct VA"));
}

#[test]
fn running_the_tornado_shows_its_chart() {
    let mut harness = analysis_window();
    click(&mut harness, "Sensitivity");
    assert!(shows_containing(&harness, "click Run"));

    click(&mut harness, "Run");
    // It runs on a background thread.
    wait_until(&mut harness, "the tornado did not finish", |harness| {
        shows_containing(harness, "Sensitivity of total VA")
    });

    // The example has levers: each is moved across its own range.
    assert!(shows(
        &harness,
        "Sensitivity of total VA over the horizon to each lever moved across its range"
    ));
    assert!(shows(&harness, "Lever at its maximum"));
    assert!(!shows_containing(&harness, "The project changed since"));

    // A lever moved: the tornado stays on screen, marked out of date until run again.
    let lever = harness.state().project().levers[0].param.clone();
    let value = lever.get(harness.state().project()).unwrap();
    harness
        .state_mut()
        .push_action(Action::Edit(Edit::SetParam {
            param: lever,
            value: value * 1.1,
        }));
    harness.run();
    assert!(shows_containing(&harness, "The project changed since"));
    assert!(shows(&harness, "Lever at its maximum"));
    click(&mut harness, "Run");
    wait_until(&mut harness, "the tornado did not finish", |harness| {
        !shows_containing(harness, "The project changed since")
    });
}

/// Issue 19: Cancel keeps the previous results (it used to replace them with "Cancelled.").
#[test]
fn cancelling_a_monte_carlo_run_keeps_the_last_results() {
    let mut harness = analysis_window();
    click(&mut harness, "Monte Carlo");
    enter_into(&mut harness, "Draws", "200");
    click(&mut harness, "Run");
    // Finished: no progress bar, Run back, and the results of 200 draws on screen (the
    // progress bar's "200 of 200 draws" alone is not the end).
    wait_until(&mut harness, "the first run did not finish", |harness| {
        harness.query_by_role(Role::ProgressIndicator).is_none()
            && harness.query_by_label("Run").is_some()
            && shows_containing(harness, "200 draws")
    });
    // A run far too long to finish before Cancel is clicked.
    enter_into(&mut harness, "Draws", "1000000");
    click(&mut harness, "Run");
    assert!(harness.query_by_role(Role::ProgressIndicator).is_some());
    click(&mut harness, "Cancel");
    wait_until(&mut harness, "the run did not stop", |harness| {
        harness.query_by_role(Role::ProgressIndicator).is_none()
    });
    assert!(!shows_containing(&harness, "Cancelled"));
    assert!(
        shows_containing(&harness, "200 draws"),
        "the last run's results stay"
    );
}

#[test]
fn a_small_monte_carlo_runs_in_the_background_and_shows_its_charts() {
    let mut harness = analysis_window();
    click(&mut harness, "Monte Carlo");

    // 200 draws instead of 5,000, typed as a person would.
    enter_into(&mut harness, "Draws", "200");

    click(&mut harness, "Run");

    wait_until(
        &mut harness,
        "the Monte Carlo run did not finish within two minutes",
        |harness| shows(harness, "Share of GDP: P10, P50 and P90 by year"),
    );
    assert!(shows_containing(
        &harness,
        "NPV of the domestic chain: draws per bin"
    ));
    assert!(shows_containing(&harness, "200 draws"));
    assert!(harness.query_by_role(Role::ProgressIndicator).is_none());
    // The button is back for another run.
    assert!(shows(&harness, "Run"));
}

/// Issue 19: more draws than allowed are said to be too many, not silently cut.
#[test]
fn too_many_draws_are_said_not_cut() {
    let mut harness = analysis_window();
    click(&mut harness, "Monte Carlo");
    enter_into(&mut harness, "Draws", "5000000");
    assert!(shows_containing(
        &harness,
        "At most 1,000,000 draws: 5,000,000 were asked for"
    ));
}
