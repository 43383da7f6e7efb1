// SPDX-License-Identifier: MIT
//! The error type: a library status code with the handle's message, sorted
//! into kinds a caller can match on, and convertible to `std::io::Error`.

use std::ffi::CStr;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use ucopy_sys as sys;

use crate::{Event, Stats};

/// What kind of failure an [`Error`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The run finished but some entries could not be copied; the rest was.
    /// [`Error::stats`] says how many failed.
    Partial,
    /// The run was stopped by a [`Canceller`](crate::Canceller), or by
    /// dropping its [`CopyFuture`](crate::CopyFuture).
    Cancelled,
    /// The run was stopped because its deadline passed
    /// ([`Copier::copy_with_deadline`](crate::Copier::copy_with_deadline)).
    /// The code is still `-ECANCELED` (the library's), the `io::ErrorKind`
    /// is `TimedOut`.
    TimedOut,
    /// A callback stopped the run ([`Decision::Abort`](crate::Decision) or
    /// `ControlFlow::Break` from a progress callback).
    Aborted,
    /// A source file changed size while it was being copied.
    SourceChanged,
    /// Source and destination are the same file or directory.
    SameFile,
    /// The destination lies inside the source tree.
    DestinationInsideSource,
    /// [`Copier::verify`](crate::Copier::verify) read a file and its copy
    /// again and found them different; the copy was removed. Seen on the
    /// error [`Event`] of that file (the run itself ends
    /// [`Partial`](ErrorKind::Partial)). Its `io::ErrorKind` is
    /// `InvalidData`.
    VerifyMismatch,
    /// A path contains a NUL byte and cannot be passed to the library.
    InvalidPath,
    /// An operating-system error; see [`Error::raw_os_error`].
    Os,
    /// A code this version of the bindings does not know.
    Unknown,
}

/// An error from libucopy (or from the bindings, for [`ErrorKind::InvalidPath`]).
///
/// `From<Error> for std::io::Error` wraps this error, so that nothing is
/// lost on the way through `?`: the `io::Error` has the matching
/// [`kind`](std::io::Error::kind) ([`io_kind`](Error::io_kind)), displays the
/// library's message (the path and the reason), gives this `Error` back
/// with `get_ref`/`into_inner` and a downcast, and its
/// [`source`](std::error::Error::source) is this error's source: for an
/// OS error (and a cancel) the plain `io::Error` of the errno, whose
/// `raw_os_error()` is the errno. (The wrapping `io::Error` itself has no
/// `raw_os_error()`: std keeps that for bare errno values.)
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    code: i32,
    kind: ErrorKind,
    message: String,
    path: Option<PathBuf>,
    stats: Option<Stats>,
    /// The errno as an `io::Error`, for `source()` (which must return a
    /// reference, so it is kept, not made on demand).
    os: Option<io::Error>,
}

impl Clone for Error {
    fn clone(&self) -> Error {
        let i = &self.inner;
        Error {
            inner: Box::new(Inner {
                code: i.code,
                kind: i.kind,
                message: i.message.clone(),
                path: i.path.clone(),
                stats: i.stats,
                os: i
                    .os
                    .as_ref()
                    .and_then(io::Error::raw_os_error)
                    .map(io::Error::from_raw_os_error),
            }),
        }
    }
}

impl Error {
    pub(crate) fn new(code: i32, message: String, stats: Option<Stats>) -> Error {
        let message = if message.is_empty() {
            strerror(code)
        } else {
            message
        };
        let kind = kind_of(code);
        let os = matches!(kind, ErrorKind::Os | ErrorKind::Cancelled)
            .then(|| io::Error::from_raw_os_error(-code));
        Error {
            inner: Box::new(Inner {
                code,
                kind,
                message,
                path: None,
                stats,
                os,
            }),
        }
    }

    /// The error of a run that failed: `src` is the path it is about when
    /// the library knows no better one.
    pub(crate) fn of_run(code: i32, message: String, stats: Stats, src: &Path) -> Error {
        let mut e = Error::new(code, message, Some(stats));
        e.inner.path = Some(src.to_owned());
        e
    }

    /// A cancel becomes a timeout: the cancel came from a deadline.
    pub(crate) fn into_timed_out(mut self) -> Error {
        if self.inner.kind == ErrorKind::Cancelled {
            self.inner.kind = ErrorKind::TimedOut;
        }
        self
    }

    pub(crate) fn invalid_path(path: &Path) -> Error {
        let mut e = Error::new(
            -libc::EINVAL,
            format!("path contains a NUL byte: {:?}", path),
            None,
        );
        e.inner.kind = ErrorKind::InvalidPath;
        e.inner.path = Some(path.to_owned());
        e
    }

    pub(crate) fn from_event(event: &Event) -> Error {
        let mut e = Error::new(event.code, event.message.clone(), None);
        e.inner.path = Some(event.src.clone());
        e
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.inner.kind
    }

    /// The library's status code: a negative errno value or a `UCOPY_E*`
    /// code (`-EINVAL` for [`ErrorKind::InvalidPath`]).
    pub fn code(&self) -> i32 {
        self.inner.code
    }

    /// The positive errno value for [`ErrorKind::Os`],
    /// [`ErrorKind::Cancelled`] and [`ErrorKind::TimedOut`] (both
    /// `ECANCELED`), else `None`.
    pub fn raw_os_error(&self) -> Option<i32> {
        self.inner.os.as_ref().and_then(io::Error::raw_os_error)
    }

    /// The code's symbolic name, e.g. `"ENOENT"` or `"UCOPY_EPARTIAL"`.
    pub fn name(&self) -> &'static str {
        // SAFETY: the library returns a static string, never NULL.
        let name = unsafe { CStr::from_ptr(sys::ucopy_error_name(self.inner.code)) };
        name.to_str().unwrap_or("UNKNOWN")
    }

    /// The library's message: the path, the operation and the reason.
    pub fn message(&self) -> &str {
        &self.inner.message
    }

    /// The path the error is about, where the bindings know it: the
    /// offending path of [`ErrorKind::InvalidPath`], the source entry of an
    /// error from [`Event::error`], the source of the copy for an error a
    /// run returned (whose [`message`](Error::message) may name a path
    /// below it). `None` for options or filter rules the library refused.
    pub fn path(&self) -> Option<&Path> {
        self.inner.path.as_deref()
    }

    /// The statistics of the run, for every error a run returned: also
    /// when it could not start (a missing source: all zero), was cancelled
    /// (what it had done by then; `bytes` counts only files left complete)
    /// or ended [`Partial`](ErrorKind::Partial). `None` for errors found
    /// before the library was asked to run (an [`InvalidPath`], options or
    /// filter rules it refused) and for the errors of [`Event::error`].
    ///
    /// [`InvalidPath`]: ErrorKind::InvalidPath
    pub fn stats(&self) -> Option<&Stats> {
        self.inner.stats.as_ref()
    }

    /// The matching `std::io::ErrorKind`.
    pub fn io_kind(&self) -> io::ErrorKind {
        match self.kind() {
            ErrorKind::Os | ErrorKind::Cancelled => {
                io::Error::from_raw_os_error(-self.inner.code).kind()
            }
            ErrorKind::TimedOut => io::ErrorKind::TimedOut,
            ErrorKind::InvalidPath | ErrorKind::SameFile | ErrorKind::DestinationInsideSource => {
                io::ErrorKind::InvalidInput
            }
            ErrorKind::VerifyMismatch => io::ErrorKind::InvalidData,
            _ => io::ErrorKind::Other,
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.kind())
            .field("code", &self.inner.code)
            .field("name", &self.name())
            .field("message", &self.inner.message);
        if let Some(path) = &self.inner.path {
            d.field("path", path);
        }
        if let Some(stats) = &self.inner.stats {
            d.field("stats", stats);
        }
        d.finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The library's messages name their path; its static fallback
        // (strerror) does not, so the known path goes in front of it.
        match &self.inner.path {
            Some(p) if !self.inner.message.contains(&*p.to_string_lossy()) => {
                write!(f, "{}: {}", p.display(), self.inner.message)?
            }
            _ => f.write_str(&self.inner.message)?,
        }
        if self.kind() == ErrorKind::TimedOut {
            f.write_str(" (deadline passed)")?;
        }
        if let (ErrorKind::Partial, Some(stats)) = (self.kind(), &self.inner.stats) {
            write!(f, " ({} failed)", stats.failures)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    /// For an OS error, a cancel or a timeout: the bare `io::Error` of the
    /// errno (its `raw_os_error()`), the reason without the path.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner.os.as_ref().map(|e| e as _)
    }
}

impl From<Error> for io::Error {
    /// Wraps the error (see [`Error`]): same kind, the message with the
    /// path, the original reachable through `get_ref` and `source`.
    fn from(e: Error) -> io::Error {
        io::Error::new(e.io_kind(), e)
    }
}

fn kind_of(code: i32) -> ErrorKind {
    match code {
        sys::UCOPY_EPARTIAL => ErrorKind::Partial,
        sys::UCOPY_EABORTED => ErrorKind::Aborted,
        sys::UCOPY_ECHANGED => ErrorKind::SourceChanged,
        sys::UCOPY_ESAMEFILE => ErrorKind::SameFile,
        sys::UCOPY_EDSTINSIDE => ErrorKind::DestinationInsideSource,
        sys::UCOPY_EVERIFY => ErrorKind::VerifyMismatch,
        c if c == -libc::ECANCELED => ErrorKind::Cancelled,
        // The kernel's errno values are below 4096.
        c if (-4095..0).contains(&c) => ErrorKind::Os,
        _ => ErrorKind::Unknown,
    }
}

/// The library's static description of a code.
fn strerror(code: i32) -> String {
    // SAFETY: the library returns a static string, never NULL.
    let s = unsafe { CStr::from_ptr(sys::ucopy_strerror(code)) };
    s.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_codes_have_their_own_kinds() {
        let e = Error::new(sys::UCOPY_EVERIFY, String::new(), None);
        assert_eq!(e.kind(), ErrorKind::VerifyMismatch);
        assert_eq!(e.name(), "UCOPY_EVERIFY");
        assert_eq!(e.raw_os_error(), None);
        assert_eq!(e.io_kind(), io::ErrorKind::InvalidData);
        assert!(!e.message().is_empty(), "falls back to the strerror text");
        assert_eq!(io::Error::from(e).kind(), io::ErrorKind::InvalidData);

        let e = Error::new(sys::UCOPY_ECHANGED, String::new(), None);
        assert_eq!(e.kind(), ErrorKind::SourceChanged);
    }
}
