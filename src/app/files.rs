//! The vocabulary of opening, saving and exporting: the steps queued by prompts and dropped
//! files ([`Command`]), what to do once unsaved changes are dealt with ([`Proceed`]), what the
//! built-in path prompt is for ([`PathPurpose`]), and the small rules for file names. What
//! the steps do is the shell's (`app/shell/file_commands.rs`); how the prompts look is its
//! `modals` part.

use std::path::{Path, PathBuf};

use crate::chart::Chart;
use crate::chart::export::ExportFormat;
use crate::io::FileFormat;

/// A step of opening, saving or exporting, queued (as [`super::action::Action::File`]) by
/// prompts, dropped files and the charts view, and run in the logic pass (it may open a system
/// dialog, which blocks). New, Open, Save and the like are commands of the command table
/// ([`super::commands::UiCommand`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Open this file (recent files, a dropped file).
    OpenPath(PathBuf),
    /// Open bundled example number `n` as an unsaved copy.
    OpenExample(usize),
    /// Unsaved-changes prompt: save, then go on.
    SaveThen(Proceed),
    /// Unsaved-changes prompt: drop the changes and go on.
    DiscardThen(Proceed),
    /// The path prompt was confirmed.
    SubmitPath(PathPurpose, PathBuf),
    /// Export this chart (asks for a file).
    ExportChart(Box<Chart>, ExportFormat),
    /// Write the report bundle (asks for a folder).
    ExportReport,
    /// Write the workbook (asks for a file).
    ExportWorkbook,
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
    pub(super) fn description(&self) -> &'static str {
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
    /// Read the spreadsheet at the path and preview its stages for import.
    ImportStages,
    /// Write the import template to the path.
    ImportTemplate,
    /// Write the report bundle into the folder at the path.
    Report,
    /// Write the workbook to the path.
    Workbook,
}

/// The file name of `path` for titles and menus.
pub(super) fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}

/// Adds `.ron` when the name has neither `.ron` nor `.json`, as a save dialog would.
pub(super) fn with_project_extension(path: PathBuf) -> PathBuf {
    if FileFormat::from_path(&path).is_some() {
        return path;
    }
    let mut name = path.as_os_str().to_owned();
    name.push(".ron");
    PathBuf::from(name)
}

/// Adds `.extension` unless the name already ends with it.
pub(super) fn with_extension(path: PathBuf, extension: &str) -> PathBuf {
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
pub(super) fn expand_home(text: &str) -> PathBuf {
    if let Some(rest) = text.strip_prefix("~/")
        && let Some(home) = std::env::var_os("HOME")
    {
        return PathBuf::from(home).join(rest);
    }
    PathBuf::from(text)
}

/// Where the path prompt starts: the working directory.
pub(super) fn default_directory() -> Option<PathBuf> {
    std::env::current_dir().ok()
}

/// A file name from a project name: "Reko Diq copper" → "reko-diq-copper".
pub(super) fn file_stem_for(project_name: &str) -> String {
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
