// SPDX-License-Identifier: MIT
//! The `extern "C"` trampolines that call the user's closures.
//!
//! libucopy calls them on the thread that called ucopy_finish() (see
//! run.rs), one at a time, with `user` pointing at the `RunState` on that
//! thread's stack.
//! A panic must not unwind into C (it would abort the process), so each
//! closure runs inside `catch_unwind`; the payload is kept in the state, the
//! library is told to stop, and `Copier::run` resumes the panic once
//! ucopy_finish() has returned.

use std::any::Any;
use std::ffi::{CStr, OsStr};
use std::ops::ControlFlow;
use std::os::raw::c_char;
use std::os::raw::{c_int, c_void};
use std::os::unix::ffi::OsStrExt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use ucopy_sys as sys;

use crate::{Decision, EntryMeta, Event, EventKind, Filter, PlanEntry, Progress};

pub(crate) type ProgressFn<'a> = dyn FnMut(&Progress) -> ControlFlow<()> + 'a;
pub(crate) type EventFn<'a> = dyn FnMut(&Event) -> Decision + 'a;
pub(crate) type XattrFilterFn<'a> = dyn FnMut(&OsStr) -> bool + 'a;
pub(crate) type FilterFn<'a> = dyn FnMut(&Path, &EntryMeta) -> Filter + 'a;

/// What the trampolines of one run share.
pub(crate) struct RunState<'s, 'a> {
    pub(crate) progress: Option<&'s mut ProgressFn<'a>>,
    pub(crate) event: Option<&'s mut EventFn<'a>>,
    pub(crate) error: Option<&'s mut EventFn<'a>>,
    /// `Copier::plan`: where the dry run's entries are collected.
    pub(crate) plan: Option<&'s mut Vec<PlanEntry>>,
    pub(crate) xattr_filter: Option<&'s mut XattrFilterFn<'a>>,
    pub(crate) filter: Option<&'s mut FilterFn<'a>>,
    /// The running handle: a panic in the xattr filter, whose answer cannot
    /// say "stop", cancels the run through it.
    pub(crate) handle: *mut sys::ucopy_t,
    /// The first panic of a callback; later callbacks are not called.
    pub(crate) panic: Option<Box<dyn Any + Send + 'static>>,
}

/// What a progress callback may return: `()` to go on, or a
/// `ControlFlow<()>` whose `Break` stops the run (it then returns
/// [`ErrorKind::Aborted`](crate::ErrorKind::Aborted)).
pub trait ProgressControl {
    fn into_control_flow(self) -> ControlFlow<()>;
}

impl ProgressControl for () {
    fn into_control_flow(self) -> ControlFlow<()> {
        ControlFlow::Continue(())
    }
}

impl ProgressControl for ControlFlow<()> {
    fn into_control_flow(self) -> ControlFlow<()> {
        self
    }
}

/// Copies the part of a library struct that its leading `size` field says
/// was filled; the rest stays zero. Protects against an older library that
/// fills a shorter struct than the one we were compiled with.
///
/// # Safety
/// `p` points at a readable struct whose first field is a `u32` size, and
/// the all-zero bit pattern is a valid `T`.
unsafe fn read_sized<T: Copy>(p: *const T) -> T {
    let mut out = std::mem::MaybeUninit::<T>::zeroed();
    let filled = (p as *const u32).read() as usize;
    let n = filled.min(std::mem::size_of::<T>());
    std::ptr::copy_nonoverlapping(p as *const u8, out.as_mut_ptr() as *mut u8, n);
    out.assume_init()
}

pub(crate) unsafe extern "C" fn progress_trampoline(
    raw: *const sys::ucopy_progress,
    user: *mut c_void,
) -> c_int {
    // SAFETY: `user` is the `RunState` that outlives the run, and calls are
    // serialized, so this is the only reference to it right now.
    let state = &mut *(user as *mut RunState<'_, '_>);
    if state.panic.is_some() {
        return 1; // keep stopping the run
    }
    let Some(f) = state.progress.as_mut() else {
        return 0;
    };
    if raw.is_null() {
        return 0;
    }
    // read_sized: the fields the library did not fill read as 0 / NULL.
    // The path is copied out now; the library's pointer dies when we return.
    let progress = Progress::from_raw(&read_sized(raw));
    match catch_unwind(AssertUnwindSafe(|| f(&progress))) {
        Ok(ControlFlow::Continue(())) => 0,
        Ok(ControlFlow::Break(())) => 1,
        Err(payload) => {
            state.panic = Some(payload);
            1
        }
    }
}

pub(crate) unsafe extern "C" fn event_trampoline(
    raw: *const sys::ucopy_event,
    user: *mut c_void,
) -> c_int {
    // SAFETY: as in progress_trampoline.
    let state = &mut *(user as *mut RunState<'_, '_>);
    if state.panic.is_some() {
        return sys::UCOPY_ABORT;
    }
    if raw.is_null() {
        return sys::UCOPY_CONTINUE;
    }
    // SAFETY: the event's pointers are valid C strings during this call.
    let event = Event::from_raw(&read_sized(raw));
    if let (Some(plan), Some(entry)) = (state.plan.as_mut(), PlanEntry::from_event(&event)) {
        plan.push(entry);
    }
    let (on_event, on_error) = (state.event.as_deref_mut(), state.error.as_deref_mut());
    match catch_unwind(AssertUnwindSafe(|| decide(&event, on_event, on_error))) {
        Ok(decision) => decision.to_raw(),
        Err(payload) => {
            state.panic = Some(payload);
            sys::UCOPY_ABORT
        }
    }
}

/// `on_event` sees every event first; for an error, `on_error` (when set)
/// then decides, unless `on_event` already said `Abort`.
fn decide(
    event: &Event,
    on_event: Option<&mut EventFn<'_>>,
    on_error: Option<&mut EventFn<'_>>,
) -> Decision {
    let mut decision = on_event.map_or(Decision::Continue, |f| f(event));
    if decision == Decision::Abort {
        return decision;
    }
    if event.kind == EventKind::Error {
        if let Some(f) = on_error {
            decision = f(event);
        }
    }
    decision
}

pub(crate) unsafe extern "C" fn xattr_filter_trampoline(
    name: *const c_char,
    user: *mut c_void,
) -> c_int {
    // SAFETY: as in progress_trampoline.
    let state = &mut *(user as *mut RunState<'_, '_>);
    if state.panic.is_some() || name.is_null() {
        return 0; // the run is stopping: copy nothing more
    }
    let Some(f) = state.xattr_filter.as_mut() else {
        return 1;
    };
    // SAFETY: `name` is a valid C string during this call.
    let name = OsStr::from_bytes(CStr::from_ptr(name).to_bytes());
    match catch_unwind(AssertUnwindSafe(|| f(name))) {
        Ok(keep) => c_int::from(keep),
        Err(payload) => {
            state.panic = Some(payload);
            // The filter's answer cannot stop the run; cancelling does (it
            // is allowed from any context, and `run` resumes the panic
            // whatever the run returns).
            sys::ucopy_cancel(state.handle);
            0
        }
    }
}

pub(crate) unsafe extern "C" fn filter_trampoline(
    path: *const c_char,
    st: *const sys::stat,
    user: *mut c_void,
) -> c_int {
    // SAFETY: as in progress_trampoline.
    let state = &mut *(user as *mut RunState<'_, '_>);
    if state.panic.is_some() {
        return sys::UCOPY_ABORT;
    }
    let Some(f) = state.filter.as_mut() else {
        return sys::UCOPY_CONTINUE;
    };
    if path.is_null() || st.is_null() {
        return sys::UCOPY_CONTINUE;
    }
    // SAFETY: both are valid during this call; the library's `struct stat`
    // is the C library's, which `libc::stat` describes.
    let path = Path::new(OsStr::from_bytes(CStr::from_ptr(path).to_bytes()));
    let meta = EntryMeta::from_raw(&*(st as *const libc::stat));
    match catch_unwind(AssertUnwindSafe(|| f(path, &meta))) {
        Ok(answer) => answer.to_raw(),
        Err(payload) => {
            state.panic = Some(payload);
            sys::UCOPY_ABORT
        }
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::CStr;
    use std::os::unix::ffi::OsStrExt;

    use super::*;
    use crate::Phase;

    fn full_report(path: &CStr) -> sys::ucopy_progress {
        sys::ucopy_progress {
            size: std::mem::size_of::<sys::ucopy_progress>() as u32,
            finished: 0,
            files_done: 3,
            files_total: 9,
            bytes_done: 30,
            bytes_total: 90,
            elapsed_ns: 1_000,
            totals_final: 1,
            phase: sys::UCOPY_PHASE_VERIFYING,
            bytes_per_sec: 4096,
            files_failed: 1,
            files_skipped: 2,
            current_path: path.as_ptr(),
        }
    }

    #[test]
    fn a_full_report_gives_every_field_and_a_copy_of_the_path() {
        let path = c"/src/caf\xe9";
        let raw = full_report(path);
        // SAFETY: a whole struct, its path a valid C string.
        let p = unsafe { Progress::from_raw(&read_sized(&raw)) };
        assert!(p.totals_final && !p.finished);
        assert_eq!(p.phase, Some(Phase::Verifying));
        assert_eq!(
            (p.bytes_per_sec, p.files_failed, p.files_skipped),
            (4096, 1, 2)
        );
        let got = p.current_path.expect("a path");
        assert_eq!(got.as_os_str().as_bytes(), b"/src/caf\xe9");
    }

    #[test]
    fn fields_past_the_size_the_library_filled_read_as_defaults() {
        let path = c"/never/read";
        let mut raw = full_report(path);
        // What a library built against the 0.1 header fills: up to
        // elapsed_ns. The rest of the struct (here set) must be ignored.
        raw.size = std::mem::offset_of!(sys::ucopy_progress, totals_final) as u32;
        // SAFETY: as above.
        let p = unsafe { Progress::from_raw(&read_sized(&raw)) };
        assert_eq!((p.files_done, p.bytes_total), (3, 90));
        assert_eq!(
            (
                p.totals_final,
                p.phase,
                p.bytes_per_sec,
                p.files_failed,
                p.files_skipped
            ),
            (false, None, 0, 0, 0)
        );
        assert_eq!(p.current_path, None);
    }

    #[test]
    fn unknown_and_absent_phases() {
        let path = c"";
        let mut raw = full_report(path);
        raw.current_path = std::ptr::null();
        raw.phase = 0;
        // SAFETY: as above, with a NULL path.
        let p = unsafe { Progress::from_raw(&read_sized(&raw)) };
        assert_eq!((p.phase, p.current_path), (None, None));
        raw.phase = 77;
        // SAFETY: as above.
        let p = unsafe { Progress::from_raw(&read_sized(&raw)) };
        assert_eq!(p.phase, Some(Phase::Other(77)));
    }
}
