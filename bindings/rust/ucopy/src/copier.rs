// SPDX-License-Identifier: MIT
//! The `Copier` builder: its options. The callbacks are set in
//! `local.rs` and `sendable.rs`, runs are made in `run.rs`.

use std::ffi::{CString, OsStr};
use std::fmt;
use std::marker::PhantomData;
use std::os::raw::c_int;
use std::os::unix::ffi::OsStrExt;
use std::sync::Arc;
use std::time::Duration;

use ucopy_sys as sys;

use crate::callbacks::{EventFn, FilterFn, ProgressFn, XattrFilterFn};
use crate::handle::Handle;
use crate::mode::{Local, Mode};
use crate::{CopyMethod, Digest, Error, Overwrite, OwnerPolicy, Reflink, Sparse, Update};

/// Copies a file or a directory tree; configure it with the builder
/// methods, then call [`run`](Copier::run) (as often as you like).
///
/// The defaults are those of libucopy: archive mode (`cp -a` plus xattrs
/// and ACLs, like `rsync -aHAX`: recursive, keeping mode, times, owner,
/// hard links, xattrs and ACLs, recreating FIFOs, sockets and devices),
/// failing on existing destination entries, warning (once per run) about
/// owners that cannot be kept, and tuning knobs chosen by the library.
///
/// # Threads
///
/// The callbacks of a [`Copier::new`] (mode [`Local`]) run on the thread
/// that calls `run`, one at a time, so they need not be `Send` and may
/// borrow local state (the `'a` lifetime). The price is that such a
/// `Copier` with its closures stays on the thread that built it (it is
/// neither `Send` nor `Sync`). To stop a run from elsewhere, hand a
/// [`Canceller`](crate::Canceller) to the other thread. A
/// [`Copier::new_send`] (mode [`Sendable`](crate::Sendable)) takes only
/// `Send` closures and is `Send`; it is the one
/// [`copy_async`](Copier::copy_async) takes.
///
/// ```compile_fail
/// fn needs_send<T: Send>(_: T) {}
/// needs_send(ucopy::Copier::new()); // a Copier stays on its thread
/// ```
///
/// # Panics in callbacks
///
/// A panic inside a callback stops the run; `run` then continues the panic
/// on its caller's thread with [`std::panic::resume_unwind`], after the
/// library has cleaned up.
///
/// ```
/// # let tmp = std::env::temp_dir().join(format!("ucopy-doc-copier-{}", std::process::id()));
/// # std::fs::create_dir_all(tmp.join("src/sub")).unwrap();
/// # std::fs::write(tmp.join("src/sub/file"), b"hello").unwrap();
/// use ucopy::{Copier, Decision, Overwrite};
///
/// let mut last = None;
/// let stats = Copier::new()
///     .archive(true)
///     .workers(2)
///     .overwrite(Overwrite::Replace)
///     .on_progress(|p| last = Some(p.clone()))
///     .on_error(|e| {
///         eprintln!("skipping: {}", e.message);
///         Decision::Skip
///     })
///     .run(tmp.join("src"), tmp.join("dst"))?;
/// assert_eq!(stats.files, 1);
/// assert_eq!(stats.bytes, 5);
/// assert!(last.unwrap().finished);
/// assert_eq!(std::fs::read(tmp.join("dst/sub/file"))?, b"hello");
/// # std::fs::remove_dir_all(&tmp).unwrap();
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Copier<'a, M: Mode = Local> {
    pub(crate) handle: Arc<Handle>,
    pub(crate) options: sys::ucopy_options,
    pub(crate) progress: Option<Box<ProgressFn<'a>>>,
    /// `on_event`: every event.
    pub(crate) event: Option<Box<EventFn<'a>>>,
    /// `on_error`: error events, after `on_event`.
    pub(crate) error: Option<Box<EventFn<'a>>>,
    pub(crate) xattr_filter: Option<Box<XattrFilterFn<'a>>>,
    /// Include/exclude rules in the order given; checked when `run` hands
    /// them to the library.
    pub(crate) rules: Vec<(c_int, Vec<u8>)>,
    pub(crate) filter: Option<Box<FilterFn<'a>>>,
    /// Where the callbacks may run: `Local` (the caller's thread) or
    /// `Sendable` (any thread, so every closure is `Send`).
    pub(crate) mode: PhantomData<M>,
}

impl Default for Copier<'_> {
    fn default() -> Self {
        Copier::new()
    }
}

impl<'a, M: Mode> Copier<'a, M> {
    /// A copier with the library's default options, in either mode.
    pub(crate) fn with_defaults() -> Copier<'a, M> {
        let mut options = sys::UCOPY_OPTIONS_INIT;
        // SAFETY: `options` has room for size_of bytes. The library's
        // defaults win over the header's where the two differ.
        let rc = unsafe { sys::ucopy_options_init(&mut options, std::mem::size_of_val(&options)) };
        debug_assert_eq!(rc, 0, "ucopy_options_init failed");
        Copier {
            handle: Arc::new(Handle::new()),
            options,
            progress: None,
            event: None,
            error: None,
            xattr_filter: None,
            rules: Vec::new(),
            filter: None,
            mode: PhantomData,
        }
    }

    /// Sets or clears a flag outside archive mode in `flags`.
    fn flag(mut self, flag: u64, on: bool) -> Self {
        if on {
            self.options.flags |= flag;
        } else {
            self.options.flags &= !flag;
        }
        self
    }

    /// Switches one part of archive mode on or off on its own: the bit goes
    /// to `flags_set` or `flags_clear` (and out of the other one), which the
    /// library applies over `flags` whatever the order of the calls:
    /// `(flags | flags_set) & !flags_clear`.
    fn part(mut self, flag: u64, on: bool) -> Self {
        if on {
            self.options.flags_set |= flag;
            self.options.flags_clear &= !flag;
        } else {
            self.options.flags_clear |= flag;
            self.options.flags_set &= !flag;
        }
        self
    }

    /// Everything this version can preserve, recursively (on by default):
    /// `cp -a` plus xattrs and ACLs, i.e. [`recursive`](Self::recursive),
    /// [`preserve_mode`](Self::preserve_mode),
    /// [`preserve_times`](Self::preserve_times),
    /// [`preserve_owner`](Self::preserve_owner),
    /// [`preserve_hardlinks`](Self::preserve_hardlinks),
    /// [`xattrs`](Self::xattrs), [`acls`](Self::acls),
    /// [`specials`](Self::specials) and [`devices`](Self::devices)
    /// (`sys::UCOPY_F_ARCHIVE`). `archive(false)` turns off those that were
    /// not switched on or off on their own.
    ///
    /// Those nine switches win over `archive` whatever the order of the
    /// calls, as libucopy's `flags_set` and `flags_clear` do: `archive`
    /// sets the mode, each switch records its part on its own. So
    /// `archive(true).xattrs(false)` and `xattrs(false).archive(true)` both
    /// copy without extended attributes, and after
    /// `preserve_owner(true).archive(false)` owners are still kept:
    ///
    /// ```
    /// // Archive mode without extended attributes, in either order.
    /// let copier = ucopy::Copier::new().archive(true).xattrs(false);
    /// # drop(copier);
    /// let copier = ucopy::Copier::new().xattrs(false).archive(true);
    /// # drop(copier);
    /// // Data and times only: archive off, times back on.
    /// let copier = ucopy::Copier::new().preserve_times(true).archive(false);
    /// # drop(copier);
    /// ```
    pub fn archive(self, on: bool) -> Self {
        self.flag(sys::UCOPY_F_ARCHIVE, on)
    }

    /// Copy directories and their contents.
    pub fn recursive(self, on: bool) -> Self {
        self.part(sys::UCOPY_F_RECURSIVE, on)
    }

    /// Keep permission bits, including setuid, setgid and sticky.
    pub fn preserve_mode(self, on: bool) -> Self {
        self.part(sys::UCOPY_F_PRESERVE_MODE, on)
    }

    /// Keep access and modification times, in nanoseconds.
    pub fn preserve_times(self, on: bool) -> Self {
        self.part(sys::UCOPY_F_PRESERVE_TIMES, on)
    }

    /// Keep uid and gid. Where the caller may not give an entry away, the
    /// [`owner_policy`](Self::owner_policy) says what happens.
    pub fn preserve_owner(self, on: bool) -> Self {
        self.part(sys::UCOPY_F_PRESERVE_OWNER, on)
    }

    /// What to do when an entry's owner cannot be kept: warn once per run
    /// (the default), warn for each entry, fail the entry, or ignore it
    /// silently like `cp -a`; see [`OwnerPolicy`].
    ///
    /// ```
    /// use ucopy::{Copier, OwnerPolicy};
    ///
    /// // An unprivileged backup that must not lose owners: such entries
    /// // fail, and `run` returns `ErrorKind::Partial`.
    /// let copier = Copier::new().owner_policy(OwnerPolicy::Fail);
    /// # drop(copier);
    /// ```
    ///
    /// Only the four policies exist; a raw number is a type error:
    ///
    /// ```compile_fail
    /// let copier = ucopy::Copier::new().owner_policy(3);
    /// ```
    pub fn owner_policy(mut self, policy: OwnerPolicy) -> Self {
        self.options.owner_policy = policy.to_raw();
        self
    }

    /// Copy extended attributes (on in archive mode): `user.*`, and
    /// `trusted.*` and `security.*` where the process may read them. POSIX
    /// ACLs are [`acls`](Self::acls). An attribute that cannot be set is a
    /// warning event; a destination filesystem without xattr support is
    /// reported once per run. See [`xattr_filter`](Self::xattr_filter) to
    /// leave names out.
    pub fn xattrs(self, on: bool) -> Self {
        self.part(sys::UCOPY_F_PRESERVE_XATTRS, on)
    }

    /// Copy POSIX access ACLs, and default ACLs of directories (on in
    /// archive mode).
    pub fn acls(self, on: bool) -> Self {
        self.part(sys::UCOPY_F_PRESERVE_ACLS, on)
    }

    /// Recreate FIFOs and Unix sockets (on in archive mode); without it
    /// they are skipped, with an [`EventKind::Skipped`](crate::EventKind)
    /// event.
    pub fn specials(self, on: bool) -> Self {
        self.part(sys::UCOPY_F_COPY_SPECIALS, on)
    }

    /// Recreate character and block devices (on in archive mode; needs
    /// `CAP_MKNOD`); without it they are skipped, with an
    /// [`EventKind::Skipped`](crate::EventKind) event.
    pub fn devices(self, on: bool) -> Self {
        self.part(sys::UCOPY_F_COPY_DEVICES, on)
    }

    /// Read sources without updating their access time (`O_NOATIME`),
    /// where the process may: as their owner or with `CAP_FOWNER`. Off by
    /// default, and not part of archive mode.
    pub fn noatime(self, on: bool) -> Self {
        self.flag(sys::UCOPY_F_NOATIME, on)
    }

    /// Remove destination entries the source lacks, like `rsync --delete`
    /// (off by default, and not part of archive mode). Each directory is
    /// cleaned after its own entries are copied, only through the
    /// destination directory's descriptors: a symlink is removed as a link,
    /// never followed, and a filesystem mounted below the destination is
    /// not entered. Each removed entry is an
    /// [`EventKind::Deleted`](crate::EventKind) event (op `"delete"`, `dst`
    /// set, `src` empty) and counts in [`Stats::deleted`](crate::Stats::deleted); with
    /// [`dry_run`](Self::dry_run) they are reported and counted, nothing is
    /// removed.
    ///
    /// ```
    /// # let tmp = std::env::temp_dir().join(format!("ucopy-doc-delete-{}", std::process::id()));
    /// # std::fs::create_dir_all(tmp.join("src")).unwrap();
    /// # std::fs::write(tmp.join("src/file"), b"hello").unwrap();
    /// use ucopy::{Copier, Update};
    ///
    /// let mut sync = Copier::new()
    ///     .update(Update::SizeMtime)
    ///     .delete_extraneous(true);
    /// sync.run(tmp.join("src"), tmp.join("dst"))?;
    /// std::fs::write(tmp.join("dst/stale"), b"old")?;
    /// let again = sync.run(tmp.join("src"), tmp.join("dst"))?;
    /// assert_eq!(again.deleted, 1);
    /// assert!(!tmp.join("dst/stale").exists());
    /// # std::fs::remove_dir_all(&tmp).unwrap();
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn delete_extraneous(self, on: bool) -> Self {
        self.flag(sys::UCOPY_F_DELETE, on)
    }

    /// Durability (off by default, and not part of archive mode): each
    /// file's data is synced (fsync, through the ring) before it is closed,
    /// each directory after its entries and its own metadata, and at the end
    /// the destination filesystem as a whole (`syncfs`), so that when
    /// [`run`](Self::run) returns `Ok` the copy is on stable storage. Costs
    /// the time the storage takes to flush.
    ///
    /// ```
    /// # let tmp = std::env::temp_dir().join(format!("ucopy-doc-fsync-{}", std::process::id()));
    /// # std::fs::create_dir_all(tmp.join("src")).unwrap();
    /// # std::fs::write(tmp.join("src/file"), b"hello").unwrap();
    /// use ucopy::Copier;
    ///
    /// Copier::new().fsync(true).run(tmp.join("src"), tmp.join("dst"))?;
    /// assert_eq!(std::fs::read(tmp.join("dst/file"))?, b"hello");
    /// # std::fs::remove_dir_all(&tmp).unwrap();
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fsync(self, on: bool) -> Self {
        self.flag(sys::UCOPY_F_FSYNC, on)
    }

    /// Atomic replace (off by default, and not part of archive mode): each
    /// file, symlink and special file is written under a temporary name in
    /// its destination directory (`.ucopy-tmp.<pid>.<nonce>.<n>.<name>`),
    /// given its metadata (and synced, with [`fsync`](Self::fsync)), then
    /// renamed over its name, so that a reader sees the old file or the
    /// whole new one, never a partial file. A file that fails leaves the old
    /// one untouched and no temporary name; [`overwrite`](Self::overwrite)
    /// and [`update`](Self::update) decide what is replaced, as without it.
    /// Temporary names a killed run left are removed by the next atomic run
    /// from each existing directory it merges into.
    ///
    /// ```
    /// # let tmp = std::env::temp_dir().join(format!("ucopy-doc-atomic-{}", std::process::id()));
    /// # std::fs::create_dir_all(tmp.join("src")).unwrap();
    /// # std::fs::create_dir_all(tmp.join("dst")).unwrap();
    /// # std::fs::write(tmp.join("src/file"), b"new").unwrap();
    /// # std::fs::write(tmp.join("dst/file"), b"old").unwrap();
    /// use ucopy::{Copier, Overwrite};
    ///
    /// Copier::new()
    ///     .atomic(true)
    ///     .overwrite(Overwrite::Replace)
    ///     .run(tmp.join("src"), tmp.join("dst"))?;
    /// assert_eq!(std::fs::read(tmp.join("dst/file"))?, b"new");
    /// # std::fs::remove_dir_all(&tmp).unwrap();
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn atomic(self, on: bool) -> Self {
        self.flag(sys::UCOPY_F_ATOMIC, on)
    }

    /// Start write-back of the destination filesystem while the copy goes on
    /// (on by default): each time 64 MiB of copied data sits unwritten in
    /// the page cache, a thread of the run calls `syncfs`, so that the disk
    /// writes during the copy rather than after it. The run returns later
    /// (it waits for a write-back in progress) but its data is on disk
    /// sooner; a failed write-back is an error naming the destination.
    /// `write_behind(false)` (`sys::UCOPY_F_NO_WRITE_BEHIND`) leaves all
    /// write-back to the kernel.
    ///
    /// ```
    /// # let tmp = std::env::temp_dir().join(format!("ucopy-doc-wb-{}", std::process::id()));
    /// # std::fs::create_dir_all(tmp.join("src")).unwrap();
    /// # std::fs::write(tmp.join("src/file"), b"data").unwrap();
    /// use ucopy::Copier;
    ///
    /// Copier::new().write_behind(false).run(tmp.join("src"), tmp.join("dst"))?;
    /// assert_eq!(std::fs::read(tmp.join("dst/file"))?, b"data");
    /// # std::fs::remove_dir_all(&tmp).unwrap();
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn write_behind(self, on: bool) -> Self {
        self.flag(sys::UCOPY_F_NO_WRITE_BEHIND, !on)
    }

    /// Run a counting walk ahead of the copy (on by default), on a thread of
    /// its own: directory listings and a stat per entry, nothing read or
    /// written, so that [`Progress::files_total`] and
    /// [`Progress::bytes_total`] are complete long before the copy ends and
    /// [`Progress::totals_final`] says so. It costs about 2 µs of CPU per
    /// entry on a warm cache. `prescan(false)` (`sys::UCOPY_F_NO_PRESCAN`)
    /// turns it off: the totals are then what the copy has found so far,
    /// final only when the run ends.
    ///
    /// ```
    /// # let tmp = std::env::temp_dir().join(format!("ucopy-doc-prescan-{}", std::process::id()));
    /// # std::fs::create_dir_all(tmp.join("src")).unwrap();
    /// # std::fs::write(tmp.join("src/file"), b"data").unwrap();
    /// use ucopy::Copier;
    ///
    /// let mut last = None;
    /// Copier::new()
    ///     .prescan(false)
    ///     .on_progress(|p| last = Some(p.clone()))
    ///     .run(tmp.join("src"), tmp.join("dst"))?;
    /// let last = last.expect("a last report");
    /// assert!(last.finished);
    /// assert_eq!((last.files_done, last.bytes_done), (last.files_total, 4));
    /// # std::fs::remove_dir_all(&tmp).unwrap();
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn prescan(self, on: bool) -> Self {
        self.flag(sys::UCOPY_F_NO_PRESCAN, !on)
    }

    /// Let large read/write copies bypass the page cache (on by default):
    /// files of 8 MiB and more that are read and written (not cloned, not
    /// `copy_file_range`) use `O_DIRECT` where the filesystems allow it.
    /// `direct_io(false)` keeps them in the page cache instead
    /// (`sys::UCOPY_F_NO_DIRECT_IO`), e.g. when the copy is read again
    /// soon.
    ///
    /// ```
    /// # let tmp = std::env::temp_dir().join(format!("ucopy-doc-direct-{}", std::process::id()));
    /// # std::fs::create_dir_all(&tmp).unwrap();
    /// # std::fs::write(tmp.join("big"), vec![7u8; 9 << 20]).unwrap();
    /// use ucopy::{Copier, CopyMethod};
    ///
    /// let stats = Copier::new()
    ///     .copy_method(CopyMethod::ReadWrite)
    ///     .direct_io(false)
    ///     .run(tmp.join("big"), tmp.join("copy"))?;
    /// assert_eq!(stats.bytes_read_write, 9 << 20);
    /// # std::fs::remove_dir_all(&tmp).unwrap();
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn direct_io(self, on: bool) -> Self {
        self.flag(sys::UCOPY_F_NO_DIRECT_IO, !on)
    }

    /// Stay on the source's filesystem (off by default, and not part of
    /// archive mode), as `cp -x` and `rsync -x` do: a directory on another
    /// filesystem (a mount point below the source) is created in the
    /// destination with its metadata, but what it holds is not copied.
    pub fn one_file_system(self, on: bool) -> Self {
        self.flag(sys::UCOPY_F_ONE_FILE_SYSTEM, on)
    }

    /// Leaves out the entries that `pattern` matches, with rsync's
    /// `--exclude` rules: the path matched is relative to the source; a
    /// leading `/` anchors the pattern there, a trailing `/` matches only
    /// directories, `*` does not match `/` but `**` does, `dir/***` is
    /// `dir` and everything below it. Rules apply in the order they were
    /// added (`exclude` and [`include`](Self::include) together); the first
    /// that matches decides and an entry that none matches is copied. An
    /// excluded directory is not entered. With
    /// [`delete_extraneous`](Self::delete_extraneous), excluded destination
    /// entries are kept.
    ///
    /// A pattern the library refuses (empty, or a `[` without its `]`)
    /// makes [`run`](Self::run) fail with code `-EINVAL` and a message
    /// naming it.
    ///
    /// ```
    /// # let tmp = std::env::temp_dir().join(format!("ucopy-doc-exclude-{}", std::process::id()));
    /// # std::fs::create_dir_all(tmp.join("src/sub")).unwrap();
    /// # std::fs::write(tmp.join("src/sub/main.c"), b"int main;").unwrap();
    /// # std::fs::write(tmp.join("src/sub/main.o"), b"\x7fELF").unwrap();
    /// let stats = ucopy::Copier::new()
    ///     .include("*/")
    ///     .include("*.c")
    ///     .exclude("*")
    ///     .run(tmp.join("src"), tmp.join("dst"))?;
    /// assert!(tmp.join("dst/sub/main.c").exists());
    /// assert!(!tmp.join("dst/sub/main.o").exists());
    /// assert_eq!(stats.filtered, 1);
    /// # std::fs::remove_dir_all(&tmp).unwrap();
    /// # Ok::<(), ucopy::Error>(())
    /// ```
    pub fn exclude(mut self, pattern: impl AsRef<OsStr>) -> Self {
        let bytes = pattern.as_ref().as_bytes().to_vec();
        self.rules.push((sys::UCOPY_FILTER_EXCLUDE, bytes));
        self
    }

    /// Copies the entries that `pattern` matches even where a later
    /// [`exclude`](Self::exclude) matches too (rsync's `--include`; see
    /// there for the pattern rules and the order).
    pub fn include(mut self, pattern: impl AsRef<OsStr>) -> Self {
        let bytes = pattern.as_ref().as_bytes().to_vec();
        self.rules.push((sys::UCOPY_FILTER_INCLUDE, bytes));
        self
    }

    /// Hands the rules to the library, replacing those of an earlier run.
    pub(crate) fn apply_rules(&self) -> Result<(), Error> {
        let h = self.handle.as_ptr();
        // SAFETY: valid handle.
        unsafe { sys::ucopy_clear_filter_rules(h) };
        for (action, pattern) in &self.rules {
            let c = CString::new(pattern.clone()).map_err(|_| {
                Error::new(
                    -libc::EINVAL,
                    format!(
                        "filter pattern contains a NUL byte: {:?}",
                        OsStr::from_bytes(pattern)
                    ),
                    None,
                )
            })?;
            // SAFETY: valid handle and NUL-terminated pattern.
            let rc = unsafe { sys::ucopy_add_filter_rule(h, *action, c.as_ptr()) };
            if rc != 0 {
                return Err(Error::new(rc, self.handle.last_error(), None));
            }
        }
        Ok(())
    }

    /// Copy a file with several names in the tree once and hard-link the
    /// other names to the copy.
    pub fn preserve_hardlinks(self, on: bool) -> Self {
        self.part(sys::UCOPY_F_PRESERVE_HARDLINKS, on)
    }

    /// Follow every symlink in the source.
    pub fn dereference(self, on: bool) -> Self {
        self.flag(sys::UCOPY_F_DEREFERENCE, on)
    }

    /// Follow the top-level source if it is a symlink.
    pub fn dereference_args(self, on: bool) -> Self {
        self.flag(sys::UCOPY_F_DEREFERENCE_ARGS, on)
    }

    /// Walk and report, write nothing: each entry that would be copied is
    /// an [`EventKind::Copied`](crate::EventKind::Copied) event whose
    /// `bytes` is the data it would copy, each one left alone a `Skipped`
    /// event, each removal ([`delete_extraneous`](Self::delete_extraneous))
    /// a `Deleted` one, and the [`Stats`](crate::Stats) count what would be
    /// done. [`plan`](Self::plan) collects those events for you.
    pub fn dry_run(self, on: bool) -> Self {
        self.flag(sys::UCOPY_F_DRY_RUN, on)
    }

    /// What to do with existing destination entries.
    pub fn overwrite(mut self, overwrite: Overwrite) -> Self {
        self.options.overwrite = overwrite.to_raw();
        self
    }

    /// When an existing destination file is up to date and left alone
    /// (default [`Update::Never`]: the [`overwrite`](Self::overwrite)
    /// policy decides). An outdated one is replaced whatever `overwrite`
    /// says; an up-to-date one still gets its owner, mode and times brought
    /// in line, is reported as a skipped event with op `"update"` and
    /// counted in [`Stats::up_to_date`](crate::Stats::up_to_date) (and `skipped`).
    ///
    /// ```
    /// # let tmp = std::env::temp_dir().join(format!("ucopy-doc-update-{}", std::process::id()));
    /// # std::fs::create_dir_all(tmp.join("src")).unwrap();
    /// # std::fs::write(tmp.join("src/file"), b"hello").unwrap();
    /// use ucopy::{Copier, Update};
    ///
    /// let mut copier = Copier::new().update(Update::SizeMtime);
    /// copier.run(tmp.join("src"), tmp.join("dst"))?;
    /// let again = copier.run(tmp.join("src"), tmp.join("dst"))?;
    /// assert_eq!((again.up_to_date, again.bytes), (1, 0));
    /// # std::fs::remove_dir_all(&tmp).unwrap();
    /// # Ok::<(), ucopy::Error>(())
    /// ```
    ///
    /// Only these checks exist; a raw number is a type error:
    ///
    /// ```compile_fail
    /// let copier = ucopy::Copier::new().update(3);
    /// ```
    pub fn update(mut self, update: Update) -> Self {
        self.options.update = update.to_raw();
        self
    }

    /// Gives each copied regular file's event its content digest
    /// ([`Event::digest`]), computed from the bytes as they are copied: no
    /// source is read a second time for it. Data that would move inside the
    /// kernel (splice, `copy_file_range`) is read and written through the
    /// library's buffers instead, and large files are copied in 1 MiB chunks
    /// digested in file order; a cloned file's source is read once for its
    /// digest. Copied events reach [`Copier::on_event`].
    pub fn digest(mut self, digest: Digest) -> Self {
        self.options.digest = digest.to_raw();
        self
    }

    /// Worker threads, each with its own io_uring (0: the library's choice).
    pub fn workers(mut self, n: u32) -> Self {
        self.options.workers = n;
        self
    }

    /// Files copied at once per worker (0: the library's choice).
    pub fn files_in_flight(mut self, n: u32) -> Self {
        self.options.files_in_flight = n;
        self
    }

    /// Submission queue entries per ring (0: the library's choice).
    pub fn queue_depth(mut self, n: u32) -> Self {
        self.options.queue_depth = n;
        self
    }

    /// Bytes per I/O buffer, a multiple of 4096 (0: the library's choice).
    pub fn buffer_size(mut self, bytes: u32) -> Self {
        self.options.buffer_size = bytes;
        self
    }

    /// At most one progress report per interval (zero: the library's
    /// choice). Whole milliseconds; out-of-range values make `run` fail with
    /// `InvalidInput`.
    pub fn progress_interval(mut self, interval: Duration) -> Self {
        self.options.progress_interval_ms = interval.as_millis().try_into().unwrap_or(u32::MAX);
        self
    }

    /// How the data of regular files moves (default [`CopyMethod::Auto`]).
    /// A file falls back silently to the next method down when the
    /// filesystem cannot do it; [`Stats`](crate::Stats) tells which method moved what.
    ///
    /// ```
    /// # let tmp = std::env::temp_dir().join(format!("ucopy-doc-method-{}", std::process::id()));
    /// # std::fs::create_dir_all(&tmp).unwrap();
    /// # std::fs::write(tmp.join("file"), vec![7u8; 1 << 20]).unwrap();
    /// use ucopy::{Copier, CopyMethod};
    ///
    /// let stats = Copier::new()
    ///     .copy_method(CopyMethod::ReadWrite)
    ///     .run(tmp.join("file"), tmp.join("copy"))?;
    /// assert_eq!(stats.bytes_read_write, 1 << 20);
    /// # std::fs::remove_dir_all(&tmp).unwrap();
    /// # Ok::<(), ucopy::Error>(())
    /// ```
    pub fn copy_method(mut self, method: CopyMethod) -> Self {
        self.options.copy_method = method.to_raw();
        self
    }

    /// When files are cloned (`cp --reflink`; default [`Reflink::Auto`]).
    /// [`Reflink::Always`] fails every file that cannot be cloned, and
    /// together with a method that does not clone makes `run` fail with
    /// `InvalidInput`.
    pub fn reflink(mut self, reflink: Reflink) -> Self {
        self.options.reflink = reflink.to_raw();
        self
    }

    /// What happens to holes in sparse files (`cp --sparse`; default
    /// [`Sparse::Auto`], which keeps them). [`Stats::bytes_sparse`](crate::Stats::bytes_sparse) counts
    /// the bytes left as holes.
    pub fn sparse(mut self, sparse: Sparse) -> Self {
        self.options.sparse = sparse.to_raw();
        self
    }

    /// After copying each regular file, read it and its copy again and
    /// compare them byte for byte (off by default; not part of archive
    /// mode). A difference fails the file with
    /// [`ErrorKind::VerifyMismatch`](crate::ErrorKind::VerifyMismatch) and
    /// removes its copy; [`Stats::files_verified`](crate::Stats::files_verified) counts the files found
    /// equal. Costs a second read of both files.
    pub fn verify(self, on: bool) -> Self {
        self.flag(sys::UCOPY_F_VERIFY, on)
    }

    /// Large-file helper threads, i.e. how many regions (of one file or of
    /// several) are copied at once, from 1 to `sys::UCOPY_REGIONS_MAX`
    /// (0: the library's choice, 4). Each holds at most 1 MiB of buffers.
    pub fn regions(mut self, n: u32) -> Self {
        self.options.regions = n;
        self
    }

    /// Files of at least this many bytes are split into regions copied
    /// concurrently, each with its own readahead; 0 disables the split.
    /// Default `sys::UCOPY_REGION_THRESHOLD_DEFAULT` (64 MiB).
    pub fn region_threshold(mut self, bytes: u64) -> Self {
        self.options.region_threshold = bytes;
        self
    }

    /// Bytes per region, a multiple of `sys::UCOPY_REGION_ALIGN` (2 MiB);
    /// 0 (the default) splits each file evenly among the helper threads.
    /// Other values make `run` fail with `InvalidInput` naming
    /// `region_size`.
    pub fn region_size(mut self, bytes: u64) -> Self {
        self.options.region_size = bytes;
        self
    }

    /// Bytes the hard-link map may use: 0 (the default) is unlimited, any
    /// other value must be at least `sys::UCOPY_LINK_MAP_LIMIT_MIN` (64 KiB;
    /// less makes `run` fail with `InvalidInput` naming `link_map_limit`).
    /// Each file with several names takes about 60 bytes until its last
    /// name is linked. Past the limit, the oldest entries move to an unlinked
    /// temporary file and links are kept; only if that file cannot be used
    /// are such files copied unlinked (every name with its data), and one
    /// [`EventKind::Warning`](crate::EventKind) with op `"link"` says so.
    pub fn link_map_limit(mut self, bytes: u64) -> Self {
        self.options.link_map_limit = bytes;
        self
    }
}

impl<M: Mode> fmt::Debug for Copier<'_, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Copier")
            .field("options", &self.options)
            .field("on_progress", &self.progress.is_some())
            .field("on_event", &self.event.is_some())
            .field("on_error", &self.error.is_some())
            .field("xattr_filter", &self.xattr_filter.is_some())
            .field("rules", &self.rules.len())
            .field("filter", &self.filter.is_some())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fsync_and_direct_io_set_their_flags() {
        let base = Copier::new().options.flags;
        assert_eq!(base & (sys::UCOPY_F_FSYNC | sys::UCOPY_F_NO_DIRECT_IO), 0);

        let c = Copier::new().fsync(true).direct_io(false);
        assert_eq!(
            c.options.flags,
            base | sys::UCOPY_F_FSYNC | sys::UCOPY_F_NO_DIRECT_IO
        );
        let c = c.fsync(false).direct_io(true);
        assert_eq!(c.options.flags, base);
    }

    #[test]
    fn one_file_system_sets_its_flag_and_rules_keep_their_order() {
        let base = Copier::new().options.flags;
        assert_eq!(base & sys::UCOPY_F_ONE_FILE_SYSTEM, 0);
        let c = Copier::new().one_file_system(true);
        assert_eq!(c.options.flags, base | sys::UCOPY_F_ONE_FILE_SYSTEM);
        assert_eq!(c.one_file_system(false).options.flags, base);

        let c = Copier::new().include("*/").exclude("*.o").include("a");
        let rules: Vec<(c_int, &[u8])> = c.rules.iter().map(|(a, p)| (*a, &p[..])).collect();
        assert_eq!(
            rules,
            [
                (sys::UCOPY_FILTER_INCLUDE, &b"*/"[..]),
                (sys::UCOPY_FILTER_EXCLUDE, &b"*.o"[..]),
                (sys::UCOPY_FILTER_INCLUDE, &b"a"[..]),
            ]
        );
    }

    #[test]
    fn write_behind_false_sets_the_no_write_behind_flag() {
        let base = Copier::new().options.flags;
        assert_eq!(base & sys::UCOPY_F_NO_WRITE_BEHIND, 0);
        let c = Copier::new().write_behind(false);
        assert_eq!(c.options.flags, base | sys::UCOPY_F_NO_WRITE_BEHIND);
        assert_eq!(c.write_behind(true).options.flags, base);
    }

    #[test]
    fn prescan_false_sets_the_no_prescan_flag() {
        let base = Copier::new().options.flags;
        assert_eq!(base & sys::UCOPY_F_NO_PRESCAN, 0);
        let c = Copier::new().prescan(false);
        assert_eq!(c.options.flags, base | sys::UCOPY_F_NO_PRESCAN);
        assert_eq!(c.prescan(true).options.flags, base);
    }

    #[test]
    fn atomic_sets_its_flag() {
        let base = Copier::new().options.flags;
        assert_eq!(base & sys::UCOPY_F_ATOMIC, 0);
        let c = Copier::new().atomic(true);
        assert_eq!(c.options.flags, base | sys::UCOPY_F_ATOMIC);
        assert_eq!(c.atomic(false).options.flags, base);
    }

    /// (flags, flags_set, flags_clear) as the library gets them.
    fn fields(c: &Copier<'_>) -> (u64, u64, u64) {
        (c.options.flags, c.options.flags_set, c.options.flags_clear)
    }

    #[test]
    fn archive_and_parts_give_the_same_options_in_either_order() {
        let archive = sys::UCOPY_F_ARCHIVE;
        let xattrs = sys::UCOPY_F_PRESERVE_XATTRS;
        let owner = sys::UCOPY_F_PRESERVE_OWNER;
        let hardlinks = sys::UCOPY_F_PRESERVE_HARDLINKS;

        let a = Copier::new().archive(true).xattrs(false);
        let b = Copier::new().xattrs(false).archive(true);
        assert_eq!(fields(&a), (archive, 0, xattrs));
        assert_eq!(fields(&b), fields(&a));

        let a = Copier::new().archive(false).preserve_owner(true);
        let b = Copier::new().preserve_owner(true).archive(false);
        assert_eq!(fields(&a), (0, owner, 0));
        assert_eq!(fields(&b), fields(&a));

        let a = Copier::new().archive(false).preserve_hardlinks(true);
        let b = Copier::new().preserve_hardlinks(true).archive(false);
        assert_eq!(fields(&a), (0, hardlinks, 0));
        assert_eq!(fields(&b), fields(&a));

        // The last switch of a part wins; a bit is never in both fields.
        let c = Copier::new().xattrs(false).archive(true).xattrs(true);
        assert_eq!(fields(&c), (archive, xattrs, 0));
        let c = c.xattrs(false).archive(false).archive(true);
        assert_eq!(fields(&c), (archive, 0, xattrs));
        // Flags outside archive mode stay in flags, whatever archive says.
        let c = Copier::new().noatime(true).archive(false);
        assert_eq!(fields(&c), (sys::UCOPY_F_NOATIME, 0, 0));
    }
}
