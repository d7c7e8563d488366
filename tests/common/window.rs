//! The window driven headless, as the UI tests use it: an [`UpliftApp`] in an `egui_kittest`
//! [`Harness`] at a given size, run until it settles, and helpers that click, type and look
//! for text by the labels a person reads.
//!
//! ```ignore
//! let mut harness = common::window::harness(project, common::window::DESIGN_SIZE);
//! common::window::click(&mut harness, "Charts");
//! assert!(common::window::shows(&harness, "Value added"));
//! ```

use egui::{Key, Modifiers, Pos2, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use uplift::app::UpliftApp;
use uplift::model::Project;

/// The window's design size, in points: what the UI tests run at unless they test another.
pub const DESIGN_SIZE: Vec2 = egui::vec2(1280.0, 800.0);

/// Frames a harness may run to settle: grids measure themselves and panels slide open over a
/// few frames.
const MAX_STEPS: u64 = 64;

/// The window showing `project` at `size` (points), run until it settles.
pub fn harness(project: Project, size: Vec2) -> Harness<'static, UpliftApp> {
    harness_of(UpliftApp::new(project, None), size)
}

/// The window of an app the test prepared (recovery enabled, say), at `size`, run until it
/// settles.
pub fn harness_of(app: UpliftApp, size: Vec2) -> Harness<'static, UpliftApp> {
    let mut harness = Harness::builder()
        .with_size(size)
        .with_max_steps(MAX_STEPS)
        .build_ui_state(|ui, app: &mut UpliftApp| app.update_ui(ui), app);
    harness.run();
    harness
}

/// Clicks the widget labelled `label` (there must be exactly one) and lets the window settle.
pub fn click(harness: &mut Harness<'_, UpliftApp>, label: &str) {
    harness.get_by_label(label).click();
    harness.run();
}

/// Scrolls the widget labelled `label` (there must be exactly one) into view, then clicks it,
/// as a person scrolls the inspector down to a row below the window's edge.
pub fn scroll_and_click(harness: &mut Harness<'_, UpliftApp>, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    harness.run();
    click(harness, label);
}

/// Types `text` into the field labelled `label`, replacing whatever it held, as a person
/// does: focus, select all, type.
pub fn type_into(harness: &mut Harness<'_, UpliftApp>, label: &str, text: &str) {
    harness.get_by_label(label).focus();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.run();
    harness.get_by_label(label).type_text(text);
    harness.run();
}

/// Types `text` into the field labelled `label` (as [`type_into`]) and presses Enter, as a
/// person commits a number.
pub fn enter_into(harness: &mut Harness<'_, UpliftApp>, label: &str, text: &str) {
    type_into(harness, label, text);
    harness.key_press(Key::Enter);
    harness.run();
}

/// Runs the window until `done` holds of it, as background work (a tornado, a Monte Carlo
/// run) finishes; fails with `failure` after two minutes.
pub fn wait_until(
    harness: &mut Harness<'_, UpliftApp>,
    failure: &str,
    done: impl Fn(&Harness<'_, UpliftApp>) -> bool,
) {
    let started = std::time::Instant::now();
    while !done(harness) {
        assert!(
            started.elapsed() < std::time::Duration::from_mins(2),
            "{failure}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
        harness.run();
    }
}

/// Whether some widget is labelled exactly `text`.
pub fn shows(harness: &Harness<'_, UpliftApp>, text: &str) -> bool {
    harness.query_all_by_label(text).next().is_some()
}

/// Whether some widget's label contains `text`.
pub fn shows_containing(harness: &Harness<'_, UpliftApp>, text: &str) -> bool {
    harness.query_all_by_label_contains(text).next().is_some()
}

/// Presses at `from`, moves in small steps and releases at `to`, as a hand on a mouse does.
pub fn drag(harness: &mut Harness<'_, UpliftApp>, from: Pos2, to: Pos2) {
    harness.hover_at(from);
    harness.run();
    harness.drag_at(from);
    harness.run();
    for step in 1..=10 {
        harness.hover_at(from.lerp(to, step as f32 / 10.0));
        harness.run();
    }
    harness.drop_at(to);
    harness.run();
}
