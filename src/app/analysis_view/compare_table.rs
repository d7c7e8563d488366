//! The comparison table: one row per headline figure, the baseline's value, then each
//! compared scenario's value and its difference in absolute terms and in percent. The first
//! column (the figure's name) stays in place while the numbers scroll sideways, and numbers
//! are right-aligned so their digits line up.

use egui::{Align, Layout, Ui};
use egui_extras::{Column, TableBuilder};

use crate::analysis::Comparison;
use crate::chart::analysis_charts::scenario_label;
use crate::report::format::MoneyDisplay;

use super::{delta_pct_text, delta_text, value_text};

/// Draws the comparison table.
pub(super) fn compare_table_ui(ui: &mut Ui, comparison: &Comparison, money: &MoneyDisplay) {
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    ui.horizontal_top(|ui| {
        // The figures' names, fixed.
        // Each table in a vertical layout of its own: its rows go down, not along.
        ui.vertical(|ui| {
            TableBuilder::new(ui)
                .id_salt("compare-figures")
                .striped(true)
                .vscroll(false)
                .column(Column::auto())
                .header(row_height, |mut header| {
                    header.col(|ui| {
                        ui.strong("Figure");
                    });
                })
                .body(|mut body| {
                    for row in &comparison.rows {
                        body.row(row_height, |mut cells| {
                            cells.col(|ui| {
                                // On one line, so its row is as high as the numbers' row.
                                ui.add(egui::Label::new(&row.label).extend());
                            });
                        });
                    }
                });
        });
        // The numbers, scrolling sideways together, right-aligned.
        egui::ScrollArea::horizontal()
            .id_salt("compare-values")
            .show(ui, |ui| {
                ui.vertical(|ui| {
                    let columns = 1 + 3 * comparison.with.len();
                    TableBuilder::new(ui)
                        .id_salt("compare-values-table")
                        .striped(true)
                        .vscroll(false)
                        .cell_layout(Layout::right_to_left(Align::Center))
                        .columns(Column::auto().at_least(80.0), columns)
                        .header(row_height, |mut header| {
                            header.col(|ui| {
                                ui.strong(format!(
                                    "{} (baseline)",
                                    scenario_label(&comparison.base)
                                ));
                            });
                            for name in &comparison.with {
                                for title in [
                                    scenario_label(name),
                                    "Difference".to_owned(),
                                    "Difference (%)".to_owned(),
                                ] {
                                    header.col(|ui| {
                                        ui.strong(title);
                                    });
                                }
                            }
                        })
                        .body(|mut body| {
                            for row in &comparison.rows {
                                body.row(row_height, |mut cells| {
                                    cells.col(|ui| {
                                        ui.label(value_text(row.unit, money, row.base));
                                    });
                                    for cell in &row.with {
                                        for text in [
                                            value_text(row.unit, money, cell.value),
                                            delta_text(row.unit, money, cell.delta),
                                            delta_pct_text(cell.delta_pct),
                                        ] {
                                            cells.col(|ui| {
                                                ui.label(text);
                                            });
                                        }
                                    }
                                });
                            }
                        });
                })
            });
    });
}
