//! The application shell: the window's state ([`UpliftApp`]) and what the rest of the app
//! reads of it. Its parts are split by what runs when (as rerun's viewer app is):
//! `logic` drains the one queue of requests and applies them before anything is drawn,
//! `file_commands` opens, saves and exports, `autosave` keeps crash-recovery copies,
//! `layout` draws the panels, central view and status bar, `menus` the menu bar and tool bar
//! (from the command table), and `modals` the dialogs.

mod autosave;
mod chain_entry;
mod file_commands;
mod layout;
mod logic;
mod menus;
mod modals;
mod presenting;

use std::path::{Path, PathBuf};

use egui::Ui;
use serde::{Deserialize, Serialize};

use crate::calc::{Period, Results};
use crate::model::edit::Document;
use crate::model::validate::Problem;
use crate::model::{Project, StageId};

use super::action::Action;
use super::analysis_view::AnalysisState;
use super::canvas::{CanvasState, Selection};
use super::charts::ChartsState;
use super::command_palette::CommandPalette;
use super::derived::Derived;
use super::inspector::InspectorState;
use super::recovery_prompt::{RestoreChoice, RestoreOffer};
use super::scenarios::{LeversState, NameDialog};

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
    /// Export charts and reports in the print style: dashed and marked lines, hatched bars,
    /// so series stay apart on a greyscale page.
    pub print_style: bool,
    /// The folder a file was last opened, saved or exported in: the built-in path prompt
    /// starts there.
    pub last_folder: Option<PathBuf>,
}

impl Preferences {
    /// How exported charts look.
    pub fn chart_style(&self) -> crate::chart::ChartStyle {
        if self.print_style {
            crate::chart::ChartStyle::Print
        } else {
            crate::chart::ChartStyle::Screen
        }
    }
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
#[allow(clippy::struct_excessive_bools)] // Independent switches of the View menu.
pub struct PanelVisibility {
    /// The palette of stage kinds (a strip above the canvas).
    pub palette: bool,
    /// The inspector and project settings (right).
    pub inspector: bool,
    /// The results (bottom).
    pub results: bool,
    /// The minimap in the canvas's corner, while the chain does not fit in view.
    pub minimap: bool,
}

impl Default for PanelVisibility {
    fn default() -> Self {
        Self {
            palette: true,
            inspector: true,
            results: true,
            minimap: true,
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
        self.last_folder = path.parent().map(Path::to_path_buf);
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
enum NoticeKind {
    /// Something happened as asked ("Saved …").
    Info,
    /// Something was refused or went wrong.
    Warning,
}

/// A short message in the status bar.
#[derive(Clone, Debug)]
struct Notice {
    text: String,
    kind: NoticeKind,
    /// `egui` time at which it was posted, to let it fade out of the way.
    posted_at: f64,
}

/// The whole window's state: the open document, what is derived from it, and UI state that is
/// not part of the project (selection, panels, dialogs).
///
/// It runs inside eframe (see [`super::run`]) or headless: [`UpliftApp::update_ui`] does one
/// frame's work and drawing into any `Ui`, which is how the UI tests drive it.
pub struct UpliftApp {
    doc: Document,
    /// Where the project lives on disk; `None` until it is saved.
    path: Option<PathBuf>,
    /// The project on screen, its results, problems and sums, refreshed from `doc` before
    /// drawing whenever its revision moves.
    derived: Derived,
    canvas: CanvasState,
    inspector: InspectorState,
    charts: ChartsState,
    analysis: AnalysisState,
    levers: LeversState,
    /// The scenario name dialog, when open.
    scenario_dialog: Option<NameDialog>,
    /// The command palette, when open.
    command_palette: Option<CommandPalette>,
    /// The find-a-stage popup (Ctrl+F), when open.
    find_stage: Option<super::find_stage::FindStage>,
    /// The import preview, while one is open.
    import: Option<super::import_dialog::ImportDialog>,
    /// The Help window (guide, shortcuts, method, glossary).
    help: super::help::HelpState,
    /// Presentation mode is on.
    presenting: bool,
    /// Zoom factor to go back to when presentation mode ends.
    zoom_before_presenting: f32,
    /// The levers' values when presentation mode began, for "Reset levers to base" on the base.
    levers_at_presenting: Vec<(crate::model::scenario::Param, f64)>,
    /// The per-stage results table's sort and filters.
    stage_table: super::stage_table::StageTable,
    /// The chain as presentation mode draws it.
    presentation_chain: super::presentation_chain::PresentationChain,
    central: CentralView,
    period: Period,
    side_page: SidePage,
    prefs: Preferences,
    /// Requests from panels, menus, shortcuts and prompts, applied in the logic pass.
    actions: Vec<Action>,
    notice: Option<Notice>,
    dialogs: modals::Dialogs,
    /// The answer to the restore prompt, acted on in the next logic pass.
    restore_answer: Option<(RestoreOffer, RestoreChoice)>,
    /// Title last sent to the window, so it is only sent when it changes.
    sent_title: Option<String>,
    /// Theme last applied to the context.
    applied_theme: Option<ThemeChoice>,
    /// The symbol font has been added to the context (once, on the first frame).
    fonts_added: bool,
    /// Set once the user has dealt with unsaved changes, so the next close request goes through.
    allow_close: bool,
    /// Names of the bundled examples, parsed once for the File menu.
    example_names: Vec<String>,
    /// Crash recovery, when turned on ([`UpliftApp::enable_recovery`]).
    recovery: Option<autosave::RecoveryState>,
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
fn new_project() -> Project {
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
        let doc = Document::new(project);
        Self {
            derived: Derived::new(&doc),
            doc,
            path,
            canvas,
            inspector: InspectorState::default(),
            charts: ChartsState::default(),
            analysis: AnalysisState::default(),
            levers: LeversState::default(),
            scenario_dialog: None,
            command_palette: None,
            find_stage: None,
            import: None,
            help: super::help::HelpState::default(),
            presenting: false,
            zoom_before_presenting: 1.0,
            levers_at_presenting: Vec::new(),
            stage_table: super::stage_table::StageTable::default(),
            presentation_chain: super::presentation_chain::PresentationChain::default(),
            central: CentralView::Chain,
            period: Period::Horizon,
            side_page: SidePage::Selection,
            prefs: Preferences::default(),
            actions: Vec::new(),
            notice: None,
            dialogs: modals::Dialogs::default(),
            restore_answer: None,
            sent_title: None,
            applied_theme: None,
            fonts_added: false,
            allow_close: false,
            example_names,
            recovery: None,
        }
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
        self.derived.view()
    }

    /// Results of the base while a scenario is on screen (`None` on the base itself).
    pub fn baseline(&self) -> Option<&Results> {
        self.derived.baseline()
    }

    /// The file the project was loaded from or saved to.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Results of the current project (`None` while it has errors).
    pub fn results(&self) -> Option<&Results> {
        self.derived.results()
    }

    /// Problems of the current project, errors first.
    pub fn problems(&self) -> &[Problem] {
        self.derived.problems()
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

    /// True while presentation mode is on.
    pub fn is_presenting(&self) -> bool {
        self.presenting
    }

    /// The part of the chain canvas in view, in canvas units, once drawn.
    pub fn canvas_view_rect(&self) -> Option<egui::Rect> {
        self.canvas.scene_rect()
    }

    /// Where presentation mode last drew the chain, in points.
    pub fn presentation_chain_rect(&self) -> Option<egui::Rect> {
        self.presentation_chain.last_rect
    }

    /// The window title, as last sent to the window.
    pub fn window_title(&self) -> Option<&str> {
        self.sent_title.as_deref()
    }

    /// True while the import preview is open.
    pub fn is_import_open(&self) -> bool {
        self.import.is_some()
    }

    /// True while the command palette is open.
    pub fn is_command_palette_open(&self) -> bool {
        self.command_palette.is_some()
    }

    /// The Help window's page, while it is open.
    pub fn help_page(&self) -> Option<super::help::HelpPage> {
        self.help.page()
    }

    /// The chain canvas's zoom (points per canvas unit), once drawn.
    pub fn canvas_zoom(&self) -> Option<f32> {
        self.canvas.zoom()
    }

    /// One frame: the logic pass, then drawing into `ui`. Used headless (tests); inside eframe
    /// the two halves run from `App::logic` and `App::ui`.
    pub fn update_ui(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.logic(&ctx, None);
        self.draw_ui(ui);
    }
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
