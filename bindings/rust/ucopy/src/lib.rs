// SPDX-License-Identifier: MIT
//! Safe Rust bindings to **libucopy**, which copies files and directory
//! trees on Linux with io_uring, keeping what `cp -a` keeps.
//!
//! The entry point is [`Copier`], a builder around one library handle:
//!
//! ```
//! # let tmp = std::env::temp_dir().join(format!("ucopy-doc-lib-{}", std::process::id()));
//! # std::fs::create_dir_all(tmp.join("photos")).unwrap();
//! # std::fs::write(tmp.join("photos/a.jpg"), b"jpeg").unwrap();
//! # std::os::unix::fs::symlink("a.jpg", tmp.join("photos/latest")).unwrap();
//! use ucopy::Copier;
//!
//! let stats = Copier::new().run(tmp.join("photos"), tmp.join("backup"))?;
//! assert_eq!((stats.files, stats.symlinks, stats.bytes), (1, 1, 4));
//! assert_eq!(std::fs::read_link(tmp.join("backup/latest"))?, std::path::Path::new("a.jpg"));
//! # std::fs::remove_dir_all(&tmp).unwrap();
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Errors are [`Error`]s: a library status code with the library's message,
//! sorted into an [`ErrorKind`] (partial copy, cancelled, timed out,
//! aborted, same file, destination inside the source, an OS error, ...).
//! They convert into `std::io::Error` with the matching `io::ErrorKind`
//! and the message naming the path, so `?` works in functions returning
//! `io::Result` and loses nothing:
//!
//! ```
//! use std::io;
//!
//! fn backup() -> io::Result<u64> {
//!     let stats = ucopy::Copier::new().run("/nonexistent/ucopy-doc", "/tmp/ucopy-doc-never")?;
//!     Ok(stats.files)
//! }
//! let err = backup().unwrap_err();
//! assert_eq!(err.kind(), io::ErrorKind::NotFound);
//! assert!(err.to_string().contains("/nonexistent/ucopy-doc"), "{err}");
//! // The reason, as the bare errno:
//! let os = std::error::Error::source(&err).unwrap().downcast_ref::<io::Error>().unwrap();
//! assert_eq!(os.raw_os_error(), Some(libc::ENOENT));
//! // And the ucopy::Error itself:
//! let original = err.get_ref().unwrap().downcast_ref::<ucopy::Error>().unwrap();
//! assert_eq!(original.kind(), ucopy::ErrorKind::Os);
//! ```
//!
//! A run can be stopped from another thread with a [`Canceller`]; a cancel
//! reaches only the run active when it is issued (one before the run, or
//! after it ended, does nothing):
//!
//! ```
//! # let tmp = std::env::temp_dir().join(format!("ucopy-doc-cancel-{}", std::process::id()));
//! # std::fs::create_dir_all(tmp.join("src")).unwrap();
//! # std::fs::write(tmp.join("src/file"), b"hello").unwrap();
//! use ucopy::{Copier, ErrorKind, Filter};
//!
//! let copier = Copier::new();
//! let canceller = copier.canceller();
//! canceller.cancel(); // no run yet: nothing to stop
//! let err = copier
//!     // The run is active when it asks its filter, before it copies.
//!     .filter(move |_, _| {
//!         canceller.cancel();
//!         Filter::Copy
//!     })
//!     .run(tmp.join("src"), tmp.join("dst"))
//!     .unwrap_err();
//! assert_eq!(err.kind(), ErrorKind::Cancelled);
//! # std::fs::remove_dir_all(&tmp).unwrap();
//! ```
//!
//! For async code, [`Copier::new_send`] makes a copier whose callbacks are
//! `Send`, and [`Copier::copy_async`] turns a copy into a [`CopyFuture`]
//! that works with any executor; dropping it cancels the copy.
//! [`Copier::copy_with_deadline`] stops a copy at a deadline, and
//! [`Copier::plan`] gives a dry run as data.
//!
//! The library is linked through the `ucopy-sys` crate, which finds it with
//! pkg-config.

mod callbacks;
mod copier;
mod deadline;
mod error;
mod filter;
mod future;
mod handle;
mod local;
mod mode;
mod path;
mod plan;
mod run;
mod sendable;
mod types;

pub use callbacks::ProgressControl;
pub use copier::Copier;
pub use deadline::Deadline;
pub use error::{Error, ErrorKind};
pub use filter::{EntryMeta, Filter};
pub use future::CopyFuture;
pub use handle::Canceller;
pub use mode::{Local, Mode, Sendable};
pub use plan::{Plan, PlanAction, PlanEntry};
pub use types::{
    CopyMethod, Decision, Digest, Event, EventKind, FileType, Overwrite, OwnerPolicy, Phase,
    Progress, Reflink, Sparse, Stats, Update,
};

/// The version of the linked libucopy, e.g. `"0.1.0"`.
pub fn library_version() -> &'static str {
    // SAFETY: the library returns a static NUL-terminated string.
    let v = unsafe { std::ffi::CStr::from_ptr(ucopy_sys::ucopy_version_string()) };
    v.to_str().unwrap_or("unknown")
}

// Runs the README's example as a doctest, so it provably works as written.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
