//! The application shell: menus, tool bar, panels, status bar, and the one place where the
//! panels' actions are applied to the document.

use std::path::{Path, PathBuf};
use std::time::Duration;

use egui::{KeyboardShortcut, Ui};
use serde::{Deserialize, Serialize};

use crate::analysis::Headline;
use crate::calc::{Period, Results};
use crate::chart::Chart;
use crate::chart::export::{self, ExportFormat};
use crate::model::edit::{self, Document, Edit};
use crate::model::{CanvasPos, Project, Stage, StageId, StageKind};
use crate::report::format::MoneyDisplay;
use crate::validate::Problem;

use super::action::Action;
use super::analysis_view::{self, AnalysisInput, AnalysisState};
use super::canvas::{self, CanvasState, CanvasView, Selection};
use super::canvas_badges::Baseline;
use super::charts::{self, ChartsInput, ChartsState};
use super::files::{Command, Dialogs, Proceed};
use super::icons::{Icon, icon_atom};
use super::inspector::{self, InspectorState};
use super::palette::palette_ui;
use super::presentation;
use super::results_panel;
use super::scenarios::{
    self, LeversState, NameDialog, NameDialogOutcome, NameDialogPurpose, neighbour_scenario,
};
use super::shortcuts;
use super::theme;

/// App settings remembered between runs through eframe's persistence (never in the project).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Preferences {
    /// Recently opened or saved project files, most recent first.
    pub recent_files: Vec<PathBuf>,
    /// Light or dark.
    pub theme: ThemeChoice,
    /// Which panels are shown.
    pub panels: PanelVisibility,
    /// Show money in the project's local display currency, when it has one.
    pub show_local_currency: bool,
}

/// The window's colour theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Light text on dark panels.
    #[default]
    Dark,
    /// Dark text on light panels.
    Light,
}

impl ThemeChoice {
    /// The other theme.
    #[must_use]
    pub fn toggled(self) -> Self {
        match self {
            Self::Dark => Self::Light,
            Self::Light => Self::Dark,
        }
    }
}

/// Which panels around the canvas are shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PanelVisibility {
    /// The palette of stage kinds (a strip above the canvas).
    pub palette: bool,
    /// The inspector and project settings (right).
    pub inspector: bool,
    /// The results (bottom).
    pub results: bool,
}

impl Default for PanelVisibility {
    fn default() -> Self {
        Self {
            palette: true,
            inspector: true,
            results: true,
        }
    }
}

/// Most recent files remembered.
pub const MAX_RECENT_FILES: usize = 10;

impl Preferences {
    /// Puts `path` first in the recent files, without duplicates, keeping at most
    /// [`MAX_RECENT_FILES`].
    pub fn remember_file(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.recent_files.retain(|known| known != &path);
        self.recent_files.insert(0, path);
        self.recent_files.truncate(MAX_RECENT_FILES);
    }

    /// Drops recent files that no longer exist.
    pub fn forget_missing_files(&mut self) {
        self.recent_files.retain(|path| path.is_file());
    }
}

/// Which page the right-hand panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SidePage {
    /// The inspector for the selected stage or link.
    Selection,
    /// The project settings.
    Project,
    /// The levers: a live slider per lever.
    Levers,
}

/// What the central area shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CentralView {
    /// The chain canvas.
    #[default]
    Chain,
    /// The charts.
    Charts,
    /// Scenarios compared, sensitivity and uncertainty.
    Analysis,
}

/// How serious a status-bar notice is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum NoticeKind {
    /// Something happened as asked ("Saved …").
    Info,
    /// Something was refused or went wrong.
    Warning,
}

/// A short message in the status bar.
#[derive(Clone, Debug)]
pub(super) struct Notice {
    pub(super) text: String,
    pub(super) kind: NoticeKind,
    /// `egui` time at which it was posted, to let it fade out of the way.
    pub(super) posted_at: f64,
}

/// How long a notice stays in the status bar.
const NOTICE_SECS: f64 = 12.0;

/// The whole window's state: the open document, what is derived from it, and UI state that is
/// not part of the project (selection, panels, dialogs).
///
/// It runs inside eframe (see [`super::run`]) or headless: [`UpliftApp::update_ui`] does one
/// frame's work and drawing into any `Ui`, which is how the UI tests drive it.
pub struct UpliftApp {
    pub(super) doc: Document,
    /// Where the project lives on disk; `None` until it is saved.
    pub(super) path: Option<PathBuf>,
    /// Revision of the document that `results` and `problems` describe.
    computed_revision: Option<u64>,
    /// The project on screen: the base with the active scenario applied (the base itself when
    /// none is), recomputed with `results` when the document changes.
    view: Project,
    results: Option<Results>,
    /// Results of the base when a scenario is on screen, for "against the baseline" figures.
    baseline: Option<Results>,
    /// The base `baseline` was computed from: edits to a scenario (a lever drag) leave the base
    /// as it was, and its results are kept rather than computed again.
    baseline_source: Option<Project>,
    problems: Vec<Problem>,
    pub(super) canvas: CanvasState,
    pub(super) inspector: InspectorState,
    pub(super) charts: ChartsState,
    pub(super) analysis: AnalysisState,
    pub(super) levers: LeversState,
    /// The scenario name dialog, when open.
    scenario_dialog: Option<NameDialog>,
    /// Presentation mode is on.
    presenting: bool,
    /// Headline figures shown while presenting (the project on screen, and the base while a
    /// scenario is shown), with the document revision they describe.
    presentation_headlines: Option<(u64, Headline, Option<Headline>)>,
    /// Zoom factor to go back to when presentation mode ends.
    zoom_before_presenting: f32,
    central: CentralView,
    period: Period,
    side_page: SidePage,
    pub(super) prefs: Preferences,
    /// Requests from the panels, applied in [`UpliftApp::apply_actions`].
    actions: Vec<Action>,
    /// File and history commands, run in the logic pass (they may open system dialogs).
    pub(super) commands: Vec<Command>,
    pub(super) notice: Option<Notice>,
    pub(super) dialogs: Dialogs,
    /// Title last sent to the window, so it is only sent when it changes.
    sent_title: Option<String>,
    /// Theme last applied to the context.
    applied_theme: Option<ThemeChoice>,
    /// Set once the user has dealt with unsaved changes, so the next close request goes through.
    pub(super) allow_close: bool,
    /// Names of the bundled examples, parsed once for the File menu.
    example_names: Vec<String>,
    /// Crash recovery, when turned on ([`UpliftApp::enable_recovery`]).
    pub(super) recovery: Option<super::recovery_prompt::RecoveryState>,
}

/// A calendar year for new projects, from the system clock (falls back to 2025).
fn current_year() -> i32 {
    const SECS_PER_YEAR: u64 = 31_556_952;
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(2025, |since| {
            1970 + (since.as_secs() / SECS_PER_YEAR) as i32
        })
}

/// The project File → New starts from.
pub(super) fn new_project() -> Project {
    Project::empty("Untitled project", current_year())
}

impl UpliftApp {
    /// A window state showing `project`, read from `path` if it came from a file. File dialogs
    /// start out as the built-in path prompt (no system dialog), which suits tests; the desktop
    /// app turns system dialogs on with [`UpliftApp::set_native_dialogs`].
    pub fn new(project: Project, path: Option<PathBuf>) -> Self {
        let example_names = crate::io::examples::EXAMPLES
            .iter()
            .map(|example| {
                example
                    .project()
                    .map_or_else(|_| example.file_name.to_owned(), |project| project.name)
            })
            .collect();
        let mut canvas = CanvasState::default();
        canvas.fit_to_view();
        let mut app = Self {
            view: project.clone(),
            baseline: None,
            baseline_source: None,
            doc: Document::new(project),
            path,
            computed_revision: None,
            results: None,
            problems: Vec::new(),
            canvas,
            inspector: InspectorState::default(),
            charts: ChartsState::default(),
            analysis: AnalysisState::default(),
            levers: LeversState::default(),
            scenario_dialog: None,
            presenting: false,
            presentation_headlines: None,
            zoom_before_presenting: 1.0,
            central: CentralView::Chain,
            period: Period::Horizon,
            side_page: SidePage::Selection,
            prefs: Preferences::default(),
            actions: Vec::new(),
            commands: Vec::new(),
            notice: None,
            dialogs: Dialogs::default(),
            sent_title: None,
            applied_theme: None,
            allow_close: false,
            example_names,
            recovery: None,
        };
        app.refresh();
        app
    }

    /// Uses the system's file dialogs (falling back to the path prompt where none exists).
    pub fn set_native_dialogs(&mut self, native: bool) {
        self.dialogs.native = native;
    }

    /// Replaces the remembered settings (recent files, theme, panels).
    pub fn set_preferences(&mut self, mut prefs: Preferences) {
        prefs.forget_missing_files();
        self.prefs = prefs;
    }

    /// The remembered settings.
    pub fn preferences(&self) -> &Preferences {
        &self.prefs
    }

    /// The open document with its history.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The open project.
    pub fn project(&self) -> &Project {
        self.doc.project()
    }

    /// The project on screen: the base with the active scenario applied.
    pub fn view(&self) -> &Project {
        &self.view
    }

    /// Results of the base while a scenario is on screen (`None` on the base itself).
    pub fn baseline(&self) -> Option<&Results> {
        self.baseline.as_ref()
    }

    /// The file the project was loaded from or saved to.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Results of the current project (`None` while it has errors).
    pub fn results(&self) -> Option<&Results> {
        self.results.as_ref()
    }

    /// Problems of the current project, errors first.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// What is selected on the canvas.
    pub fn selection(&self) -> &Selection {
        &self.canvas.selection
    }

    /// Selects exactly these stages.
    pub fn select_stages(&mut self, ids: impl IntoIterator<Item = StageId>) {
        self.canvas.selection = Selection {
            stages: ids.into_iter().collect(),
            link: None,
        };
        self.side_page = SidePage::Selection;
    }

    /// Queues a request as if a panel had made it; it is applied on the next frame.
    pub fn push_action(&mut self, action: Action) {
        self.actions.push(action);
    }

    /// What the central area shows.
    pub fn central_view(&self) -> CentralView {
        self.central
    }

    /// The year or period the results, canvas and charts show.
    pub fn period(&self) -> Period {
        self.period
    }

    /// Selects the year or period to show (as the results panel's selector does).
    pub fn set_period(&mut self, period: Period) {
        self.period = period;
    }

    /// The status-bar notice currently shown, if any.
    pub fn notice_text(&self) -> Option<&str> {
        self.notice.as_ref().map(|notice| notice.text.as_str())
    }

    /// One frame: the logic pass, then drawing into `ui`. Used headless (tests); inside eframe
    /// the two halves run from `App::logic` and `App::ui`.
    pub fn update_ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.logic(&ctx, None);
        self.draw_ui(ui);
    }

    /// Work that happens before drawing: shortcuts, dropped files, close requests, queued
    /// commands, recalculation and the window title.
    pub(super) fn logic(&mut self, ctx: &egui::Context, frame: Option<&eframe::Frame>) {
        self.apply_theme(ctx);
        self.handle_close_request(ctx);
        self.handle_dropped_files(ctx);
        if !self.dialogs.is_modal_open() {
            self.handle_shortcuts(ctx);
        }
        let commands = std::mem::take(&mut self.commands);
        for command in commands {
            self.run_command(ctx, frame, command);
        }
        self.apply_actions();
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
            if self.presenting {
                theme::high_contrast(&mut visuals);
            }
            ctx.set_visuals(visuals);
            self.applied_theme = Some(self.prefs.theme);
        }
    }

    /// True while presentation mode is on.
    pub fn is_presenting(&self) -> bool {
        self.presenting
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
            ctx.set_zoom_factor(presentation::ZOOM);
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
            self.commands.push(Command::OpenPath(first.clone()));
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

    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        let consume = |shortcut: &KeyboardShortcut| ctx.input_mut(|i| i.consume_shortcut(shortcut));
        // Most specific first: consume_shortcut ignores extra Shift.
        if consume(&shortcuts::SAVE_AS) {
            self.commands.push(Command::SaveAs);
        } else if consume(&shortcuts::SAVE) {
            self.commands.push(Command::Save);
        }
        if consume(&shortcuts::NEW) {
            self.commands.push(Command::New);
        }
        if consume(&shortcuts::OPEN) {
            self.commands.push(Command::Open);
        }
        if consume(&shortcuts::QUIT) {
            self.commands.push(Command::Quit);
        }
        if consume(&shortcuts::VIEW_CHAIN) {
            self.central = CentralView::Chain;
        }
        if consume(&shortcuts::VIEW_CHARTS) {
            self.central = CentralView::Charts;
        }
        if consume(&shortcuts::VIEW_ANALYSIS) {
            self.central = CentralView::Analysis;
        }
        if consume(&shortcuts::PRESENT) {
            self.set_presenting(ctx, !self.presenting);
        }
        if self.presenting
            && consume(&KeyboardShortcut::new(
                egui::Modifiers::NONE,
                egui::Key::Escape,
            ))
        {
            self.set_presenting(ctx, false);
        }
        // Most specific first: consume_shortcut ignores extra Shift.
        if consume(&shortcuts::PREVIOUS_SCENARIO) {
            self.step_scenario(-1);
        } else if consume(&shortcuts::NEXT_SCENARIO) {
            self.step_scenario(1);
        }
        // While a text field has focus, these keys belong to the text: Ctrl+Z undoes typing,
        // Delete and F edit it.
        if ctx.text_edit_focused() {
            return;
        }
        if consume(&shortcuts::REDO) || consume(&shortcuts::REDO_ALT) {
            self.commands.push(Command::Redo);
        } else if consume(&shortcuts::UNDO) {
            self.commands.push(Command::Undo);
        }
        if consume(&shortcuts::DUPLICATE) {
            self.actions.push(Action::DuplicateSelection);
        }
        if consume(&shortcuts::SELECT_ALL) {
            self.select_all();
        }
        let backspace = KeyboardShortcut::new(egui::Modifiers::NONE, egui::Key::Backspace);
        if consume(&shortcuts::DELETE) || consume(&backspace) {
            self.actions.push(Action::DeleteSelection);
        }
        if consume(&shortcuts::FIT) {
            self.actions.push(Action::FitView);
        }
    }

    fn select_all(&mut self) {
        let ids: Vec<StageId> = self.view.stages.iter().map(|s| s.id.clone()).collect();
        self.select_stages(ids);
    }

    pub(super) fn undo(&mut self, ctx: &egui::Context) {
        let label = self.doc.undo_label();
        if self.doc.undo() {
            if let Some(label) = label {
                self.post_notice(ctx, format!("Undid {label}."), NoticeKind::Info);
            }
            self.refresh();
        }
    }

    pub(super) fn redo(&mut self, ctx: &egui::Context) {
        let label = self.doc.redo_label();
        if self.doc.redo() {
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

    /// Writes `chart` to `path` in `format`, at the size chosen in the charts view.
    pub(super) fn export_chart_to(
        &self,
        chart: &Chart,
        format: ExportFormat,
        path: &Path,
    ) -> Result<(), String> {
        export::write_chart(chart, format, self.charts.png_size, path).map_err(|e| e.to_string())
    }

    /// A file name for exporting `chart`: "value-added-2036.png".
    pub(super) fn suggested_export_name(&self, chart: &Chart, format: ExportFormat) -> String {
        export::suggested_file_name(chart.kind, self.period, format)
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

    /// Recomputes results and problems when the project has changed since the last time, and
    /// drops selection entries that no longer exist.
    fn refresh(&mut self) {
        let revision = self.doc.revision();
        if self.computed_revision == Some(revision) {
            return;
        }
        self.computed_revision = Some(revision);
        self.view = self.doc.view();
        self.refresh_baseline();
        // The previous results lend their memory to the new ones (see `compute_reusing`); the
        // window shows the project with the active scenario applied.
        match crate::calc::compute_reusing(&self.view, self.results.take()) {
            Ok(results) => {
                self.problems.clone_from(&results.warnings);
                self.results = Some(results);
            }
            Err(problems) => {
                self.problems = problems;
                self.results = None;
            }
        }
        let project = &self.view;
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

    /// Recomputes the base's results while a scenario is shown, only when the base itself
    /// changed; drops them when the base is shown.
    fn refresh_baseline(&mut self) {
        if self.doc.active_scenario().is_none() {
            self.baseline = None;
            self.baseline_source = None;
            return;
        }
        let base = self.doc.project();
        let unchanged = self.baseline.is_some()
            && self
                .baseline_source
                .as_ref()
                .is_some_and(|source| source.same_chain(base));
        if unchanged {
            return;
        }
        self.baseline = crate::calc::compute_reusing(base, self.baseline.take()).ok();
        self.baseline_source = Some(base.clone());
    }

    /// The one place where the panels' requests change the document.
    fn apply_actions(&mut self) {
        let actions = std::mem::take(&mut self.actions);
        for action in actions {
            self.apply_action(action);
        }
        self.refresh();
    }

    fn apply_action(&mut self, action: Action) {
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
            Action::DeleteSelection => self.delete_selection(),
            Action::DuplicateSelection => self.duplicate_selection(),
            Action::Arrange => {
                let moves = edit::arrange_by_kind(self.project());
                let result = self.doc.apply(Edit::MoveStages(moves));
                self.report_edit_error(result);
                self.canvas.fit_to_view();
            }
            Action::FitView => self.canvas.fit_to_view(),
            Action::Notice(text) => self.set_notice_now(text, NoticeKind::Warning),
            Action::SwitchScenario(name) => {
                let result = self.doc.set_active_scenario(name.as_deref());
                self.report_edit_error(result);
            }
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

    fn report_edit_error(&mut self, result: Result<(), edit::EditError>) {
        if let Err(error) = result {
            self.set_notice_now(sentence(&error.to_string()), NoticeKind::Warning);
        }
    }

    fn add_stage(&mut self, kind: StageKind, at: CanvasPos) {
        let project = self.doc.project();
        let year = if project.horizon.is_empty() {
            project.base_year
        } else {
            project.horizon.first_year
        };
        let mut stage = Stage::new(project.fresh_stage_id(kind.label()), kind, year);
        stage.name = unused_name(project, kind.label());
        stage.position = at;
        let id = stage.id.clone();
        let result = self.doc.apply(Edit::AddStages(vec![stage]));
        if result.is_ok() {
            self.select_stages([id]);
        }
        self.report_edit_error(result);
    }

    fn delete_selection(&mut self) {
        let selection = self.canvas.selection.clone();
        let project = &self.view;
        let link = selection
            .link
            .and_then(|index| project.links.get(index))
            .cloned();
        let stages: Vec<StageId> = selection
            .stages
            .iter()
            .filter(|id| project.stage(id).is_some())
            .cloned()
            .collect();
        // Both removals share a merge key so they undo as one step.
        let key = format!("delete-selection-{}", self.doc.revision());
        let mut result = Ok(());
        if !stages.is_empty() {
            result = self.doc.apply_merging(Edit::RemoveStages(stages), &key);
        }
        if result.is_ok()
            && let Some(link) = link
        {
            // Removing stages also removes their links and shifts the indices of the others.
            let index = self
                .doc
                .project()
                .links
                .iter()
                .position(|l| l.from == link.from && l.to == link.to);
            if let Some(index) = index {
                result = self.doc.apply_merging(Edit::RemoveLinks(vec![index]), &key);
            }
        }
        self.doc.end_merge();
        self.report_edit_error(result);
        self.canvas.selection = Selection::default();
    }

    fn duplicate_selection(&mut self) {
        let project = &self.view;
        let originals: Vec<&Stage> = project
            .stages
            .iter()
            .filter(|stage| self.canvas.selection.stages.contains(&stage.id))
            .collect();
        if originals.is_empty() {
            return;
        }
        // Ids are made unique against the copies made so far as well as the project.
        let mut scratch = project.clone();
        let mut copies = Vec::with_capacity(originals.len());
        let mut new_ids = Vec::with_capacity(originals.len());
        for original in &originals {
            let mut copy = (*original).clone();
            copy.id = scratch.fresh_stage_id(&original.id.0);
            copy.name = format!("{} (copy)", original.name);
            copy.position.x += 30.0;
            copy.position.y += 30.0;
            new_ids.push((original.id.clone(), copy.id.clone()));
            scratch.stages.push(copy.clone());
            copies.push(copy);
        }
        let copied_links: Vec<_> = project
            .links
            .iter()
            .filter_map(|link| {
                let from = new_ids.iter().find(|(old, _)| old == &link.from)?;
                let to = new_ids.iter().find(|(old, _)| old == &link.to)?;
                let mut copy = link.clone();
                copy.from = from.1.clone();
                copy.to = to.1.clone();
                Some(copy)
            })
            .collect();
        let key = format!("duplicate-{}", self.doc.revision());
        let mut result = self.doc.apply_merging(Edit::AddStages(copies), &key);
        for link in copied_links {
            if result.is_err() {
                break;
            }
            result = self.doc.apply_merging(Edit::AddLink(link), &key);
        }
        self.doc.end_merge();
        if result.is_ok() {
            self.select_stages(new_ids.into_iter().map(|(_, new)| new));
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

    /// The window title, as last sent to the window.
    pub fn window_title(&self) -> Option<&str> {
        self.sent_title.as_deref()
    }

    fn money(&self) -> MoneyDisplay {
        let currency = &self.project().currency;
        if self.prefs.show_local_currency {
            MoneyDisplay::local_or_base(currency)
        } else {
            MoneyDisplay::base(currency)
        }
    }

    /// Draws the whole window.
    pub(super) fn draw_ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.stamp_notice(&ctx);
        let money = self.money();
        if self.presenting {
            self.presentation_ui(ui, &money);
            self.apply_actions();
            self.modals_ui(&ctx);
            return;
        }

        egui::Panel::top("menu_bar").show(ui, |ui| self.menu_bar_ui(ui));
        egui::Panel::top("tool_bar").show(ui, |ui| self.tool_bar_ui(ui));
        egui::Panel::bottom("status_bar").show(ui, |ui| self.status_bar_ui(ui));

        let mut show_inspector = self.prefs.panels.inspector;
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size(320.0)
            .size_range(260.0..=640.0)
            .show_collapsible(ui, &mut show_inspector, |ui| self.side_panel_ui(ui, &money));
        self.prefs.panels.inspector = show_inspector;
        // Edits from the inspector are applied now, so the results and canvas drawn below
        // already show their effect.
        self.apply_actions();

        let view_center = self.canvas.view_center();
        // The palette adds stages to the canvas; over the charts it would only take room.
        if self.central == CentralView::Chain {
            let mut show_palette = self.prefs.panels.palette;
            egui::Panel::top("palette")
                .resizable(false)
                .show_collapsible(ui, &mut show_palette, |ui| {
                    palette_ui(ui, view_center, &mut self.actions);
                });
            self.prefs.panels.palette = show_palette;
        }

        let mut show_results = self.prefs.panels.results;
        // Over the charts the panel starts compact (year selector and headline figures), so
        // the chart gets the room; each view remembers its own height.
        let (results_id, results_height) = match self.central {
            CentralView::Chain => ("results", 330.0),
            CentralView::Charts | CentralView::Analysis => ("results-under-charts", 190.0),
        };
        egui::Panel::bottom(results_id)
            .resizable(true)
            // Tall enough for the headline row and a chain of six or seven stages at 1280x800.
            .default_size(results_height)
            .size_range(120.0..=600.0)
            .show_collapsible(ui, &mut show_results, |ui| {
                results_panel::results_ui(
                    ui,
                    &self.view,
                    self.results.as_ref(),
                    &self.problems,
                    &mut self.period,
                    &money,
                );
            });
        self.prefs.panels.results = show_results;

        let selection_before = self.canvas.selection.clone();
        match self.central {
            CentralView::Chain => self.chain_canvas_ui(ui, &money),
            CentralView::Charts => {
                egui::CentralPanel::default_margins().show(ui, |ui| {
                    let input = ChartsInput {
                        project: &self.view,
                        results: self.results.as_ref(),
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
                        self.commands.push(Command::ExportChart(chart, format));
                    }
                });
            }
            CentralView::Analysis => {
                egui::CentralPanel::default_margins().show(ui, |ui| {
                    let input = AnalysisInput {
                        project: self.doc.project(),
                        view: &self.view,
                        results: self.results.as_ref(),
                        active_scenario: self.doc.active_scenario(),
                        revision: self.doc.revision(),
                        file_name: self.path.as_deref().map(display_name),
                    };
                    if let Some((chart, format)) =
                        analysis_view::analysis_ui(ui, &mut self.analysis, &input)
                    {
                        self.commands
                            .push(Command::ExportChart(Box::new(chart), format));
                    }
                });
            }
        }
        if self.canvas.selection != selection_before && !self.canvas.selection.stages.is_empty()
            || self.canvas.selection.link.is_some() && selection_before.link.is_none()
        {
            self.side_page = SidePage::Selection;
        }
        if self.canvas.selection != selection_before || !self.actions.is_empty() {
            // The inspector and results were drawn before the canvas changed things.
            ctx.request_repaint();
        }
        self.apply_actions();

        Self::drop_hint_ui(&ctx);
        self.modals_ui(&ctx);
        self.scenario_dialog_ui(&ctx);
        if !self.commands.is_empty() {
            ctx.request_repaint();
        }
    }

    /// Presentation mode's layout: a title bar with the scenario selector, the levers on the
    /// right, the headline figures against the baseline at the bottom, and the chain above
    /// the chosen chart in the middle.
    fn presentation_ui(&mut self, ui: &mut Ui, money: &MoneyDisplay) {
        let ctx = ui.ctx().clone();
        egui::Panel::top("presentation-title").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.add(egui::Label::new(egui::RichText::new(&self.view.name).heading()).truncate());
                ui.separator();
                scenarios::scenario_selector_ui(
                    ui,
                    self.doc.project(),
                    self.doc.active_scenario(),
                    &mut self.actions,
                );
                ui.separator();
                let label = ui.label("Chart");
                egui::ComboBox::from_id_salt("presentation-chart")
                    .selected_text(self.charts.kind.label())
                    .show_ui(ui, |ui| {
                        for kind in crate::chart::ChartKind::ALL {
                            ui.selectable_value(&mut self.charts.kind, kind, kind.label());
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui
                        .button("Leave presentation")
                        .on_hover_text("Back to editing (Esc or F11)")
                        .clicked()
                    {
                        self.set_presenting(&ctx, false);
                    }
                });
            });
        });
        let revision = self.doc.revision();
        let stale = self
            .presentation_headlines
            .as_ref()
            .is_none_or(|(computed, ..)| *computed != revision);
        if stale {
            // Summed once per change, not per frame: a 1,000-stage chain takes milliseconds.
            self.presentation_headlines = self.results.as_ref().map(|results| {
                (
                    revision,
                    Headline::of(results),
                    self.baseline.as_ref().map(Headline::of),
                )
            });
        }
        egui::Panel::bottom("presentation-headline").show(ui, |ui| {
            ui.add_space(4.0);
            match self.presentation_headlines.as_ref() {
                Some((_, now, base)) => presentation::headline_ui(
                    ui,
                    now,
                    base.as_ref(),
                    self.doc.active_scenario(),
                    money,
                ),
                None => {
                    ui.heading("The chain has errors; leave presentation mode to fix them.");
                }
            }
            ui.add_space(4.0);
        });
        egui::Panel::right("presentation-levers")
            .resizable(true)
            .default_size(380.0)
            .show(ui, |ui| {
                ui.heading("Levers");
                egui::ScrollArea::vertical().show(ui, |ui| {
                    scenarios::levers_ui(
                        ui,
                        &mut self.levers,
                        self.doc.project(),
                        &self.view,
                        true,
                        &mut self.actions,
                    );
                });
            });
        // Lever moves are applied before the chain and chart are drawn, so they show at once.
        self.apply_actions();
        egui::Panel::bottom("presentation-chart")
            .resizable(true)
            .default_size(ui.available_height() * 0.55)
            .show(ui, |ui| {
                let input = ChartsInput {
                    project: &self.view,
                    results: self.results.as_ref(),
                    revision: self.doc.revision(),
                    period: self.period,
                    file_name: self.path.as_deref().map(display_name),
                    steady: self.levers.dragging.is_some(),
                    scenario: self.doc.active_scenario(),
                };
                if let Some(chart) = self.charts.chart(&input) {
                    charts::chart_ui(ui, chart, input.steady);
                }
            });
        self.chain_canvas_ui(ui, money);
    }

    /// The chain canvas filling the central area, the same in the editor and while presenting:
    /// the project on screen, with badges against the base while a scenario is shown.
    fn chain_canvas_ui(&mut self, ui: &mut Ui, money: &MoneyDisplay) {
        egui::CentralPanel::default_margins()
            .frame(egui::Frame::central_panel(ui.style()).inner_margin(0.0))
            .show(ui, |ui| {
                let view = CanvasView {
                    project: &self.view,
                    results: self.results.as_ref(),
                    period: self.period,
                    problems: &self.problems,
                    money,
                    baseline: self.baseline.as_ref().map(|results| Baseline {
                        project: self.doc.project(),
                        results,
                    }),
                };
                let actions = canvas::canvas_ui(ui, &mut self.canvas, &view);
                self.actions.extend(actions);
            });
    }

    fn menu_bar_ui(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| self.file_menu_ui(ui));
            ui.menu_button("Edit", |ui| self.edit_menu_ui(ui));
            ui.menu_button("View", |ui| self.view_menu_ui(ui));
            ui.menu_button("Scenario", |ui| self.scenario_menu_ui(ui));
            ui.menu_button("Help", |ui| {
                if ui.button("About Uplift").clicked() {
                    self.dialogs.show_about();
                }
            });
        });
    }

    fn file_menu_ui(&mut self, ui: &mut Ui) {
        if menu_item_ui(ui, "New", Some(&shortcuts::NEW), true) {
            self.commands.push(Command::New);
        }
        if menu_item_ui(ui, "Open…", Some(&shortcuts::OPEN), true) {
            self.commands.push(Command::Open);
        }
        let recent_enabled = !self.prefs.recent_files.is_empty();
        ui.add_enabled_ui(recent_enabled, |ui| {
            ui.menu_button("Open recent", |ui| {
                self.prefs.forget_missing_files();
                let mut chosen = None;
                for path in &self.prefs.recent_files {
                    if ui
                        .button(display_name(path))
                        .on_hover_text(path.display().to_string())
                        .clicked()
                    {
                        chosen = Some(path.clone());
                    }
                }
                ui.separator();
                if ui.button("Clear recent files").clicked() {
                    self.prefs.recent_files.clear();
                }
                if let Some(path) = chosen {
                    self.commands.push(Command::OpenPath(path));
                }
            });
        });
        ui.menu_button("Open example", |ui| {
            for (index, name) in self.example_names.iter().enumerate() {
                if ui.button(name).clicked() {
                    self.commands.push(Command::OpenExample(index));
                }
            }
        });
        ui.separator();
        if menu_item_ui(ui, "Save", Some(&shortcuts::SAVE), true) {
            self.commands.push(Command::Save);
        }
        if menu_item_ui(ui, "Save as…", Some(&shortcuts::SAVE_AS), true) {
            self.commands.push(Command::SaveAs);
        }
        ui.separator();
        if menu_item_ui(ui, "Quit", Some(&shortcuts::QUIT), true) {
            self.commands.push(Command::Quit);
        }
    }

    fn edit_menu_ui(&mut self, ui: &mut Ui) {
        let undo = self.doc.undo_label();
        let undo_text = undo.map_or_else(|| "Undo".to_owned(), |label| format!("Undo {label}"));
        if menu_item_ui(ui, &undo_text, Some(&shortcuts::UNDO), undo.is_some()) {
            self.commands.push(Command::Undo);
        }
        let redo = self.doc.redo_label();
        let redo_text = redo.map_or_else(|| "Redo".to_owned(), |label| format!("Redo {label}"));
        if menu_item_ui(ui, &redo_text, Some(&shortcuts::REDO), redo.is_some()) {
            self.commands.push(Command::Redo);
        }
        ui.separator();
        let has_stages = !self.canvas.selection.stages.is_empty();
        let has_any = has_stages || self.canvas.selection.link.is_some();
        if menu_item_ui(ui, "Duplicate", Some(&shortcuts::DUPLICATE), has_stages) {
            self.actions.push(Action::DuplicateSelection);
        }
        if menu_item_ui(ui, "Delete", Some(&shortcuts::DELETE), has_any) {
            self.actions.push(Action::DeleteSelection);
        }
        if menu_item_ui(
            ui,
            "Select all",
            Some(&shortcuts::SELECT_ALL),
            !self.project().stages.is_empty(),
        ) {
            self.select_all();
        }
    }

    fn scenario_menu_ui(&mut self, ui: &mut Ui) {
        let active = self.doc.active_scenario().map(str::to_owned);
        if ui
            .button("New scenario from what is shown…")
            .on_hover_text("A scenario holding the values on screen now, to change further")
            .clicked()
        {
            self.open_scenario_dialog(NameDialogPurpose::New);
        }
        if ui
            .add_enabled(active.is_some(), egui::Button::new("Duplicate scenario…"))
            .clicked()
            && let Some(name) = active.clone()
        {
            self.open_scenario_dialog(NameDialogPurpose::Duplicate(name));
        }
        if ui
            .add_enabled(active.is_some(), egui::Button::new("Rename scenario…"))
            .clicked()
            && let Some(name) = active.clone()
        {
            self.open_scenario_dialog(NameDialogPurpose::Rename(name));
        }
        if ui
            .add_enabled(active.is_some(), egui::Button::new("Delete scenario"))
            .on_hover_text("Deletes the scenario shown (Undo brings it back)")
            .clicked()
            && let Some(name) = active
        {
            self.actions.push(Action::SwitchScenario(None));
            self.actions.push(Action::Edit(Edit::RemoveScenario(name)));
        }
        ui.separator();
        let many = !self.project().scenarios.is_empty();
        if menu_item_ui(ui, "Next scenario", Some(&shortcuts::NEXT_SCENARIO), many) {
            self.step_scenario(1);
        }
        if menu_item_ui(
            ui,
            "Previous scenario",
            Some(&shortcuts::PREVIOUS_SCENARIO),
            many,
        ) {
            self.step_scenario(-1);
        }
    }

    fn step_scenario(&mut self, step: i32) {
        let next = neighbour_scenario(self.doc.project(), self.doc.active_scenario(), step);
        self.actions.push(Action::SwitchScenario(next));
    }

    fn open_scenario_dialog(&mut self, purpose: NameDialogPurpose) {
        self.scenario_dialog = Some(NameDialog::new(purpose, self.doc.project()));
    }

    /// Draws the scenario name dialog and acts on its answer.
    fn scenario_dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(dialog) = self.scenario_dialog.take() else {
            return;
        };
        match scenarios::name_dialog_ui(ctx, dialog, self.doc.project()) {
            NameDialogOutcome::Open(dialog) => self.scenario_dialog = Some(dialog),
            NameDialogOutcome::Cancelled => {}
            NameDialogOutcome::Confirmed(dialog) => {
                let name = dialog.name.clone();
                match dialog.purpose {
                    NameDialogPurpose::New => {
                        let mut scenario = self.doc.scenario_from_current(&name);
                        scenario.description = dialog.description;
                        self.actions
                            .push(Action::Edit(Edit::AddScenario(Box::new(scenario))));
                    }
                    NameDialogPurpose::Duplicate(from) => {
                        self.actions.push(Action::Edit(Edit::DuplicateScenario {
                            from,
                            name: name.clone(),
                        }));
                    }
                    NameDialogPurpose::Rename(from) => {
                        self.actions.push(Action::Edit(Edit::RenameScenario {
                            from,
                            to: name.clone(),
                            description: dialog.description,
                        }));
                    }
                }
                self.actions.push(Action::SwitchScenario(Some(name)));
                ctx.request_repaint();
            }
        }
    }

    fn view_menu_ui(&mut self, ui: &mut Ui) {
        if menu_item_ui(ui, "Chain", Some(&shortcuts::VIEW_CHAIN), true) {
            self.central = CentralView::Chain;
        }
        if menu_item_ui(ui, "Charts", Some(&shortcuts::VIEW_CHARTS), true) {
            self.central = CentralView::Charts;
        }
        if menu_item_ui(ui, "Analysis", Some(&shortcuts::VIEW_ANALYSIS), true) {
            self.central = CentralView::Analysis;
        }
        if menu_item_ui(ui, "Presentation mode", Some(&shortcuts::PRESENT), true) {
            let ctx = ui.ctx().clone();
            self.set_presenting(&ctx, true);
        }
        ui.separator();
        ui.checkbox(&mut self.prefs.panels.palette, "Palette");
        ui.checkbox(&mut self.prefs.panels.inspector, "Inspector");
        ui.checkbox(&mut self.prefs.panels.results, "Results");
        ui.separator();
        let mut dark = self.prefs.theme == ThemeChoice::Dark;
        if ui.checkbox(&mut dark, "Dark theme").changed() {
            self.prefs.theme = self.prefs.theme.toggled();
        }
        let local = self
            .project()
            .currency
            .local
            .as_ref()
            .map(|l| l.code.clone());
        ui.add_enabled_ui(local.is_some(), |ui| {
            let text = match &local {
                Some(code) => format!("Show money in {code}"),
                None => "Show money in local currency".to_owned(),
            };
            ui.checkbox(&mut self.prefs.show_local_currency, text)
                .on_disabled_hover_text(
                    "The project has no local display currency; set one in the project settings.",
                );
        });
        ui.separator();
        if menu_item_ui(ui, "Fit chain to view", Some(&shortcuts::FIT), true) {
            self.actions.push(Action::FitView);
        }
        if menu_item_ui(
            ui,
            "Arrange by kind",
            None,
            !self.project().stages.is_empty(),
        ) {
            self.actions.push(Action::Arrange);
        }
    }

    fn tool_bar_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let ctx = ui.ctx().clone();
            let hint = |text: &str, shortcut: Option<&KeyboardShortcut>| match shortcut {
                Some(shortcut) => format!("{text} ({})", ctx.format_shortcut(shortcut)),
                None => text.to_owned(),
            };
            if ui
                .add(egui::Button::new((icon_atom(Icon::New), "New")))
                .on_hover_text(hint("Start a new, empty project", Some(&shortcuts::NEW)))
                .clicked()
            {
                self.commands.push(Command::New);
            }
            if ui
                .add(egui::Button::new((icon_atom(Icon::Open), "Open…")))
                .on_hover_text(hint("Open a project file", Some(&shortcuts::OPEN)))
                .clicked()
            {
                self.commands.push(Command::Open);
            }
            if ui
                .add(egui::Button::new((icon_atom(Icon::Save), "Save")))
                .on_hover_text(hint("Save the project", Some(&shortcuts::SAVE)))
                .clicked()
            {
                self.commands.push(Command::Save);
            }
            ui.separator();
            let undo = self.doc.undo_label();
            if ui
                .add_enabled(
                    undo.is_some(),
                    egui::Button::new((icon_atom(Icon::Undo), "Undo")),
                )
                .on_hover_text(hint(
                    &undo.map_or_else(|| "Nothing to undo".to_owned(), |l| format!("Undo {l}")),
                    Some(&shortcuts::UNDO),
                ))
                .clicked()
            {
                self.commands.push(Command::Undo);
            }
            let redo = self.doc.redo_label();
            if ui
                .add_enabled(
                    redo.is_some(),
                    egui::Button::new((icon_atom(Icon::Redo), "Redo")),
                )
                .on_hover_text(hint(
                    &redo.map_or_else(|| "Nothing to redo".to_owned(), |l| format!("Redo {l}")),
                    Some(&shortcuts::REDO),
                ))
                .clicked()
            {
                self.commands.push(Command::Redo);
            }
            ui.separator();
            if ui
                .add(egui::Button::new((icon_atom(Icon::Fit), "Fit")))
                .on_hover_text(hint("Fit the whole chain in view", Some(&shortcuts::FIT)))
                .clicked()
            {
                self.actions.push(Action::FitView);
            }
            if ui
                .add_enabled(
                    !self.project().stages.is_empty(),
                    egui::Button::new((icon_atom(Icon::Arrange), "Arrange")),
                )
                .on_hover_text("Arrange the chain left to right, one column per stage kind")
                .clicked()
            {
                self.actions.push(Action::Arrange);
            }
            ui.separator();
            ui.selectable_value(&mut self.central, CentralView::Chain, "Chain")
                .on_hover_text(hint("Show the chain canvas", Some(&shortcuts::VIEW_CHAIN)));
            ui.selectable_value(&mut self.central, CentralView::Charts, "Charts")
                .on_hover_text(hint(
                    "Show charts of the results, ready to export",
                    Some(&shortcuts::VIEW_CHARTS),
                ));
            ui.selectable_value(&mut self.central, CentralView::Analysis, "Analysis")
                .on_hover_text(hint(
                    "Compare scenarios, see which levers matter, and run Monte Carlo",
                    Some(&shortcuts::VIEW_ANALYSIS),
                ));
            ui.separator();
            scenarios::scenario_selector_ui(
                ui,
                self.doc.project(),
                self.doc.active_scenario(),
                &mut self.actions,
            );
            if ui
                .button("Present")
                .on_hover_text(hint(
                    "Full screen for a projector: the chain, a chart, the levers and the \
                     headline figures, large and high-contrast (Esc leaves)",
                    Some(&shortcuts::PRESENT),
                ))
                .clicked()
            {
                let ctx = ui.ctx().clone();
                self.set_presenting(&ctx, true);
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let (icon, tip) = match self.prefs.theme {
                    ThemeChoice::Dark => (Icon::Sun, "Switch to the light theme"),
                    ThemeChoice::Light => (Icon::Moon, "Switch to the dark theme"),
                };
                if ui
                    .add(egui::Button::new(icon_atom(icon)))
                    .accessible_name(tip)
                    .on_hover_text(tip)
                    .clicked()
                {
                    self.prefs.theme = self.prefs.theme.toggled();
                }
            });
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
                    &self.view,
                    &self.canvas.selection,
                    &inspector::Findings {
                        problems: &self.problems,
                        results: self.results.as_ref(),
                        period: self.period,
                    },
                    money,
                    &mut self.actions,
                ),
                SidePage::Project => inspector::settings_ui(
                    ui,
                    &mut self.inspector,
                    &self.view,
                    &self.problems,
                    &mut self.actions,
                ),
                SidePage::Levers => {
                    scenarios::levers_ui(
                        ui,
                        &mut self.levers,
                        self.doc.project(),
                        &self.view,
                        false,
                        &mut self.actions,
                    );
                    scenarios::uncertainties_ui(
                        ui,
                        &mut self.levers,
                        self.doc.project(),
                        &self.view,
                        &mut self.actions,
                    );
                }
            });
    }

    fn status_bar_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            let errors = self.problems.iter().filter(|p| p.is_error()).count();
            let warnings = self.problems.len() - errors;
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
            if !self.problems.is_empty() {
                let project = &self.view;
                response.on_hover_ui(|ui| {
                    for problem in self.problems.iter().take(20) {
                        ui.label(format!(
                            "{}: {} — {}",
                            sentence(&problem.severity.to_string()),
                            problem.location(project),
                            problem.message
                        ));
                    }
                    if self.problems.len() > 20 {
                        ui.weak(format!("… and {} more", self.problems.len() - 20));
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

/// A menu entry with its shortcut shown on the right; true when clicked.
fn menu_item_ui(
    ui: &mut Ui,
    text: &str,
    shortcut: Option<&KeyboardShortcut>,
    enabled: bool,
) -> bool {
    let mut button = egui::Button::new(text);
    if let Some(shortcut) = shortcut {
        button = button.shortcut_text(ui.ctx().format_shortcut(shortcut));
    }
    ui.add_enabled(enabled, button).clicked()
}

/// "2 errors, 1 warning", or "No problems".
pub fn problem_summary(errors: usize, warnings: usize) -> String {
    let count = |n: usize, what: &str| {
        if n == 1 {
            format!("1 {what}")
        } else {
            format!("{n} {what}s")
        }
    };
    match (errors, warnings) {
        (0, 0) => "No problems".to_owned(),
        (0, w) => count(w, "warning"),
        (e, 0) => count(e, "error"),
        (e, w) => format!("{}, {}", count(e, "error"), count(w, "warning")),
    }
}

/// The file name of `path` for titles and menus.
pub(super) fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// `text` with its first letter capitalised, for messages that start a sentence.
pub(super) fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A stage name not used yet: "Refining", then "Refining 2", …
fn unused_name(project: &Project, base: &str) -> String {
    let taken = |name: &str| project.stages.iter().any(|stage| stage.name == name);
    if !taken(base) {
        return base.to_owned();
    }
    // One more candidate than there are stages, so one of them is always free.
    (2..=project.stages.len() + 2)
        .map(|n| format!("{base} {n}"))
        .find(|name| !taken(name))
        .unwrap_or_else(|| base.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_summary_reads_naturally() {
        assert_eq!(problem_summary(0, 0), "No problems");
        assert_eq!(problem_summary(2, 1), "2 errors, 1 warning");
        assert_eq!(problem_summary(0, 3), "3 warnings");
    }

    #[test]
    fn recent_files_are_capped_and_unique() {
        let mut prefs = Preferences::default();
        for n in 0..15 {
            prefs.remember_file(Path::new(&format!("/nonexistent/{n}.ron")));
        }
        prefs.remember_file(Path::new("/nonexistent/3.ron"));
        assert_eq!(prefs.recent_files.len(), MAX_RECENT_FILES);
        assert_eq!(prefs.recent_files[0], Path::new("/nonexistent/3.ron"));
        prefs.forget_missing_files();
        assert!(prefs.recent_files.is_empty());
    }
}
