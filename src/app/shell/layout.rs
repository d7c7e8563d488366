//! Drawing the window: the panels around the central view (tool bars, inspector, palette,
//! results), the central view itself (chain canvas, charts or analysis), the status bar, and
//! presentation mode's layout. Drawing reads the document and the derived data and only
//! queues requests; the logic pass applies them before the next frame is drawn.

use egui::Ui;

use crate::report::format::MoneyDisplay;

use super::{CentralView, NoticeKind, SidePage, UpliftApp, problem_summary};
use crate::app::action::Action;
use crate::app::analysis_view::{self, AnalysisInput};
use crate::app::canvas::Baseline;
use crate::app::canvas::{self, CanvasView};
use crate::app::charts::{self, ChartsInput};
use crate::app::files::{Command, display_name};
use crate::app::inspector;
use crate::app::results_panel;
use crate::app::scenarios;
use crate::app::stage_strip::palette_ui;
use crate::app::theme;
use crate::model::catalogue::capitalised;

impl UpliftApp {
    fn money(&self) -> MoneyDisplay {
        let currency = &self.project().currency;
        if self.prefs.show_local_currency {
            MoneyDisplay::local_or_base(currency)
        } else {
            MoneyDisplay::base(currency)
        }
    }

    /// Draws the whole window. Requests made while drawing are queued; a repaint is asked for
    /// so the next frame's logic pass applies them and shows their effect.
    pub(in crate::app) fn draw_ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        let money = self.money();
        if self.presenting {
            self.presentation_ui(ui, &money);
            self.modals_ui(&ctx);
        } else {
            self.editor_ui(ui, &money);
            Self::drop_hint_ui(&ctx);
            self.modals_ui(&ctx);
            self.scenario_dialog_ui(&ctx);
        }
        self.command_palette_ui(&ctx);
        self.find_stage_ui(&ctx);
        self.import_dialog_ui(&ctx);
        crate::app::help::help_window_ui(&ctx, &mut self.help);
        if !self.actions.is_empty() {
            ctx.request_repaint();
        }
    }

    /// The editor's layout: menus and tool bar on top, status bar at the bottom, inspector on
    /// the right, the palette and results around the central view.
    fn editor_ui(&mut self, ui: &mut Ui, money: &MoneyDisplay) {
        egui::Panel::top("menu_bar").show(ui, |ui| self.menu_bar_ui(ui));
        egui::Panel::top("tool_bar").show(ui, |ui| self.tool_bar_ui(ui));
        egui::Panel::bottom("status_bar").show(ui, |ui| self.status_bar_ui(ui));

        let mut show_inspector = self.prefs.panels.inspector;
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(320.0)
            .size_range(260.0..=640.0)
            .show_collapsible(ui, &mut show_inspector, |ui| self.side_panel_ui(ui, money));
        self.prefs.panels.inspector = show_inspector;

        // The palette adds stages to the canvas; over the charts it would only take room.
        if self.central == CentralView::Chain {
            let mut show_palette = self.prefs.panels.palette;
            egui::Panel::top("palette")
                .resizable(false)
                .show_collapsible(ui, &mut show_palette, |ui| {
                    palette_ui(ui, &mut self.actions);
                });
            self.prefs.panels.palette = show_palette;
        }

        self.results_panel_ui(ui, money);

        let selection_before = self.canvas.selection.clone();
        match self.central {
            CentralView::Chain => self.chain_canvas_ui(ui, money),
            CentralView::Charts => self.charts_view_ui(ui),
            CentralView::Analysis => self.analysis_view_ui(ui),
        }
        if self.canvas.selection != selection_before && !self.canvas.selection.stages.is_empty()
            || self.canvas.selection.link.is_some() && selection_before.link.is_none()
        {
            self.side_page = SidePage::Selection;
        }
        if self.canvas.selection != selection_before {
            // The inspector and results were drawn before the canvas changed the selection.
            ui.ctx().request_repaint();
        }
    }

    /// The results panel at the bottom.
    fn results_panel_ui(&mut self, ui: &mut Ui, money: &MoneyDisplay) {
        let mut show_results = self.prefs.panels.results;
        // Over the charts the panel is compact (year selector and headline figures, no stage
        // table), so the chart gets the room; each view remembers its own height.
        let (results_id, results_height) = match self.central {
            CentralView::Chain => ("results", 330.0),
            CentralView::Charts | CentralView::Analysis => ("results-under-charts", 190.0),
        };
        let period_before = self.period;
        egui::Panel::bottom(results_id)
            .resizable(true)
            // Tall enough for the headline row and a chain of six or seven stages at 1280x800.
            .default_size(results_height)
            .size_range(120.0..=600.0)
            .show_collapsible(ui, &mut show_results, |ui| {
                let clicked = results_panel::results_ui(
                    ui,
                    &results_panel::ResultsInput {
                        project: self.derived.view(),
                        results: self.derived.results(),
                        problems: self.derived.problems(),
                        national: self.derived.national(period_before),
                        money,
                        revision: self.doc.revision(),
                        scenario: self.doc.active_scenario(),
                        selected: Some(&self.canvas.selection.stages),
                        stage_table: self.central == CentralView::Chain,
                    },
                    &mut self.period,
                    &mut self.stage_table,
                );
                if let Some(id) = clicked {
                    self.actions.push(Action::FocusStage(id));
                }
            });
        self.prefs.panels.results = show_results;
        if self.period != period_before {
            // The canvas and charts below read the new period's sums from the next frame on.
            ui.ctx().request_repaint();
        }
    }

    /// The charts view in the central area.
    fn charts_view_ui(&mut self, ui: &mut Ui) {
        egui::CentralPanel::default_margins().show(ui, |ui| {
            let input = ChartsInput {
                project: self.derived.view(),
                results: self.derived.results(),
                revision: self.doc.revision(),
                period: self.period,
                file_name: self.path.as_deref().map(display_name),
                steady: self.levers.dragging.is_some(),
                scenario: self.doc.active_scenario(),
            };
            if let Some(format) = charts::charts_ui(ui, &mut self.charts, &input)
                && let Some(chart) = self.charts.chart(&input)
            {
                let chart = Box::new(chart.clone());
                self.actions
                    .push(Action::File(Command::ExportChart(chart, format)));
            }
        });
    }

    /// The analysis view in the central area.
    fn analysis_view_ui(&mut self, ui: &mut Ui) {
        egui::CentralPanel::default_margins().show(ui, |ui| {
            let input = AnalysisInput {
                project: self.doc.project(),
                view: self.derived.view(),
                results: self.derived.results(),
                active_scenario: self.doc.active_scenario(),
                revision: self.doc.revision(),
                file_name: self.path.as_deref().map(display_name),
            };
            if let Some((chart, format)) =
                analysis_view::analysis_ui(ui, &mut self.analysis, &input)
            {
                self.actions
                    .push(Action::File(Command::ExportChart(Box::new(chart), format)));
            }
        });
    }

    /// The chain canvas filling the central area, the same in the editor and while presenting:
    /// the project on screen, with badges against the base while a scenario is shown.
    fn chain_canvas_ui(&mut self, ui: &mut Ui, money: &MoneyDisplay) {
        egui::CentralPanel::default_margins()
            .frame(egui::Frame::central_panel(ui.style()).inner_margin(0.0))
            .show(ui, |ui| {
                let view = CanvasView {
                    project: self.derived.view(),
                    results: self.derived.results(),
                    period: self.period,
                    problems: self.derived.problems(),
                    money,
                    baseline: self.derived.baseline().map(|results| Baseline {
                        project: self.doc.project(),
                        results,
                    }),
                    minimap: self.prefs.panels.minimap,
                };
                let actions = canvas::canvas_ui(ui, &mut self.canvas, &view);
                self.actions.extend(actions);
            });
    }

    fn side_panel_ui(&mut self, ui: &mut Ui, money: &MoneyDisplay) {
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.side_page, SidePage::Selection, "Selection");
            ui.selectable_value(&mut self.side_page, SidePage::Project, "Project");
            ui.selectable_value(&mut self.side_page, SidePage::Levers, "Levers");
        });
        ui.separator();
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| match self.side_page {
                SidePage::Selection => inspector::inspector_ui(
                    ui,
                    &mut self.inspector,
                    self.derived.view(),
                    &self.canvas.selection,
                    &inspector::Findings {
                        problems: self.derived.problems(),
                        results: self.derived.results(),
                        period: self.period,
                    },
                    money,
                    &mut self.actions,
                ),
                SidePage::Project => inspector::settings_ui(
                    ui,
                    &mut self.inspector,
                    self.derived.view(),
                    self.derived.problems(),
                    &mut self.actions,
                ),
                SidePage::Levers => {
                    scenarios::levers_ui(
                        ui,
                        &mut self.levers,
                        self.doc.project(),
                        self.derived.view(),
                        false,
                        &mut self.actions,
                    );
                    scenarios::uncertainties_ui(
                        ui,
                        &mut self.levers,
                        self.doc.project(),
                        self.derived.view(),
                        &mut self.actions,
                    );
                }
            });
    }

    fn status_bar_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let errors = self
                .derived
                .problems()
                .iter()
                .filter(|p| p.is_error())
                .count();
            let warnings = self.derived.problems().len() - errors;
            let summary = problem_summary(errors, warnings);
            let visuals = ui.visuals().clone();
            let color = if errors > 0 {
                theme::error_color(&visuals)
            } else if warnings > 0 {
                theme::warning_color(&visuals)
            } else {
                visuals.weak_text_color()
            };
            let response = ui.label(egui::RichText::new(summary).color(color));
            if !self.derived.problems().is_empty() {
                let project = self.derived.view();
                response.on_hover_ui(|ui| {
                    for problem in self.derived.problems().iter().take(20) {
                        ui.label(format!(
                            "{}: {} — {}",
                            capitalised(&problem.severity.to_string()),
                            problem.location(project),
                            problem.message
                        ));
                    }
                    if self.derived.problems().len() > 20 {
                        ui.weak(format!("… and {} more", self.derived.problems().len() - 20));
                    }
                });
            }
            if let Some(notice) = &self.notice {
                ui.separator();
                let text = egui::RichText::new(&notice.text);
                match notice.kind {
                    NoticeKind::Info => ui.label(text),
                    NoticeKind::Warning => ui.label(text.color(theme::warning_color(&visuals))),
                };
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let file = self.path.as_deref().map_or_else(
                    || "Not saved yet".to_owned(),
                    |path| path.display().to_string(),
                );
                ui.add(egui::Label::new(egui::RichText::new(file).weak()).truncate());
            });
        });
    }

    fn drop_hint_ui(ctx: &egui::Context) {
        let hovering = ctx.input(|i| !i.raw.hovered_files.is_empty());
        if !hovering {
            return;
        }
        let rect = ctx.content_rect();
        let painter = ctx.layer_painter(egui::LayerId::new(
            egui::Order::Foreground,
            egui::Id::unique("drop_hint"),
        ));
        let visuals = ctx.global_style().visuals.clone();
        painter.rect_filled(rect, 0.0, visuals.extreme_bg_color.gamma_multiply(0.85));
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            "Drop a project file (.ron or .json) to open it",
            egui::TextStyle::Heading.resolve(&ctx.global_style()),
            visuals.strong_text_color(),
        );
    }
}
