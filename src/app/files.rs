//! New, Open, Save and friends: what they do ([`UpliftApp::open_path`], [`UpliftApp::save_to`])
//! kept apart from how a path is chosen (a system dialog through rfd, or the built-in path
//! prompt where no system dialog exists), and the prompts that keep unsaved work from being
//! lost.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::chart::Chart;
use crate::chart::export::ExportFormat;
use crate::io::{self, FileError, FileFormat};

use super::recovery_prompt::{RestoreOffer, restore_modal_ui};
use super::shell::{NoticeKind, UpliftApp, display_name, new_project};

/// A file or history command, queued by menus, the tool bar, shortcuts and prompts, and run in
/// the logic pass (it may open a system dialog, which blocks).
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// File → New (asks about unsaved changes first).
    New,
    /// File → Open… (asks about unsaved changes, then for a file).
    Open,
    /// Open this file (recent files, a dropped file).
    OpenPath(PathBuf),
    /// Open bundled example number `n` as an unsaved copy.
    OpenExample(usize),
    /// File → Save (asks for a path when the project has none).
    Save,
    /// File → Save as….
    SaveAs,
    /// Edit → Undo.
    Undo,
    /// Edit → Redo.
    Redo,
    /// File → Quit (goes through the same check as closing the window).
    Quit,
    /// Unsaved-changes prompt: save, then go on.
    SaveThen(Proceed),
    /// Unsaved-changes prompt: drop the changes and go on.
    DiscardThen(Proceed),
    /// The path prompt was confirmed.
    SubmitPath(PathPurpose, PathBuf),
    /// Export this chart (asks for a file).
    ExportChart(Box<Chart>, ExportFormat),
}

/// What to do once unsaved changes have been saved or discarded.
#[derive(Clone, Debug, PartialEq)]
pub enum Proceed {
    /// Start a new project.
    New,
    /// Ask for a file and open it.
    OpenDialog,
    /// Open this file.
    OpenPath(PathBuf),
    /// Open a bundled example.
    OpenExample(usize),
    /// Close the window.
    Close,
}

impl Proceed {
    /// Words for the prompt: "… before <this>?".
    fn description(&self) -> &'static str {
        match self {
            Self::New => "starting a new project",
            Self::OpenDialog | Self::OpenPath(_) | Self::OpenExample(_) => {
                "opening another project"
            }
            Self::Close => "closing",
        }
    }
}

/// What the built-in path prompt is for.
#[derive(Clone, Debug, PartialEq)]
pub enum PathPurpose {
    /// Open the file at the path.
    Open,
    /// Save to the path, then go on (when saving was asked for by the unsaved prompt).
    SaveAs(Option<Proceed>),
    /// Export the chart to the path.
    Export(Box<Chart>, ExportFormat),
}

/// The modal currently shown, if any.
#[derive(Clone, Debug, Default, PartialEq)]
enum Modal {
    #[default]
    None,
    /// "Save changes to …?" with Save / Discard / Cancel.
    Unsaved(Proceed),
    /// Type a path, because no system file dialog is available.
    PathPrompt {
        purpose: PathPurpose,
        text: String,
        /// Whether the text field should grab the keyboard (first frame only).
        focus: bool,
    },
    /// A file could not be read or written.
    Error { title: String, message: String },
    /// Help → About.
    About,
    /// Unsaved work from an earlier run: Restore or Discard.
    Restore(RestoreOffer),
}

/// State of file dialogs and the modals around them.
#[derive(Debug, Default)]
pub struct Dialogs {
    /// Try the system's file dialogs first.
    pub(super) native: bool,
    /// Set once a system dialog returned at once with nothing: no portal, so use the prompt.
    native_missing: bool,
    modal: Modal,
}

impl Dialogs {
    /// True while a modal blocks the window.
    pub fn is_modal_open(&self) -> bool {
        self.modal != Modal::None
    }

    pub(super) fn show_about(&mut self) {
        self.modal = Modal::About;
    }

    pub(super) fn offer_restore(&mut self, offer: RestoreOffer) {
        self.modal = Modal::Restore(offer);
    }

    fn show_error(&mut self, title: &str, message: String) {
        self.modal = Modal::Error {
            title: title.to_owned(),
            message,
        };
    }
}

/// What a system file dialog came back with.
enum Picked {
    Path(PathBuf),
    Cancelled,
    /// There is no system dialog; ask with the prompt instead.
    Unavailable,
}

/// A dialog that returns nothing faster than this was never shown (no desktop portal).
const NO_DIALOG_WITHIN: Duration = Duration::from_millis(100);

const FILTER_NAME: &str = "Uplift project";
const FILTER_EXTENSIONS: [&str; 2] = ["ron", "json"];

impl UpliftApp {
    /// Opens the project at `path` now, replacing the open one (unsaved changes are not asked
    /// about: see [`Command::OpenPath`] for that). If the file cannot be read, the error is
    /// shown and the open project stays as it was.
    pub fn open_path(&mut self, path: &Path) -> Result<(), FileError> {
        match io::load_project(path) {
            Ok(project) => {
                self.replace_document(project, Some(path.to_owned()));
                self.prefs.remember_file(path);
                self.notice = None;
                Ok(())
            }
            Err(error) => {
                if let FileError::Io { source, .. } = &error
                    && source.kind() == std::io::ErrorKind::NotFound
                {
                    self.prefs.forget_missing_files();
                }
                self.dialogs.show_error(
                    &format!("Could not open {}", display_name(path)),
                    format!("{error}\n\nThe project that was open is unchanged."),
                );
                Err(error)
            }
        }
    }

    /// Saves the project to `path` (`.ron` or `.json`), which becomes its file. A failure is
    /// shown and changes nothing.
    pub fn save_to(&mut self, path: &Path) -> Result<(), FileError> {
        match io::save_project(self.doc.project(), path) {
            Ok(()) => {
                self.doc.mark_saved();
                self.path = Some(path.to_owned());
                self.prefs.remember_file(path);
                self.notice = None;
                Ok(())
            }
            Err(error) => {
                self.dialogs.show_error(
                    &format!("Could not save {}", display_name(path)),
                    format!("{error}\n\nThe project is still open; try another place or name."),
                );
                Err(error)
            }
        }
    }

    /// Opens bundled example `index` as an unsaved copy, so Save asks where to put it.
    pub fn open_example(&mut self, index: usize) {
        let Some(example) = crate::io::examples::EXAMPLES.get(index) else {
            return;
        };
        match example.project() {
            Ok(project) => self.replace_document(project, None),
            Err(error) => self
                .dialogs
                .show_error("Could not open the example", error.to_string()),
        }
    }

    /// Starts a new, empty project (unsaved changes are not asked about).
    pub fn new_document(&mut self) {
        self.replace_document(new_project(), None);
    }

    /// Queues a command as if it came from the menu; it runs on the next frame.
    pub fn push_command(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Shows an error in a modal, e.g. a file given on the command line that failed to load.
    pub fn show_error(&mut self, title: &str, message: String) {
        self.dialogs.show_error(title, message);
    }

    pub(super) fn ask_about_unsaved_changes(&mut self, then: Proceed) {
        self.dialogs.modal = Modal::Unsaved(then);
    }

    /// Goes on with `proceed` if there is nothing unsaved, otherwise asks first.
    fn proceed_or_ask(
        &mut self,
        ctx: &egui::Context,
        frame: Option<&eframe::Frame>,
        proceed: Proceed,
    ) {
        if self.doc.is_dirty() {
            self.ask_about_unsaved_changes(proceed);
        } else {
            self.proceed(ctx, frame, proceed);
        }
    }

    fn proceed(&mut self, ctx: &egui::Context, frame: Option<&eframe::Frame>, proceed: Proceed) {
        match proceed {
            Proceed::New => self.new_document(),
            Proceed::OpenDialog => match self.pick_open_path(frame) {
                Picked::Path(path) => {
                    let _ = self.open_path(&path);
                }
                Picked::Cancelled => {}
                Picked::Unavailable => self.prompt_for_path(PathPurpose::Open),
            },
            Proceed::OpenPath(path) => {
                let _ = self.open_path(&path);
            }
            Proceed::OpenExample(index) => self.open_example(index),
            Proceed::Close => {
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    /// Saves to the project's file, or asks for one; then goes on with `then`.
    fn save(&mut self, ctx: &egui::Context, frame: Option<&eframe::Frame>, then: Option<Proceed>) {
        match self.path.clone() {
            Some(path) => {
                if self.save_to(&path).is_ok() {
                    self.saved_notice(ctx, &path);
                    if let Some(then) = then {
                        self.proceed(ctx, frame, then);
                    }
                }
            }
            None => self.save_as(ctx, frame, then),
        }
    }

    fn save_as(
        &mut self,
        ctx: &egui::Context,
        frame: Option<&eframe::Frame>,
        then: Option<Proceed>,
    ) {
        match self.pick_save_path(frame) {
            Picked::Path(path) => self.save_then(ctx, frame, &with_project_extension(path), then),
            Picked::Cancelled => {}
            Picked::Unavailable => self.prompt_for_path(PathPurpose::SaveAs(then)),
        }
    }

    fn save_then(
        &mut self,
        ctx: &egui::Context,
        frame: Option<&eframe::Frame>,
        path: &Path,
        then: Option<Proceed>,
    ) {
        if self.save_to(path).is_ok() {
            self.saved_notice(ctx, path);
            if let Some(then) = then {
                self.proceed(ctx, frame, then);
            }
        }
    }

    fn saved_notice(&mut self, ctx: &egui::Context, path: &Path) {
        self.post_notice(
            ctx,
            format!("Saved {}.", display_name(path)),
            NoticeKind::Info,
        );
    }

    fn prompt_for_path(&mut self, purpose: PathPurpose) {
        let text = match (&purpose, &self.path) {
            (PathPurpose::Open | PathPurpose::SaveAs(_), Some(path)) => path.display().to_string(),
            (PathPurpose::Open, None) => default_directory()
                .map(|dir| format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR))
                .unwrap_or_default(),
            (PathPurpose::Export(chart, format), _) => {
                let file = self.suggested_export_name(chart, *format);
                self.path
                    .as_deref()
                    .and_then(Path::parent)
                    .map(Path::to_path_buf)
                    .or_else(default_directory)
                    .map_or_else(|| PathBuf::from(&file), |dir| dir.join(&file))
                    .display()
                    .to_string()
            }
            (PathPurpose::SaveAs(_), None) => {
                let file = format!("{}.ron", file_stem_for(&self.doc.project().name));
                default_directory()
                    .map_or_else(|| PathBuf::from(&file), |dir| dir.join(&file))
                    .display()
                    .to_string()
            }
        };
        self.dialogs.modal = Modal::PathPrompt {
            purpose,
            text,
            focus: true,
        };
    }

    /// A system file dialog for project files, opening in the current project's folder.
    fn file_dialog(&self, title: &str, frame: Option<&eframe::Frame>) -> rfd::FileDialog {
        let mut dialog = rfd::FileDialog::new()
            .set_title(title)
            .add_filter(FILTER_NAME, &FILTER_EXTENSIONS);
        if let Some(dir) = self.path.as_deref().and_then(Path::parent) {
            dialog = dialog.set_directory(dir);
        }
        if let Some(frame) = frame {
            dialog = dialog.set_parent(frame);
        }
        dialog
    }

    fn pick_open_path(&mut self, frame: Option<&eframe::Frame>) -> Picked {
        if !self.dialogs.native || self.dialogs.native_missing {
            return Picked::Unavailable;
        }
        let dialog = self.file_dialog("Open project", frame);
        let started = Instant::now();
        let picked = dialog.pick_file();
        self.judge_dialog(picked, started)
    }

    fn pick_save_path(&mut self, frame: Option<&eframe::Frame>) -> Picked {
        if !self.dialogs.native || self.dialogs.native_missing {
            return Picked::Unavailable;
        }
        let file_name = self.path.as_deref().map_or_else(
            || format!("{}.ron", file_stem_for(&self.doc.project().name)),
            display_name,
        );
        let dialog = self
            .file_dialog("Save project as", frame)
            .set_file_name(file_name);
        let started = Instant::now();
        let picked = dialog.save_file();
        self.judge_dialog(picked, started)
    }

    /// rfd reports "no dialog could be shown" the same way as "cancelled"; a dialog that came
    /// back before a person could have seen it was never shown.
    fn judge_dialog(&mut self, picked: Option<PathBuf>, started: Instant) -> Picked {
        match picked {
            Some(path) => Picked::Path(path),
            None if started.elapsed() < NO_DIALOG_WITHIN => {
                self.dialogs.native_missing = true;
                Picked::Unavailable
            }
            None => Picked::Cancelled,
        }
    }

    /// Runs one queued command.
    pub(super) fn run_command(
        &mut self,
        ctx: &egui::Context,
        frame: Option<&eframe::Frame>,
        command: Command,
    ) {
        match command {
            Command::New => self.proceed_or_ask(ctx, frame, Proceed::New),
            Command::Open => self.proceed_or_ask(ctx, frame, Proceed::OpenDialog),
            Command::OpenPath(path) => self.proceed_or_ask(ctx, frame, Proceed::OpenPath(path)),
            Command::OpenExample(index) => {
                self.proceed_or_ask(ctx, frame, Proceed::OpenExample(index));
            }
            Command::Save => self.save(ctx, frame, None),
            Command::SaveAs => self.save_as(ctx, frame, None),
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::SaveThen(then) => self.save(ctx, frame, Some(then)),
            Command::DiscardThen(then) => {
                if then == Proceed::Close {
                    self.discard_on_close();
                }
                self.proceed(ctx, frame, then);
            }
            Command::SubmitPath(PathPurpose::Open, path) => {
                let _ = self.open_path(&path);
            }
            Command::SubmitPath(PathPurpose::SaveAs(then), path) => {
                self.save_then(ctx, frame, &with_project_extension(path), then);
            }
            Command::SubmitPath(PathPurpose::Export(chart, format), path) => {
                self.export_chart(
                    ctx,
                    &chart,
                    format,
                    &with_extension(path, format.extension()),
                );
            }
            Command::ExportChart(chart, format) => {
                match self.pick_export_path(frame, &chart, format) {
                    Picked::Path(path) => {
                        let path = with_extension(path, format.extension());
                        self.export_chart(ctx, &chart, format, &path);
                    }
                    Picked::Cancelled => {}
                    Picked::Unavailable => {
                        self.prompt_for_path(PathPurpose::Export(chart, format));
                    }
                }
            }
            Command::Undo => self.undo(ctx),
            Command::Redo => self.redo(ctx),
        }
    }

    fn pick_export_path(
        &mut self,
        frame: Option<&eframe::Frame>,
        chart: &Chart,
        format: ExportFormat,
    ) -> Picked {
        if !self.dialogs.native || self.dialogs.native_missing {
            return Picked::Unavailable;
        }
        let extension = format.extension();
        let mut dialog = rfd::FileDialog::new()
            .set_title("Export chart")
            .add_filter(extension.to_uppercase(), &[extension])
            .set_file_name(self.suggested_export_name(chart, format));
        if let Some(dir) = self.path.as_deref().and_then(Path::parent) {
            dialog = dialog.set_directory(dir);
        }
        if let Some(frame) = frame {
            dialog = dialog.set_parent(frame);
        }
        let started = Instant::now();
        let picked = dialog.save_file();
        self.judge_dialog(picked, started)
    }

    fn export_chart(
        &mut self,
        ctx: &egui::Context,
        chart: &Chart,
        format: ExportFormat,
        path: &Path,
    ) {
        match self.export_chart_to(chart, format, path) {
            Ok(()) => self.post_notice(
                ctx,
                format!("Exported {}.", display_name(path)),
                NoticeKind::Info,
            ),
            Err(message) => self.show_error("Could not export the chart", message),
        }
    }

    /// Draws whichever modal is open.
    pub(super) fn modals_ui(&mut self, ctx: &egui::Context) {
        let modal = std::mem::take(&mut self.dialogs.modal);
        self.dialogs.modal = match modal {
            Modal::None => Modal::None,
            Modal::Unsaved(then) => self.unsaved_modal_ui(ctx, then),
            Modal::PathPrompt {
                purpose,
                text,
                focus,
            } => self.path_prompt_ui(ctx, purpose, text, focus),
            Modal::Error { title, message } => error_modal_ui(ctx, title, message),
            Modal::About => about_modal_ui(ctx),
            Modal::Restore(offer) => match restore_modal_ui(ctx, &offer) {
                Some(choice) => {
                    self.answer_restore(offer, choice);
                    Modal::None
                }
                None => Modal::Restore(offer),
            },
        };
    }

    fn unsaved_modal_ui(&mut self, ctx: &egui::Context, then: Proceed) -> Modal {
        let name = self.doc.project().name.clone();
        let mut choice = None;
        let mut cancel = false;
        let response = egui::Modal::new(egui::Id::unique("unsaved_changes")).show(ctx, |ui| {
            ui.set_max_width(420.0);
            ui.heading(format!("Save changes to “{name}”?"));
            ui.add_space(6.0);
            ui.label(format!(
                "The project has changes that are not saved. Save them before {}?",
                then.description()
            ));
            ui.add_space(10.0);
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    choice = Some(Command::SaveThen(then.clone()));
                }
                if ui.button("Discard").clicked() {
                    choice = Some(Command::DiscardThen(then.clone()));
                }
                if ui.button("Cancel").clicked() {
                    cancel = true;
                }
            });
        });
        match choice {
            Some(command) => {
                self.commands.push(command);
                Modal::None
            }
            None if cancel || response.should_close() => Modal::None,
            None => Modal::Unsaved(then),
        }
    }

    fn path_prompt_ui(
        &mut self,
        ctx: &egui::Context,
        purpose: PathPurpose,
        mut text: String,
        focus: bool,
    ) -> Modal {
        let (title, verb) = match purpose {
            PathPurpose::Open => ("Open project", "Open"),
            PathPurpose::SaveAs(_) => ("Save project as", "Save"),
            PathPurpose::Export(..) => ("Export chart", "Export"),
        };
        let mut submit = false;
        let mut cancel = false;
        let mut acceptable = false;
        let response = egui::Modal::new(egui::Id::unique("path_prompt")).show(ctx, |ui| {
            ui.set_width(520.0);
            ui.heading(title);
            ui.add_space(4.0);
            ui.weak("No system file dialog is available; type the path.");
            ui.add_space(8.0);
            let label = ui.label("File path");
            let field = ui.add(
                egui::TextEdit::singleline(&mut text)
                    .desired_width(f32::INFINITY)
                    .hint_text("/home/you/projects/chain.ron"),
            );
            let field = field.labelled_by(label.id);
            if focus {
                field.request_focus();
            }
            if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                submit = true;
            }
            let path = expand_home(text.trim());
            let typed = !text.trim().is_empty();
            let hint = match &purpose {
                _ if typed && path.is_dir() => {
                    Some("This is a folder; add the file name, e.g. chain.ron.")
                }
                PathPurpose::Open if typed && !path.is_file() => {
                    Some("There is no file at this path.")
                }
                PathPurpose::SaveAs(_) | PathPurpose::Export(..) if path.is_file() => {
                    Some("A file exists at this path; saving replaces it.")
                }
                PathPurpose::SaveAs(_) if typed && FileFormat::from_path(&path).is_none() => {
                    Some("The file will be saved as .ron.")
                }
                _ => None,
            };
            if let Some(hint) = hint {
                ui.weak(hint);
            }
            // Only paths that can work are accepted, so the prompt never closes on a typo.
            acceptable = match &purpose {
                PathPurpose::Open => path.is_file(),
                PathPurpose::SaveAs(_) | PathPurpose::Export(..) => typed && !path.is_dir(),
            };
            if submit && !acceptable {
                // Enter on a path that cannot work: stay in the field to fix it.
                field.request_focus();
            }
            ui.add_space(10.0);
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(acceptable, egui::Button::new(verb))
                    .clicked()
                {
                    submit = true;
                }
                if ui.button("Cancel").clicked() {
                    cancel = true;
                }
            });
        });
        if submit && acceptable {
            self.commands
                .push(Command::SubmitPath(purpose, expand_home(text.trim())));
            return Modal::None;
        }
        if cancel || response.should_close() {
            return Modal::None;
        }
        Modal::PathPrompt {
            purpose,
            text,
            focus: false,
        }
    }
}

fn error_modal_ui(ctx: &egui::Context, title: String, message: String) -> Modal {
    let closed = message_modal_ui(ctx, "file_error", 560.0, &title, &message);
    if closed {
        Modal::None
    } else {
        Modal::Error { title, message }
    }
}

fn about_modal_ui(ctx: &egui::Context) -> Modal {
    let heading = format!("Uplift {}", env!("CARGO_PKG_VERSION"));
    if message_modal_ui(ctx, "about", 420.0, &heading, env!("CARGO_PKG_DESCRIPTION")) {
        Modal::None
    } else {
        Modal::About
    }
}

/// A modal with a heading, a message and an OK button; true once it is dismissed (OK, Escape
/// or a click outside).
fn message_modal_ui(
    ctx: &egui::Context,
    id: &str,
    max_width: f32,
    heading: &str,
    message: &str,
) -> bool {
    let mut close = false;
    let response = egui::Modal::new(egui::Id::unique(id)).show(ctx, |ui| {
        ui.set_max_width(max_width);
        ui.heading(heading);
        ui.add_space(6.0);
        ui.label(message);
        ui.add_space(10.0);
        if ui.button("OK").clicked() {
            close = true;
        }
    });
    close || response.should_close()
}

/// Adds `.ron` when the name has neither `.ron` nor `.json`, as a save dialog would.
fn with_project_extension(path: PathBuf) -> PathBuf {
    if FileFormat::from_path(&path).is_some() {
        return path;
    }
    let mut name = path.as_os_str().to_owned();
    name.push(".ron");
    PathBuf::from(name)
}

/// Adds `.extension` unless the name already ends with it.
fn with_extension(path: PathBuf, extension: &str) -> PathBuf {
    let has_it = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(extension));
    if has_it {
        return path;
    }
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(extension);
    PathBuf::from(name)
}

/// `~/x` as the home directory's `x`, as people type it.
fn expand_home(text: &str) -> PathBuf {
    if let Some(rest) = text.strip_prefix("~/")
        && let Some(home) = std::env::var_os("HOME")
    {
        return PathBuf::from(home).join(rest);
    }
    PathBuf::from(text)
}

/// Where the path prompt starts: the working directory.
fn default_directory() -> Option<PathBuf> {
    std::env::current_dir().ok()
}

/// A file name from a project name: "Reko Diq copper" → "reko-diq-copper".
fn file_stem_for(project_name: &str) -> String {
    let stem: String = project_name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    let stem = stem
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if stem.is_empty() {
        "project".to_owned()
    } else {
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_names_get_a_project_extension() {
        assert_eq!(
            with_project_extension(PathBuf::from("/tmp/chain")),
            PathBuf::from("/tmp/chain.ron")
        );
        assert_eq!(
            with_project_extension(PathBuf::from("/tmp/chain.json")),
            PathBuf::from("/tmp/chain.json")
        );
        assert_eq!(
            file_stem_for("Reko Diq: copper & gold"),
            "reko-diq-copper-gold"
        );
    }
}
