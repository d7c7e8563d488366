//! A long analysis (the tornado, Monte Carlo) run on a background thread while the window
//! stays live: it counts its progress, can be cancelled, and hands its outcome back once. A
//! run nobody waits for any more (a new run, the view closing) is cancelled when dropped.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use egui::Ui;

use crate::analysis::AnalysisError;
use crate::report::format;

/// A run under way.
#[derive(Debug)]
pub(super) struct Job<T> {
    /// Steps in all (draws, parameters), for the progress bar.
    total: usize,
    /// What one step is called, plural ("draws", "parameters").
    steps: &'static str,
    /// The document revision and scenario it runs on.
    pub(super) revision: u64,
    pub(super) scenario: String,
    progress: Arc<AtomicUsize>,
    cancel: Arc<AtomicBool>,
    receiver: mpsc::Receiver<Result<T, AnalysisError>>,
}

/// What [`Job::poll`] found.
pub(super) enum Polled<T> {
    /// Still running.
    Running,
    /// Finished with this outcome (an error in words).
    Done(Result<T, String>),
    /// Cancelled by the user: the previous outcome stays.
    Cancelled,
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a background thread; it is handed a progress counter and a cancel
    /// flag to watch.
    pub(super) fn spawn(
        (total, steps): (usize, &'static str),
        (revision, scenario): (u64, String),
        work: impl FnOnce(&AtomicUsize, &AtomicBool) -> Result<T, AnalysisError> + Send + 'static,
    ) -> Self {
        let progress = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (sender, receiver) = mpsc::channel();
        let (thread_progress, thread_cancel) = (Arc::clone(&progress), Arc::clone(&cancel));
        std::thread::spawn(move || {
            // The window may have gone or started another run; nobody to tell then.
            let _ = sender.send(work(&thread_progress, &thread_cancel));
        });
        Self {
            total,
            steps,
            revision,
            scenario,
            progress,
            cancel,
            receiver,
        }
    }

    /// Picks up the outcome when the run has finished; keeps the window repainting a few
    /// times a second while it runs.
    pub(super) fn poll(&self, ctx: &egui::Context) -> Polled<T> {
        match self.receiver.try_recv() {
            Ok(Err(AnalysisError::Cancelled)) => Polled::Cancelled,
            Ok(outcome) => {
                Polled::Done(outcome.map_err(|error| format!("The run failed: {error}.")))
            }
            Err(mpsc::TryRecvError::Empty) => {
                ctx.request_repaint_after(Duration::from_millis(100));
                Polled::Running
            }
            Err(mpsc::TryRecvError::Disconnected) => {
                Polled::Done(Err("The run stopped unexpectedly.".to_owned()))
            }
        }
    }

    /// Asks the run to stop; it ends at the next step.
    pub(super) fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// The progress bar ("1,200 of 5,000 draws"), and "Cancelling..." once asked to stop.
    pub(super) fn progress_ui(&self, ui: &mut Ui) {
        let done = self.progress.load(Ordering::Relaxed).min(self.total);
        let fraction = done as f32 / self.total.max(1) as f32;
        ui.add(egui::ProgressBar::new(fraction).text(format!(
            "{} of {} {}",
            format::thousands(done as f64, 0),
            format::thousands(self.total as f64, 0),
            self.steps
        )));
        if self.cancel.load(Ordering::Relaxed) {
            ui.weak("Cancelling... the previous results stay.");
        }
    }
}

impl<T> Drop for Job<T> {
    /// A run nobody waits for any more stops early.
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}
