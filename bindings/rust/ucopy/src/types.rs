// SPDX-License-Identifier: MIT
//! Plain Rust versions of the values that cross the C API: options enums,
//! statistics, progress reports and events.

use std::ffi::{CStr, OsStr};
use std::io;
use std::os::raw::c_char;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::time::Duration;

use ucopy_sys as sys;

use crate::Error;

/// What to do when a destination entry (other than a directory, which is
/// always merged into) already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Overwrite {
    /// Report an `AlreadyExists` error for the entry (the default).
    #[default]
    Fail,
    /// Replace it: unlink, then create anew (with `atomic(true)`, the
    /// complete copy is renamed over it).
    Replace,
    /// Keep it and count the entry as skipped.
    Skip,
}

impl Overwrite {
    pub(crate) fn to_raw(self) -> u32 {
        match self {
            Overwrite::Fail => sys::UCOPY_OVERWRITE_FAIL,
            Overwrite::Replace => sys::UCOPY_OVERWRITE_REPLACE,
            Overwrite::Skip => sys::UCOPY_OVERWRITE_SKIP,
        }
    }
}

/// What to do when the owner of an entry cannot be kept (a caller without
/// `CAP_CHOWN` copying files owned by someone else) while the owner is
/// preserved. The group alone is still kept where the caller may.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum OwnerPolicy {
    /// Copy the entry owned by the caller, as `cp -a` does, and report
    /// one [`EventKind::Warning`] per run (code `-EPERM`, op `"chown"`),
    /// for the first such entry, saying that later ones are not reported;
    /// only it counts in [`Stats::warnings`]. The default. (Before 0.2 it
    /// warned for every entry: that is now [`WarnEach`](Self::WarnEach).)
    #[default]
    Warn,
    /// Report an [`EventKind::Error`] for the entry: it counts as failed.
    Fail,
    /// Copy the entry owned by the caller, silently, as `cp -a` does.
    Ignore,
    /// Copy the entry owned by the caller and report an
    /// [`EventKind::Warning`] for every such entry (each counts in
    /// [`Stats::warnings`]).
    WarnEach,
}

impl OwnerPolicy {
    pub(crate) fn to_raw(self) -> u32 {
        match self {
            OwnerPolicy::Warn => sys::UCOPY_OWNER_WARN,
            OwnerPolicy::Fail => sys::UCOPY_OWNER_FAIL,
            OwnerPolicy::Ignore => sys::UCOPY_OWNER_IGNORE,
            OwnerPolicy::WarnEach => sys::UCOPY_OWNER_WARN_EACH,
        }
    }
}

/// How the data of regular files moves ([`Copier::copy_method`]). Whatever
/// the method, a file falls back silently (per file) to the next one down
/// when the filesystem cannot do it; [`Stats`] counts files and bytes per
/// method that actually moved them.
///
/// [`Copier::copy_method`]: crate::Copier::copy_method
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum CopyMethod {
    /// Small files through io_uring; larger ones by clone (`FICLONE`), else
    /// `copy_file_range`, else read and write (the default).
    #[default]
    Auto,
    /// Try a clone first for every file, however small.
    Reflink,
    /// `copy_file_range` first for every file; no clone.
    CopyFileRange,
    /// Read and write only.
    ReadWrite,
}

impl CopyMethod {
    pub(crate) fn to_raw(self) -> u32 {
        match self {
            CopyMethod::Auto => sys::UCOPY_COPY_AUTO,
            CopyMethod::Reflink => sys::UCOPY_COPY_REFLINK,
            CopyMethod::CopyFileRange => sys::UCOPY_COPY_FILE_RANGE,
            CopyMethod::ReadWrite => sys::UCOPY_COPY_READ_WRITE,
        }
    }
}

/// When files are cloned (`cp --reflink`; [`Copier::reflink`]).
///
/// [`Copier::reflink`]: crate::Copier::reflink
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Reflink {
    /// Clone where the copy method allows it and the filesystem can (the
    /// default).
    #[default]
    Auto,
    /// Clone every file or fail it (op `"clone"`). Contradicts
    /// [`CopyMethod::CopyFileRange`] and [`CopyMethod::ReadWrite`]: `run`
    /// rejects that combination with `InvalidInput`.
    Always,
    /// Never clone.
    Never,
}

impl Reflink {
    pub(crate) fn to_raw(self) -> u32 {
        match self {
            Reflink::Auto => sys::UCOPY_REFLINK_AUTO,
            Reflink::Always => sys::UCOPY_REFLINK_ALWAYS,
            Reflink::Never => sys::UCOPY_REFLINK_NEVER,
        }
    }
}

/// What happens to holes (`cp --sparse`; [`Copier::sparse`]).
///
/// [`Copier::sparse`]: crate::Copier::sparse
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Sparse {
    /// Keep the holes of files that have some, copying them segment by
    /// segment (`SEEK_DATA`/`SEEK_HOLE`) (the default).
    #[default]
    Auto,
    /// Also leave out 4 KiB blocks of zeros (read and write only).
    Always,
    /// Write holes out as zeros.
    Never,
}

impl Sparse {
    pub(crate) fn to_raw(self) -> u32 {
        match self {
            Sparse::Auto => sys::UCOPY_SPARSE_AUTO,
            Sparse::Always => sys::UCOPY_SPARSE_ALWAYS,
            Sparse::Never => sys::UCOPY_SPARSE_NEVER,
        }
    }
}

/// When an existing destination file counts as up to date
/// ([`Copier::update`]), in which case its data is left alone: its owner,
/// mode and times are still brought in line, it is reported as a
/// [`EventKind::Skipped`] event with op `"update"`, and counted in
/// [`Stats::up_to_date`] (and [`Stats::skipped`]). An outdated one is
/// replaced, whatever [`Copier::overwrite`] says.
///
/// [`Copier::update`]: crate::Copier::update
/// [`Copier::overwrite`]: crate::Copier::overwrite
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Update {
    /// No check: the overwrite policy decides (the default).
    #[default]
    Never,
    /// Same type, size and modification time (to the nanosecond): rsync's
    /// quick check. The destination is not read.
    SizeMtime,
    /// Same type, size and contents: both files are read and compared.
    Checksum,
}

impl Update {
    pub(crate) fn to_raw(self) -> u32 {
        match self {
            Update::Never => sys::UCOPY_UPDATE_NONE,
            Update::SizeMtime => sys::UCOPY_UPDATE_SIZE_MTIME,
            Update::Checksum => sys::UCOPY_UPDATE_CHECKSUM,
        }
    }
}

/// A content digest of each copied regular file ([`Copier::digest`]),
/// given in [`Event::digest`].
///
/// [`Copier::digest`]: crate::Copier::digest
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Digest {
    /// No digest (the default).
    #[default]
    None,
    /// XXH3 128-bit (libxxhash): 16 bytes, as `xxhsum -H2` prints them.
    Xxh128,
    /// SHA-256 (OpenSSL): 32 bytes, as `sha256sum` prints them.
    Sha256,
}

impl Digest {
    pub(crate) fn to_raw(self) -> u32 {
        match self {
            Digest::None => sys::UCOPY_DIGEST_NONE,
            Digest::Xxh128 => sys::UCOPY_DIGEST_XXH128,
            Digest::Sha256 => sys::UCOPY_DIGEST_SHA256,
        }
    }
}

/// What an event callback tells the library to do about the event.
///
/// For errors: `Continue` counts the entry as failed and goes on (the run
/// then ends with [`ErrorKind::Partial`](crate::ErrorKind::Partial)); `Skip`
/// counts it as skipped, not failed, and goes on (a directory's subtree is
/// left out); `Abort` stops the run, which returns
/// [`ErrorKind::Aborted`](crate::ErrorKind::Aborted). For other events only
/// `Abort` has an effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Decision {
    #[default]
    Continue,
    Skip,
    Abort,
}

impl Decision {
    pub(crate) fn to_raw(self) -> i32 {
        match self {
            Decision::Continue => sys::UCOPY_CONTINUE,
            Decision::Skip => sys::UCOPY_SKIP,
            Decision::Abort => sys::UCOPY_ABORT,
        }
    }
}

/// The statistics of a run. In a [dry run](crate::Copier::dry_run) the
/// counts of entries and `bytes` say what would be done.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Regular files copied.
    pub files: u64,
    /// Directories created or merged into.
    pub dirs: u64,
    /// Symbolic links created.
    pub symlinks: u64,
    /// FIFOs, sockets and device nodes created.
    pub specials: u64,
    /// Data bytes of the files the run left in the destination: a file
    /// that failed or was cancelled, and whose partial copy was removed,
    /// does not count (so after a cancel it is what was kept, not what was
    /// written). In a dry run: the bytes that would be copied.
    pub bytes: u64,
    /// Entries that could not be copied.
    pub failures: u64,
    /// Entries left alone: existing destinations kept, and FIFOs, sockets
    /// or devices while copying them is off.
    pub skipped: u64,
    /// Warning events: an entry copied while its source changed, or
    /// metadata (an xattr, an ACL, the owner) that could not be kept. Not a
    /// count of entries: under [`OwnerPolicy::Warn`] (the default) the
    /// owners that could not be kept count once per run, and a destination
    /// filesystem without xattr or ACL support once.
    pub warnings: u64,
    pub elapsed: Duration,
    /// io_uring submission queue entries.
    pub sqes_submitted: u64,
    /// io_uring_enter system calls.
    pub io_uring_enters: u64,
    /// Regular files cloned (reflinked): no data moved.
    pub files_reflinked: u64,
    /// The sizes of the cloned files.
    pub bytes_reflinked: u64,
    /// Regular files whose data `copy_file_range` moved. A file that fell
    /// back partway counts under the method it ended with.
    pub files_copy_file_range: u64,
    /// Bytes moved by `copy_file_range`.
    pub bytes_copy_file_range: u64,
    /// Regular files copied by reading and writing (through io_uring or,
    /// for large files, on the helper threads).
    pub files_read_write: u64,
    /// Bytes moved by reading and writing.
    pub bytes_read_write: u64,
    /// Source bytes left as holes instead of being written.
    pub bytes_sparse: u64,
    /// Files compared again and found equal under
    /// [`verify`](crate::Copier::verify).
    pub files_verified: u64,
    /// Entries left alone because [`update`](crate::Copier::update) found
    /// them up to date (also counted in `skipped`).
    pub up_to_date: u64,
    /// Destination entries removed (or, in a dry run, found) by
    /// [`delete_extraneous`](crate::Copier::delete_extraneous).
    pub deleted: u64,
    /// Entries left out by the [`exclude`](crate::Copier::exclude) and
    /// [`include`](crate::Copier::include) rules or by the
    /// [`filter`](crate::Copier::filter) (a directory counts once, what it
    /// holds not at all).
    pub filtered: u64,
}

impl Stats {
    pub(crate) fn from_raw(s: &sys::ucopy_stats) -> Stats {
        Stats {
            files: s.files,
            dirs: s.dirs,
            symlinks: s.symlinks,
            specials: s.specials,
            bytes: s.bytes,
            failures: s.failures,
            skipped: s.skipped,
            warnings: s.warnings,
            elapsed: Duration::from_nanos(s.elapsed_ns),
            sqes_submitted: s.sqes_submitted,
            io_uring_enters: s.io_uring_enters,
            files_reflinked: s.files_reflinked,
            bytes_reflinked: s.bytes_reflinked,
            files_copy_file_range: s.files_copy_file_range,
            bytes_copy_file_range: s.bytes_copy_file_range,
            files_read_write: s.files_read_write,
            bytes_read_write: s.bytes_read_write,
            bytes_sparse: s.bytes_sparse,
            files_verified: s.files_verified,
            up_to_date: s.up_to_date,
            deleted: s.deleted,
            filtered: s.filtered,
        }
    }
}

/// What a run is doing at a [`Progress`] report. Parts of a run overlap (a
/// worker lists a directory while others copy): the phase is that of the
/// worker whose [`current_path`](Progress::current_path) is reported, or
/// the run's final step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// Listing directories, looking at entries.
    Walking,
    /// Moving data and metadata.
    Copying,
    /// Removing extraneous entries
    /// ([`delete_extraneous`](crate::Copier::delete_extraneous)).
    Deleting,
    /// Comparing a copy with its source ([`verify`](crate::Copier::verify)).
    Verifying,
    /// The final sync, or waiting for write-back.
    Syncing,
    /// A phase this version of the bindings does not know.
    Other(u32),
}

impl Phase {
    /// The phase for a `UCOPY_PHASE_*` value; `None` for 0 (not reported).
    fn from_raw(p: u32) -> Option<Phase> {
        Some(match p {
            0 => return None,
            sys::UCOPY_PHASE_WALKING => Phase::Walking,
            sys::UCOPY_PHASE_COPYING => Phase::Copying,
            sys::UCOPY_PHASE_DELETING => Phase::Deleting,
            sys::UCOPY_PHASE_VERIFYING => Phase::Verifying,
            sys::UCOPY_PHASE_SYNCING => Phase::Syncing,
            other => Phase::Other(other),
        })
    }
}

/// A progress report. The values never go backwards within a run; the last
/// report of a run has `finished` set.
///
/// The totals are complete once `totals_final` is set: a counting walk runs
/// ahead of the copy (unless [`prescan(false)`](crate::Copier::prescan))
/// and sets it long before the end; before that they are what has been
/// discovered so far. The fields from `totals_final` on come with libucopy
/// 0.2; an older library leaves them at their defaults.
///
/// Not `Copy` since 0.2 (`current_path` is an owned copy of the library's
/// path): clone a report to keep it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Progress {
    /// True on the last report of a run.
    pub finished: bool,
    /// Entries finished (copied, failed or skipped).
    pub files_done: u64,
    /// Entries in the run (see `totals_final`).
    pub files_total: u64,
    /// Data bytes written, plus the holes kept in sparse files, plus the
    /// sizes of files settled without writing them (up to date, or an
    /// existing file kept).
    pub bytes_done: u64,
    /// Data bytes in the run (see `totals_final`).
    pub bytes_total: u64,
    pub elapsed: Duration,
    /// True once `files_total` and `bytes_total` are complete (they may
    /// still grow a little if the tree grows during the run).
    pub totals_final: bool,
    /// What the run is doing now; `None` when the library does not say.
    pub phase: Option<Phase>,
    /// The rate of `bytes_done` over the last interval, in bytes per second.
    pub bytes_per_sec: u64,
    /// Entries that could not be copied so far.
    pub files_failed: u64,
    /// Entries left alone so far (up to date, kept).
    pub files_skipped: u64,
    /// The source path of a file in flight, bytes as on disk (need not be
    /// UTF-8), copied out of the library's report; `None` when there is
    /// none to tell (between files, or syncing).
    pub current_path: Option<PathBuf>,
}

impl Progress {
    /// # Safety
    /// `p.current_path` must be NULL or a valid C string. `p` must be what
    /// the library filled, the rest zeroed (see `read_sized`): the fields
    /// of 0.2 then read as 0 and NULL from a library that left them out.
    pub(crate) unsafe fn from_raw(p: &sys::ucopy_progress) -> Progress {
        Progress {
            finished: p.finished != 0,
            files_done: p.files_done,
            files_total: p.files_total,
            bytes_done: p.bytes_done,
            bytes_total: p.bytes_total,
            elapsed: Duration::from_nanos(p.elapsed_ns),
            totals_final: p.totals_final != 0,
            phase: Phase::from_raw(p.phase),
            bytes_per_sec: p.bytes_per_sec,
            files_failed: p.files_failed,
            files_skipped: p.files_skipped,
            current_path: (!p.current_path.is_null())
                .then(|| PathBuf::from(OsStr::from_bytes(cstr_bytes(p.current_path)))),
        }
    }
}

/// The type of an [`Event`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// An entry could not be copied.
    Error,
    /// Copied, but not exactly: the source changed while it was read, or
    /// some metadata could not be kept (owner, an xattr, an ACL; a
    /// destination filesystem without xattr or ACL support is reported once
    /// per run, not per entry).
    Warning,
    /// Left alone: an existing destination was kept, or a FIFO, socket or
    /// device while [`specials`](crate::Copier::specials) /
    /// [`devices`](crate::Copier::devices) is off.
    Skipped,
    /// An entry was copied (in a [dry run](crate::Copier::dry_run): would
    /// be, and `bytes` is the data it would copy).
    Copied,
    /// An extraneous destination entry was removed (or, in a dry run, would
    /// be) under [`delete_extraneous`](crate::Copier::delete_extraneous):
    /// `dst` names it, `src` is empty and `op` is `"delete"`.
    Deleted,
    /// A type this version of the bindings does not know.
    Other(u32),
}

impl EventKind {
    fn from_raw(t: u32) -> EventKind {
        match t {
            sys::UCOPY_EVENT_ERROR => EventKind::Error,
            sys::UCOPY_EVENT_WARNING => EventKind::Warning,
            sys::UCOPY_EVENT_SKIPPED => EventKind::Skipped,
            sys::UCOPY_EVENT_COPIED => EventKind::Copied,
            sys::UCOPY_EVENT_DELETED => EventKind::Deleted,
            other => EventKind::Other(other),
        }
    }
}

/// The type of the entry an [`Event`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileType {
    Unknown,
    File,
    Dir,
    Symlink,
    /// FIFO, socket, character or block device.
    Special,
}

impl FileType {
    fn from_raw(t: u32) -> FileType {
        match t {
            sys::UCOPY_TYPE_FILE => FileType::File,
            sys::UCOPY_TYPE_DIR => FileType::Dir,
            sys::UCOPY_TYPE_SYMLINK => FileType::Symlink,
            sys::UCOPY_TYPE_SPECIAL => FileType::Special,
            _ => FileType::Unknown,
        }
    }
}

/// Something that happened to one entry during a run, as seen by
/// [`Copier::on_event`](crate::Copier::on_event) (every kind) and
/// [`Copier::on_error`](crate::Copier::on_error) (errors only).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Event {
    pub kind: EventKind,
    /// 0, a negative errno value or a library code; see [`Event::error`].
    pub code: i32,
    pub file_type: FileType,
    /// The source entry, bytes as on disk (need not be UTF-8).
    pub src: PathBuf,
    /// The destination entry.
    pub dst: PathBuf,
    /// What failed: "open", "read", "write", ... ("" if nothing did).
    pub op: String,
    /// One line for humans: path, operation and reason.
    pub message: String,
    /// Data bytes written for this entry (in a dry run: that it would
    /// copy).
    pub bytes: u64,
    /// With [`Copier::digest`](crate::Copier::digest), a copied regular
    /// file's content digest (16 bytes for xxh128, 32 for sha256); `None`
    /// otherwise.
    pub digest: Option<Vec<u8>>,
}

/// The event's digest, if it has one and the library filled the field
/// (its `size` covers it: an older library does not).
fn digest_of(e: &sys::ucopy_event) -> Option<Vec<u8>> {
    let end = std::mem::offset_of!(sys::ucopy_event, digest) + e.digest.len();
    let len = e.digest_len as usize;
    (e.size as usize >= end && len > 0 && len <= e.digest.len()).then(|| e.digest[..len].to_vec())
}

impl Event {
    /// # Safety
    /// The pointers in `e` must be NULL or valid C strings.
    pub(crate) unsafe fn from_raw(e: &sys::ucopy_event) -> Event {
        Event {
            kind: EventKind::from_raw(e.type_),
            code: e.code,
            file_type: FileType::from_raw(e.file_type),
            src: PathBuf::from(OsStr::from_bytes(cstr_bytes(e.src_path))),
            dst: PathBuf::from(OsStr::from_bytes(cstr_bytes(e.dst_path))),
            op: String::from_utf8_lossy(cstr_bytes(e.op)).into_owned(),
            message: String::from_utf8_lossy(cstr_bytes(e.message)).into_owned(),
            bytes: e.bytes,
            digest: digest_of(e),
        }
    }

    /// The event's code as an [`Error`] (carrying the event's message and
    /// source path), or `None` when the code is 0.
    pub fn error(&self) -> Option<Error> {
        (self.code != 0).then(|| Error::from_event(self))
    }

    /// The `std::io::ErrorKind` of the event's code, or `None` when the
    /// code is 0 (e.g. a copied entry). A library code without an errno
    /// maps as [`Error::io_kind`] does (a verify mismatch is `InvalidData`).
    pub fn io_kind(&self) -> Option<io::ErrorKind> {
        self.error().map(|e| e.io_kind())
    }

    /// The positive errno of the event's code (`EACCES` for `-EACCES`), or
    /// `None` when the code is 0 or a library code.
    pub fn raw_os_error(&self) -> Option<i32> {
        self.error().and_then(|e| e.raw_os_error())
    }
}

/// The bytes of a C string; NULL reads as empty.
unsafe fn cstr_bytes<'a>(p: *const c_char) -> &'a [u8] {
    if p.is_null() {
        &[]
    } else {
        CStr::from_ptr(p).to_bytes()
    }
}
