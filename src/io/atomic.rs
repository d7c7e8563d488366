//! Replacing files so that a crash, a kill, a full disk or a second save at the same moment
//! never leaves a half-written file: projects (with a `.bak` of the version replaced, through
//! symbolic links), recovery copies, and exports (never through a link, a whole set of files
//! or none). `docs/FORMAT.md` (Saving) describes the steps.

use std::fs::{self, File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Where the previous version of `path` is kept by [`super::save_project`]: `FILE.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".bak");
    PathBuf::from(name)
}

/// Whether [`write_atomically`] keeps the file it replaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backup {
    /// Keep the replaced file as [`backup_path`].
    Keep,
    /// Replace it without a copy (recovery files, which are copies already).
    None,
}

/// Replaces the file at `path` with `bytes` so that, whatever happens (a crash, a kill, a full
/// disk), the file afterwards holds either its old contents or all of `bytes`: the bytes go
/// to a temporary file in the same folder, which is synced to disk and then renamed over
/// `path` (a rename within one folder is atomic). A symbolic link is followed, so the file it
/// points to is replaced and the link kept, even when that file does not exist yet; a link
/// that leads round in a loop is refused. The folder is synced too where the system allows.
///
/// Saves of the same folder take turns (an advisory lock on the folder, on Unix), so two
/// saves of one file at once leave no temporary file and each `.bak` is the version that
/// save replaced.
pub fn write_atomically(path: &Path, bytes: &[u8], backup: Backup) -> std::io::Result<()> {
    let target = resolve_link(path)?;
    replace_file(&target, bytes, backup)
}

/// Writes an export (a chart, a report) atomically as [`write_atomically`] does, without a
/// `.bak`, and never through a symbolic link: a link at `path` is itself replaced by the new
/// file, so the file it pointed to is left as it was.
pub fn write_export(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    replace_file(path, bytes, Backup::None)
}

/// A write of [`write_all_or_nothing`] that failed: the file and what the system said.
#[derive(Debug)]
pub struct FailedWrite {
    /// The file being written.
    pub path: PathBuf,
    /// What the system said.
    pub source: std::io::Error,
}

/// Writes every `(file name, bytes)` of `files` into `dir`, all or none: each goes to a
/// temporary file beside its target and is synced; only when all are on disk are they renamed
/// into place. If any write fails, every temporary file is removed and `dir` is as it was.
/// Links at the targets are replaced, never followed, as in [`write_export`].
pub fn write_all_or_nothing(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), FailedWrite> {
    let failed = |path: &Path| {
        let path = path.to_owned();
        move |source| FailedWrite { path, source }
    };
    let _turn = lock_folder(dir).map_err(failed(dir))?;
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::with_capacity(files.len());
    let mut result = Ok(());
    for (name, bytes) in files {
        let target = dir.join(name);
        // A folder in the way would only fail at the rename, after other files were renamed.
        if fs::symlink_metadata(&target).is_ok_and(|meta| meta.is_dir()) {
            result = Err(FailedWrite {
                path: target,
                source: std::io::Error::new(
                    std::io::ErrorKind::IsADirectory,
                    "a folder of that name is in the way",
                ),
            });
            break;
        }
        let step = create_temporary(dir, name.as_ref()).and_then(|(temporary, mut file)| {
            written.push((temporary, target.clone()));
            file.write_all(bytes)?;
            file.sync_all()
        });
        if let Err(source) = step {
            result = Err(FailedWrite {
                path: target,
                source,
            });
            break;
        }
    }
    if result.is_ok() {
        for (temporary, target) in &written {
            if let Err(source) = fs::rename(temporary, target) {
                result = Err(FailedWrite {
                    path: target.clone(),
                    source,
                });
                break;
            }
        }
        sync_folder(dir);
    }
    // Whatever was not renamed into place is removed; a renamed one is no longer there.
    for (temporary, _) in &written {
        let _ = fs::remove_file(temporary);
    }
    result
}

/// The atomic replacement of [`write_atomically`], at a path whose links are already resolved
/// (or are to be replaced).
fn replace_file(target: &Path, bytes: &[u8], backup: Backup) -> std::io::Result<()> {
    let Some(file_name) = target.file_name() else {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the path has no file name",
        ));
    };
    let dir = folder_of(target);
    let _turn = lock_folder(dir)?;
    let (temporary, mut file) = create_temporary(dir, file_name)?;
    let result = (|| {
        file.write_all(bytes)?;
        file.flush()?;
        // A replaced file keeps its permissions (a shared project stays readable by the group).
        if let Ok(existing) = fs::symlink_metadata(target)
            && existing.is_file()
        {
            file.set_permissions(existing.permissions())?;
        }
        file.sync_all()?;
        drop(file);
        if backup == Backup::Keep && fs::symlink_metadata(target).is_ok_and(|m| m.is_file()) {
            keep_backup(target, dir, file_name)?;
        }
        fs::rename(&temporary, target)?;
        sync_folder(dir);
        Ok(())
    })();
    if result.is_err() {
        // Best effort: the temporary file is all that could be left behind.
        let _ = fs::remove_file(&temporary);
    }
    result
}

/// Most links followed from one path before it counts as a loop (Linux's own limit).
const MAX_LINKS_FOLLOWED: usize = 40;

/// The file a chain of symbolic links ends at (so saving through a link keeps the link), or
/// `path` when it is not a link. The end need not exist: a link to a file not yet written is
/// followed, and the file created there. A loop is an error.
fn resolve_link(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_owned();
    for _ in 0..MAX_LINKS_FOLLOWED {
        let is_link =
            fs::symlink_metadata(&current).is_ok_and(|meta| meta.file_type().is_symlink());
        if !is_link {
            return Ok(current);
        }
        let points_to = fs::read_link(&current)?;
        // A relative link is relative to the folder holding the link.
        current = folder_of(&current).join(points_to);
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!(
            "{} is a symbolic link that leads round in a loop (or through more than \
             {MAX_LINKS_FOLLOWED} links); point it at a file or remove it",
            path.display()
        ),
    ))
}

/// How long a save waits for another save in the same folder to finish.
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Takes this process's turn to save in `dir`: an advisory lock on the folder, held until the
/// returned handle is dropped. Waits up to [`LOCK_WAIT`] for another save. Where folders
/// cannot be locked (other systems, some network file systems), saves go ahead unlocked.
fn lock_folder(dir: &Path) -> std::io::Result<Option<File>> {
    #[cfg(unix)]
    {
        let Ok(folder) = File::open(dir) else {
            return Ok(None);
        };
        let started = std::time::Instant::now();
        loop {
            match folder.try_lock() {
                Ok(()) => return Ok(Some(folder)),
                Err(fs::TryLockError::WouldBlock) if started.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(std::time::Duration::from_millis(5));
                }
                Err(fs::TryLockError::WouldBlock) => {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::WouldBlock,
                        format!(
                            "another program has been saving in {} for {} s; try again",
                            dir.display(),
                            LOCK_WAIT.as_secs()
                        ),
                    ));
                }
                Err(fs::TryLockError::Error(_)) => return Ok(None),
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(None)
    }
}

/// The folder holding `path` ("." for a bare file name).
fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// Makes the previous version of `target` its `.bak`, itself atomically: a hard link (no copy,
/// no extra space) or, where links are not supported, a synced copy, renamed into place.
fn keep_backup(target: &Path, dir: &Path, file_name: &std::ffi::OsStr) -> std::io::Result<()> {
    let (temporary, file) = create_temporary(dir, file_name)?;
    drop(file);
    let result = (|| {
        fs::remove_file(&temporary)?;
        if fs::hard_link(target, &temporary).is_err() {
            fs::copy(target, &temporary)?;
            File::open(&temporary)?.sync_all()?;
        }
        fs::rename(&temporary, backup_path(target))
    })();
    // Renaming a file over another name of the same file (a `.bak` already linked to it)
    // succeeds without removing the old name, so the temporary name is removed in every case.
    let _ = fs::remove_file(&temporary);
    result
}

/// Distinguishes temporary files made by one process.
static TEMPORARY_COUNTER: AtomicU64 = AtomicU64::new(0);

/// A new file `.NAME.PID.N.tmp` beside the target, created exclusively (never an existing file).
fn create_temporary(dir: &Path, file_name: &std::ffi::OsStr) -> std::io::Result<(PathBuf, File)> {
    let mut last_error = None;
    for _ in 0..100 {
        let count = TEMPORARY_COUNTER.fetch_add(1, Ordering::Relaxed);
        let mut name = std::ffi::OsString::from(".");
        name.push(file_name);
        name.push(format!(".{}.{count}.tmp", std::process::id()));
        let path = dir.join(name);
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                last_error = Some(error);
            }
            Err(error) => return Err(error),
        }
    }
    Err(last_error.unwrap_or_else(|| std::io::Error::other("no free temporary file name")))
}

/// Syncs a folder so a rename in it survives a power cut (Unix; elsewhere the rename is left
/// to the system). Failure is ignored: some file systems do not sync folders.
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(folder) = File::open(dir) {
        let _ = folder.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}
