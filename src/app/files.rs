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

/// Most entries the path prompt lists from one folder.
pub const MAX_LISTED: usize = 200;

/// One entry of a folder, as the path prompt lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FolderEntry {
    /// The file or folder name.
    pub name: String,
    /// True for a folder.
    pub is_dir: bool,
}

/// The folder a typed path points into and the start of a name typed in it:
/// `/home/a/pro` → `/home/a/` and `pro`; `/home/a/` → `/home/a/` and nothing; `pro` → `.`
/// and `pro`.
pub fn split_typed(text: &str) -> (PathBuf, String) {
    let expanded = expand_home(text);
    let as_text = expanded.to_string_lossy().into_owned();
    match as_text.rfind(std::path::is_separator) {
        Some(end) => (
            PathBuf::from(&as_text[..=end]),
            as_text[end + 1..].to_owned(),
        ),
        None => (PathBuf::from("."), as_text),
    }
}

/// The entries of `dir` whose names start with `prefix` (ignoring case), folders first and
/// then files, each in name order; hidden ones only when `prefix` starts with a dot. At most
/// [`MAX_LISTED`]; nothing for a folder that cannot be read.
pub fn list_folder(dir: &Path, prefix: &str) -> Vec<FolderEntry> {
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let prefix_lower = prefix.to_lowercase();
    let mut entries: Vec<FolderEntry> = read
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let hidden = name.starts_with('.') && !prefix.starts_with('.');
            let matches = name.to_lowercase().starts_with(&prefix_lower);
            (matches && !hidden).then(|| FolderEntry {
                is_dir: entry.path().is_dir(),
                name,
            })
        })
        .collect();
    entries.sort_by(|a, b| {
        b.is_dir
            .cmp(&a.is_dir)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    entries.truncate(MAX_LISTED);
    entries
}

/// The typed path with `entry` of its folder put in place of the name being typed (a folder
/// gets a trailing separator, so its own entries are listed next).
pub fn with_entry(text: &str, entry: &FolderEntry) -> String {
    let (dir, _) = split_typed(text);
    let mut path = dir.join(&entry.name).to_string_lossy().into_owned();
    if entry.is_dir {
        path.push(std::path::MAIN_SEPARATOR);
    }
    path
}

/// Tab completion of a typed path: the one entry it can be, or as far as every entry it can
/// be agrees. `None` when nothing matches or there is nothing to add.
pub fn complete_path(text: &str) -> Option<String> {
    let (dir, prefix) = split_typed(text);
    let entries = list_folder(&dir, &prefix);
    let completed = match entries.as_slice() {
        [] => return None,
        [only] => with_entry(text, only),
        several => {
            let mut common: Vec<char> = several[0].name.chars().collect();
            for entry in &several[1..] {
                let same = common
                    .iter()
                    .zip(entry.name.chars())
                    .take_while(|(a, b)| **a == *b)
                    .count();
                common.truncate(same);
            }
            let common: String = common.into_iter().collect();
            if common.chars().count() <= prefix.chars().count() {
                return None;
            }
            dir.join(common).to_string_lossy().into_owned()
        }
    };
    (completed != text).then_some(completed)
}

/// A folder as people read it: the home folder written `~`.
pub fn folder_text(dir: &Path) -> String {
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from)
        && let Ok(rest) = dir.strip_prefix(&home)
    {
        return if rest.as_os_str().is_empty() {
            "~".to_owned()
        } else {
            format!("~{}{}", std::path::MAIN_SEPARATOR, rest.display())
        };
    }
    dir.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_path_completes_to_the_one_entry_or_as_far_as_they_agree() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("projects")).unwrap();
        std::fs::write(root.join("chain-copper.ron"), "").unwrap();
        std::fs::write(root.join("chain-zinc.ron"), "").unwrap();
        std::fs::write(root.join(".hidden"), "").unwrap();
        let typed = |name: &str| format!("{}{}{name}", root.display(), std::path::MAIN_SEPARATOR);
        // One match: a folder gets its separator.
        assert_eq!(
            complete_path(&typed("pro")),
            Some(format!(
                "{}{}",
                typed("projects"),
                std::path::MAIN_SEPARATOR
            ))
        );
        // Two matches: as far as they agree, then nothing more to add.
        assert_eq!(complete_path(&typed("ch")), Some(typed("chain-")));
        assert_eq!(complete_path(&typed("chain-")), None);
        assert_eq!(complete_path(&typed("nothing")), None);
        // The listing: folders first, no hidden files, filtered by what is typed.
        let names: Vec<String> = list_folder(root, "")
            .into_iter()
            .map(|entry| entry.name)
            .collect();
        assert_eq!(names, ["projects", "chain-copper.ron", "chain-zinc.ron"]);
        assert_eq!(list_folder(root, "CHAIN-Z").len(), 1);
    }

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
