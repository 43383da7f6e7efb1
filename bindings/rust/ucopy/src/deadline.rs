// SPDX-License-Identifier: MIT
//! `Copier::copy_with_deadline`: a run that a watchdog thread cancels when
//! its deadline passes.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use crate::mode::Mode;
use crate::{Copier, Error, Stats};

/// When a copy must be done by: an [`Instant`], or a [`Duration`] from the
/// call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline(Instant);

impl From<Instant> for Deadline {
    fn from(at: Instant) -> Deadline {
        Deadline(at)
    }
}

impl From<Duration> for Deadline {
    fn from(within: Duration) -> Deadline {
        Deadline(Instant::now() + within)
    }
}

impl<M: Mode> Copier<'_, M> {
    /// [`run`](Self::run), cancelled when `deadline` (an [`Instant`], or a
    /// [`Duration`] from now) passes first. The run then stops as after a
    /// cancel (well within a second; partial files removed) and the error
    /// is [`ErrorKind::TimedOut`](crate::ErrorKind::TimedOut) (`io` kind
    /// `TimedOut`), not `Cancelled`. A deadline already past starts the run
    /// and stops it at once. Callbacks run on this thread, as in `run`; the
    /// watchdog is a short-lived thread that only cancels.
    ///
    /// ```
    /// # let tmp = std::env::temp_dir().join(format!("ucopy-doc-deadline-{}", std::process::id()));
    /// # std::fs::create_dir_all(tmp.join("src")).unwrap();
    /// # std::fs::write(tmp.join("src/file"), b"hello").unwrap();
    /// use std::time::Duration;
    ///
    /// let stats = ucopy::Copier::new()
    ///     .copy_with_deadline(tmp.join("src"), tmp.join("dst"), Duration::from_secs(60))?;
    /// assert_eq!(stats.files, 1);
    /// # std::fs::remove_dir_all(&tmp).unwrap();
    /// # Ok::<(), ucopy::Error>(())
    /// ```
    pub fn copy_with_deadline(
        &mut self,
        src: impl AsRef<Path>,
        dst: impl AsRef<Path>,
        deadline: impl Into<Deadline>,
    ) -> Result<Stats, Error> {
        let Deadline(at) = deadline.into();
        let canceller = self.canceller();
        let fired = AtomicBool::new(false);
        // Dropping `done` (when the run returned) wakes the watchdog early.
        let (done, wait) = mpsc::channel::<()>();
        let (fired_ref, canceller) = (&fired, &canceller);
        let result = thread::scope(|s| {
            let started = move || {
                // Spawned once the run is active, so its cancel reaches it.
                s.spawn(move || {
                    let left = at.saturating_duration_since(Instant::now());
                    if let Err(RecvTimeoutError::Timeout) = wait.recv_timeout(left) {
                        fired_ref.store(true, Ordering::SeqCst);
                        canceller.cancel();
                    }
                });
            };
            let result = self.execute(src.as_ref(), dst.as_ref(), None, started);
            drop(done);
            result
        });
        match result {
            Err(e) if fired.load(Ordering::SeqCst) => Err(e.into_timed_out()),
            other => other,
        }
    }
}
