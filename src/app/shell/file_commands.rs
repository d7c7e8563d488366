//! What New, Open, Save, Save as and Export do ([`UpliftApp::open_path`],
//! [`UpliftApp::save_to`]), kept apart from how a path is chosen: a system dialog through rfd,
//! or the built-in path prompt where no system dialog exists. Unsaved changes are asked about
//! before anything replaces them.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::analysis::BASE_NAME;
use crate::chart::bundle::{BundleRequest, write_bundle};
use crate::chart::export::{self, ExportFormat};
use crate::chart::{Chart, ChartOptions};
use crate::io::{self, FileError};
use crate::model::scenario::scenario_label;

use super::modals::Modal;
use super::{NoticeKind, UpliftApp, new_project};
use crate::app::files::{
    Command, PathPurpose, Proceed, default_directory, display_name, file_stem_for, with_extension,
    with_project_extension,
};

/// What a system file dialog came back with.
pub(super) enum Picked {
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

    /// Queues a file step as if a prompt had asked for it; it runs on the next frame.
    pub fn push_command(&mut self, command: Command) {
        self.actions.push(crate::app::action::Action::File(command));
    }

    /// Shows an error in a modal, e.g. a file given on the command line that failed to load.
    pub fn show_error(&mut self, title: &str, message: String) {
        self.dialogs.show_error(title, message);
    }

    pub(super) fn ask_about_unsaved_changes(&mut self, then: Proceed) {
        self.dialogs.modal = Modal::Unsaved(then);
    }

    /// Goes on with `proceed` if there is nothing unsaved, otherwise asks first.
    pub(super) fn proceed_or_ask(
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
    pub(super) fn save(
        &mut self,
        ctx: &egui::Context,
        frame: Option<&eframe::Frame>,
        then: Option<Proceed>,
    ) {
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

    pub(super) fn save_as(
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

    /// Where a path prompt with no project file to go by starts: the folder last used, or
    /// the working directory.
    fn start_folder(&self) -> Option<PathBuf> {
        self.prefs
            .last_folder
            .clone()
            .filter(|dir| dir.is_dir())
            .or_else(default_directory)
    }

    pub(super) fn prompt_for_path(&mut self, purpose: PathPurpose) {
        let text = match (&purpose, &self.path) {
            (PathPurpose::Open | PathPurpose::SaveAs(_), Some(path)) => path.display().to_string(),
            (PathPurpose::Open, None) => self
                .start_folder()
                .map(|dir| format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR))
                .unwrap_or_default(),
            (PathPurpose::Export(chart, format), _) => {
                let file = self.suggested_export_name(chart, *format);
                self.path
                    .as_deref()
                    .and_then(Path::parent)
                    .map(Path::to_path_buf)
                    .or_else(|| self.start_folder())
                    .map_or_else(|| PathBuf::from(&file), |dir| dir.join(&file))
                    .display()
                    .to_string()
            }
            (PathPurpose::ImportStages, _) => self
                .path
                .as_deref()
                .and_then(Path::parent)
                .map(Path::to_path_buf)
                .or_else(default_directory)
                .map(|dir| format!("{}{}", dir.display(), std::path::MAIN_SEPARATOR))
                .unwrap_or_default(),
            (PathPurpose::ImportTemplate, _) => default_directory()
                .map_or_else(
                    || PathBuf::from("stages-template.csv"),
                    |dir| dir.join("stages-template.csv"),
                )
                .display()
                .to_string(),
            (PathPurpose::Report | PathPurpose::Workbook, _) => {
                let stem = file_stem_for(&self.doc.project().name);
                let name = if purpose == PathPurpose::Report {
                    format!("{stem}-report")
                } else {
                    format!("{stem}.xlsx")
                };
                self.export_directory()
                    .map_or_else(|| PathBuf::from(&name), |dir| dir.join(&name))
                    .display()
                    .to_string()
            }
            (PathPurpose::SaveAs(_), None) => {
                let file = format!("{}.ron", file_stem_for(&self.doc.project().name));
                self.start_folder()
                    .map_or_else(|| PathBuf::from(&file), |dir| dir.join(&file))
                    .display()
                    .to_string()
            }
        };
        self.dialogs.modal = Modal::PathPrompt {
            purpose,
            text,
            focus: true,
            listing: None,
        };
    }

    /// Shows `dialog` as a system dialog over `frame`, opening in `directory`, by `show`
    /// (`pick_file`, `save_file`, `pick_folder`); says whether a path came back, the person
    /// cancelled, or no dialog can be shown here (so the caller offers the path prompt).
    pub(super) fn run_dialog(
        &mut self,
        dialog: rfd::FileDialog,
        directory: Option<PathBuf>,
        frame: Option<&eframe::Frame>,
        show: impl FnOnce(rfd::FileDialog) -> Option<PathBuf>,
    ) -> Picked {
        if !self.dialogs.native || self.dialogs.native_missing {
            return Picked::Unavailable;
        }
        let mut dialog = dialog;
        if let Some(dir) = directory {
            dialog = dialog.set_directory(dir);
        }
        if let Some(frame) = frame {
            dialog = dialog.set_parent(frame);
        }
        let started = Instant::now();
        let picked = show(dialog);
        self.judge_dialog(picked, started)
    }

    /// The current project's folder, where project dialogs open.
    fn project_directory(&self) -> Option<PathBuf> {
        self.path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
    }

    /// A system file dialog for project files.
    fn project_dialog(title: &str) -> rfd::FileDialog {
        rfd::FileDialog::new()
            .set_title(title)
            .add_filter(FILTER_NAME, &FILTER_EXTENSIONS)
    }

    fn pick_open_path(&mut self, frame: Option<&eframe::Frame>) -> Picked {
        let dialog = Self::project_dialog("Open project");
        self.run_dialog(
            dialog,
            self.project_directory(),
            frame,
            rfd::FileDialog::pick_file,
        )
    }

    fn pick_save_path(&mut self, frame: Option<&eframe::Frame>) -> Picked {
        let file_name = self.path.as_deref().map_or_else(
            || format!("{}.ron", file_stem_for(&self.doc.project().name)),
            display_name,
        );
        let dialog = Self::project_dialog("Save project as").set_file_name(file_name);
        self.run_dialog(
            dialog,
            self.project_directory(),
            frame,
            rfd::FileDialog::save_file,
        )
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

    /// Runs one queued file step.
    pub(super) fn run_command(
        &mut self,
        ctx: &egui::Context,
        frame: Option<&eframe::Frame>,
        command: Command,
    ) {
        match command {
            Command::OpenPath(path) => self.proceed_or_ask(ctx, frame, Proceed::OpenPath(path)),
            Command::OpenExample(index) => {
                self.proceed_or_ask(ctx, frame, Proceed::OpenExample(index));
            }
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
            Command::SubmitPath(PathPurpose::ImportStages, path) => self.open_import(&path),
            Command::SubmitPath(PathPurpose::ImportTemplate, path) => {
                self.write_template(ctx, path);
            }
            Command::SubmitPath(PathPurpose::Report, path) => self.export_report(ctx, &path),
            Command::SubmitPath(PathPurpose::Workbook, path) => {
                self.export_workbook(ctx, &with_extension(path, "xlsx"));
            }
            Command::ExportReport => match self.pick_report_folder(frame) {
                Picked::Path(path) => self.export_report(ctx, &path),
                Picked::Cancelled => {}
                Picked::Unavailable => self.prompt_for_path(PathPurpose::Report),
            },
            Command::ExportWorkbook => match self.pick_workbook_path(frame) {
                Picked::Path(path) => self.export_workbook(ctx, &with_extension(path, "xlsx")),
                Picked::Cancelled => {}
                Picked::Unavailable => self.prompt_for_path(PathPurpose::Workbook),
            },
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
        }
    }

    fn pick_export_path(
        &mut self,
        frame: Option<&eframe::Frame>,
        chart: &Chart,
        format: ExportFormat,
    ) -> Picked {
        let extension = format.extension();
        let dialog = rfd::FileDialog::new()
            .set_title("Export chart")
            .add_filter(extension.to_uppercase(), &[extension])
            .set_file_name(self.suggested_export_name(chart, format));
        self.run_dialog(
            dialog,
            self.project_directory(),
            frame,
            rfd::FileDialog::save_file,
        )
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

    /// Writes `chart` to `path` in `format`, at the size chosen in the charts view and in
    /// the style chosen for exports.
    pub(super) fn export_chart_to(
        &self,
        chart: &Chart,
        format: ExportFormat,
        path: &Path,
    ) -> Result<(), String> {
        let style = self.prefs.chart_style();
        export::write_chart_styled(chart, format, self.charts.png_size, style, path)
            .map_err(|e| e.to_string())
    }

    /// The project's folder, or the working directory for an unsaved project.
    fn export_directory(&self) -> Option<PathBuf> {
        self.path
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(default_directory)
    }

    /// A system dialog for the folder the report goes into.
    fn pick_report_folder(&mut self, frame: Option<&eframe::Frame>) -> Picked {
        let dialog = rfd::FileDialog::new().set_title("Export report into a folder");
        self.run_dialog(
            dialog,
            self.export_directory(),
            frame,
            rfd::FileDialog::pick_folder,
        )
    }

    /// A system dialog for the workbook's file.
    fn pick_workbook_path(&mut self, frame: Option<&eframe::Frame>) -> Picked {
        let dialog = rfd::FileDialog::new()
            .set_title("Export workbook")
            .add_filter("Excel workbook", &["xlsx"])
            .set_file_name(format!("{}.xlsx", file_stem_for(&self.doc.project().name)));
        self.run_dialog(
            dialog,
            self.export_directory(),
            frame,
            rfd::FileDialog::save_file,
        )
    }

    /// Writes the report bundle of the project into `dir`: the base against the scenario on
    /// screen, or against every scenario while the base is shown.
    fn export_report(&mut self, ctx: &egui::Context, dir: &Path) {
        let project = self.doc.project();
        let scenarios: Vec<String> = match self.doc.active_scenario() {
            Some(name) => vec![name.to_owned()],
            None => project.scenarios.iter().map(|s| s.name.clone()).collect(),
        };
        let file_name = self.path.as_deref().map(display_name);
        let request = BundleRequest {
            project,
            scenarios: &scenarios,
            file_name: file_name.as_deref(),
            style: self.prefs.chart_style(),
        };
        match write_bundle(&request, dir) {
            Ok(_) => self.post_notice(
                ctx,
                format!(
                    "Exported the report (report.html, report.pdf, report.xlsx) into {}.",
                    display_name(dir)
                ),
                NoticeKind::Info,
            ),
            Err(error) => self.show_error("Could not export the report", error.to_string()),
        }
    }

    /// Writes the workbook of the scenario on screen, for the period on screen, to `path`.
    fn export_workbook(&mut self, ctx: &egui::Context, path: &Path) {
        let Some(results) = self.derived.results() else {
            self.show_error(
                "Could not export the workbook",
                "The project has errors, so there are no figures to write; the results panel \
                 lists them."
                    .to_owned(),
            );
            return;
        };
        let options = ChartOptions {
            period: self.period,
            scenario: scenario_label(self.doc.active_scenario().unwrap_or(BASE_NAME)),
            file_name: self.path.as_deref().map(display_name),
            ..ChartOptions::default()
        };
        match export::write_workbook(self.derived.view(), results, &options, path) {
            Ok(()) => self.post_notice(
                ctx,
                format!("Exported {}.", display_name(path)),
                NoticeKind::Info,
            ),
            Err(error) => self.show_error("Could not export the workbook", error.to_string()),
        }
    }

    /// A file name for exporting `chart`: "value-added-2036.png".
    pub(super) fn suggested_export_name(&self, chart: &Chart, format: ExportFormat) -> String {
        export::suggested_file_name(chart.kind, self.period, format)
    }
}
