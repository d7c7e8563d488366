//! Entering a chain quickly: a stage placed from the palette where no box is, stages copied to
//! and pasted from the clipboard (within this window or between two), and stages imported
//! from a spreadsheet through the preview dialog. The logic pass calls these; the rules
//! (placement, fragments, import checks) are the core's.

use std::path::{Path, PathBuf};

use crate::app::action::Action;
use crate::app::commands::UiCommand;
use crate::app::files::Command;
use crate::app::files::{PathPurpose, display_name, with_extension};
use crate::app::import_dialog::{ImportDialog, ImportOutcome, import_dialog_ui};
use crate::io::clipboard::{fragment_from_text, fragment_to_text};
use crate::io::stage_import;
use crate::model::fragment::{Fragment, paste_edits};
use crate::model::placement::{self, BOX_HEIGHT, BOX_WIDTH};
use crate::model::{CanvasPos, Stage, StageId, StageKind};

use super::{NoticeKind, UpliftApp};

/// Spreadsheets import reads, for the file dialog's filter.
const SHEET_EXTENSIONS: [&str; 4] = ["csv", "xlsx", "xls", "ods"];

/// "1 stage", "3 stages".
fn stages_text(count: usize) -> String {
    if count == 1 {
        "1 stage".to_owned()
    } else {
        format!("{count} stages")
    }
}

/// "1 link", "2 links".
fn links_text(count: usize) -> String {
    if count == 1 {
        "1 link".to_owned()
    } else {
        format!("{count} links")
    }
}

impl UpliftApp {
    /// Queues Copy and Paste as the system delivers them: a real window turns Ctrl+C and
    /// Ctrl+V into copy and paste events (carrying the clipboard's text), not key presses.
    /// While a text field has focus they are the field's.
    pub(super) fn handle_clipboard_events(&mut self, ctx: &egui::Context) {
        if ctx.text_edit_focused() {
            return;
        }
        let (copy, pasted) = ctx.input(|input| {
            let copy = input.events.iter().any(|e| matches!(e, egui::Event::Copy));
            let pasted: Vec<String> = input
                .events
                .iter()
                .filter_map(|e| match e {
                    egui::Event::Paste(text) => Some(text.clone()),
                    _ => None,
                })
                .collect();
            (copy, pasted)
        });
        if copy && !self.canvas.selection.stages.is_empty() {
            self.actions.push(Action::Run(UiCommand::Copy));
        }
        for text in pasted {
            self.actions.push(Action::Paste(text));
        }
    }

    /// A new stage of `kind` right of the selection, or in the middle of the view, moved to
    /// the nearest place where it covers no box; selected.
    pub(super) fn place_stage(&mut self, kind: StageKind) {
        self.refresh();
        let selected: Vec<StageId> = self.canvas.selection.stages.iter().cloned().collect();
        let at =
            placement::place_new_stage(self.derived.view(), &selected, self.canvas.view_center());
        self.actions.push(Action::AddStage { kind, at });
    }

    /// Puts the selected stages and the links among them on the clipboard as RON text.
    pub(super) fn copy_selection(&mut self, ctx: &egui::Context) {
        self.refresh();
        let selected: Vec<StageId> = self.canvas.selection.stages.iter().cloned().collect();
        let Some(fragment) = Fragment::of(self.derived.view(), &selected) else {
            return;
        };
        match fragment_to_text(&fragment) {
            Ok(text) => {
                ctx.copy_text(text);
                let message = format!(
                    "Copied {} and {}; paste with Ctrl+V here or in another Uplift window.",
                    stages_text(fragment.stages.len()),
                    links_text(fragment.links.len())
                );
                self.post_notice(ctx, message, NoticeKind::Info);
            }
            Err(error) => self.post_notice(
                ctx,
                format!("Could not copy the stages: {error}"),
                NoticeKind::Warning,
            ),
        }
    }

    /// Pastes stages from clipboard `text` in the middle of the view (or the nearest free
    /// space), as one undo step, and selects them; text that holds no stages says so.
    pub(super) fn paste_text(&mut self, ctx: &egui::Context, text: &str) {
        let fragment = match fragment_from_text(text) {
            Ok(fragment) => fragment,
            Err(error) => {
                self.post_notice(ctx, error.to_string(), NoticeKind::Warning);
                return;
            }
        };
        self.refresh();
        let origin = self.canvas.view_center();
        let centre = CanvasPos {
            x: origin.x + BOX_WIDTH / 2.0,
            y: origin.y + BOX_HEIGHT / 2.0,
        };
        let Some((edits, ids)) = paste_edits(self.derived.view(), &fragment, centre) else {
            return;
        };
        let result = self.doc.apply_group(edits);
        if result.is_ok() {
            let message = format!(
                "Pasted {} and {}.",
                stages_text(ids.len()),
                links_text(fragment.links.len())
            );
            self.post_notice(ctx, message, NoticeKind::Info);
            self.select_stages(ids);
        }
        self.report_edit_error(result);
    }

    /// Adds stages previewed from a spreadsheet, laid out by kind in free space near the
    /// middle of the view, as one undo step, and selects them.
    pub(super) fn import_stages(&mut self, ctx: &egui::Context, stages: Vec<Stage>) {
        self.refresh();
        let ids: Vec<StageId> = stages.iter().map(|s| s.id.clone()).collect();
        let edit =
            stage_import::import_edit(self.derived.view(), stages, self.canvas.view_center());
        let result = self.doc.apply(edit);
        if result.is_ok() {
            let message = format!("Imported {}.", stages_text(ids.len()));
            self.post_notice(ctx, message, NoticeKind::Info);
            self.select_stages(ids);
            self.canvas.fit_to_view();
        }
        self.report_edit_error(result);
    }

    /// Reads the spreadsheet at `path` and opens the import preview on it; a file that cannot
    /// be read says why.
    pub fn open_import(&mut self, path: &Path) {
        match stage_import::read_sheet(path) {
            Ok(sheet) => {
                self.import = Some(ImportDialog::new(
                    path.to_owned(),
                    sheet,
                    self.doc.project(),
                ));
            }
            Err(error) => self.show_error("Could not read the spreadsheet", error.to_string()),
        }
    }

    /// Import stages…: a file dialog for the spreadsheet, or the path prompt without one.
    pub(super) fn ask_for_import(&mut self, frame: Option<&eframe::Frame>) {
        let dialog = rfd::FileDialog::new()
            .set_title("Import stages from a spreadsheet")
            .add_filter("Spreadsheet", &SHEET_EXTENSIONS);
        match self.run_dialog(dialog, None, frame, rfd::FileDialog::pick_file) {
            super::file_commands::Picked::Path(path) => self.open_import(&path),
            super::file_commands::Picked::Cancelled => {}
            super::file_commands::Picked::Unavailable => {
                self.prompt_for_path(PathPurpose::ImportStages);
            }
        }
    }

    /// Write import template…: a save dialog (CSV or XLSX), or the path prompt without one.
    pub(super) fn ask_for_template(&mut self, ctx: &egui::Context, frame: Option<&eframe::Frame>) {
        let dialog = rfd::FileDialog::new()
            .set_title("Write import template")
            .add_filter("CSV", &["csv"])
            .add_filter("Excel workbook", &["xlsx"])
            .set_file_name("stages-template.csv");
        match self.run_dialog(dialog, None, frame, rfd::FileDialog::save_file) {
            super::file_commands::Picked::Path(path) => self.write_template(ctx, path),
            super::file_commands::Picked::Cancelled => {}
            super::file_commands::Picked::Unavailable => {
                self.prompt_for_path(PathPurpose::ImportTemplate);
            }
        }
    }

    /// Writes the import template to `path`: XLSX for a `.xlsx` name, else CSV.
    pub(super) fn write_template(&mut self, ctx: &egui::Context, path: PathBuf) {
        let xlsx = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
        let path = if xlsx {
            path
        } else {
            with_extension(path, "csv")
        };
        let bytes = if xlsx {
            stage_import::template_xlsx()
        } else {
            stage_import::template_csv()
        };
        let written = bytes
            .map_err(|e| e.to_string())
            .and_then(|bytes| std::fs::write(&path, bytes).map_err(|e| e.to_string()));
        match written {
            Ok(()) => self.post_notice(
                ctx,
                format!(
                    "Wrote {}: a column per field key and one example row; fill in a row per stage, then Import stages….",
                    display_name(&path)
                ),
                NoticeKind::Info,
            ),
            Err(message) => self.show_error("Could not write the import template", message),
        }
    }

    /// The import preview, while open; its answer is queued for the next logic pass.
    pub(super) fn import_dialog_ui(&mut self, ctx: &egui::Context) {
        let Some(mut dialog) = self.import.take() else {
            return;
        };
        let outcome = import_dialog_ui(ctx, &mut dialog, self.doc.project());
        if !matches!(outcome, ImportOutcome::Open) {
            ctx.request_repaint();
        }
        match outcome {
            ImportOutcome::Open => self.import = Some(dialog),
            ImportOutcome::Cancel => {}
            ImportOutcome::Reload(path) => self.actions.push(Action::File(Command::SubmitPath(
                PathPurpose::ImportStages,
                path,
            ))),
            ImportOutcome::Import(stages) => self.actions.push(Action::ImportStages(stages)),
        }
    }
}
