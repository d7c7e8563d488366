//! The results panel: year selector, national headline figures and the per-stage table.

use crate::calc::{Period, Results};
use crate::format::MoneyDisplay;
use crate::model::Project;
use crate::validate::Problem;

/// Shows results for `period` (the year selector edits it).
pub fn results_ui(
    ui: &mut egui::Ui,
    project: &Project,
    results: Option<&Results>,
    problems: &[Problem],
    period: &mut Period,
    money: &MoneyDisplay,
) {
    let _ = (ui, project, results, problems, period, money);
}
