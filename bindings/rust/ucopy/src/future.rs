// SPDX-License-Identifier: MIT
//! `Copier::copy_async`: a copy as a runtime-agnostic `Future`. The run
//! goes on a thread of its own that waits for it (ucopy_finish) and so
//! delivers its callbacks; when it ends the thread stores the result and
//! wakes the task. Dropping the future cancels the run and waits for that
//! thread, so the run's cleanup (partial files removed) is done, and the
//! handle freed, before the drop returns.

use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::thread::{self, JoinHandle};

use crate::mode::Sendable;
use crate::{Canceller, Copier, Error, Stats};

type Outcome = thread::Result<Result<Stats, Error>>;

/// What the waiting thread and the future share.
#[derive(Default)]
struct Shared {
    slot: Mutex<Slot>,
    /// Set by `Drop` before it cancels: the thread cancels too if it
    /// starts the run only after the drop's cancel (which then found no
    /// run to stop).
    dropped: AtomicBool,
}

#[derive(Default)]
struct Slot {
    outcome: Option<Outcome>,
    waker: Option<Waker>,
}

/// A copy in progress, from [`Copier::copy_async`]; resolves to what
/// [`Copier::run`] would return. Works with any executor (it needs no
/// reactor: a thread wakes it).
///
/// Dropping it before it resolves cancels the copy and **blocks** until
/// the copy has stopped and cleaned up (well within a second; partial
/// destination files are removed), so that nothing is left running; wrap
/// it in your runtime's timeout (`tokio::time::timeout`) for a deadline.
/// So a callback must not wait for whatever drops the future (a lock it
/// holds, the task itself): the drop would wait for the callback in turn.
/// A panic in a callback is resumed by `poll`.
#[must_use = "a CopyFuture does nothing useful unless polled; dropping it cancels the copy"]
pub struct CopyFuture {
    shared: Arc<Shared>,
    canceller: Canceller,
    thread: Option<JoinHandle<()>>,
}

impl Copier<'static, crate::mode::Sendable> {
    /// Starts copying `src` to `dst` (as [`run`](Copier::run)) on a new
    /// thread and returns a [`Future`] of the result. The callbacks run on
    /// that thread, one at a time, which is why this is only offered on a
    /// [`Copier::new_send`] copier (its closures are `Send + 'static`).
    /// The copier is consumed: it lives on the thread until the copy ends.
    ///
    /// ```
    /// # let tmp = std::env::temp_dir().join(format!("ucopy-doc-async-{}", std::process::id()));
    /// # std::fs::create_dir_all(tmp.join("src")).unwrap();
    /// # std::fs::write(tmp.join("src/file"), b"hello").unwrap();
    /// # fn block_on<F: std::future::Future>(f: F) -> F::Output {
    /// #     use std::task::{Context, Poll, Wake, Waker};
    /// #     struct T(std::thread::Thread);
    /// #     impl Wake for T { fn wake(self: std::sync::Arc<Self>) { self.0.unpark() } }
    /// #     let waker = Waker::from(std::sync::Arc::new(T(std::thread::current())));
    /// #     let mut f = std::pin::pin!(f);
    /// #     loop {
    /// #         if let Poll::Ready(v) = f.as_mut().poll(&mut Context::from_waker(&waker)) { return v; }
    /// #         std::thread::park();
    /// #     }
    /// # }
    /// let copy = ucopy::Copier::new_send().copy_async(tmp.join("src"), tmp.join("dst"));
    /// let stats = block_on(copy)?; // or `.await` in any runtime
    /// assert_eq!(stats.files, 1);
    /// # std::fs::remove_dir_all(&tmp).unwrap();
    /// # Ok::<(), ucopy::Error>(())
    /// ```
    ///
    /// # Panics
    /// When the thread cannot be created.
    pub fn copy_async(self, src: impl AsRef<Path>, dst: impl AsRef<Path>) -> CopyFuture {
        let shared = Arc::new(Shared::default());
        let canceller = self.canceller();
        let (src, dst) = (src.as_ref().to_owned(), dst.as_ref().to_owned());
        let worker = Arc::clone(&shared);
        let thread = thread::Builder::new()
            .name("ucopy-async".to_owned())
            .spawn(move || wait_for_run(self, src, dst, worker))
            .expect("cannot create the ucopy-async thread");
        CopyFuture {
            shared,
            canceller,
            thread: Some(thread),
        }
    }
}

/// The thread: run the copy, keep the outcome (a panic included), wake.
fn wait_for_run(
    mut copier: Copier<'static, Sendable>,
    src: PathBuf,
    dst: PathBuf,
    shared: Arc<Shared>,
) {
    let canceller = copier.canceller();
    let started = || {
        if shared.dropped.load(Ordering::SeqCst) {
            canceller.cancel();
        }
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        copier.execute(&src, &dst, None, started)
    }));
    let waker = {
        let mut slot = lock(&shared);
        slot.outcome = Some(outcome);
        slot.waker.take()
    };
    if let Some(waker) = waker {
        waker.wake();
    }
}

fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, Slot> {
    // Nothing panics while holding the lock; recover the data if it did.
    shared.slot.lock().unwrap_or_else(|e| e.into_inner())
}

impl CopyFuture {
    /// A [`Canceller`] for this copy: stops it (it then resolves to
    /// [`ErrorKind::Cancelled`](crate::ErrorKind::Cancelled)) without
    /// dropping the future.
    pub fn canceller(&self) -> Canceller {
        self.canceller.clone()
    }
}

impl Future for CopyFuture {
    type Output = Result<Stats, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut slot = lock(&self.shared);
        let Some(outcome) = slot.outcome.take() else {
            match &slot.waker {
                Some(w) if w.will_wake(cx.waker()) => {}
                _ => slot.waker = Some(cx.waker().clone()),
            }
            return Poll::Pending;
        };
        drop(slot);
        // Done: the thread only frees the handle now; let it.
        self.thread = None;
        match outcome {
            Ok(result) => Poll::Ready(result),
            Err(payload) => std::panic::resume_unwind(payload),
        }
    }
}

impl Drop for CopyFuture {
    fn drop(&mut self) {
        let Some(thread) = self.thread.take() else {
            return; // resolved: nothing runs any more
        };
        self.shared.dropped.store(true, Ordering::SeqCst);
        self.canceller.cancel();
        // The cleanup is the thread's ucopy_finish; a panic there was
        // caught and is dropped with the outcome.
        let _ = thread.join();
    }
}

impl std::fmt::Debug for CopyFuture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CopyFuture")
            .field("running", &self.thread.is_some())
            .finish()
    }
}
