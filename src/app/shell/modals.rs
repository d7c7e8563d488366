//! The window's dialogs: the modal of the moment (unsaved changes, the path prompt, an error,
//! About, the offer to restore unsaved work), the scenario name dialog and the command
//! palette. Their answers are queued as actions, to be acted on in the next logic pass.

use crate::io::FileFormat;
use crate::model::edit::Edit;

use super::UpliftApp;
use crate::app::action::Action;
use crate::app::command_palette::{PaletteOutcome, command_palette_ui};
use std::path::PathBuf;

use crate::app::files::{
    Command, FolderEntry, PathPurpose, Proceed, complete_path, expand_home, folder_text,
    list_folder, split_typed, with_entry,
};
use crate::app::find_stage::FindOutcome;
use crate::app::recovery_prompt::{RestoreOffer, restore_modal_ui};
use crate::app::scenarios::{self, NameDialogOutcome, NameDialogPurpose};

/// The modal currently shown, if any.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) enum Modal {
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
        /// The folder listed under the field and the start of the name it was filtered by,
        /// with its entries: read again only when the typed folder or name changes.
        listing: Option<(PathBuf, String, Vec<FolderEntry>)>,
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
pub(super) struct Dialogs {
    /// Try the system's file dialogs first.
    pub(super) native: bool,
    /// Set once a system dialog returned at once with nothing: no portal, so use the prompt.
    pub(super) native_missing: bool,
    pub(super) modal: Modal,
}

impl Dialogs {
    /// True while a modal blocks the window.
    pub(super) fn is_modal_open(&self) -> bool {
        self.modal != Modal::None
    }

    pub(super) fn show_about(&mut self) {
        self.modal = Modal::About;
    }

    pub(super) fn offer_restore(&mut self, offer: RestoreOffer) {
        self.modal = Modal::Restore(offer);
    }

    pub(super) fn show_error(&mut self, title: &str, message: String) {
        self.modal = Modal::Error {
            title: title.to_owned(),
            message,
        };
    }
}

impl UpliftApp {
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
                listing,
            } => self.path_prompt_ui(ctx, purpose, text, focus, listing),
            Modal::Error { title, message } => error_modal_ui(ctx, title, message),
            Modal::About => about_modal_ui(ctx),
            Modal::Restore(offer) => match restore_modal_ui(ctx, &offer) {
                Some(choice) => {
                    // Acted on in the next logic pass: nothing is replaced while drawing.
                    self.restore_answer = Some((offer, choice));
                    ctx.request_repaint();
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
                self.actions.push(Action::File(command));
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
        listing: Option<(PathBuf, String, Vec<FolderEntry>)>,
    ) -> Modal {
        let (title, verb) = match purpose {
            PathPurpose::Open => ("Open project", "Open"),
            PathPurpose::SaveAs(_) => ("Save project as", "Save"),
            PathPurpose::Export(..) => ("Export chart", "Export"),
            PathPurpose::ImportStages => ("Import stages from a spreadsheet", "Preview"),
            PathPurpose::ImportTemplate => ("Write import template", "Write"),
            PathPurpose::Report => ("Export report", "Export"),
            PathPurpose::Workbook => ("Export workbook", "Export"),
        };
        let is_folder = purpose == PathPurpose::Report;
        let mut submit = false;
        let mut cancel = false;
        let mut acceptable = false;
        let (dir, prefix) = split_typed(text.trim());
        let listing = match listing {
            Some((listed_dir, listed_prefix, entries))
                if listed_dir == dir && listed_prefix == prefix =>
            {
                (listed_dir, listed_prefix, entries)
            }
            _ => {
                let entries = list_folder(&dir, &prefix);
                (dir, prefix, entries)
            }
        };
        let response = egui::Modal::new(egui::Id::unique("path_prompt")).show(ctx, |ui| {
            ui.set_width(560.0);
            ui.heading(title);
            ui.add_space(4.0);
            ui.weak("No system file dialog is available; type the path (Tab completes it).");
            ui.add_space(8.0);
            let label = ui.label(if is_folder { "Folder" } else { "File path" });
            let field_id = egui::Id::unique("path_prompt_field");
            let field = ui.add(
                egui::TextEdit::singleline(&mut text)
                    .id(field_id)
                    // Tab completes the path instead of moving to the next control.
                    .lock_focus(true)
                    .desired_width(f32::INFINITY)
                    .hint_text("/home/you/projects/chain.ron"),
            );
            let field = field.labelled_by(label.id);
            if focus {
                field.request_focus();
            }
            if field.has_focus()
                && ui.input(|i| i.key_pressed(egui::Key::Tab))
                && let Some(completed) = complete_path(text.trim())
            {
                text = completed;
                cursor_to_end(ui.ctx(), field_id, &text);
            }
            if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                submit = true;
            }
            if let Some(entry) = folder_listing_ui(ui, &listing.0, &listing.2) {
                text = with_entry(text.trim(), &entry);
                cursor_to_end(ui.ctx(), field_id, &text);
                field.request_focus();
            }
            let path = expand_home(text.trim());
            let typed = !text.trim().is_empty();
            let hint = match &purpose {
                PathPurpose::ImportStages | PathPurpose::ImportTemplate
                    if typed && path.is_dir() =>
                {
                    Some("This is a folder; add the file name, e.g. stages.csv.")
                }
                PathPurpose::Report if path.is_dir() => Some(
                    "The folder exists; report.html, report.pdf and report.xlsx in it are replaced.",
                ),
                PathPurpose::Report if path.is_file() => {
                    Some("This is a file; give a folder for the report's three files.")
                }
                PathPurpose::Report => None,
                _ if typed && path.is_dir() => {
                    Some("This is a folder; add the file name, e.g. chain.ron.")
                }
                PathPurpose::Open | PathPurpose::ImportStages if typed && !path.is_file() => {
                    Some("There is no file at this path.")
                }
                PathPurpose::SaveAs(_)
                | PathPurpose::Export(..)
                | PathPurpose::ImportTemplate
                | PathPurpose::Workbook
                    if path.is_file() =>
                {
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
                PathPurpose::Open | PathPurpose::ImportStages => path.is_file(),
                PathPurpose::SaveAs(_)
                | PathPurpose::Export(..)
                | PathPurpose::ImportTemplate
                | PathPurpose::Workbook => typed && !path.is_dir(),
                PathPurpose::Report => typed && !path.is_file(),
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
            let path = expand_home(text.trim());
            // The next prompt starts where this one ended.
            self.prefs.last_folder = path.parent().map(std::path::Path::to_path_buf);
            self.actions
                .push(Action::File(Command::SubmitPath(purpose, path)));
            return Modal::None;
        }
        if cancel || response.should_close() {
            return Modal::None;
        }
        Modal::PathPrompt {
            purpose,
            text,
            focus: false,
            listing: Some(listing),
        }
    }

    /// Draws the scenario name dialog and acts on its answer.
    pub(super) fn scenario_dialog_ui(&mut self, ctx: &egui::Context) {
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

    /// Draws the command palette, when open, and queues the command chosen in it.
    /// The find-a-stage popup, when open; a stage chosen is selected and centred.
    pub(super) fn find_stage_ui(&mut self, ctx: &egui::Context) {
        let Some(find) = self.find_stage.take() else {
            return;
        };
        match crate::app::find_stage::find_stage_ui(ctx, find, self.derived.view()) {
            FindOutcome::Open(find) => self.find_stage = Some(find),
            FindOutcome::Closed => {}
            FindOutcome::Found(id) => {
                self.actions.push(Action::FocusStage(id));
                ctx.request_repaint();
            }
        }
    }

    pub(super) fn command_palette_ui(&mut self, ctx: &egui::Context) {
        let Some(palette) = self.command_palette.take() else {
            return;
        };
        let context = self.command_context();
        match command_palette_ui(ctx, palette, context) {
            PaletteOutcome::Open(palette) => self.command_palette = Some(palette),
            PaletteOutcome::Closed => {}
            PaletteOutcome::Run(command) => {
                self.actions.push(Action::Run(command));
                ctx.request_repaint();
            }
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

/// Puts the text cursor of the field `id` after the last character of `text` (after a
/// completion, so typing goes on from there).
fn cursor_to_end(ctx: &egui::Context, id: egui::Id, text: &str) {
    if let Some(mut state) = egui::TextEdit::load_state(ctx, id) {
        let end = egui::text::CCursor::new(text.chars().count());
        state
            .cursor
            .set_char_range(Some(egui::text::CCursorRange::one(end)));
        egui::TextEdit::store_state(ctx, id, state);
    }
}

/// The folder being typed in, listed under the path field (folders first); returns the entry
/// clicked, which goes into the path (a folder is then listed in turn).
fn folder_listing_ui(
    ui: &mut egui::Ui,
    dir: &std::path::Path,
    entries: &[FolderEntry],
) -> Option<FolderEntry> {
    let mut chosen = None;
    ui.add_space(4.0);
    ui.weak(format!("In {}", folder_text(dir)));
    egui::Frame::group(ui.style()).show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt("path-prompt-listing")
            .max_height(180.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                if entries.is_empty() {
                    ui.weak("Nothing here matches what is typed.");
                }
                for entry in entries {
                    // Folders end with the separator, as they are typed.
                    let text = if entry.is_dir {
                        format!("{}{}", entry.name, std::path::MAIN_SEPARATOR)
                    } else {
                        entry.name.clone()
                    };
                    if ui.selectable_label(false, text).clicked() {
                        chosen = Some(entry.clone());
                    }
                }
            });
    });
    chosen
}
