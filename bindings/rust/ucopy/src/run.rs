// SPDX-License-Identifier: MIT
//! Runs: `run`, `plan`, and the one place the library is driven
//! (`execute`), with ucopy_start + ucopy_finish so that a cancel issued
//! once the run has started always reaches it.

use std::ffi::CStr;
use std::os::raw::c_void;
use std::path::Path;
use std::ptr;
use std::sync::Arc;

use ucopy_sys as sys;

use crate::callbacks::{
    event_trampoline, filter_trampoline, progress_trampoline, xattr_filter_trampoline, RunState,
};
use crate::handle::{Canceller, Handle};
use crate::mode::Mode;
use crate::{path, Copier, Error, Plan, PlanEntry, Stats};

impl<'a, M: Mode> Copier<'a, M> {
    /// A handle that stops this copier's runs from any thread.
    pub fn canceller(&self) -> Canceller {
        Canceller::new(Arc::clone(&self.handle))
    }

    /// Copies `src` to `dst` and blocks until done. `dst` is the name the
    /// copy gets, not a directory to copy into; an existing directory at
    /// `dst` is merged into when `src` is a directory. The callbacks run on
    /// this thread.
    ///
    /// Paths are passed to the kernel as their raw bytes, so they need not
    /// be UTF-8; a path with a NUL byte gives [`ErrorKind::InvalidPath`].
    ///
    /// Returns the statistics when everything was copied, else an [`Error`]
    /// whose [`kind`](Error::kind) tells what happened: `Partial` when some
    /// entries failed (the rest was copied), `Cancelled`, `Aborted`, or
    /// another kind when nothing could be copied.
    ///
    /// [`ErrorKind::InvalidPath`]: crate::ErrorKind::InvalidPath
    pub fn run(&mut self, src: impl AsRef<Path>, dst: impl AsRef<Path>) -> Result<Stats, Error> {
        self.execute(src.as_ref(), dst.as_ref(), None, || {})
    }

    /// What [`run`](Self::run) would do, as data: a [dry
    /// run](Self::dry_run) of this copier's options whose copied, skipped
    /// and deleted events become the [`PlanEntry`]s of the [`Plan`]. Nothing
    /// is written. The callbacks are called as in a dry run; errors (an
    /// unreadable directory, ...) reach `on_error` and make the plan fail
    /// with [`ErrorKind::Partial`](crate::ErrorKind::Partial) unless it
    /// answers `Decision::Skip`.
    ///
    /// ```
    /// # let tmp = std::env::temp_dir().join(format!("ucopy-doc-plan-{}", std::process::id()));
    /// # std::fs::create_dir_all(tmp.join("src")).unwrap();
    /// # std::fs::write(tmp.join("src/file"), b"hello").unwrap();
    /// use ucopy::{Copier, PlanAction};
    ///
    /// let plan = Copier::new().plan(tmp.join("src"), tmp.join("dst"))?;
    /// let file = plan.entries.iter().find(|e| e.src.ends_with("file")).unwrap();
    /// assert_eq!((file.action, file.bytes), (PlanAction::Copy, 5));
    /// assert_eq!((plan.stats.files, plan.stats.bytes), (1, 5));
    /// assert!(!tmp.join("dst").exists());
    /// # std::fs::remove_dir_all(&tmp).unwrap();
    /// # Ok::<(), ucopy::Error>(())
    /// ```
    pub fn plan(&mut self, src: impl AsRef<Path>, dst: impl AsRef<Path>) -> Result<Plan, Error> {
        let mut entries = Vec::new();
        let stats = self.execute(src.as_ref(), dst.as_ref(), Some(&mut entries), || {})?;
        Ok(Plan { entries, stats })
    }

    /// Sets the options and rules, installs the callbacks, starts the run,
    /// calls `started` (the run is active then: a cancel reaches it), waits
    /// for the end on this thread (which delivers the callbacks), and
    /// removes the callbacks again. `plan` makes it a dry run whose entries
    /// are collected there.
    pub(crate) fn execute(
        &mut self,
        src: &Path,
        dst: &Path,
        plan: Option<&mut Vec<PlanEntry>>,
        started: impl FnOnce(),
    ) -> Result<Stats, Error> {
        let (csrc, cdst) = (path::to_cstring(src)?, path::to_cstring(dst)?);
        let h = self.handle.as_ptr();
        let mut options = self.options;
        if plan.is_some() {
            options.flags |= sys::UCOPY_F_DRY_RUN;
        }
        // SAFETY: valid handle and options; the library copies the options.
        let rc = unsafe { sys::ucopy_set_options(h, &options) };
        if rc != 0 {
            return Err(Error::new(rc, self.handle.last_error(), None));
        }
        self.apply_rules()?;

        let mask = event_mask(self.event.is_some(), self.error.is_some(), plan.is_some());
        let mut state = RunState {
            progress: self.progress.as_deref_mut(),
            event: self.event.as_deref_mut(),
            error: self.error.as_deref_mut(),
            plan,
            xattr_filter: self.xattr_filter.as_deref_mut(),
            filter: self.filter.as_deref_mut(),
            handle: h,
            panic: None,
        };
        // SAFETY: `state` lives on this frame until `drive` has removed the
        // callbacks again, so the library never holds a dangling pointer.
        let rc = unsafe { drive(&self.handle, &mut state, mask, &csrc, &cdst, started) };
        if let Some(payload) = state.panic.take() {
            std::panic::resume_unwind(payload);
        }
        let stats = self.handle.stats();
        if rc == 0 {
            Ok(stats)
        } else {
            Err(Error::of_run(rc, self.handle.last_error(), stats, src))
        }
    }
}

/// The events the library must report: errors for either callback, all
/// for `on_event`, the plan's kinds for a plan.
fn event_mask(event: bool, error: bool, plan: bool) -> u32 {
    let mut mask = 0;
    if error {
        mask |= sys::UCOPY_EVENT_MASK_ERROR;
    }
    if plan {
        mask |= sys::UCOPY_EVENT_MASK_COPIED
            | sys::UCOPY_EVENT_MASK_SKIPPED
            | sys::UCOPY_EVENT_MASK_DELETED;
    }
    if event {
        mask = sys::UCOPY_EVENT_MASK_ALL;
    }
    mask
}

/// Installs the trampolines the state needs, runs (start, `started`,
/// finish) and uninstalls them; returns the run's status code.
///
/// # Safety
/// `state` must stay where it is until this returns.
unsafe fn drive(
    handle: &Handle,
    state: &mut RunState<'_, '_>,
    mask: u32,
    src: &CStr,
    dst: &CStr,
    started: impl FnOnce(),
) -> i32 {
    let h = handle.as_ptr();
    let user = state as *mut RunState<'_, '_> as *mut c_void;
    if state.progress.is_some() {
        sys::ucopy_set_progress_callback(h, Some(progress_trampoline), user);
    }
    if mask != 0 {
        sys::ucopy_set_event_callback(h, Some(event_trampoline), user, mask);
    }
    if state.xattr_filter.is_some() {
        sys::ucopy_set_xattr_filter(h, Some(xattr_filter_trampoline), user);
    }
    if state.filter.is_some() {
        sys::ucopy_set_filter_callback(h, Some(filter_trampoline), user);
    }
    let mut rc = sys::ucopy_start(h, src.as_ptr(), dst.as_ptr());
    if rc == 0 {
        started();
        rc = sys::ucopy_finish(h);
    }
    sys::ucopy_set_progress_callback(h, None, ptr::null_mut());
    sys::ucopy_set_event_callback(h, None, ptr::null_mut(), 0);
    sys::ucopy_set_xattr_filter(h, None, ptr::null_mut());
    sys::ucopy_set_filter_callback(h, None, ptr::null_mut());
    rc
}
