//! Crash recovery in the window: when to keep a copy of unsaved work (at most every
//! [`RECOVERY_INTERVAL`], only when the document changed since the last copy, on a background
//! thread because serialising a large project takes longer than a frame), the answer to the
//! offer to restore it, and what happens on exit. The file work is [`crate::io::recovery`]'s;
//! the restore prompt itself is [`crate::app::recovery_prompt`]'s.
//!
//! A copy is removed once nothing is unsaved (after a save, or discarding changes).

use std::thread::JoinHandle;
use std::time::Instant;

use crate::io::FileError;
use crate::io::recovery::{RECOVERY_INTERVAL, RecoveryStore};
use crate::model::edit::Document;

use super::{NoticeKind, UpliftApp};
use crate::app::recovery_prompt::{RestoreChoice, RestoreOffer};

/// Crash-recovery bookkeeping of the open window.
#[derive(Debug)]
pub(super) struct RecoveryState {
    store: RecoveryStore,
    /// Document revision of the last copy written (revisions never repeat, even across
    /// documents).
    written: Option<u64>,
    last_write: Option<Instant>,
    pending: Option<JoinHandle<Result<(), FileError>>>,
    /// This run has written a copy that has not been removed since.
    copy_on_disk: bool,
    /// Work from an earlier run is being offered and not yet restored or discarded: leave the
    /// file alone whatever else happens.
    offer_open: bool,
    /// The planner chose to close without saving: keep nothing on exit.
    discarded_on_close: bool,
}

impl UpliftApp {
    /// Turns crash recovery on, with copies kept in `store`. If `store` holds unsaved work from
    /// an earlier run, the window asks whether to restore it.
    pub fn enable_recovery(&mut self, store: RecoveryStore) {
        let mut state = RecoveryState {
            store,
            written: None,
            last_write: None,
            pending: None,
            copy_on_disk: false,
            offer_open: false,
            discarded_on_close: false,
        };
        match state.store.read() {
            Ok(Some(found)) => {
                state.offer_open = true;
                self.dialogs
                    .offer_restore(RestoreOffer(Box::new(found)));
            }
            Ok(None) => {}
            Err(error) => self.show_error(
                "Could not read the unsaved work from last time",
                format!(
                    "{error}\n\nThe file was moved aside in {}, so nothing is lost, but it is not offered again.",
                    state.store.dir().display()
                ),
            ),
        }
        self.recovery = Some(state);
    }

    /// Where recovery copies are kept, when recovery is on.
    pub fn recovery_store(&self) -> Option<&RecoveryStore> {
        self.recovery.as_ref().map(|state| &state.store)
    }

    /// Keeps or removes the recovery copy as the document requires; called every logic pass
    /// and cheap when there is nothing to do.
    pub(super) fn update_recovery(&mut self, ctx: &egui::Context) {
        self.collect_recovery_write();
        let dirty = self.doc.is_dirty();
        let key = self.doc.revision();
        let Some(state) = &mut self.recovery else {
            return;
        };
        if state.offer_open {
            return;
        }
        if !dirty {
            if state.copy_on_disk && state.pending.is_none() {
                // Saved or discarded: the copy is no longer needed.
                if state.store.clear().is_ok() {
                    state.copy_on_disk = false;
                    state.written = None;
                }
            }
            return;
        }
        if state.written == Some(key) || state.pending.is_some() {
            return;
        }
        if let Some(last) = state.last_write
            && let Some(wait) = RECOVERY_INTERVAL.checked_sub(last.elapsed())
            && !wait.is_zero()
        {
            ctx.request_repaint_after(wait);
            return;
        }
        let project = self.doc.project().clone();
        let path = self.path.clone();
        let store = state.store.clone();
        state.pending = Some(std::thread::spawn(move || {
            store.write(&project, path.as_deref())
        }));
        state.written = Some(key);
        state.last_write = Some(Instant::now());
        state.copy_on_disk = true;
        // Wakes the logic pass to collect the write's outcome.
        ctx.request_repaint_after(std::time::Duration::from_millis(500));
    }

    /// Takes the outcome of a finished background write, telling the planner if it failed.
    fn collect_recovery_write(&mut self) {
        let finished = self
            .recovery
            .as_ref()
            .and_then(|state| state.pending.as_ref())
            .is_some_and(JoinHandle::is_finished);
        if finished {
            self.flush_recovery();
        }
    }

    /// Waits for a recovery write in progress and reports a failure in the status bar.
    pub fn flush_recovery(&mut self) {
        let Some(pending) = self
            .recovery
            .as_mut()
            .and_then(|state| state.pending.take())
        else {
            return;
        };
        let outcome = pending.join();
        let message = match outcome {
            Ok(Ok(())) => return,
            Ok(Err(error)) => format!(
                "Could not keep a recovery copy of unsaved work ({error}); save the project to be safe."
            ),
            Err(_) => {
                "Could not keep a recovery copy of unsaved work; save the project to be safe."
                    .to_owned()
            }
        };
        self.set_notice_now(message, NoticeKind::Warning);
    }

    /// On exit: keeps unsaved work for the next start, or removes the copy when nothing is
    /// unsaved (or the planner chose to discard it).
    pub fn recovery_on_exit(&mut self) {
        self.flush_recovery();
        let dirty = self.doc.is_dirty();
        let Some(state) = &mut self.recovery else {
            return;
        };
        if state.offer_open {
            return;
        }
        if dirty && !state.discarded_on_close {
            let _ = state.store.write(self.doc.project(), self.path.as_deref());
        } else {
            let _ = state.store.clear();
        }
    }

    /// Notes that the planner closes the window discarding unsaved changes.
    pub(super) fn discard_on_close(&mut self) {
        if let Some(state) = &mut self.recovery {
            state.discarded_on_close = true;
        }
    }

    /// Acts on the answer to the restore prompt.
    pub(super) fn answer_restore(&mut self, offer: RestoreOffer, choice: RestoreChoice) {
        self.flush_recovery();
        let Some(state) = &mut self.recovery else {
            return;
        };
        state.offer_open = false;
        match choice {
            RestoreChoice::Restore => {
                let found = *offer.0;
                let name = found.project.name.clone();
                self.replace_with(Document::unsaved(found.project), found.original_path);
                self.set_notice_now(
                    format!("Restored unsaved work on “{name}”; save it to keep it."),
                    NoticeKind::Info,
                );
            }
            RestoreChoice::Discard => {
                if let Err(error) = state.store.clear() {
                    self.set_notice_now(
                        format!("Could not remove the recovery file: {error}"),
                        NoticeKind::Warning,
                    );
                }
            }
        }
    }
}
