//! The logic pass, run before anything is drawn: window events (theme, close requests,
//! dropped files, shortcuts), then the one queue of requests drained and applied in one
//! match per kind, then the derived data refreshed. Nothing here draws, and nothing that draws
//! changes the document: panels, menus and the palette only queue.

use std::path::PathBuf;
use std::time::Duration;

use crate::calc::Period;
use crate::chart::export::ExportFormat;
use crate::model::edit::{self, Document, Edit, EditError};
use crate::model::{CanvasPos, Project, StageId, StageKind};

use super::{CentralView, Notice, NoticeKind, ThemeChoice, UpliftApp};
use crate::app::action::Action;
use crate::app::canvas::{CanvasState, ZOOM_STEP};
use crate::app::charts::ChartsInput;
use crate::app::command_palette::CommandPalette;
use crate::app::commands::{CommandContext, UiCommand, consume_shortcuts};
use crate::app::files::{Command, Proceed, display_name};
use crate::app::help::HelpPage;
use crate::app::inspector::InspectorState;
use crate::app::presentation;
use crate::app::scenarios::{NameDialog, NameDialogPurpose, neighbour_scenario};
use crate::app::theme;
use crate::model::catalogue::capitalised;

/// How long a notice stays in the status bar.
const NOTICE_SECS: f64 = 12.0;

/// Requests applied in one logic pass at most: a request may queue another, but never
/// without end; what is left waits for the next frame.
const MAX_ACTIONS_PER_PASS: usize = 10_000;

impl UpliftApp {
    /// Work that happens before drawing: window events, shortcuts, the queued requests,
    /// recalculation, crash recovery and the window title.
    pub(in crate::app) fn logic(&mut self, ctx: &egui::Context, frame: Option<&eframe::Frame>) {
        self.apply_theme(ctx);
        if !self.fonts_added {
            theme::add_symbol_font(ctx);
            // Ctrl+plus, minus and 0 zoom the chain (View menu), not the whole window.
            ctx.options_mut(|options| options.zoom_with_keyboard = false);
            self.fonts_added = true;
        }
        if self.presenting {
            // Going full screen changes the window's size a few frames after F11.
            let unzoomed_height = ctx.content_rect().height() * ctx.zoom_factor();
            let zoom = presentation::zoom_for(unzoomed_height);
            if (ctx.zoom_factor() - zoom).abs() > 0.01 {
                ctx.set_zoom_factor(zoom);
            }
        }
        self.handle_close_request(ctx);
        self.handle_dropped_files(ctx);
        if !self.dialogs.is_modal_open()
            && self.command_palette.is_none()
            && self.find_stage.is_none()
            && self.import.is_none()
        {
            self.handle_shortcuts(ctx);
            self.handle_clipboard_events(ctx);
        }
        if let Some((offer, choice)) = self.restore_answer.take() {
            self.answer_restore(offer, choice);
        }
        self.apply_actions(ctx, frame);
        self.update_recovery(ctx);
        self.update_title(ctx);
        self.stamp_notice(ctx);
        if let Some(notice) = &self.notice {
            let age = ctx.input(|i| i.time) - notice.posted_at;
            if age > NOTICE_SECS {
                self.notice = None;
            } else {
                ctx.request_repaint_after(Duration::from_secs_f64(NOTICE_SECS - age + 0.1));
            }
        }
    }

    fn apply_theme(&mut self, ctx: &egui::Context) {
        if self.applied_theme != Some(self.prefs.theme) {
            ctx.set_theme(match self.prefs.theme {
                ThemeChoice::Dark => egui::Theme::Dark,
                ThemeChoice::Light => egui::Theme::Light,
            });
            let mut visuals = match self.prefs.theme {
                ThemeChoice::Dark => egui::Visuals::dark(),
                ThemeChoice::Light => egui::Visuals::light(),
            };
            theme::use_status_colors(&mut visuals);
            if self.presenting {
                theme::high_contrast(&mut visuals);
            }
            ctx.set_visuals(visuals);
            self.applied_theme = Some(self.prefs.theme);
        }
    }

    /// Enters or leaves presentation mode: full screen, larger, high contrast, no editing
    /// chrome; leaving puts the window back as it was.
    pub fn set_presenting(&mut self, ctx: &egui::Context, on: bool) {
        if on == self.presenting {
            return;
        }
        self.presenting = on;
        if on {
            self.zoom_before_presenting = ctx.zoom_factor();
            let unzoomed_height = ctx.content_rect().height() * ctx.zoom_factor();
            ctx.set_zoom_factor(presentation::zoom_for(unzoomed_height));
            let project = self.doc.project();
            self.levers_at_presenting = project
                .levers
                .iter()
                .filter_map(|lever| Some((lever.param.clone(), lever.param.get(project).ok()?)))
                .collect();
        } else {
            ctx.set_zoom_factor(self.zoom_before_presenting);
        }
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(on));
        // Re-applied next frame, with or without the high-contrast look.
        self.applied_theme = None;
        ctx.request_repaint();
    }

    fn handle_close_request(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) || self.allow_close {
            return;
        }
        if self.doc.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.ask_about_unsaved_changes(Proceed::Close);
        }
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|file| file.path().to_owned())
                .collect()
        });
        let Some(first) = dropped.first() else {
            return;
        };
        if crate::io::FileFormat::from_path(first).is_some() {
            self.actions
                .push(Action::File(Command::OpenPath(first.clone())));
        } else {
            self.post_notice(
                ctx,
                format!(
                    "{} is not a project file; Uplift opens .ron and .json projects.",
                    display_name(first)
                ),
                NoticeKind::Warning,
            );
        }
    }

    /// Queues the commands whose keys were pressed; Esc also leaves presentation mode.
    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        for command in consume_shortcuts(ctx) {
            self.actions.push(Action::Run(command));
        }
        if self.presenting
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::Escape))
        {
            self.set_presenting(ctx, false);
        }
    }

    /// The one place where queued requests change the document and the window; the derived
    /// data is refreshed once they are all applied. Requests are taken one at a time from the
    /// queue itself, so a request may queue more, and replacing the document drops what was
    /// queued for the old one.
    fn apply_actions(&mut self, ctx: &egui::Context, frame: Option<&eframe::Frame>) {
        let mut applied = 0;
        while !self.actions.is_empty() && applied < MAX_ACTIONS_PER_PASS {
            let action = self.actions.remove(0);
            self.apply_action(ctx, frame, action);
            applied += 1;
        }
        self.refresh();
        self.derived.refresh_national(self.period);
        if self.presenting {
            self.derived.refresh_headlines();
        }
        if !self.actions.is_empty() {
            ctx.request_repaint();
        }
    }

    fn apply_action(&mut self, ctx: &egui::Context, frame: Option<&eframe::Frame>, action: Action) {
        match action {
            Action::Edit(edit) => {
                let result = self.doc.apply(edit);
                self.report_edit_error(result);
            }
            Action::EditMerging(edit, key) => {
                let result = self.doc.apply_merging(edit, &key);
                self.report_edit_error(result);
            }
            Action::EndMerge => self.doc.end_merge(),
            Action::AddStage { kind, at } => self.add_stage(kind, at),
            Action::PlaceStage(kind) => self.place_stage(kind),
            Action::Paste(text) => self.paste_text(ctx, &text),
            Action::ImportStages(stages) => self.import_stages(ctx, stages),
            Action::DeleteSelection => self.run_ui_command(ctx, frame, UiCommand::Delete),
            Action::DuplicateSelection => self.run_ui_command(ctx, frame, UiCommand::Duplicate),
            Action::Arrange => self.run_ui_command(ctx, frame, UiCommand::Arrange),
            Action::FitView => self.run_ui_command(ctx, frame, UiCommand::Fit),
            Action::FocusStage(id) => {
                self.refresh();
                if let Some(stage) = self.derived.view().stage(&id) {
                    let position = stage.position;
                    self.select_stages([id]);
                    self.central = CentralView::Chain;
                    self.canvas.centre_on(position);
                }
            }
            Action::Notice(text) => self.set_notice_now(text, NoticeKind::Warning),
            Action::SwitchScenario(name) => {
                let result = self.doc.set_active_scenario(name.as_deref());
                self.report_edit_error(result);
            }
            Action::Run(command) => self.run_ui_command(ctx, frame, command),
            Action::File(command) => self.run_command(ctx, frame, command),
        }
    }

    /// Runs a command of the command table, however it was asked for. A command that cannot
    /// run now (nothing to undo, nothing selected) does nothing.
    fn run_ui_command(
        &mut self,
        ctx: &egui::Context,
        frame: Option<&eframe::Frame>,
        command: UiCommand,
    ) {
        if !command.is_enabled(self.command_context()) {
            return;
        }
        match command {
            UiCommand::New => self.proceed_or_ask(ctx, frame, Proceed::New),
            UiCommand::Open => self.proceed_or_ask(ctx, frame, Proceed::OpenDialog),
            UiCommand::Save => self.save(ctx, frame, None),
            UiCommand::SaveAs => self.save_as(ctx, frame, None),
            UiCommand::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            UiCommand::Undo => self.undo(ctx),
            UiCommand::Redo => self.redo(ctx),
            UiCommand::SelectAll => {
                // They read the project on screen, which edits earlier in the queue changed.
                self.refresh();
                self.select_all();
            }
            UiCommand::Delete => {
                self.refresh();
                self.delete_selection();
            }
            UiCommand::Duplicate => {
                self.refresh();
                self.duplicate_selection();
            }
            UiCommand::Copy => self.copy_selection(ctx),
            // The system answers with the clipboard's text as a paste event, next frame.
            UiCommand::Paste => ctx.send_viewport_cmd(egui::ViewportCommand::RequestPaste),
            UiCommand::ImportStages => self.ask_for_import(frame),
            UiCommand::WriteImportTemplate => self.ask_for_template(ctx, frame),
            UiCommand::Fit => self.canvas.fit_to_view(),
            UiCommand::Arrange => {
                let moves = edit::arrange_by_kind(self.project());
                let result = self.doc.apply(Edit::MoveStages(moves));
                self.report_edit_error(result);
                self.canvas.fit_to_view();
            }
            UiCommand::ViewChain => self.central = CentralView::Chain,
            UiCommand::ViewCharts => self.central = CentralView::Charts,
            UiCommand::ViewAnalysis => self.central = CentralView::Analysis,
            UiCommand::Present => self.set_presenting(ctx, !self.presenting),
            UiCommand::ToggleTheme => self.prefs.theme = self.prefs.theme.toggled(),
            UiCommand::CommandPalette => self.command_palette = Some(CommandPalette::default()),
            UiCommand::FindStage => {
                self.find_stage = Some(crate::app::find_stage::FindStage::default());
            }
            UiCommand::NextScenario => self.step_scenario(1),
            UiCommand::PreviousScenario => self.step_scenario(-1),
            UiCommand::NewScenario => self.open_scenario_dialog(NameDialogPurpose::New),
            UiCommand::DuplicateScenario | UiCommand::RenameScenario => {
                if let Some(name) = self.doc.active_scenario().map(str::to_owned) {
                    let purpose = if command == UiCommand::RenameScenario {
                        NameDialogPurpose::Rename(name)
                    } else {
                        NameDialogPurpose::Duplicate(name)
                    };
                    self.open_scenario_dialog(purpose);
                }
            }
            UiCommand::DeleteScenario => {
                if let Some(name) = self.doc.active_scenario().map(str::to_owned) {
                    let switched = self.doc.set_active_scenario(None);
                    self.report_edit_error(switched);
                    let result = self.doc.apply(Edit::RemoveScenario(name));
                    self.report_edit_error(result);
                }
            }
            UiCommand::ExportChart(format) => self.export_chart_shown(format),
            UiCommand::ExportReport => self.actions.push(Action::File(Command::ExportReport)),
            UiCommand::ExportWorkbook => {
                self.actions.push(Action::File(Command::ExportWorkbook));
            }
            UiCommand::TogglePrintStyle => {
                self.prefs.print_style = !self.prefs.print_style;
                // The palette shows no tick, so say which style exports now take.
                let text = if self.prefs.print_style {
                    "Exports now use the print style: dashed, marked lines and hatched bars."
                } else {
                    "Exports now use the screen style: series told apart by colour."
                };
                self.post_notice(ctx, text.to_owned(), NoticeKind::Info);
            }
            UiCommand::ResetLevers => {
                let result = self.doc.apply_group(self.reset_levers_edits());
                self.report_edit_error(result);
            }
            UiCommand::ZoomIn => self.canvas.zoom_by(ZOOM_STEP),
            UiCommand::ZoomOut => self.canvas.zoom_by(1.0 / ZOOM_STEP),
            UiCommand::ZoomReset => self.canvas.set_zoom(1.0),
            UiCommand::UserGuide => self.help.open(HelpPage::Guide),
            UiCommand::KeyboardShortcuts => self.help.open(HelpPage::Shortcuts),
            UiCommand::Method => self.help.open(HelpPage::Method),
            UiCommand::Glossary => self.help.open(HelpPage::Glossary),
            UiCommand::About => self.dialogs.show_about(),
        }
        // The frame after a command shows its effect.
        ctx.request_repaint();
    }

    /// What the commands' availability depends on, now.
    pub(super) fn command_context(&self) -> CommandContext {
        let selection = &self.canvas.selection;
        let project = self.doc.project();
        CommandContext {
            can_undo: self.doc.undo_label().is_some(),
            can_redo: self.doc.redo_label().is_some(),
            has_stages: !project.stages.is_empty(),
            stages_selected: !selection.stages.is_empty(),
            anything_selected: !selection.stages.is_empty() || selection.link.is_some(),
            has_scenarios: !project.scenarios.is_empty(),
            scenario_shown: self.doc.active_scenario().is_some(),
            has_results: self.derived.results().is_some(),
            levers_moved: !self.reset_levers_edits().is_empty(),
        }
    }

    /// Queues the export of the chart the charts view shows, in `format`.
    fn export_chart_shown(&mut self, format: ExportFormat) {
        let file_name = self.path.as_deref().map(display_name);
        let input = ChartsInput {
            project: self.derived.view(),
            results: self.derived.results(),
            revision: self.doc.revision(),
            period: self.period,
            file_name,
            steady: self.levers.dragging.is_some(),
            scenario: self.doc.active_scenario(),
        };
        if let Some(chart) = self.charts.chart(&input) {
            let chart = Box::new(chart.clone());
            self.actions
                .push(Action::File(Command::ExportChart(chart, format)));
        }
    }

    fn select_all(&mut self) {
        let ids: Vec<StageId> = self.view().stages.iter().map(|s| s.id.clone()).collect();
        self.select_stages(ids);
    }

    pub(super) fn undo(&mut self, ctx: &egui::Context) {
        let label = self.doc.undo_label();
        if self.doc.undo() {
            // Text typed before described the project as it was; show what it holds now.
            self.inspector.forget_typing();
            if let Some(label) = label {
                self.post_notice(ctx, format!("Undid {label}."), NoticeKind::Info);
            }
            self.refresh();
        }
    }

    pub(super) fn redo(&mut self, ctx: &egui::Context) {
        let label = self.doc.redo_label();
        if self.doc.redo() {
            // Text typed before described the project as it was; show what it holds now.
            self.inspector.forget_typing();
            if let Some(label) = label {
                self.post_notice(ctx, format!("Redid {label}."), NoticeKind::Info);
            }
            self.refresh();
        }
    }

    /// Shows a message in the status bar.
    pub(super) fn post_notice(&mut self, ctx: &egui::Context, text: String, kind: NoticeKind) {
        self.notice = Some(Notice {
            text,
            kind,
            posted_at: ctx.input(|i| i.time),
        });
    }

    /// Replaces the open document (after New, Open, or opening an example).
    pub(super) fn replace_document(&mut self, project: Project, path: Option<PathBuf>) {
        self.replace_with(Document::new(project), path);
    }

    /// Replaces the open document with `doc` (a loaded file, or work restored after a crash).
    pub(super) fn replace_with(&mut self, doc: Document, path: Option<PathBuf>) {
        self.doc = doc;
        self.path = path;
        self.canvas = CanvasState::default();
        self.canvas.fit_to_view();
        self.inspector = InspectorState::default();
        // The chart shown stays; choices tied to the old project's stages go.
        self.charts.final_stage = None;
        self.period = Period::Horizon;
        self.actions.clear();
        self.refresh();
    }

    /// Refreshes the derived data when the document has changed, and drops selection
    /// entries that no longer exist.
    pub(super) fn refresh(&mut self) {
        if !self.derived.refresh(&self.doc) {
            return;
        }
        let project = self.derived.view();
        let selection = &mut self.canvas.selection;
        selection
            .stages
            .retain(|id| project.stages.iter().any(|stage| &stage.id == id));
        if selection
            .link
            .is_some_and(|index| index >= project.links.len())
        {
            selection.link = None;
        }
    }

    /// Posts a notice without a context at hand; the time is filled in by the next frame.
    pub(super) fn set_notice_now(&mut self, text: String, kind: NoticeKind) {
        self.notice = Some(Notice {
            text,
            kind,
            posted_at: f64::NAN,
        });
    }

    /// Gives a notice posted without a context its time.
    fn stamp_notice(&mut self, ctx: &egui::Context) {
        if let Some(notice) = &mut self.notice
            && notice.posted_at.is_nan()
        {
            notice.posted_at = ctx.input(|i| i.time);
        }
    }

    pub(super) fn report_edit_error(&mut self, result: Result<(), EditError>) {
        if let Err(error) = result {
            self.set_notice_now(capitalised(&error.to_string()), NoticeKind::Warning);
        }
    }

    fn add_stage(&mut self, kind: StageKind, at: CanvasPos) {
        let (edit, id) = edit::add_stage(self.doc.project(), kind, at);
        let result = self.doc.apply(edit);
        if result.is_ok() {
            self.select_stages([id]);
        }
        self.report_edit_error(result);
    }

    fn delete_selection(&mut self) {
        let selection = std::mem::take(&mut self.canvas.selection);
        let edits = edit::delete_selection(
            self.derived.view(),
            &selection.stages.iter().cloned().collect::<Vec<_>>(),
            selection.link,
        );
        let result = self.doc.apply_group(edits);
        self.report_edit_error(result);
    }

    fn duplicate_selection(&mut self) {
        let selected: Vec<StageId> = self.canvas.selection.stages.iter().cloned().collect();
        let Some((edits, copies)) =
            crate::model::fragment::duplicate_selection(self.derived.view(), &selected)
        else {
            return;
        };
        let result = self.doc.apply_group(edits);
        if result.is_ok() {
            self.select_stages(copies);
        }
        self.report_edit_error(result);
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let file = self
            .path
            .as_deref()
            .map_or_else(|| "unsaved".to_owned(), display_name);
        let marker = if self.doc.is_dirty() { " •" } else { "" };
        let title = format!("{} — {file}{marker}", self.project().name);
        if self.sent_title.as_deref() != Some(title.as_str()) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.sent_title = Some(title);
        }
    }

    fn step_scenario(&mut self, step: i32) {
        let next = neighbour_scenario(self.doc.project(), self.doc.active_scenario(), step);
        self.actions.push(Action::SwitchScenario(next));
    }

    fn open_scenario_dialog(&mut self, purpose: NameDialogPurpose) {
        self.scenario_dialog = Some(NameDialog::new(purpose, self.doc.project()));
    }
}
