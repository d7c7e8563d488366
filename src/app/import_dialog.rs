//! The import preview: a spreadsheet's rows as the stages they would become, its columns read
//! by their names (the field keys of the project file), a drop-down for each column that names
//! no field (map it to one or ignore it), and every bad cell listed by row and column. Import
//! stays disabled while any problem is left, so nothing changes until the sheet is clean. The
//! reading and checking are the core's (`io::stage_import`); this only draws and queues.

use std::path::PathBuf;

use egui::{Color32, ComboBox, Label, RichText, ScrollArea, Ui};

use crate::io::stage_import::{self, CellError, Preview, Sheet, Target, column_letter};
use crate::model::Project;
use crate::model::catalogue::capitalised;

use super::files::display_name;
use super::theme;

/// Rows drawn in the preview table; the rest are checked all the same.
const ROWS_SHOWN: usize = 200;

/// An open import preview.
#[derive(Debug)]
pub struct ImportDialog {
    path: PathBuf,
    sheet: Sheet,
    targets: Vec<Target>,
    preview: Preview,
}

/// What the preview asks for when it closes or changes.
#[derive(Debug)]
pub enum ImportOutcome {
    /// Still open.
    Open,
    /// Closed without importing.
    Cancel,
    /// Read the file again (fixed in the spreadsheet meanwhile).
    Reload(PathBuf),
    /// Import these stages.
    Import(Vec<crate::model::Stage>),
}

impl ImportDialog {
    /// The preview of `sheet`, read from `path`, for import into `project`.
    pub fn new(path: PathBuf, sheet: Sheet, project: &Project) -> Self {
        let targets = stage_import::targets(&sheet.headers, &[]).unwrap_or_default();
        let preview = stage_import::preview(project, &sheet, &targets);
        Self {
            path,
            sheet,
            targets,
            preview,
        }
    }

    /// Every problem that stops the import.
    pub fn errors(&self) -> &[CellError] {
        &self.preview.errors
    }

    /// The preview checked again against `project` as it is now.
    fn recheck(&mut self, project: &Project) {
        self.preview = stage_import::preview(project, &self.sheet, &self.targets);
    }
}

/// The name a target goes by in the column drop-down.
fn target_text(target: Target) -> String {
    match target {
        Target::Field(field) => format!("{} ({})", field.key, field.label),
        Target::Ignore => "Ignore this column".to_owned(),
        Target::Unknown => "Choose a field…".to_owned(),
    }
}

/// Draws the preview; `project` is what the stages would join.
pub fn import_dialog_ui(
    ctx: &egui::Context,
    dialog: &mut ImportDialog,
    project: &Project,
) -> ImportOutcome {
    let mut outcome = ImportOutcome::Open;
    let modal = egui::Modal::new(egui::Id::unique("import_preview")).show(ctx, |ui| {
        let width = (ctx.content_rect().width() - 120.0).clamp(480.0, 1100.0);
        ui.set_width(width);
        ui.heading(format!("Import stages from {}", display_name(&dialog.path)));
        ui.weak(format!(
            "{} rows, {} columns. One row a stage; columns are read by their names, the field \
             keys of the project file. Map or ignore every other column. Shares are numbers \
             from 0 to 100, as in the project file (5 is 5%; a cell a spreadsheet formats as \
             5% holds 0.05).",
            dialog.sheet.rows.len(),
            dialog.sheet.headers.len()
        ));
        ui.add_space(6.0);
        if columns_ui(ui, dialog) {
            dialog.recheck(project);
        }
        ui.add_space(6.0);
        problems_ui(ui, &dialog.preview.errors);
        notes_ui(ui, &dialog.preview.notes);
        ui.add_space(6.0);
        table_ui(ui, dialog);
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let count = dialog.preview.stages.len();
            let ready = dialog.preview.errors.is_empty() && count > 0;
            let label = if count == 1 {
                "Import 1 stage".to_owned()
            } else {
                format!("Import {count} stages")
            };
            let import = ui
                .add_enabled(ready, egui::Button::new(label))
                .on_hover_text("Adds the stages as one undo step, laid out by kind in free space.")
                .on_disabled_hover_text(
                    "Fix every problem listed first: correct the cells in the file and read it \
                     again, or map the columns.",
                );
            if import.clicked() {
                outcome = ImportOutcome::Import(dialog.preview.stages.clone());
            }
            if ui
                .button("Read the file again")
                .on_hover_text("After correcting the spreadsheet, check it again.")
                .clicked()
            {
                outcome = ImportOutcome::Reload(dialog.path.clone());
            }
            if ui.button("Cancel").clicked() {
                outcome = ImportOutcome::Cancel;
            }
        });
    });
    if matches!(outcome, ImportOutcome::Open) && modal.should_close() {
        outcome = ImportOutcome::Cancel;
    }
    outcome
}

/// The columns: those read as fields named in one line, each other one with a drop-down to
/// map it to a field or ignore it. True when a mapping changed.
fn columns_ui(ui: &mut Ui, dialog: &mut ImportDialog) -> bool {
    let read: Vec<&str> = dialog
        .targets
        .iter()
        .zip(&dialog.sheet.headers)
        .filter_map(|(target, header)| match target {
            Target::Field(field) if field.key.eq_ignore_ascii_case(header.trim()) => {
                Some(field.key)
            }
            _ => None,
        })
        .collect();
    if !read.is_empty() {
        ui.label(RichText::new(format!("Read as fields: {}", read.join(", "))).weak());
    }
    let fields = stage_import::importable_fields();
    let mut changed = false;
    for (index, header) in dialog.sheet.headers.iter().enumerate() {
        let target = dialog.targets[index];
        let named = matches!(target, Target::Field(f) if f.key.eq_ignore_ascii_case(header.trim()));
        if named {
            continue;
        }
        ui.horizontal(|ui| {
            let label = ui.label(format!("Column {} \"{header}\"", column_letter(index)));
            let mut chosen = target;
            ComboBox::from_id_salt(("import-column", index))
                .selected_text(target_text(target))
                .width(320.0)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut chosen, Target::Ignore, target_text(Target::Ignore));
                    for field in &fields {
                        ui.selectable_value(
                            &mut chosen,
                            Target::Field(field),
                            target_text(Target::Field(field)),
                        );
                    }
                })
                .response
                .labelled_by(label.id);
            if chosen != target {
                dialog.targets[index] = chosen;
                changed = true;
            }
        });
    }
    changed
}

/// Every problem, by row and column, in the error colour; or a line saying there are none.
/// What looks wrong in the sheet without stopping the import.
fn notes_ui(ui: &mut Ui, notes: &[CellError]) {
    let color = theme::warning_color(ui.visuals());
    for note in notes {
        ui.label(RichText::new(format!("Check: {}", sentence(note))).color(color));
    }
}

/// `error` as a sentence: its text with a capital first letter.
fn sentence(error: &CellError) -> String {
    capitalised(&error.to_string())
}

fn problems_ui(ui: &mut Ui, errors: &[CellError]) {
    if errors.is_empty() {
        ui.label("No problems: every cell is usable.");
        return;
    }
    let color = theme::error_color(ui.visuals());
    let count = if errors.len() == 1 {
        "1 problem".to_owned()
    } else {
        format!("{} problems", errors.len())
    };
    ui.label(
        RichText::new(format!("{count}; nothing is imported until there are none"))
            .strong()
            .color(color),
    );
    ScrollArea::vertical()
        .id_salt("import-problems")
        .max_height(120.0)
        .show(ui, |ui| {
            for error in errors {
                ui.label(RichText::new(sentence(error)).color(color));
            }
        });
}

/// The rows as read, under their headers and what each column fills; a bad cell is drawn in
/// the error colour, its problem in its tooltip.
fn table_ui(ui: &mut Ui, dialog: &ImportDialog) {
    let error_color = theme::error_color(ui.visuals());
    let weak = ui.visuals().weak_text_color();
    ScrollArea::both()
        .id_salt("import-table")
        .max_height(300.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            egui::Grid::new("import-grid")
                .striped(true)
                .spacing([14.0, 4.0])
                .show(ui, |ui| {
                    ui.strong("Row");
                    for (index, header) in dialog.sheet.headers.iter().enumerate() {
                        let (under, color) = match dialog.targets[index] {
                            Target::Field(field) => (field.label.to_owned(), weak),
                            Target::Ignore => ("ignored".to_owned(), weak),
                            Target::Unknown => ("not a field".to_owned(), error_color),
                        };
                        // Headers and cells keep to one line; the table scrolls sideways.
                        ui.vertical(|ui| {
                            let title = format!("{} {header}", column_letter(index));
                            ui.add(Label::new(RichText::new(title).strong()).extend());
                            ui.add(Label::new(RichText::new(under).small().color(color)).extend());
                        });
                    }
                    ui.end_row();
                    for row in dialog.sheet.rows.iter().take(ROWS_SHOWN) {
                        ui.label(row.number.to_string());
                        for (column, cell) in row
                            .cells
                            .iter()
                            .enumerate()
                            .take(dialog.sheet.headers.len())
                        {
                            let problem = dialog
                                .preview
                                .errors
                                .iter()
                                .find(|e| e.row == row.number && e.column == column);
                            cell_ui(ui, &cell.to_string(), problem, error_color);
                        }
                        ui.end_row();
                    }
                });
            if dialog.sheet.rows.len() > ROWS_SHOWN {
                ui.weak(format!(
                    "The first {ROWS_SHOWN} of {} rows are shown; every row is checked.",
                    dialog.sheet.rows.len()
                ));
            }
        });
}

fn cell_ui(ui: &mut Ui, text: &str, problem: Option<&CellError>, error_color: Color32) {
    match problem {
        Some(problem) => {
            let shown = if text.is_empty() { "(empty)" } else { text };
            ui.add(Label::new(RichText::new(shown).color(error_color).underline()).extend())
                .on_hover_text(&problem.message);
        }
        None => {
            ui.add(Label::new(text).extend());
        }
    }
}
