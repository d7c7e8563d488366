//! The inspector: every parameter of the selected stage or link, grouped, with units and
//! tooltips; and the project settings panel. Invalid values are shown in place and not applied.

use crate::format::MoneyDisplay;
use crate::model::Project;
use crate::validate::Problem;

use super::action::Action;
use super::canvas::Selection;

/// Text being typed into fields, kept until it parses (so "12." or "abc" is never lost).
#[derive(Debug, Default)]
pub struct InspectorState {}

/// Shows the selected stage or link and pushes edits to `actions`.
pub fn inspector_ui(
    ui: &mut egui::Ui,
    state: &mut InspectorState,
    project: &Project,
    selection: &Selection,
    problems: &[Problem],
    money: &MoneyDisplay,
    actions: &mut Vec<Action>,
) {
    let _ = (ui, state, project, selection, problems, money, actions);
}

/// Project settings: GDP, growth, discount rate, domestic VA content, horizon, currency, phases.
pub fn settings_ui(
    ui: &mut egui::Ui,
    state: &mut InspectorState,
    project: &Project,
    problems: &[Problem],
    actions: &mut Vec<Action>,
) {
    let _ = (ui, state, project, problems, actions);
}
