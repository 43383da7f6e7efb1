// SPDX-License-Identifier: MIT
//! Raw FFI declarations for libucopy, written by hand from `ucopy.h`.
//!
//! Every function, constant, struct and callback type of the public C API is
//! here under its C name. Nothing is wrapped: see the `ucopy` crate for a
//! safe interface. The structs are checked against the installed header by
//! `tests/layout.rs`, which compiles a small C program with the system C
//! compiler and compares every `sizeof`, `offsetof` and constant with this
//! file, so a drift between the two fails `cargo test`.
//!
//! The library is found with pkg-config (`ucopy.pc`); see the build script.
//!
//! ```
//! let v = unsafe { std::ffi::CStr::from_ptr(ucopy_sys::ucopy_version_string()) };
//! assert!(!v.to_bytes().is_empty());
//! assert!(unsafe { ucopy_sys::ucopy_version() } >= ucopy_sys::UCOPY_VERSION_NUMBER);
//! ```

#![no_std]
#![allow(non_camel_case_types)]

use core::ffi::{c_char, c_int, c_uint, c_void};
use core::marker::{PhantomData, PhantomPinned};

// ---- Version ----------------------------------------------------------

pub const UCOPY_VERSION_MAJOR: c_uint = 0;
pub const UCOPY_VERSION_MINOR: c_uint = 1;
pub const UCOPY_VERSION_PATCH: c_uint = 0;
/// `MAJOR * 10000 + MINOR * 100 + PATCH`, comparable with [`ucopy_version`].
pub const UCOPY_VERSION_NUMBER: c_uint = 100;

// ---- Status codes -----------------------------------------------------

pub const UCOPY_OK: c_int = 0;
/// The run finished, but some entries could not be copied.
pub const UCOPY_EPARTIAL: c_int = -10001;
/// A callback asked to stop the run.
pub const UCOPY_EABORTED: c_int = -10002;
/// A source file changed size while it was being copied.
pub const UCOPY_ECHANGED: c_int = -10003;
/// Source and destination are the same file or directory.
pub const UCOPY_ESAMEFILE: c_int = -10004;
/// The destination lies inside the source tree.
pub const UCOPY_EDSTINSIDE: c_int = -10005;
/// [`UCOPY_F_VERIFY`] found the copy different from the source.
pub const UCOPY_EVERIFY: c_int = -10006;
// A cancelled run returns -ECANCELED: use `libc::ECANCELED`.

// ---- Options ----------------------------------------------------------

pub const UCOPY_F_RECURSIVE: u64 = 0x1;
pub const UCOPY_F_PRESERVE_MODE: u64 = 0x2;
pub const UCOPY_F_PRESERVE_TIMES: u64 = 0x4;
/// uid and gid; see [`ucopy_options::owner_policy`].
pub const UCOPY_F_PRESERVE_OWNER: u64 = 0x8;
pub const UCOPY_F_DEREFERENCE: u64 = 0x10;
pub const UCOPY_F_DEREFERENCE_ARGS: u64 = 0x20;
pub const UCOPY_F_DRY_RUN: u64 = 0x40;
pub const UCOPY_F_PRESERVE_HARDLINKS: u64 = 0x80;
/// Extended attributes in every namespace the process may read, filtered by
/// the xattr filter ([`ucopy_set_xattr_filter`]). POSIX ACLs are copied by
/// [`UCOPY_F_PRESERVE_ACLS`], not by this flag.
pub const UCOPY_F_PRESERVE_XATTRS: u64 = 0x100;
/// POSIX access ACLs, and default ACLs of directories.
pub const UCOPY_F_PRESERVE_ACLS: u64 = 0x200;
/// Recreate FIFOs and Unix sockets; without it they are skipped.
pub const UCOPY_F_COPY_SPECIALS: u64 = 0x400;
/// Recreate character and block devices (needs `CAP_MKNOD`); without it
/// they are skipped.
pub const UCOPY_F_COPY_DEVICES: u64 = 0x800;
/// Read sources with `O_NOATIME` where permitted. Not part of
/// [`UCOPY_F_ARCHIVE`].
pub const UCOPY_F_NOATIME: u64 = 0x1000;
/// After a directory's entries are copied, remove the entries of its
/// destination that the source directory lacks (`rsync --delete`): only
/// through the destination directory's descriptors, never following a
/// symlink, never into another filesystem mounted below the destination.
/// Each removed entry is an [`UCOPY_EVENT_DELETED`] event; with
/// [`UCOPY_F_DRY_RUN`] they are reported and nothing is removed. Not part
/// of [`UCOPY_F_ARCHIVE`].
pub const UCOPY_F_DELETE: u64 = 0x2000;
/// Durability: each file's data is synced (fsync, through the ring) before
/// it is closed, each directory after its entries and its own metadata, and
/// at the end the destination filesystem as a whole (`syncfs`), which also
/// covers the metadata set after a file was closed, before [`ucopy_run`]
/// reports success. Not part of [`UCOPY_F_ARCHIVE`].
pub const UCOPY_F_FSYNC: u64 = 0x4000;
/// After copying each regular file, read the source and the destination
/// again and compare them; a difference is an [`UCOPY_EVERIFY`] error for
/// that file, whose copy is then removed. Not part of [`UCOPY_F_ARCHIVE`].
pub const UCOPY_F_VERIFY: u64 = 0x10000;
/// Files of 8 MiB and more that are read and written (not cloned, not
/// `copy_file_range`) bypass the page cache with `O_DIRECT` where the
/// filesystems allow it, chunk by block-aligned chunk; this flag keeps them
/// in the page cache instead. Not part of [`UCOPY_F_ARCHIVE`].
pub const UCOPY_F_NO_DIRECT_IO: u64 = 0x20000;
/// Stay on the source root's filesystem (`cp -x`, `rsync -x`): a directory
/// on another one (a mount point) is created in the destination with its
/// metadata, but what it holds is not copied. Not part of
/// [`UCOPY_F_ARCHIVE`].
pub const UCOPY_F_ONE_FILE_SYSTEM: u64 = 0x80000;
/// Leave write-back to the kernel. By default, each time 64 MiB of copied
/// data sits unwritten in the page cache, a thread of the run starts
/// write-back of the destination filesystem (`syncfs`), so that the device
/// writes while the copy goes on; a finished run waits for a write-back in
/// progress, and a failed one is an error event naming the destination.
/// Data written with `O_DIRECT` does not count. Not part of
/// [`UCOPY_F_ARCHIVE`].
pub const UCOPY_F_NO_WRITE_BEHIND: u64 = 0x100000;
/// Atomic replace: each regular file, symlink and special file is made
/// under a temporary name in its destination directory (`.ucopy-tmp.`
/// followed by the process id, a number and the start of its name), given
/// its data and metadata (and synced, with [`UCOPY_F_FSYNC`]), then renamed
/// over its name. A reader sees the old entry or the whole new one, never a
/// partial file; an entry that fails leaves the old one untouched and no
/// temporary name. Replacing is decided by `overwrite` (and `update`) as
/// without it, but an existing entry is not removed first. Names of this
/// form that an interrupted run left (their process gone) are removed from
/// each existing destination directory the run merges into. Not part of
/// [`UCOPY_F_ARCHIVE`].
pub const UCOPY_F_ATOMIC: u64 = 0x40000;
/// Everything this version can preserve, recursively: `cp -a` plus xattrs
/// and ACLs (`rsync -aHAX`).
pub const UCOPY_F_ARCHIVE: u64 = UCOPY_F_RECURSIVE
    | UCOPY_F_PRESERVE_MODE
    | UCOPY_F_PRESERVE_TIMES
    | UCOPY_F_PRESERVE_OWNER
    | UCOPY_F_PRESERVE_HARDLINKS
    | UCOPY_F_PRESERVE_XATTRS
    | UCOPY_F_PRESERVE_ACLS
    | UCOPY_F_COPY_SPECIALS
    | UCOPY_F_COPY_DEVICES;

pub const UCOPY_OVERWRITE_FAIL: u32 = 0;
pub const UCOPY_OVERWRITE_REPLACE: u32 = 1;
pub const UCOPY_OVERWRITE_SKIP: u32 = 2;

/// Owner not kept: copy the entry owned by the caller, with a warning event
/// (code `-EPERM`, op `"chown"`). The default.
pub const UCOPY_OWNER_WARN: u32 = 0;
/// Owner not kept: report an error event for the entry.
pub const UCOPY_OWNER_FAIL: u32 = 1;
/// Owner not kept: copy the entry owned by the caller, silently (`cp -a`).
pub const UCOPY_OWNER_IGNORE: u32 = 2;

/// `copy_method`: small files through io_uring; larger ones by clone
/// (`FICLONE`), else `copy_file_range`, else read/write. The default.
/// Whatever the method, a file falls back silently to the next one down
/// when the filesystem cannot do it.
pub const UCOPY_COPY_AUTO: u32 = 0;
/// `copy_method`: try a clone first for every file.
pub const UCOPY_COPY_REFLINK: u32 = 1;
/// `copy_method`: `copy_file_range` first, no clone.
pub const UCOPY_COPY_FILE_RANGE: u32 = 2;
/// `copy_method`: read and write only.
pub const UCOPY_COPY_READ_WRITE: u32 = 3;

/// `reflink`: clone where the method allows and it works. The default.
pub const UCOPY_REFLINK_AUTO: u32 = 0;
/// `reflink`: clone every file or fail it (op `"clone"`).
pub const UCOPY_REFLINK_ALWAYS: u32 = 1;
/// `reflink`: never clone.
pub const UCOPY_REFLINK_NEVER: u32 = 2;

/// `sparse`: keep the holes of files that have some. The default.
pub const UCOPY_SPARSE_AUTO: u32 = 0;
/// `sparse`: also turn zero runs of whole blocks into holes.
pub const UCOPY_SPARSE_ALWAYS: u32 = 1;
/// `sparse`: write holes out as zeros.
pub const UCOPY_SPARSE_NEVER: u32 = 2;

/// Default `region_threshold`: files of at least 64 MiB are split into
/// regions copied concurrently.
pub const UCOPY_REGION_THRESHOLD_DEFAULT: u64 = 64 * 1024 * 1024;
/// `region_size` must be a multiple of this (2 MiB).
pub const UCOPY_REGION_ALIGN: u64 = 2 * 1024 * 1024;
/// The largest `regions` value.
pub const UCOPY_REGIONS_MAX: u32 = 64;

/// `update`: no up-to-date check; the overwrite policy decides. The default.
pub const UCOPY_UPDATE_NONE: u32 = 0;
/// `update`: an existing destination with the same type, size and mtime is
/// up to date (rsync's quick check; the destination is not read).
pub const UCOPY_UPDATE_SIZE_MTIME: u32 = 1;
/// `update`: an existing destination with the same type, size and contents
/// is up to date (both files are read).
pub const UCOPY_UPDATE_CHECKSUM: u32 = 2;

pub const UCOPY_OPTIONS_VERSION: u32 = 2;

pub const UCOPY_WORKERS_MAX: u32 = 256;
pub const UCOPY_FILES_IN_FLIGHT_MAX: u32 = 4096;
pub const UCOPY_QUEUE_DEPTH_MIN: u32 = 8;
pub const UCOPY_QUEUE_DEPTH_MAX: u32 = 32768;
pub const UCOPY_BUFFER_SIZE_MIN: u32 = 4096;
pub const UCOPY_BUFFER_SIZE_MAX: u32 = 64 * 1024 * 1024;
pub const UCOPY_PROGRESS_INTERVAL_MIN_MS: u32 = 10;
pub const UCOPY_PROGRESS_INTERVAL_MAX_MS: u32 = 60000;
/// Upper bound on workers x files in flight x buffer size (plus the helper
/// regions): options above it are refused with `-EINVAL`.
pub const UCOPY_BUFFER_MEMORY_MAX: u64 = 4 * 1024 * 1024 * 1024;
/// Longest filter pattern `ucopy_add_filter_rule` takes, in bytes.
pub const UCOPY_FILTER_PATTERN_MAX: u32 = 4096;

#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ucopy_options {
    pub size: u32,
    pub version: u32,
    pub flags: u64,
    pub overwrite: u32,
    pub workers: u32,
    pub files_in_flight: u32,
    pub queue_depth: u32,
    pub buffer_size: u32,
    pub progress_interval_ms: u32,
    /// `UCOPY_OWNER_*` (since version 2).
    pub owner_policy: u32,
    /// Must be 0.
    pub reserved0: u32,
    /// `UCOPY_COPY_*` (since version 2).
    pub copy_method: u32,
    /// `UCOPY_REFLINK_*` (since version 2).
    pub reflink: u32,
    /// `UCOPY_SPARSE_*` (since version 2).
    pub sparse: u32,
    /// Large-file helper threads, i.e. regions copied at once; 0: 4, at
    /// most [`UCOPY_REGIONS_MAX`] (since version 2).
    pub regions: u32,
    /// Files of at least this many bytes are split into regions copied
    /// concurrently; 0 disables. Default [`UCOPY_REGION_THRESHOLD_DEFAULT`]
    /// (since version 2).
    pub region_threshold: u64,
    /// Bytes per region, a multiple of [`UCOPY_REGION_ALIGN`]; 0: the file
    /// split evenly among the helper threads (since version 2).
    pub region_size: u64,
    /// `UCOPY_UPDATE_*`: how an existing destination file is judged up to
    /// date, in which case its data is left alone; an outdated one is
    /// replaced whatever `overwrite` says. Default [`UCOPY_UPDATE_NONE`].
    pub update: u32,
    /// Must be 0.
    pub reserved1: u32,
}

/// The same defaults as the C macro `UCOPY_OPTIONS_INIT` (and as what
/// [`ucopy_options_init`] writes).
pub const UCOPY_OPTIONS_INIT: ucopy_options = ucopy_options {
    size: core::mem::size_of::<ucopy_options>() as u32,
    version: UCOPY_OPTIONS_VERSION,
    flags: UCOPY_F_ARCHIVE,
    overwrite: UCOPY_OVERWRITE_FAIL,
    workers: 0,
    files_in_flight: 0,
    queue_depth: 0,
    buffer_size: 0,
    progress_interval_ms: 0,
    owner_policy: UCOPY_OWNER_WARN,
    reserved0: 0,
    copy_method: UCOPY_COPY_AUTO,
    reflink: UCOPY_REFLINK_AUTO,
    sparse: UCOPY_SPARSE_AUTO,
    regions: 0,
    region_threshold: UCOPY_REGION_THRESHOLD_DEFAULT,
    region_size: 0,
    update: UCOPY_UPDATE_NONE,
    reserved1: 0,
};

// ---- Handle -----------------------------------------------------------

/// The opaque handle (`ucopy_t`). Only ever used behind a pointer; the
/// marker makes it `!Send`, `!Sync` and `!Unpin`, as recommended for opaque
/// C types.
#[repr(C)]
pub struct ucopy_t {
    _private: [u8; 0],
    _marker: PhantomData<(*mut u8, PhantomPinned)>,
}

// ---- Callbacks --------------------------------------------------------

#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ucopy_progress {
    pub size: u32,
    pub finished: u32,
    pub files_done: u64,
    pub files_total: u64,
    pub bytes_done: u64,
    pub bytes_total: u64,
    pub elapsed_ns: u64,
}

pub type ucopy_progress_cb =
    Option<unsafe extern "C" fn(progress: *const ucopy_progress, user: *mut c_void) -> c_int>;

pub const UCOPY_EVENT_ERROR: u32 = 1;
pub const UCOPY_EVENT_WARNING: u32 = 2;
pub const UCOPY_EVENT_SKIPPED: u32 = 3;
pub const UCOPY_EVENT_COPIED: u32 = 4;
/// An extraneous destination entry was removed ([`UCOPY_F_DELETE`]);
/// `dst_path` names it, `src_path` is empty, `op` is `"delete"`.
pub const UCOPY_EVENT_DELETED: u32 = 5;
pub const UCOPY_EVENT_MASK_ERROR: u32 = 1 << UCOPY_EVENT_ERROR;
pub const UCOPY_EVENT_MASK_WARNING: u32 = 1 << UCOPY_EVENT_WARNING;
pub const UCOPY_EVENT_MASK_SKIPPED: u32 = 1 << UCOPY_EVENT_SKIPPED;
pub const UCOPY_EVENT_MASK_COPIED: u32 = 1 << UCOPY_EVENT_COPIED;
pub const UCOPY_EVENT_MASK_DELETED: u32 = 1 << UCOPY_EVENT_DELETED;
pub const UCOPY_EVENT_MASK_ALL: u32 = 0xffff_ffff;

pub const UCOPY_TYPE_UNKNOWN: u32 = 0;
pub const UCOPY_TYPE_FILE: u32 = 1;
pub const UCOPY_TYPE_DIR: u32 = 2;
pub const UCOPY_TYPE_SYMLINK: u32 = 3;
pub const UCOPY_TYPE_SPECIAL: u32 = 4;

#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct ucopy_event {
    pub size: u32,
    pub type_: u32,
    pub code: i32,
    pub file_type: u32,
    pub src_path: *const c_char,
    pub dst_path: *const c_char,
    pub op: *const c_char,
    pub message: *const c_char,
    pub bytes: u64,
}

pub const UCOPY_CONTINUE: c_int = 0;
pub const UCOPY_SKIP: c_int = 1;
pub const UCOPY_ABORT: c_int = 2;

pub type ucopy_event_cb =
    Option<unsafe extern "C" fn(event: *const ucopy_event, user: *mut c_void) -> c_int>;

/// Decides whether the extended attribute `name` is copied: non-zero copies
/// it. Asked once per distinct name in a run, on the thread that called
/// [`ucopy_run`].
pub type ucopy_xattr_filter_cb =
    Option<unsafe extern "C" fn(name: *const c_char, user: *mut c_void) -> c_int>;

// ---- Filters ----------------------------------------------------------

/// [`ucopy_add_filter_rule`]: leave out the entries the pattern matches.
pub const UCOPY_FILTER_EXCLUDE: c_int = 0;
/// [`ucopy_add_filter_rule`]: copy the entries the pattern matches, even
/// where a later exclude rule matches too (the first match wins).
pub const UCOPY_FILTER_INCLUDE: c_int = 1;

/// C's `struct stat`, opaque here (the `libc` crate has its layout); the
/// filter callback gets it behind a pointer.
#[repr(C)]
pub struct stat {
    _private: [u8; 0],
    _marker: PhantomData<(*mut u8, PhantomPinned)>,
}

/// Decides on each entry the filter rules let through: `path` is relative
/// to the source root (bytes as on disk), `st` its `lstat` (its `stat` under
/// [`UCOPY_F_DEREFERENCE`]). Returns [`UCOPY_CONTINUE`] to copy it,
/// [`UCOPY_SKIP`] to leave it out (a directory with its subtree), or
/// [`UCOPY_ABORT`] to stop the run. Called on the thread that called
/// [`ucopy_run`], one call at a time.
pub type ucopy_filter_cb =
    Option<unsafe extern "C" fn(path: *const c_char, st: *const stat, user: *mut c_void) -> c_int>;

// ---- Running ----------------------------------------------------------

#[repr(C)]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ucopy_stats {
    pub size: u32,
    pub reserved: u32,
    pub files: u64,
    pub dirs: u64,
    pub symlinks: u64,
    pub specials: u64,
    pub bytes: u64,
    pub failures: u64,
    pub skipped: u64,
    pub warnings: u64,
    pub elapsed_ns: u64,
    pub sqes_submitted: u64,
    pub io_uring_enters: u64,
    /// Regular files cloned (no data moved), and their sizes.
    pub files_reflinked: u64,
    pub bytes_reflinked: u64,
    /// Files and bytes copied by `copy_file_range`.
    pub files_copy_file_range: u64,
    pub bytes_copy_file_range: u64,
    /// Files and bytes copied by reading and writing. A file that fell back
    /// partway counts under the method it ended with; bytes count under the
    /// method that moved them.
    pub files_read_write: u64,
    pub bytes_read_write: u64,
    /// Source bytes left as holes, not written.
    pub bytes_sparse: u64,
    /// Files compared again under [`UCOPY_F_VERIFY`].
    pub files_verified: u64,
    /// Entries left alone by `update` because up to date (also counted in
    /// `skipped`).
    pub up_to_date: u64,
    /// Destination entries removed (or, in a dry run, found) by
    /// [`UCOPY_F_DELETE`].
    pub deleted: u64,
    /// Entries left out by the filter rules or the filter callback (a
    /// directory counts once, its contents not at all).
    pub filtered: u64,
}

extern "C" {
    pub fn ucopy_version() -> c_uint;
    pub fn ucopy_version_string() -> *const c_char;

    pub fn ucopy_strerror(code: c_int) -> *const c_char;
    pub fn ucopy_error_name(code: c_int) -> *const c_char;

    pub fn ucopy_options_init(opts: *mut ucopy_options, size: usize) -> c_int;

    pub fn ucopy_new() -> *mut ucopy_t;
    pub fn ucopy_free(h: *mut ucopy_t);
    pub fn ucopy_set_options(h: *mut ucopy_t, opts: *const ucopy_options) -> c_int;

    pub fn ucopy_set_progress_callback(
        h: *mut ucopy_t,
        cb: ucopy_progress_cb,
        user: *mut c_void,
    ) -> c_int;
    pub fn ucopy_set_event_callback(
        h: *mut ucopy_t,
        cb: ucopy_event_cb,
        user: *mut c_void,
        mask: u32,
    ) -> c_int;
    pub fn ucopy_set_xattr_filter(
        h: *mut ucopy_t,
        cb: ucopy_xattr_filter_cb,
        user: *mut c_void,
    ) -> c_int;

    /// `action`: [`UCOPY_FILTER_EXCLUDE`] or [`UCOPY_FILTER_INCLUDE`];
    /// `pattern`: rsync's include/exclude pattern syntax. `-EINVAL` (with
    /// [`ucopy_last_error`] naming the pattern) for a bad one.
    pub fn ucopy_add_filter_rule(h: *mut ucopy_t, action: c_int, pattern: *const c_char) -> c_int;
    pub fn ucopy_clear_filter_rules(h: *mut ucopy_t) -> c_int;
    pub fn ucopy_set_filter_callback(
        h: *mut ucopy_t,
        cb: ucopy_filter_cb,
        user: *mut c_void,
    ) -> c_int;

    pub fn ucopy_run(h: *mut ucopy_t, src: *const c_char, dst: *const c_char) -> c_int;
    pub fn ucopy_cancel(h: *mut ucopy_t) -> c_int;

    pub fn ucopy_get_stats(h: *const ucopy_t, stats: *mut ucopy_stats, size: usize) -> c_int;
    pub fn ucopy_last_error(h: *const ucopy_t) -> *const c_char;
}
