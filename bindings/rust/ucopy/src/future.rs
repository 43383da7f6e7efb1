// SPDX-License-Identifier: MIT
//! `Copier::copy_async`: a copy as a runtime-agnostic `Future`. The
//! copier moves to a thread of its own that runs the copy and waits for it
//! (ucopy_finish), so it delivers the callbacks; when the run ends the
//! thread hands the result and the copier back and wakes the task, and the
//! copier returns to its place (its handle, with the library's threads and
//! buffers, serves the next copy). Dropping the future cancels the run and
//! waits for that thread, so the run's cleanup (partial files removed) is
//! done before the drop returns. While the copy runs, the borrowed place
//! holds a stand-in copier (same options, a fresh handle, no callbacks):
//! if the future is leaked, the copier simply stays with the thread.

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
    /// The copier, back from the thread once the run has ended.
    copier: Option<Copier<'static, Sendable>>,
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
pub struct CopyFuture<'c> {
    shared: Arc<Shared>,
    canceller: Canceller,
    thread: Option<JoinHandle<()>>,
    /// Where the copier goes back when the run has ended.
    home: &'c mut Copier<'static, Sendable>,
}

impl Copier<'static, Sendable> {
    /// Starts copying `src` to `dst` (as [`run`](Copier::run)) on a new
    /// thread and returns a [`Future`] of the result. The callbacks run on
    /// that thread, one at a time, which is why this is only offered on a
    /// [`Copier::new_send`] copier (its closures are `Send + 'static`).
    /// The copier is borrowed: it is back, ready for the next copy on the
    /// same library handle (and its [`Canceller`]s), once the future has
    /// resolved or been dropped.
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
    /// let mut copier = ucopy::Copier::new_send();
    /// let stats = block_on(copier.copy_async(tmp.join("src"), tmp.join("dst")))?; // or `.await`
    /// assert_eq!(stats.files, 1);
    /// // The same copier, and library handle, again.
    /// block_on(copier.copy_async(tmp.join("src"), tmp.join("dst2")))?;
    /// # std::fs::remove_dir_all(&tmp).unwrap();
    /// # Ok::<(), ucopy::Error>(())
    /// ```
    ///
    /// # Panics
    /// When the thread cannot be created.
    pub fn copy_async(&mut self, src: impl AsRef<Path>, dst: impl AsRef<Path>) -> CopyFuture<'_> {
        let shared = Arc::new(Shared::default());
        let canceller = self.canceller();
        let (src, dst) = (src.as_ref().to_owned(), dst.as_ref().to_owned());
        let stand_in = self.stand_in();
        let copier = std::mem::replace(self, stand_in);
        let worker = Arc::clone(&shared);
        let thread = thread::Builder::new()
            .name("ucopy-async".to_owned())
            .spawn(move || wait_for_run(copier, src, dst, worker))
            .expect("cannot create the ucopy-async thread");
        CopyFuture {
            shared,
            canceller,
            thread: Some(thread),
            home: self,
        }
    }

    /// What holds the copier's place while it is away: its options and
    /// rules on a fresh handle, without callbacks.
    fn stand_in(&self) -> Copier<'static, Sendable> {
        let mut c = Copier::with_defaults();
        c.options = self.options;
        c.rules = self.rules.clone();
        c
    }
}

/// The thread: run the copy, hand back the outcome (a panic included) and
/// the copier, wake.
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
        slot.copier = Some(copier);
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

impl CopyFuture<'_> {
    /// A [`Canceller`] for this copy: stops it (it then resolves to
    /// [`ErrorKind::Cancelled`](crate::ErrorKind::Cancelled)) without
    /// dropping the future.
    pub fn canceller(&self) -> Canceller {
        self.canceller.clone()
    }
}

impl Future for CopyFuture<'_> {
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
        let copier = slot.copier.take();
        drop(slot);
        // Done: the thread is about to exit and holds nothing any more.
        self.thread = None;
        self.go_home(copier);
        match outcome {
            Ok(result) => Poll::Ready(result),
            Err(payload) => std::panic::resume_unwind(payload),
        }
    }
}

impl CopyFuture<'_> {
    /// Puts the copier back in its place (dropping the stand-in).
    fn go_home(&mut self, copier: Option<Copier<'static, Sendable>>) {
        if let Some(copier) = copier {
            *self.home = copier;
        }
    }
}

impl Drop for CopyFuture<'_> {
    fn drop(&mut self) {
        let Some(thread) = self.thread.take() else {
            return; // resolved: nothing runs any more
        };
        self.shared.dropped.store(true, Ordering::SeqCst);
        self.canceller.cancel();
        // The cleanup is the thread's ucopy_finish; a panic there was
        // caught and is dropped with the outcome.
        let _ = thread.join();
        let copier = lock(&self.shared).copier.take();
        self.go_home(copier);
    }
}

impl std::fmt::Debug for CopyFuture<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CopyFuture")
            .field("running", &self.thread.is_some())
            .finish()
    }
}
