// SPDX-License-Identifier: MIT
//! The callback setters of a `Copier<Local>`: the closures run on the
//! thread that calls `run`, so they need not be `Send`.

use std::ffi::OsStr;
use std::path::Path;

use crate::callbacks::ProgressControl;
use crate::mode::Local;
use crate::{Copier, Decision, EntryMeta, Event, Filter, Progress};

impl<'a> Copier<'a, Local> {
    /// A new copier with the library's default options, whose callbacks
    /// run on the thread that calls [`run`](Copier::run). See
    /// [`new_send`](Copier::new_send) for one that can run elsewhere.
    ///
    /// # Panics
    /// When the library cannot allocate its handle (out of memory).
    pub fn new() -> Copier<'a, Local> {
        Copier::with_defaults()
    }

    /// Calls `f` with a [`Progress`] report at most once per progress
    /// interval and once more at the end (`finished`). `f` returns `()`, or
    /// a `ControlFlow<()>` whose `Break` stops the run with
    /// [`ErrorKind::Aborted`](crate::ErrorKind::Aborted).
    pub fn on_progress<F, R>(mut self, mut f: F) -> Self
    where
        F: FnMut(&Progress) -> R + 'a,
        R: ProgressControl,
    {
        self.progress = Some(Box::new(move |p: &Progress| f(p).into_control_flow()));
        self
    }

    /// Calls `f` for every entry that cannot be copied
    /// ([`EventKind::Error`](crate::EventKind::Error)); its [`Decision`]
    /// says what happens next. Works alongside [`on_event`](Self::on_event):
    /// an error event goes to `on_event` first, then to `on_error`, whose
    /// decision counts (unless `on_event` answered `Abort`, which stops the
    /// run at once and `on_error` is not called). Replaces an earlier
    /// `on_error`.
    ///
    /// ```
    /// # let tmp = std::env::temp_dir().join(format!("ucopy-doc-both-{}", std::process::id()));
    /// # std::fs::create_dir_all(tmp.join("src")).unwrap();
    /// # std::fs::create_dir_all(tmp.join("dst")).unwrap();
    /// # std::fs::write(tmp.join("src/new"), b"n").unwrap();
    /// # std::fs::write(tmp.join("src/old"), b"o").unwrap();
    /// # std::fs::write(tmp.join("dst/old"), b"kept").unwrap();
    /// use ucopy::{Copier, Decision, EventKind};
    ///
    /// let (mut seen, mut errors) = (Vec::new(), 0);
    /// let stats = Copier::new()
    ///     .on_event(|e| {
    ///         seen.push(e.kind);
    ///         Decision::Continue
    ///     })
    ///     .on_error(|_| {
    ///         errors += 1;
    ///         Decision::Skip // dst/old exists: leave it, not a failure
    ///     })
    ///     .run(tmp.join("src"), tmp.join("dst"))?;
    /// assert_eq!((errors, stats.failures, stats.skipped), (1, 0, 1));
    /// assert!(seen.contains(&EventKind::Error) && seen.contains(&EventKind::Copied));
    /// # std::fs::remove_dir_all(&tmp).unwrap();
    /// # Ok::<(), ucopy::Error>(())
    /// ```
    pub fn on_error<F>(mut self, f: F) -> Self
    where
        F: FnMut(&Event) -> Decision + 'a,
    {
        self.error = Some(Box::new(f));
        self
    }

    /// Calls `f` for every event: errors, warnings, skipped, copied and
    /// deleted entries. For errors the [`Decision`] works as in
    /// [`on_error`](Self::on_error) when no `on_error` is set; with one,
    /// only an `Abort` from `f` counts and `on_error` decides otherwise. For
    /// the other events only `Abort` has an effect. Replaces an earlier
    /// `on_event`, and leaves `on_error` in place.
    pub fn on_event<F>(mut self, f: F) -> Self
    where
        F: FnMut(&Event) -> Decision + 'a,
    {
        self.event = Some(Box::new(f));
        self
    }

    /// Decides entry by entry what is copied: `f` gets each entry's path
    /// relative to the source and its metadata, for every entry the
    /// [`exclude`](Self::exclude)/[`include`](Self::include) rules let
    /// through, and answers a [`Filter`] (or a `bool`: `true` copies).
    /// [`Filter::Skip`] leaves a directory out with everything below it.
    /// It runs on the thread that calls `run`; the library hands it a
    /// directory's entries in chunks. A panic in `f` stops the run and is
    /// resumed by `run`, as for the other callbacks.
    ///
    /// ```
    /// # let tmp = std::env::temp_dir().join(format!("ucopy-doc-filter-{}", std::process::id()));
    /// # std::fs::create_dir_all(tmp.join("src/cache")).unwrap();
    /// # std::fs::write(tmp.join("src/big"), vec![0u8; 4096]).unwrap();
    /// # std::fs::write(tmp.join("src/small"), b"hi").unwrap();
    /// use ucopy::{Copier, Filter};
    ///
    /// let stats = Copier::new()
    ///     .filter(|path, meta| {
    ///         if path.starts_with("cache") || meta.len() > 1000 {
    ///             Filter::Skip
    ///         } else {
    ///             Filter::Copy
    ///         }
    ///     })
    ///     .run(tmp.join("src"), tmp.join("dst"))?;
    /// assert_eq!(stats.filtered, 2);
    /// assert!(tmp.join("dst/small").exists());
    /// # std::fs::remove_dir_all(&tmp).unwrap();
    /// # Ok::<(), ucopy::Error>(())
    /// ```
    pub fn filter<F, R>(mut self, mut f: F) -> Self
    where
        F: FnMut(&Path, &EntryMeta) -> R + 'a,
        R: Into<Filter>,
    {
        self.filter = Some(Box::new(move |p: &Path, m: &EntryMeta| f(p, m).into()));
        self
    }

    /// Decides which extended attributes are copied while
    /// [`xattrs`](Self::xattrs) is on: `f` gets a name such as
    /// `user.origin` and returns `true` to copy it. It is asked once per
    /// distinct name in a run (the answer is kept), on the thread that calls
    /// `run`. `system.*` names (ACLs, see [`acls`](Self::acls)) and
    /// `security.evm` never reach it. Without a filter every attribute is
    /// copied.
    ///
    /// A panic in `f` stops the run and is resumed by `run`, as for the
    /// other callbacks.
    ///
    /// ```
    /// # let tmp = std::env::temp_dir().join(format!("ucopy-doc-xattr-{}", std::process::id()));
    /// # std::fs::create_dir_all(&tmp).unwrap();
    /// # std::fs::write(tmp.join("file"), b"data").unwrap();
    /// use std::os::unix::ffi::OsStrExt;
    ///
    /// // Leave out the user.cache.* attributes, keep the others.
    /// let stats = ucopy::Copier::new()
    ///     .xattr_filter(|name| !name.as_bytes().starts_with(b"user.cache."))
    ///     .run(tmp.join("file"), tmp.join("copy"))?;
    /// assert_eq!(stats.files, 1);
    /// # std::fs::remove_dir_all(&tmp).unwrap();
    /// # Ok::<(), ucopy::Error>(())
    /// ```
    pub fn xattr_filter<F>(mut self, f: F) -> Self
    where
        F: FnMut(&OsStr) -> bool + 'a,
    {
        self.xattr_filter = Some(Box::new(f));
        self
    }
}
