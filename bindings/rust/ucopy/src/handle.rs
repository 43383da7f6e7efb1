// SPDX-License-Identifier: MIT
//! Ownership of the C handle, shared between a `Copier` and its
//! `Canceller`s so that a cancel can never reach freed memory: the handle is
//! freed when the last of them is dropped.

use std::ffi::CStr;
use std::fmt;
use std::ptr::NonNull;
use std::sync::Arc;

use ucopy_sys as sys;

use crate::Stats;

pub(crate) struct Handle(NonNull<sys::ucopy_t>);

// SAFETY: the C API lets a handle move between threads (it is "used by one
// thread at a time") and allows ucopy_cancel() from any thread at any time.
// Every other call is made through `Copier`, which needs `&mut self` (or
// `self`, for copy_async) to run and is not Sync, so those calls come from
// one thread at a time; `Canceller` only ever calls `cancel`. ucopy_free() runs in `Drop`,
// when no `Copier` (and so no run) can be left.
unsafe impl Send for Handle {}
unsafe impl Sync for Handle {}

impl Handle {
    pub(crate) fn new() -> Handle {
        // SAFETY: no preconditions; NULL means out of memory.
        let ptr = unsafe { sys::ucopy_new() };
        // Rust's own allocations abort on OOM; a panic is the gentler match.
        Handle(NonNull::new(ptr).expect("ucopy_new: out of memory"))
    }

    pub(crate) fn as_ptr(&self) -> *mut sys::ucopy_t {
        self.0.as_ptr()
    }

    pub(crate) fn cancel(&self) {
        // SAFETY: valid handle; ucopy_cancel is safe from any thread. It
        // only fails for a NULL handle, so the result carries nothing.
        unsafe { sys::ucopy_cancel(self.as_ptr()) };
    }

    /// The message of the handle's last failure ("" if none).
    pub(crate) fn last_error(&self) -> String {
        // SAFETY: valid handle; the string lives until the next call on the
        // handle, and is copied before that.
        let msg = unsafe { sys::ucopy_last_error(self.as_ptr()) };
        if msg.is_null() {
            return String::new();
        }
        unsafe { CStr::from_ptr(msg) }
            .to_string_lossy()
            .into_owned()
    }

    pub(crate) fn stats(&self) -> Stats {
        let mut raw = sys::ucopy_stats::default();
        // SAFETY: `raw` has room for size_of bytes; fields the library does
        // not know stay zero.
        let rc =
            unsafe { sys::ucopy_get_stats(self.as_ptr(), &mut raw, std::mem::size_of_val(&raw)) };
        debug_assert_eq!(rc, 0, "ucopy_get_stats failed");
        Stats::from_raw(&raw)
    }
}

impl Drop for Handle {
    fn drop(&mut self) {
        // SAFETY: we own the handle and no run can be active (see above).
        unsafe { sys::ucopy_free(self.as_ptr()) }
    }
}

/// Stops a run of its [`Copier`](crate::Copier) from any thread.
///
/// Obtained with [`Copier::canceller`](crate::Copier::canceller) or
/// [`CopyFuture::canceller`](crate::CopyFuture::canceller); it is
/// `Send + Sync + Clone` and keeps the underlying handle alive, so calling
/// [`cancel`](Canceller::cancel) is always safe, even after the run ended
/// or the `Copier` was dropped.
///
/// A cancel reaches only the run that is active when it is issued (from
/// the moment `run` has started it until `run` returns): one that arrives
/// while no run is active does nothing, so a late cancel never stops the
/// next run of the same `Copier`. (Before 0.2 it was kept for the next run.)
#[derive(Clone)]
pub struct Canceller {
    handle: Arc<Handle>,
}

impl Canceller {
    pub(crate) fn new(handle: Arc<Handle>) -> Canceller {
        Canceller { handle }
    }

    /// Asks the run to stop soon (well within a second). The run then
    /// returns [`ErrorKind::Cancelled`](crate::ErrorKind::Cancelled) and
    /// removes partially written destination files.
    pub fn cancel(&self) {
        self.handle.cancel();
    }
}

impl fmt::Debug for Canceller {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Canceller")
            .field("handle", &self.handle.as_ptr())
            .finish()
    }
}
