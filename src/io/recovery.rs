//! Crash recovery, without a window: where unsaved work is kept, and writing, reading and
//! clearing it. The window decides when (at most every [`RECOVERY_INTERVAL`] while there are
//! unsaved changes, and on exit); this module only does the file work, so it is tested here.
//!
//! The recovery file is an ordinary project file (`recovery.ron`), written with the same atomic
//! save as any project and read with the same checks, so it can also be opened by hand. Beside
//! it, `recovery-info.ron` names the file the work came from, if any. Crash reports
//! (`crash-<time>.txt`) go in the same folder and never touch the recovery file.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::io::{self, Backup, FileError};
use crate::model::Project;

/// Environment variable naming the folder for recovery files and crash reports, instead of the
/// system's data folder (tests use it; so can a portable install).
pub const DATA_DIR_ENV: &str = "UPLIFT_DATA_DIR";

/// Longest time unsaved changes go without a recovery copy.
pub const RECOVERY_INTERVAL: Duration = Duration::from_secs(30);

const RECOVERY_FILE: &str = "recovery.ron";
const INFO_FILE: &str = "recovery-info.ron";
/// Largest info file read; it holds one path.
const MAX_INFO_BYTES: u64 = 64 * 1024;

/// What is kept beside the recovered project.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct RecoveryInfo {
    /// The file the unsaved work came from; `None` for a project never saved.
    original_path: Option<PathBuf>,
}

/// Unsaved work found on start.
#[derive(Clone, Debug, PartialEq)]
pub struct Recovered {
    /// The project as it was at the last recovery write.
    pub project: Project,
    /// The file it came from, if it had one.
    pub original_path: Option<PathBuf>,
    /// When the recovery copy was written, if the system says.
    pub written_at: Option<SystemTime>,
}

/// The folder holding the recovery file and crash reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryStore {
    dir: PathBuf,
}

impl RecoveryStore {
    /// A store in `dir` (created on the first write).
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// A store in the folder named by [`DATA_DIR_ENV`] when it is set, else in `default` (the
    /// system's data folder for Uplift, which the window gets from eframe).
    pub fn from_env_or(default: Option<PathBuf>) -> Option<Self> {
        std::env::var_os(DATA_DIR_ENV)
            .filter(|dir| !dir.is_empty())
            .map(PathBuf::from)
            .or(default)
            .map(Self::new)
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the recovery copy of unsaved work is kept.
    pub fn recovery_path(&self) -> PathBuf {
        self.dir.join(RECOVERY_FILE)
    }

    fn info_path(&self) -> PathBuf {
        self.dir.join(INFO_FILE)
    }

    /// Keeps a copy of unsaved work, atomically (a crash during the write leaves the previous
    /// copy). `original_path` is the project's own file, if it has one.
    pub fn write(&self, project: &Project, original_path: Option<&Path>) -> Result<(), FileError> {
        let io_error = |path: PathBuf| move |source| FileError::Io { path, source };
        std::fs::create_dir_all(&self.dir).map_err(io_error(self.dir.clone()))?;
        let info = RecoveryInfo {
            original_path: original_path.map(Path::to_owned),
        };
        let info_text = ron::ser::to_string_pretty(&info, ron::ser::PrettyConfig::new())
            .map_err(|error| FileError::Serialize(error.to_string()))?;
        // The info first: if the project write fails, a stale info only names the wrong file.
        io::write_atomically(&self.info_path(), info_text.as_bytes(), Backup::None)
            .map_err(io_error(self.info_path()))?;
        let text = io::project_to_ron(project)?;
        io::write_atomically(&self.recovery_path(), text.as_bytes(), Backup::None)
            .map_err(io_error(self.recovery_path()))
    }

    /// The unsaved work kept from an earlier run, if any. A recovery file that cannot be read
    /// is moved aside (to `recovery-unreadable-<time>.ron`, so it is never overwritten or lost)
    /// and its error returned.
    pub fn read(&self) -> Result<Option<Recovered>, FileError> {
        let path = self.recovery_path();
        if !path.exists() {
            return Ok(None);
        }
        let project = match io::load_project(&path) {
            Ok(project) => project,
            Err(error) => {
                let aside = self
                    .dir
                    .join(format!("recovery-unreadable-{}.ron", unix_secs_now()));
                let _ = std::fs::rename(&path, &aside);
                return Err(error);
            }
        };
        let info = io::read_limited(&self.info_path(), MAX_INFO_BYTES)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .and_then(|text| ron::from_str::<RecoveryInfo>(&text).ok())
            .unwrap_or_default();
        let written_at = std::fs::metadata(&path)
            .and_then(|meta| meta.modified())
            .ok();
        Ok(Some(Recovered {
            project,
            original_path: info.original_path,
            written_at,
        }))
    }

    /// Removes the recovery copy (after a save, or when the planner discards it). Nothing to
    /// remove is not an error.
    pub fn clear(&self) -> std::io::Result<()> {
        for path in [self.recovery_path(), self.info_path()] {
            match std::fs::remove_file(&path) {
                Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(error),
                _ => {}
            }
        }
        Ok(())
    }

    /// Writes a short crash report (`crash-<seconds since 1970>.txt`) beside the recovery file
    /// and returns its path. Never touches the recovery file.
    pub fn write_crash_report(&self, what_happened: &str) -> std::io::Result<PathBuf> {
        std::fs::create_dir_all(&self.dir)?;
        let path = self.dir.join(format!("crash-{}.txt", unix_secs_now()));
        let text = format!(
            "Uplift {} stopped unexpectedly.\n\n{what_happened}\n\nUnsaved work, if any, is in {} and is offered back on the next start.\n",
            env!("CARGO_PKG_VERSION"),
            self.recovery_path().display()
        );
        io::write_atomically(&path, text.as_bytes(), Backup::None)?;
        Ok(path)
    }
}

fn unix_secs_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::examples::default_project;

    fn store() -> (tempfile::TempDir, RecoveryStore) {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::new(dir.path().join("uplift"));
        (dir, store)
    }

    #[test]
    fn nothing_written_means_nothing_to_recover() {
        let (_dir, store) = store();
        assert_eq!(store.read().unwrap(), None);
        store.clear().unwrap();
    }

    #[test]
    fn written_work_reads_back_with_its_file_then_clears() {
        let (_dir, store) = store();
        let mut project = default_project().unwrap();
        project.name = "Unsaved work".to_owned();
        store
            .write(&project, Some(Path::new("/projects/chain.ron")))
            .unwrap();
        let found = store.read().unwrap().unwrap();
        assert_eq!(found.project, project);
        assert_eq!(
            found.original_path.as_deref(),
            Some(Path::new("/projects/chain.ron"))
        );
        assert!(found.written_at.is_some());

        // A later write replaces it; a project never saved has no file.
        store.write(&default_project().unwrap(), None).unwrap();
        let found = store.read().unwrap().unwrap();
        assert_eq!(found.original_path, None);
        assert_ne!(found.project.name, "Unsaved work");

        store.clear().unwrap();
        assert_eq!(store.read().unwrap(), None);
        assert!(!store.recovery_path().exists());
    }

    #[test]
    fn an_unreadable_recovery_file_is_moved_aside_not_lost() {
        let (_dir, store) = store();
        std::fs::create_dir_all(store.dir()).unwrap();
        std::fs::write(store.recovery_path(), "(version: 1, name: ").unwrap();
        assert!(store.read().is_err());
        assert!(!store.recovery_path().exists());
        let aside: Vec<_> = std::fs::read_dir(store.dir())
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("recovery-unreadable-"))
            .collect();
        assert_eq!(aside.len(), 1);
    }

    #[test]
    fn a_crash_report_goes_beside_the_recovery_file_and_keeps_it() {
        let (_dir, store) = store();
        let project = default_project().unwrap();
        store.write(&project, None).unwrap();
        let report = store
            .write_crash_report("panicked at src/calc.rs:1:1: boom")
            .unwrap();
        assert_eq!(report.parent(), Some(store.dir()));
        let text = std::fs::read_to_string(&report).unwrap();
        assert!(text.contains("boom"), "{text}");
        assert!(text.contains("recovery.ron"), "{text}");
        assert_eq!(store.read().unwrap().unwrap().project, project);
    }

    #[test]
    fn the_environment_overrides_the_system_folder() {
        // Only the fallback is checked here: setting the variable would race other tests.
        if std::env::var_os(DATA_DIR_ENV).is_none() {
            let store = RecoveryStore::from_env_or(Some(PathBuf::from("/data/uplift"))).unwrap();
            assert_eq!(store.dir(), Path::new("/data/uplift"));
            assert_eq!(RecoveryStore::from_env_or(None), None);
        }
    }
}
