//! Presentation mode on a real projector (issue 19): at 1280x720 the chain is readable from
//! the back of the room (no text under 18 pixels), the scenario's name and the headline
//! figures are on screen, the layout does not move when the scenario or the chart changes,
//! and "Reset levers to base" puts the levers back.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use egui::epaint::{ClippedShape, Shape};
use egui::{Key, Rect, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use uplift::app::UpliftApp;
use uplift::app::action::Action;
use uplift::model::edit::Edit;

mod common;

use common::window;

/// The Reko Diq example presenting at `width` x `height`.
fn presenting(width: f32, height: f32) -> Harness<'static, UpliftApp> {
    let project = uplift::io::examples::default_project().expect("the built-in project loads");
    let mut harness = window::harness(project, vec2(width, height));
    harness.key_press(Key::F11);
    harness.run();
    assert!(harness.state().is_presenting());
    harness
}

/// Every text drawn in the last frame: where it is (points) and its smallest font size (points).
fn texts(shapes: &[ClippedShape]) -> Vec<(Rect, f32, String)> {
    fn walk(shape: &Shape, out: &mut Vec<(Rect, f32, String)>) {
        match shape {
            Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(s, out)),
            Shape::Text(text) if !text.galley.text().trim().is_empty() => {
                let smallest = text
                    .galley
                    .job
                    .sections
                    .iter()
                    .map(|section| section.format.font_id.size)
                    .fold(f32::INFINITY, f32::min);
                let rect = text.galley.rect.translate(text.pos.to_vec2());
                out.push((rect, smallest, text.galley.text().to_owned()));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in shapes {
        walk(&clipped.shape, &mut out);
    }
    out
}

/// Whether `text` is on screen at least 30 points high (the scenario's name in the title).
fn shows_large(harness: &Harness<'_, UpliftApp>, text: &str) -> bool {
    harness.query_all_by_label(text).any(|node| {
        node.rect().height() >= 30.0 && harness.ctx.content_rect().contains_rect(node.rect())
    })
}

#[test]
fn at_1280x720_no_text_in_the_chain_is_under_18_pixels() {
    let harness = presenting(1280.0, 720.0);
    let chain = harness
        .state()
        .presentation_chain_rect()
        .expect("the chain is drawn");
    let pixels_per_point = harness.output().pixels_per_point;
    let in_chain: Vec<_> = texts(&harness.output().shapes)
        .into_iter()
        .filter(|(rect, _, _)| chain.intersects(*rect))
        .collect();
    assert!(
        in_chain.len() >= 7,
        "the chain's names and figures: {in_chain:?}"
    );
    for (_, size_pt, text) in &in_chain {
        let px = size_pt * pixels_per_point;
        assert!(px >= 18.0, "{text:?} is {px:.1} px");
    }
    // The chain takes a real share of the screen, not a strip.
    assert!(chain.height() * pixels_per_point >= 150.0, "{chain:?}");
}

#[test]
fn the_scenario_name_and_headline_figures_are_visible() {
    let mut harness = presenting(1280.0, 720.0);
    assert!(
        shows_large(&harness, "Base case"),
        "the scenario's name, large"
    );
    for caption in ["Total VA", "Share of GDP", "Net FX", "Government revenue"] {
        assert!(
            harness
                .query_all_by_label_contains(caption)
                .next()
                .is_some(),
            "{caption}"
        );
    }
    let scenario = harness.state().project().scenarios[0].name.clone();
    harness
        .state_mut()
        .push_action(Action::SwitchScenario(Some(scenario.clone())));
    harness.run();
    assert!(shows_large(&harness, &scenario), "{scenario}, large");
    assert!(
        harness
            .query_all_by_label_contains("vs Base case")
            .next()
            .is_some()
    );
}

/// The chart's legend keeps each entry on one line and inside the window (at 1280x720
/// "Value added" broke over two lines, then ran off the panel), and the short plot's axis
/// title does not run up into it.
#[test]
fn at_1280x720_every_legend_entry_is_whole_and_on_screen() {
    let harness = presenting(1280.0, 720.0);
    let screen = harness.ctx.content_rect();
    let drawn = texts(&harness.output().shapes);
    let legend: Vec<_> = drawn
        .iter()
        .filter(|(_, _, text)| {
            ["Wages", "Depreciation", "Operating surplus", "Value added"].contains(&text.as_str())
        })
        .collect();
    assert!(legend.len() >= 4, "{drawn:?}");
    let line = legend
        .iter()
        .map(|(rect, _, _)| rect.height())
        .fold(f32::INFINITY, f32::min);
    for (rect, _, text) in &legend {
        assert!(
            rect.height() < line * 1.5,
            "{text:?} on two lines: {rect:?}"
        );
        assert!(screen.contains_rect(*rect), "{text:?} off screen: {rect:?}");
    }
    // A vertical axis title is drawn rotated; none is longer than its plot is high, so none
    // overlaps the legend above the plot.
    for (rect, _, text) in &drawn {
        assert!(
            !text.starts_with("Value added ("),
            "the axis title {text:?} is longer than the short plot: {rect:?}"
        );
    }
}

#[test]
fn the_layout_stays_put_when_the_scenario_changes() {
    let mut harness = presenting(1366.0, 768.0);
    let before = harness.state().presentation_chain_rect();
    let scenario = harness.state().project().scenarios[0].name.clone();
    harness
        .state_mut()
        .push_action(Action::SwitchScenario(Some(scenario)));
    harness.run();
    assert_eq!(harness.state().presentation_chain_rect(), before);
}

#[test]
fn reset_levers_puts_a_moved_lever_back() {
    let mut harness = presenting(1280.0, 720.0);
    let lever = harness.state().project().levers[0].clone();
    let start = lever.param.get(harness.state().project()).unwrap();
    harness
        .state_mut()
        .push_action(Action::Edit(Edit::SetParam {
            param: lever.param.clone(),
            value: lever.min,
        }));
    harness.run();
    assert!((lever.param.get(harness.state().project()).unwrap() - start).abs() > 0.0);
    window::click(&mut harness, "Reset levers to base");
    let now = lever.param.get(harness.state().project()).unwrap();
    assert!((now - start).abs() < 1e-12, "{now} vs {start}");
}

#[test]
fn presentation_scales_up_on_a_1080p_projector() {
    let harness = presenting(1920.0, 1080.0);
    let pixels_per_point = harness.output().pixels_per_point;
    assert!(pixels_per_point > 1.9, "{pixels_per_point}");
    let chain = harness.state().presentation_chain_rect().unwrap();
    for (_, size_pt, text) in texts(&harness.output().shapes)
        .into_iter()
        .filter(|(rect, _, _)| chain.intersects(*rect))
    {
        assert!(size_pt * pixels_per_point >= 27.0, "{text:?}");
    }
}
