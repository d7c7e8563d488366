//! Reading and writing project files: RON (the native format) and JSON (for other tools).
//!
//! Files carry a `version`. A file that does not parse is probed for its version alone, so that a
//! file from a newer Uplift gets a clear message instead of a list of unknown fields; an older
//! file is read
//! and then upgraded step by step through [`MIGRATIONS`] (see `docs/FORMAT.md`).
//!
//! A large RON file has its stages and links parsed on all cores (`io/parallel.rs`); whenever that
//! path meets anything it does not expect, or any error, the file is read in one pass as a
//! small one is, and that result stands, so the two ways cannot differ in what a file means.
//!
//! Files are data only: nothing in a project is executed, included or opened. A file is refused
//! before it is read when it is larger than [`MAX_FILE_BYTES`], and after it is parsed when any
//! number in it is not finite (RON reads `NaN` and `inf`). Saving is atomic (a temporary file in
//! the same folder, synced, then renamed over the target) and keeps the previous version as
//! `FILE.ron.bak`, so a crash, a kill or a full disk never leaves a half-written project.

use std::fmt;
use std::fs::{self, File};
use std::io::Read as _;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::io::finite::{Problem, TextProblem, check_text, first_problem};
use crate::model::{FORMAT_VERSION, Project};

mod atomic;
pub mod clipboard;
pub mod examples;
pub mod finite;
mod parallel;
mod pretty;
pub mod recovery;
pub mod stage_import;

pub use atomic::{
    Backup, FailedWrite, backup_path, write_all_or_nothing, write_atomically, write_export,
};

/// Largest project file Uplift reads, in bytes (64 MiB). A 10,000-stage project with notes and
/// sources on every stage is about 15 MB of RON, so this leaves room while keeping a stray
/// video or database dump from being read into memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Which syntax a project file uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileFormat {
    /// Rusty Object Notation, Uplift's own format.
    Ron,
    /// JSON, the same model, for Python, R and spreadsheets.
    Json,
}

impl FileFormat {
    /// Format from a file name's extension (`.ron` or `.json`, any case).
    pub fn from_path(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "ron" => Some(Self::Ron),
            "json" => Some(Self::Json),
            _ => None,
        }
    }
}

/// A line and column in a file, both counted from 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextPosition {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

impl fmt::Display for TextPosition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// Why a project could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The file could not be read or written at all.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The extension is neither `.ron` nor `.json`.
    #[error("{path}: unknown file type; project files end in .ron (or .json for other tools)")]
    UnknownFormat {
        /// The file.
        path: PathBuf,
    },
    /// The text is not a valid project.
    #[error("{}{position}: {message}", source_prefix(.path.as_deref()))]
    Syntax {
        /// The file, when the text came from one.
        path: Option<PathBuf>,
        /// Where the problem is.
        position: TextPosition,
        /// What is wrong.
        message: String,
    },
    /// The file was written by a newer Uplift.
    #[error("{}made with a newer Uplift, version {found}; this one reads up to {FORMAT_VERSION}. Update Uplift to open it.", source_prefix(.path.as_deref()))]
    NewerVersion {
        /// The file, when the text came from one.
        path: Option<PathBuf>,
        /// Version found in the file.
        found: u32,
    },
    /// The file names a format version no Uplift ever wrote (0).
    #[error("{}format version {found} was never written by Uplift (versions start at 1); check the file's `version` line.", source_prefix(.path.as_deref()))]
    UnknownVersion {
        /// The file, when the text came from one.
        path: Option<PathBuf>,
        /// Version found in the file.
        found: u32,
    },
    /// The file is larger than [`MAX_FILE_BYTES`]; it was not read.
    #[error("{path}: the file is {} MB; project files are at most {} MB, so this is probably not an Uplift project.", .bytes / 1_000_000, MAX_FILE_BYTES / 1_000_000)]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size, or at least how much was read before giving up.
        bytes: u64,
    },
    /// The path is a folder, a device or a pipe rather than a file.
    #[error("{path}: not a regular file; choose a .ron or .json project file.")]
    NotAFile {
        /// The path.
        path: PathBuf,
    },
    /// The file is not text (binary data, or text in an encoding other than UTF-8).
    #[error("{}{position}: the file is not UTF-8 text, so it is not an Uplift project (is it binary, or saved in another encoding?).", source_prefix(.path.as_deref()))]
    NotText {
        /// The file, when the bytes came from one.
        path: Option<PathBuf>,
        /// Where the first byte that is not UTF-8 sits.
        position: TextPosition,
    },
    /// A number in the file is NaN or infinite (RON reads `NaN`, `inf` and overflowing
    /// literals such as `1e400` as numbers).
    #[error("{}{location} is {value}; every figure must be a finite number. Correct it in a text editor and open the file again.", source_prefix(.path.as_deref()))]
    NotFinite {
        /// The file, when the text came from one.
        path: Option<PathBuf>,
        /// Where the number is, e.g. `stage 'mine' (stages[0]), capacity_per_year`.
        location: String,
        /// The number.
        value: f64,
    },
    /// A name or text holds a control character, or is longer than its cap (see
    /// `io::finite`): such text cannot be shown or exported faithfully.
    #[error("{}{location} {problem}. Correct it in a text editor and open the file again.", source_prefix(.path.as_deref()))]
    BadText {
        /// The file, when the text came from one.
        path: Option<PathBuf>,
        /// Where the text is, e.g. `stage 'mine' (stages[0]), name`.
        location: String,
        /// What is wrong with it.
        problem: TextProblem,
    },
    /// The project could not be turned into text (should not happen for valid projects).
    #[error("could not write the project: {0}")]
    Serialize(String),
}

fn source_prefix(path: Option<&Path>) -> String {
    path.map(|p| format!("{}: ", p.display()))
        .unwrap_or_default()
}

impl FileError {
    /// Attaches the file the text came from, for messages.
    fn in_file(self, file: &Path) -> Self {
        match self {
            Self::Syntax {
                position, message, ..
            } => Self::Syntax {
                path: Some(file.to_owned()),
                position,
                message,
            },
            Self::NewerVersion { found, .. } => Self::NewerVersion {
                path: Some(file.to_owned()),
                found,
            },
            Self::UnknownVersion { found, .. } => Self::UnknownVersion {
                path: Some(file.to_owned()),
                found,
            },
            Self::NotText { position, .. } => Self::NotText {
                path: Some(file.to_owned()),
                position,
            },
            Self::NotFinite {
                location, value, ..
            } => Self::NotFinite {
                path: Some(file.to_owned()),
                location,
                value,
            },
            Self::BadText {
                location, problem, ..
            } => Self::BadText {
                path: Some(file.to_owned()),
                location,
                problem,
            },
            other => other,
        }
    }

    /// Line and column of a syntax error, when there is one.
    pub fn position(&self) -> Option<TextPosition> {
        match self {
            Self::Syntax { position, .. } | Self::NotText { position, .. } => Some(*position),
            _ => None,
        }
    }
}

/// Only the version, read leniently before the full parse.
#[derive(Deserialize)]
struct VersionProbe {
    /// Zero when missing; the full parse then reports the missing field.
    #[serde(default)]
    version: u32,
}

/// How deep values may nest in a RON file. The model nests five deep at most; ron's default
/// (128) is kept explicit here because it is what stops a file of a million `[` from
/// exhausting the stack. `serde_json` has the same limit (128) built in.
const RON_RECURSION_LIMIT: usize = 128;

pub(crate) fn ron_options() -> ron::Options {
    ron::Options::default().with_recursion_limit(RON_RECURSION_LIMIT)
}

fn syntax_error_from_ron(error: &ron::error::SpannedError) -> FileError {
    FileError::Syntax {
        path: None,
        position: TextPosition {
            line: error.span.start.line,
            column: error.span.start.col,
        },
        message: ron_message(&error.code),
    }
}

/// ron's message, with what to write instead where a published study's spelling trips it: a
/// choice such as `unlinked_output` is a name, so `"domestic market"` in quotes is refused.
fn ron_message(code: &ron::error::Error) -> String {
    match code {
        ron::error::Error::ExpectedIdentifier => format!(
            "{code}; if this is a choice, write it as a name without quotes, with underscores \
             for spaces (unlinked_output: domestic_market, location: domestic, kind: mining)"
        ),
        other => other.to_string(),
    }
}

fn syntax_error_from_json(error: &serde_json::Error) -> FileError {
    FileError::Syntax {
        path: None,
        position: TextPosition {
            line: error.line(),
            column: error.column(),
        },
        message: strip_json_position(&error.to_string()),
    }
}

/// `serde_json` appends " at line L column C" to its messages; the position is reported apart.
fn strip_json_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(cut) => message[..cut].to_owned(),
        None => message.to_owned(),
    }
}

/// One step of the migration chain: upgrades a project read from a file of version `from` to
/// version `from + 1`. [`upgrade`] sets `version` itself after each step.
///
/// While a new version only adds optional fields with serde defaults, an older file parses
/// straight into today's [`Project`] and its step has nothing to change. A version that renames
/// or restructures fields parses the older files into a frozen copy of the older types instead
/// and converts; `docs/FORMAT.md` says how.
pub struct Migration {
    /// Version this step reads.
    pub from: u32,
    /// Changes the project from version `from` to `from + 1`.
    pub upgrade: fn(&mut Project),
}

/// Every step from version 1 to [`FORMAT_VERSION`], oldest first: `MIGRATIONS[i].from == i + 1`.
/// A test checks the chain is complete, so adding a version without its step fails the build's
/// tests.
pub const MIGRATIONS: &[Migration] = &[
    // Version 2 added scenarios, levers, uncertainties and policy settings, all optional.
    Migration {
        from: 1,
        upgrade: crate::model::scenario::upgrade_v1_to_v2,
    },
];

/// Brings a project read from a file of version `found` up to [`FORMAT_VERSION`].
fn upgrade(mut project: Project, found: u32) -> Result<Project, FileError> {
    check_version(found)?;
    let mut version = found;
    while version < FORMAT_VERSION {
        let Some(step) = MIGRATIONS.iter().find(|step| step.from == version) else {
            return Err(FileError::UnknownVersion { path: None, found });
        };
        (step.upgrade)(&mut project);
        version += 1;
        project.version = version;
    }
    Ok(project)
}

fn check_version(found: u32) -> Result<(), FileError> {
    if found > FORMAT_VERSION {
        return Err(FileError::NewerVersion { path: None, found });
    }
    if found == 0 {
        return Err(FileError::UnknownVersion { path: None, found });
    }
    Ok(())
}

/// Refuses a project holding a number that is not finite, or text with a control character or
/// beyond its length cap, naming where it is.
fn check_contents(project: &Project) -> Result<(), FileError> {
    match first_problem(project) {
        None => Ok(()),
        Some(Problem::NotFinite(found)) => Err(FileError::NotFinite {
            path: None,
            location: describe_path(project, &found.path),
            value: found.value,
        }),
        Some(Problem::Text(found)) => Err(FileError::BadText {
            path: None,
            location: describe_path(project, &found.path),
            problem: found.problem,
        }),
    }
}

/// `stages[3].capacity_per_year` as a planner reads it: `stage 'mill' (stages[3]), capacity_per_year`.
fn describe_path(project: &Project, path: &str) -> String {
    let stage = path
        .strip_prefix("stages[")
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(index, rest)| Some((index.parse::<usize>().ok()?, rest)));
    // A stage is named by its id only when the id itself is printable.
    if let Some((index, rest)) = stage
        && let Some(found) = project.stages.get(index)
        && check_text(&found.id.0, false).is_none()
    {
        let rest = rest.trim_start_matches('.');
        return format!("stage '{}' (stages[{index}]), {rest}", found.id);
    }
    path.to_owned()
}

/// A project read from a file, with the version the file had before it was upgraded.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedFile {
    /// The project, upgraded to [`FORMAT_VERSION`].
    pub project: Project,
    /// The `version` the file carried.
    pub file_version: u32,
}

/// RON files at least this large have their stages and links parsed in parallel (see
/// `io/parallel.rs`); smaller ones are read in one pass, where splitting would save less than a
/// millisecond. 256 KiB is about 150 stages.
pub const PARALLEL_PARSE_MIN_BYTES: usize = 256 * 1024;

fn parse_ron(text: &str) -> Result<LoadedFile, FileError> {
    parse_ron_above(text, PARALLEL_PARSE_MIN_BYTES)
}

/// Reads RON text, in parallel when it is at least `parallel_min_bytes` long. The parallel path
/// returns only a project it read without any error; for everything else (a file it does not
/// take apart, any error at all) the whole file is read again in one pass and that result
/// returned, so both ways give the same project, or the same error at the same line and
/// column.
fn parse_ron_above(text: &str, parallel_min_bytes: usize) -> Result<LoadedFile, FileError> {
    if text.len() >= parallel_min_bytes
        && let Some(loaded) = parse_ron_in_parallel(text)
    {
        return Ok(loaded);
    }
    read_ron_in_one_pass(text)
}

/// The parallel path of [`parse_ron_above`]: `None` on anything but complete success.
fn parse_ron_in_parallel(text: &str) -> Option<LoadedFile> {
    let mut project = parallel::parse_project(text, &ron_options())?;
    if project.version != FORMAT_VERSION {
        // An older file is upgraded first; it is then checked whole, as any other.
        return finish(project).ok();
    }
    // The stages and links were checked for numbers that are not finite and for text that is
    // not allowed as they were read, on every core; the rest is checked here, without them.
    let stages = std::mem::take(&mut project.stages);
    let links = std::mem::take(&mut project.links);
    let finished = finish(project).ok();
    finished.map(|mut loaded| {
        loaded.project.stages = stages;
        loaded.project.links = links;
        loaded
    })
}

/// Reads RON text in one pass, never in parallel. [`read_str`] gives the same result (for
/// large files, faster); tests compare the two.
pub fn read_ron_in_one_pass(text: &str) -> Result<LoadedFile, FileError> {
    match ron_options().from_str::<Project>(text) {
        Ok(project) => finish(project),
        Err(error) => {
            // A file from a newer Uplift may not parse as today's project; say it is newer
            // rather than list what this build does not know. Only failures pay for the probe.
            if let Ok(probe) = ron_options().from_str::<VersionProbe>(text) {
                check_version(probe.version)?;
            }
            Err(syntax_error_from_ron(&error))
        }
    }
}

fn parse_json(text: &str) -> Result<LoadedFile, FileError> {
    match serde_json::from_str::<Project>(text) {
        Ok(project) => finish(project),
        Err(error) => {
            if let Ok(probe) = serde_json::from_str::<VersionProbe>(text) {
                check_version(probe.version)?;
            }
            Err(syntax_error_from_json(&error))
        }
    }
}

/// Checks and upgrades a freshly parsed project.
fn finish(project: Project) -> Result<LoadedFile, FileError> {
    let file_version = project.version;
    let project = upgrade(project, file_version)?;
    check_contents(&project)?;
    Ok(LoadedFile {
        project,
        file_version,
    })
}

/// Parses text in the given format, keeping the file's own version.
pub fn read_str(text: &str, format: FileFormat) -> Result<LoadedFile, FileError> {
    match format {
        FileFormat::Ron => parse_ron(text),
        FileFormat::Json => parse_json(text),
    }
}

/// Parses a project from RON text.
pub fn project_from_ron(text: &str) -> Result<Project, FileError> {
    parse_ron(text).map(|loaded| loaded.project)
}

/// Parses a project from JSON text.
pub fn project_from_json(text: &str) -> Result<Project, FileError> {
    parse_json(text).map(|loaded| loaded.project)
}

/// Parses raw bytes (a file's contents) in the given format: they must be UTF-8 text.
pub fn read_bytes(bytes: &[u8], format: FileFormat) -> Result<LoadedFile, FileError> {
    let text = std::str::from_utf8(bytes).map_err(|error| FileError::NotText {
        path: None,
        position: position_of_byte(bytes, error.valid_up_to()),
    })?;
    read_str(text, format)
}

/// Line and column (in characters) of byte `offset`, from the valid UTF-8 before it.
fn position_of_byte(bytes: &[u8], offset: usize) -> TextPosition {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let before = String::from_utf8_lossy(before);
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |last| last.chars().count())
        + 1;
    TextPosition { line, column }
}

/// Projects with at least this many stages and links together are printed in parallel.
const PARALLEL_PRINT_MIN_ELEMENTS: usize = 500;

/// Writes a project as pretty RON, stable between saves.
pub fn project_to_ron(project: &Project) -> Result<String, FileError> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ".to_owned())
        .separate_tuple_members(false)
        .enumerate_arrays(false);
    let options = ron_options();
    // A large project's stages and links are printed on every core; the text is the same.
    let parallel = (project.stages.len() + project.links.len() >= PARALLEL_PRINT_MIN_ELEMENTS)
        .then(|| pretty::project_to_ron(project, &options, &config))
        .flatten();
    let mut text = match parallel {
        Some(printed) => printed,
        None => options.to_string_pretty(project, config),
    }
    .map_err(|error| FileError::Serialize(error.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// Writes a project as pretty JSON.
pub fn project_to_json(project: &Project) -> Result<String, FileError> {
    let mut text = serde_json::to_string_pretty(project)
        .map_err(|error| FileError::Serialize(error.to_string()))?;
    text.push('\n');
    Ok(text)
}

/// Serialises a project in the given format.
fn project_to_string(project: &Project, format: FileFormat) -> Result<String, FileError> {
    match format {
        FileFormat::Ron => project_to_ron(project),
        FileFormat::Json => project_to_json(project),
    }
}

fn format_of(path: &Path) -> Result<FileFormat, FileError> {
    FileFormat::from_path(path).ok_or_else(|| FileError::UnknownFormat {
        path: path.to_owned(),
    })
}

/// Reads a file's bytes, refusing anything that is not a regular file or is larger than
/// `limit_bytes` before reading it (and while reading, in case it grows).
pub fn read_limited(path: &Path, limit_bytes: u64) -> Result<Vec<u8>, FileError> {
    let io_error = |source| FileError::Io {
        path: path.to_owned(),
        source,
    };
    // Checked before opening: opening a pipe would wait for a writer forever.
    let metadata = fs::metadata(path).map_err(io_error)?;
    if !metadata.is_file() {
        return Err(FileError::NotAFile {
            path: path.to_owned(),
        });
    }
    let too_large = |bytes| FileError::TooLarge {
        path: path.to_owned(),
        bytes,
    };
    if metadata.len() > limit_bytes {
        return Err(too_large(metadata.len()));
    }
    let file = File::open(path).map_err(io_error)?;
    // Room for the whole file at once: grown step by step, a large file is copied several
    // times over and its memory touched afresh each time.
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).map_or(0, |len| len + 1));
    file.take(limit_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > limit_bytes {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads a project file (`.ron` or `.json`), keeping the version the file had.
pub fn read_project_file(path: &Path) -> Result<LoadedFile, FileError> {
    let format = format_of(path)?;
    let bytes = read_limited(path, MAX_FILE_BYTES)?;
    read_bytes(&bytes, format).map_err(|error| error.in_file(path))
}

/// Reads a project file (`.ron` or `.json`), upgraded to the current format version.
pub fn load_project(path: &Path) -> Result<Project, FileError> {
    read_project_file(path).map(|loaded| loaded.project)
}

/// Writes a project file (`.ron` or `.json`, by extension) atomically, keeping the previous
/// version as [`backup_path`]. On failure the file at `path` is as it was. A project that could
/// not be opened again (a number that is not finite, a name with a control character or
/// beyond its cap) is refused with the same message opening it would give, before anything
/// is written.
pub fn save_project(project: &Project, path: &Path) -> Result<(), FileError> {
    let format = format_of(path)?;
    check_contents(project).map_err(|error| error.in_file(path))?;
    let text = project_to_string(project, format)?;
    write_atomically(path, text.as_bytes(), Backup::Keep).map_err(|source| FileError::Io {
        path: path.to_owned(),
        source,
    })
}
