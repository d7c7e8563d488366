//! Stages imported from a spreadsheet (CSV, or the first sheet of an XLSX, XLS or ODS
//! workbook): one row a stage, the first row naming each column by a stage field's key in
//! the project file (`capacity_per_year`, `price_per_unit`, … from the field catalogue).
//! Columns with another name are *unknown* until mapped to a field or ignored. Every cell is
//! checked by its field's rule, and every bad cell is reported by row and column before
//! anything changes; the window's preview and `uplift import` both use this file.
//!
//! What a cell may hold: numbers as people type them ("2,650.5", "5%", or a number cell);
//! `kind` as Mining, Concentration, Refining, Manufacturing or Other; `location` as Domestic
//! or Abroad; `unlinked_output` as Export, Domestic market or Not sold; on/off fields
//! (`active`, `export_ban`) as yes/no, true/false, on/off or 1/0. An empty cell leaves the
//! field as a new stage has it. Lists (by-products, purchased inputs), pricing rules, fiscal
//! terms and links are not columns: they are added in the window after import.

use std::fmt;
use std::path::Path;

use crate::model::catalogue::stage_fields::{
    self, ACTIVE, ID, KIND, LOCATION, NAME, PRODUCT, UNIT, UNLINKED_OUTPUT,
};
use crate::model::catalogue::typed_number::parse_value;
use crate::model::catalogue::{Field, Rule};
use crate::model::chain::choice_name;
use crate::model::edit::Edit;
use crate::model::params::StageField;
use crate::model::placement::{self, BOX_HEIGHT, BOX_WIDTH, GAP};
use crate::model::{
    CanvasPos, Destination, Location, Project, Stage, StageId, StageKind, fresh_id,
};

/// Most rows read from one sheet: a national plan has thousands of stages, not millions.
pub const MAX_ROWS: usize = 100_000;

/// What the mapping of a column says to ignore it (`--map "Notes=ignore"`).
pub const IGNORE: &str = "ignore";

/// Why a spreadsheet could not be read at all (bad cells are [`CellError`]s instead).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// The file could not be opened or read.
    #[error("{path}: {message}")]
    Read {
        /// The file.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// Not a spreadsheet Uplift reads.
    #[error("{0}: import reads .csv, .xlsx, .xls and .ods files")]
    Format(String),
    /// The sheet has no header row.
    #[error(
        "the sheet is empty: its first row should name each column by a field key, e.g. name, kind, capacity_per_year"
    )]
    NoHeader,
    /// The sheet has more rows than [`MAX_ROWS`].
    #[error("the sheet has more than {MAX_ROWS} rows; split it into several imports")]
    TooManyRows,
    /// A `--map` names a column the sheet lacks or a key that is no field.
    #[error("{0}")]
    Map(String),
}

/// One cell as read.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// Nothing in it.
    Empty,
    /// Text (every CSV cell, and text cells of a workbook).
    Text(String),
    /// A number cell of a workbook.
    Number(f64),
    /// A true/false cell of a workbook.
    Bool(bool),
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => Ok(()),
            Self::Text(text) => f.write_str(text),
            Self::Number(value) => write!(f, "{value}"),
            Self::Bool(value) => write!(f, "{value}"),
        }
    }
}

/// A row of the sheet with its number in the file (the header is row 1).
#[derive(Clone, Debug, PartialEq)]
pub struct SheetRow {
    /// Row number as a spreadsheet shows it.
    pub number: usize,
    /// Its cells, one per header (missing cells are empty).
    pub cells: Vec<Cell>,
}

/// A sheet as read: the header names and the rows under them. Rows with no cell filled in
/// are left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sheet {
    /// Names in the first row, trimmed.
    pub headers: Vec<String>,
    /// The rows below it.
    pub rows: Vec<SheetRow>,
}

/// Reads the spreadsheet at `path`, CSV or workbook by its extension.
pub fn read_sheet(path: &Path) -> Result<Sheet, ImportError> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let read_error = |message: String| ImportError::Read {
        path: path.display().to_string(),
        message,
    };
    match extension.as_str() {
        "csv" => {
            let bytes = std::fs::read(path).map_err(|e| read_error(e.to_string()))?;
            read_csv(&bytes).map_err(|error| match error {
                ImportError::Read { message, .. } => read_error(message),
                other => other,
            })
        }
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(path).map_err(|error| match error {
            ImportError::Read { message, .. } => read_error(message),
            other => other,
        }),
        _ => Err(ImportError::Format(path.display().to_string())),
    }
}

/// Reads CSV text (UTF-8, comma-separated, the first row naming the columns).
pub fn read_csv(bytes: &[u8]) -> Result<Sheet, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ImportError::Read {
            path: String::new(),
            message: e.to_string(),
        })?;
        let number = record
            .position()
            .map_or(rows.len() + 1, |p| p.line() as usize);
        let cells = record
            .iter()
            .map(|text| match text.trim() {
                "" => Cell::Empty,
                text => Cell::Text(text.to_owned()),
            })
            .collect();
        rows.push(SheetRow { number, cells });
        if rows.len() > MAX_ROWS + 1 {
            return Err(ImportError::TooManyRows);
        }
    }
    sheet_of(rows)
}

/// Reads the first sheet of a workbook.
fn read_workbook(path: &Path) -> Result<Sheet, ImportError> {
    use calamine::{Data, Reader as _};
    let read_error = |message: String| ImportError::Read {
        path: String::new(),
        message,
    };
    let mut workbook = calamine::open_workbook_auto(path).map_err(|e| read_error(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or(ImportError::NoHeader)?
        .map_err(|e| read_error(e.to_string()))?;
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let first_column = range.start().map_or(0, |(_, column)| column as usize);
    let mut rows = Vec::new();
    for (index, row) in range.rows().enumerate() {
        // Cells left of the used range are empty; keep columns where a spreadsheet shows them.
        let mut cells = vec![Cell::Empty; first_column];
        cells.extend(row.iter().map(|data| match data {
            Data::Empty => Cell::Empty,
            Data::Int(value) => Cell::Number(*value as f64),
            Data::Float(value) => Cell::Number(*value),
            Data::Bool(value) => Cell::Bool(*value),
            Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => {
                match text.trim() {
                    "" => Cell::Empty,
                    text => Cell::Text(text.to_owned()),
                }
            }
            Data::DateTime(value) => Cell::Number(value.as_f64()),
            Data::Error(error) => Cell::Text(format!("#{error:?}")),
        }));
        rows.push(SheetRow {
            number: first_row + index + 1,
            cells,
        });
        if rows.len() > MAX_ROWS + 1 {
            return Err(ImportError::TooManyRows);
        }
    }
    sheet_of(rows)
}

/// The first non-empty row as headers, the others as rows.
fn sheet_of(rows: Vec<SheetRow>) -> Result<Sheet, ImportError> {
    let mut rows = rows
        .into_iter()
        .filter(|row| row.cells.iter().any(|cell| *cell != Cell::Empty));
    let header = rows.next().ok_or(ImportError::NoHeader)?;
    let headers: Vec<String> = header
        .cells
        .iter()
        .map(|c| c.to_string().trim().to_owned())
        .collect();
    let rows = rows
        .map(|mut row| {
            row.cells
                .resize(headers.len().max(row.cells.len()), Cell::Empty);
            row
        })
        .collect();
    Ok(Sheet { headers, rows })
}

/// Every field a column can fill, in the order of the template: the stage's id, then its
/// rows in the inspector's order (lists left out).
pub fn importable_fields() -> Vec<&'static Field> {
    std::iter::once(&ID)
        .chain(
            stage_fields::ALL
                .into_iter()
                .filter(|field| stage_fields::is_row(field) && field.rule != Rule::List),
        )
        .collect()
}

/// The importable field with this key (letter case and spaces around it ignored).
pub fn field_by_key(key: &str) -> Option<&'static Field> {
    let key = key.trim();
    importable_fields()
        .into_iter()
        .find(|field| field.key.eq_ignore_ascii_case(key))
}

/// What a column fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// This field of each stage.
    Field(&'static Field),
    /// Nothing: the column is left out.
    Ignore,
    /// Nothing yet: the column's name is no field key and it has not been mapped.
    Unknown,
}

/// The target of each of `headers`: the field it names, unless `mapped` (column name, then a
/// field key or [`IGNORE`]) says otherwise. A mapping naming no column or no field is refused.
pub fn targets(
    headers: &[String],
    mapped: &[(String, String)],
) -> Result<Vec<Target>, ImportError> {
    let mut targets: Vec<Target> = headers
        .iter()
        .map(|header| field_by_key(header).map_or(Target::Unknown, Target::Field))
        .collect();
    for (column, key) in mapped {
        let Some(index) = headers.iter().position(|h| h.trim() == column.trim()) else {
            return Err(ImportError::Map(format!(
                "--map {column}={key}: the sheet has no column named '{column}' (its columns: {})",
                headers.join(", ")
            )));
        };
        targets[index] = if key.trim().eq_ignore_ascii_case(IGNORE) {
            Target::Ignore
        } else {
            Target::Field(field_by_key(key).ok_or_else(|| {
                ImportError::Map(format!(
                    "--map {column}={key}: '{key}' is not a stage field; use one of {}, or {IGNORE}",
                    key_list()
                ))
            })?)
        };
    }
    Ok(targets)
}

/// The importable keys, comma-separated, for messages.
pub fn key_list() -> String {
    importable_fields()
        .iter()
        .map(|field| field.key)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A column's letter as a spreadsheet names it: 0 is A, 26 is AA.
pub fn column_letter(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A cell that cannot be imported, or a column that stops the import (row 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellError {
    /// Row number as a spreadsheet shows it (1 for a problem of a column's header).
    pub row: usize,
    /// The column's index (0 is A).
    pub column: usize,
    /// The column's name in the header row.
    pub header: String,
    /// What is wrong and what to type instead.
    pub message: String,
}

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "row {}, column {} ({}): {}",
            self.row,
            column_letter(self.column),
            self.header,
            self.message
        )
    }
}

/// What importing a sheet would do: the stages it makes, every problem that stops it, and
/// what looks wrong without being refused.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Preview {
    /// One stage a row, with ids and names unused in the project, not yet placed.
    pub stages: Vec<Stage>,
    /// Every bad cell and every column still unknown or mapped twice; import only when empty.
    pub errors: Vec<CellError>,
    /// Columns whose values are usable but probably not what the sheet meant (row 1): a
    /// share column holding only fractions, as a cell formatted as a percentage does.
    pub notes: Vec<CellError>,
}

/// What importing `sheet` into `project` with columns read as `targets` gives.
pub fn preview(project: &Project, sheet: &Sheet, targets: &[Target]) -> Preview {
    let mut errors = column_errors(&sheet.headers, targets);
    // Ids unique against the project and the rows before; a set, so a sheet of thousands of
    // rows does not check every stage for every row.
    let mut ids: rustc_hash::FxHashSet<String> =
        project.stages.iter().map(|s| s.id.0.clone()).collect();
    let first_year = if project.horizon.is_empty() {
        project.base_year
    } else {
        project.horizon.first_year
    };
    let mut stages = Vec::with_capacity(sheet.rows.len());
    for row in &sheet.rows {
        // The kind first: a new stage's product, unit and input per unit follow it.
        let kind = row
            .cells
            .iter()
            .zip(targets)
            .find(|(_, target)| **target == Target::Field(&KIND))
            .and_then(|(cell, _)| choose(cell, &StageKind::choices()).ok())
            .unwrap_or(StageKind::Other);
        let mut stage = Stage::new(StageId::default(), kind, first_year);
        stage.name.clear();
        let mut id = String::new();
        for (column, (cell, target)) in row.cells.iter().zip(targets).enumerate() {
            let Target::Field(field) = target else {
                continue;
            };
            if *cell == Cell::Empty {
                continue;
            }
            let set = if field.key == ID.key {
                // Only a base for the new id, which is made of letters, digits and dashes.
                checked_text(cell).map(|text| id = text)
            } else {
                set_field(&mut stage, field, cell)
            };
            if let Err(message) = set {
                errors.push(CellError {
                    row: row.number,
                    column,
                    header: sheet.headers.get(column).cloned().unwrap_or_default(),
                    message,
                });
            }
        }
        if stage.name.trim().is_empty() {
            stage.name = if id.is_empty() {
                format!("{} {}", stage.kind.label(), row.number)
            } else {
                id.clone()
            };
        }
        let base = if id.is_empty() {
            stage.name.clone()
        } else {
            id
        };
        stage.id = fresh_id(&base, ids.len(), |c| ids.contains(c));
        ids.insert(stage.id.0.clone());
        stages.push(stage);
    }
    let notes = fraction_notes(sheet, targets);
    Preview {
        stages,
        errors,
        notes,
    }
}

/// A note for every share column (0-100%) whose numbers all lie between 0 and 1, one of
/// them strictly: a workbook cell formatted as a percentage holds its fraction (5% is 0.05),
/// and the reader sees only the number, so such a column would import as shares a hundred
/// times too small. Not refused: 0.5% is a share too.
fn fraction_notes(sheet: &Sheet, targets: &[Target]) -> Vec<CellError> {
    let mut notes = Vec::new();
    for (column, target) in targets.iter().enumerate() {
        let Target::Field(field) = target else {
            continue;
        };
        if field.rule != Rule::Percent {
            continue;
        }
        let numbers: Vec<f64> = sheet
            .rows
            .iter()
            .filter_map(|row| match row.cells.get(column) {
                Some(Cell::Number(value)) => Some(*value),
                _ => None,
            })
            .collect();
        let all_fractions = numbers.iter().all(|v| (0.0..=1.0).contains(v));
        let some_strictly = numbers.iter().any(|v| *v > 0.0 && *v < 1.0);
        if numbers.is_empty() || !all_fractions || !some_strictly {
            continue;
        }
        notes.push(CellError {
            row: 1,
            column,
            header: sheet.headers.get(column).cloned().unwrap_or_default(),
            message: format!(
                "every number is between 0 and 1; {} is a share from 0 to 100, so 0.05 reads \
                 as 0.05%. If the sheet shows them as percentages (5%), type 5 instead, or \
                 format the column as plain numbers",
                field.key
            ),
        });
    }
    notes
}

/// Columns that stop the import whatever their cells hold: unknown, or a field filled twice.
fn column_errors(headers: &[String], targets: &[Target]) -> Vec<CellError> {
    let mut errors = Vec::new();
    for (column, target) in targets.iter().enumerate() {
        let header = headers.get(column).cloned().unwrap_or_default();
        let message = match target {
            Target::Unknown => format!(
                "'{header}' is not a stage field; map it to one (e.g. capacity_per_year) or ignore it"
            ),
            Target::Field(field) if targets[..column].contains(&Target::Field(field)) => {
                format!(
                    "a second column for {}; map one of them to another field or ignore it",
                    field.key
                )
            }
            _ => continue,
        };
        errors.push(CellError {
            row: 1,
            column,
            header,
            message,
        });
    }
    errors
}

/// True when `text` names `word`, ignoring letter case, spaces and dashes.
fn says(text: &str, word: &str) -> bool {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    squash(text) == squash(word)
}

/// The option `cell` names by the name in its words ([`choice_name`]).
fn choose<T: Copy>(cell: &Cell, options: &[(T, &str)]) -> Result<T, String> {
    let text = cell.to_string();
    options
        .iter()
        .find(|(_, words)| says(&text, choice_name(words)))
        .map(|(value, _)| *value)
        .ok_or_else(|| {
            let words: Vec<&str> = options
                .iter()
                .map(|(_, words)| choice_name(words))
                .collect();
            format!("'{text}' is not one of {}", words.join(", "))
        })
}

fn switch_of(cell: &Cell) -> Result<bool, String> {
    match cell {
        Cell::Bool(on) => Ok(*on),
        // A switch is stored as 0 or 1 exactly.
        Cell::Number(value) if value.to_bits() == 0f64.to_bits() => Ok(false),
        Cell::Number(value) if value.to_bits() == 1f64.to_bits() => Ok(true),
        _ => choose(
            cell,
            &[
                (true, "yes"),
                (false, "no"),
                (true, "true"),
                (false, "false"),
                (true, "on"),
                (false, "off"),
                (true, "1"),
                (false, "0"),
            ],
        ),
    }
}

/// The text of `cell` for a name, id, product or unit, which follows the rules a project
/// file's text does (no control characters, at most 200 characters).
fn checked_text(cell: &Cell) -> Result<String, String> {
    let text = cell.to_string();
    match super::finite::check_text(&text, false) {
        Some(problem) => Err(problem.to_string()),
        None => Ok(text),
    }
}

/// Sets `field` of `stage` from `cell`, or says why the cell cannot be used.
fn set_field(stage: &mut Stage, field: &'static Field, cell: &Cell) -> Result<(), String> {
    let key = field.key;
    if let Some(scalar) = StageField::SCALARS
        .into_iter()
        .find(|s| s.field().key == key)
    {
        let value = match (field.rule, cell) {
            (Rule::Switch, cell) => f64::from(u8::from(switch_of(cell)?)),
            (rule, Cell::Number(value)) => match rule.refusal(*value) {
                Some(reason) => return Err(format!("{value}: {reason}")),
                None => *value,
            },
            (rule, cell) => {
                let text = cell.to_string();
                parse_value(rule, &text).map_err(|reason| format!("'{text}': {reason}"))?
            }
        };
        // Every scalar of a stage can be set.
        let _ = scalar.set(stage, value);
        return Ok(());
    }
    match key {
        k if k == NAME.key => stage.name = checked_text(cell)?,
        k if k == PRODUCT.key => stage.product = checked_text(cell)?,
        k if k == UNIT.key => stage.unit = checked_text(cell)?,
        k if k == KIND.key => stage.kind = choose(cell, &StageKind::choices())?,
        k if k == LOCATION.key => stage.location = choose(cell, &Location::CHOICES)?,
        k if k == UNLINKED_OUTPUT.key => {
            stage.unlinked_output = choose(cell, &Destination::CHOICES)?;
        }
        k if k == ACTIVE.key => stage.active = switch_of(cell)?,
        _ => return Err(format!("{key} cannot be imported from a cell")),
    }
    Ok(())
}

/// The cell `field` of `stage` is written as in a template or an export: text, or a number.
pub fn cell_of(stage: &Stage, field: &Field) -> Cell {
    let key = field.key;
    if let Some(scalar) = StageField::SCALARS
        .into_iter()
        .find(|s| s.field().key == key)
    {
        return scalar.get(stage).map_or(Cell::Empty, Cell::Number);
    }
    let text = |s: &str| Cell::Text(s.to_owned());
    let word = |found: Option<&str>| found.map_or(Cell::Empty, |words| text(choice_name(words)));
    match key {
        k if k == ID.key => text(&stage.id.0),
        k if k == NAME.key => text(&stage.name),
        k if k == PRODUCT.key => text(&stage.product),
        k if k == UNIT.key => text(&stage.unit),
        k if k == KIND.key => text(stage.kind.label()),
        k if k == LOCATION.key => word(
            Location::CHOICES
                .iter()
                .find(|(l, _)| *l == stage.location)
                .map(|(_, w)| *w),
        ),
        k if k == UNLINKED_OUTPUT.key => word(
            Destination::CHOICES
                .iter()
                .find(|(d, _)| *d == stage.unlinked_output)
                .map(|(_, w)| *w),
        ),
        k if k == ACTIVE.key => text(if stage.active { "yes" } else { "no" }),
        _ => Cell::Empty,
    }
}

/// The edit that adds the previewed `stages` to `project`, laid out in columns by kind (as
/// Arrange does) and moved as a group to free space near `wanted` (a box's top-left corner).
pub fn import_edit(project: &Project, stages: Vec<Stage>, wanted: CanvasPos) -> Edit {
    let mut per_column = [0usize; StageKind::ALL.len()];
    let laid_out: Vec<CanvasPos> = stages
        .iter()
        .map(|stage| {
            let column = stage.kind.column();
            let row = per_column[column];
            per_column[column] += 1;
            CanvasPos {
                x: wanted.x + column as f32 * (BOX_WIDTH + GAP),
                y: wanted.y + row as f32 * (BOX_HEIGHT + GAP),
            }
        })
        .collect();
    let (dx, dy) = placement::free_offset(project, &laid_out, wanted);
    let placed = stages
        .into_iter()
        .zip(laid_out)
        .map(|(mut stage, at)| {
            stage.position = CanvasPos {
                x: at.x + dx,
                y: at.y + dy,
            };
            stage
        })
        .collect();
    Edit::AddStages(placed)
}

/// The stage a template's example row shows: the first stage of the built-in example
/// project (Reko Diq's mine, every figure sourced in the project's notes).
pub fn template_stage() -> Stage {
    super::examples::default_project()
        .ok()
        .and_then(|project| project.stages.into_iter().next())
        .unwrap_or_else(|| Stage::new(StageId::from("mine"), StageKind::Mining, 2028))
}

/// A CSV template: every importable key as a header and the example stage as one row.
pub fn template_csv() -> Result<Vec<u8>, ImportError> {
    let stage = template_stage();
    let fields = importable_fields();
    let mut writer = csv::Writer::from_writer(Vec::new());
    let write_error = |e: csv::Error| ImportError::Read {
        path: String::new(),
        message: e.to_string(),
    };
    writer
        .write_record(fields.iter().map(|field| field.key))
        .map_err(write_error)?;
    writer
        .write_record(
            fields
                .iter()
                .map(|field| cell_of(&stage, field).to_string()),
        )
        .map_err(write_error)?;
    writer.into_inner().map_err(|e| ImportError::Read {
        path: String::new(),
        message: e.to_string(),
    })
}

/// An XLSX template: the same header and row as [`template_csv`], numbers as numbers, with a
/// second sheet giving each key's label, unit and meaning.
pub fn template_xlsx() -> Result<Vec<u8>, ImportError> {
    use rust_xlsxwriter::{Format, Workbook};
    let fail = |e: rust_xlsxwriter::XlsxError| ImportError::Read {
        path: String::new(),
        message: e.to_string(),
    };
    let stage = template_stage();
    let fields = importable_fields();
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet().set_name("Stages").map_err(fail)?;
    for (column, field) in fields.iter().enumerate() {
        let column = column as u16;
        sheet
            .write_string_with_format(0, column, field.key, &bold)
            .map_err(fail)?;
        match cell_of(&stage, field) {
            Cell::Number(value) => sheet.write_number(1, column, value).map(|_| ()),
            Cell::Empty => Ok(()),
            other => sheet.write_string(1, column, other.to_string()).map(|_| ()),
        }
        .map_err(fail)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(fail)?;
    let keys = workbook.add_worksheet().set_name("Keys").map_err(fail)?;
    for (column, title) in ["Key", "Label", "Unit", "What it is"]
        .into_iter()
        .enumerate()
    {
        keys.write_string_with_format(0, column as u16, title, &bold)
            .map_err(fail)?;
    }
    for (row, field) in fields.iter().enumerate() {
        let row = row as u32 + 1;
        let units = crate::model::catalogue::Units {
            unit: "unit",
            money: "USD",
            feed: "feed",
            ..Default::default()
        };
        keys.write_string(row, 0, field.key).map_err(fail)?;
        keys.write_string(row, 1, field.label_text(&units).as_ref())
            .map_err(fail)?;
        keys.write_string(row, 2, field.unit_text(&units).as_ref())
            .map_err(fail)?;
        keys.write_string(row, 3, field.help_text(&units).as_ref())
            .map_err(fail)?;
    }
    workbook.save_to_buffer().map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_do() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }

    #[test]
    fn every_importable_field_is_written_and_read_back() {
        let stage = template_stage();
        let fields = importable_fields();
        assert!(fields.len() > 25, "{}", fields.len());
        let sheet = Sheet {
            headers: fields.iter().map(|f| f.key.to_owned()).collect(),
            rows: vec![SheetRow {
                number: 2,
                cells: fields.iter().map(|f| cell_of(&stage, f)).collect(),
            }],
        };
        let project = Project::empty("Empty", 2025);
        let targets = targets(&sheet.headers, &[]).unwrap();
        let preview = preview(&project, &sheet, &targets);
        assert_eq!(preview.errors, []);
        let mut imported = preview.stages[0].clone();
        assert_eq!(imported.id, stage.id);
        // What a row cannot carry stays as a new stage has it.
        imported.position = stage.position;
        for field in fields {
            // A field added to the catalogue without a cell of its own would come out empty.
            assert_ne!(
                cell_of(&stage, field),
                Cell::Empty,
                "{} has no cell",
                field.key
            );
            assert_eq!(
                cell_of(&imported, field),
                cell_of(&stage, field),
                "{}",
                field.key
            );
        }
    }
}
