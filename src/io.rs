//! Reading and writing project files: RON (the native format) and JSON (for other tools).
//!
//! Files carry a `version`. A file is first probed for its version alone, so that a file from a
//! newer Uplift gets a clear message instead of a list of unknown fields, and so that older
//! versions can be migrated as the format grows.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::model::{FORMAT_VERSION, Project};

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
    #[error("{}the file has format version {found}; this Uplift reads versions 1 to {FORMAT_VERSION}. Update Uplift to open it.", source_prefix(.path.as_deref()))]
    NewerVersion {
        /// The file, when the text came from one.
        path: Option<PathBuf>,
        /// Version found in the file.
        found: u32,
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
            other => other,
        }
    }

    /// Line and column of a syntax error, when there is one.
    pub fn position(&self) -> Option<TextPosition> {
        match self {
            Self::Syntax { position, .. } => Some(*position),
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

fn ron_options() -> ron::Options {
    ron::Options::default()
}

fn syntax_error_from_ron(error: &ron::error::SpannedError) -> FileError {
    FileError::Syntax {
        path: None,
        position: TextPosition {
            line: error.span.start.line,
            column: error.span.start.col,
        },
        message: error.code.to_string(),
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

fn check_version(found: u32) -> Result<(), FileError> {
    if found > FORMAT_VERSION {
        return Err(FileError::NewerVersion { path: None, found });
    }
    Ok(())
}

/// Parses a project from RON text.
pub fn project_from_ron(text: &str) -> Result<Project, FileError> {
    // The version is probed only when the full parse fails (a newer file may not fit this
    // model): probing first would read every file twice.
    ron_options()
        .from_str::<Project>(text)
        .or_else(|error| {
            if let Ok(probe) = ron_options().from_str::<VersionProbe>(text) {
                check_version(probe.version)?;
            }
            Err(syntax_error_from_ron(&error))
        })
        .and_then(|project| check_version(project.version).map(|()| project))
}

/// Parses a project from JSON text.
pub fn project_from_json(text: &str) -> Result<Project, FileError> {
    serde_json::from_str::<Project>(text)
        .or_else(|error| {
            if let Ok(probe) = serde_json::from_str::<VersionProbe>(text) {
                check_version(probe.version)?;
            }
            Err(syntax_error_from_json(&error))
        })
        .and_then(|project| check_version(project.version).map(|()| project))
}

/// Writes a project as pretty RON, stable between saves.
pub fn project_to_ron(project: &Project) -> Result<String, FileError> {
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ".to_owned())
        .separate_tuple_members(false)
        .enumerate_arrays(false);
    let mut text = ron_options()
        .to_string_pretty(project, config)
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

/// Parses text in the given format.
pub fn project_from_str(text: &str, format: FileFormat) -> Result<Project, FileError> {
    match format {
        FileFormat::Ron => project_from_ron(text),
        FileFormat::Json => project_from_json(text),
    }
}

/// Serialises a project in the given format.
pub fn project_to_string(project: &Project, format: FileFormat) -> Result<String, FileError> {
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

/// Reads a project file (`.ron` or `.json`).
pub fn load_project(path: &Path) -> Result<Project, FileError> {
    let format = format_of(path)?;
    let text = std::fs::read_to_string(path).map_err(|source| FileError::Io {
        path: path.to_owned(),
        source,
    })?;
    project_from_str(&text, format).map_err(|error| error.in_file(path))
}

/// Writes a project file (`.ron` or `.json`, by extension). Writes to a temporary file beside
/// the target and renames it, so a failed save never leaves a half-written project behind.
pub fn save_project(project: &Project, path: &Path) -> Result<(), FileError> {
    let format = format_of(path)?;
    let text = project_to_string(project, format)?;
    let io_error = |source| FileError::Io {
        path: path.to_owned(),
        source,
    };
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".saving");
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, text).map_err(io_error)?;
    std::fs::rename(&temporary, path).map_err(|source| {
        // Best effort: do not leave the temporary file lying around.
        let _ = std::fs::remove_file(&temporary);
        io_error(source)
    })
}
