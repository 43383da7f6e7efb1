// SPDX-License-Identifier: MIT
//! The callback setters of a `Copier<Sendable>`: the same as a local
//! copier's, but every closure must be `Send`, because the run may deliver
//! it on another thread ([`Copier::copy_async`]). That bound is what makes
//! `Copier<Sendable>: Send` sound (see mode.rs).

use std::ffi::OsStr;
use std::path::Path;

use crate::callbacks::ProgressControl;
use crate::mode::Sendable;
use crate::{Copier, Decision, EntryMeta, Event, Filter, Progress};

impl<'a> Copier<'a, Sendable> {
    /// A new copier with the library's default options whose callbacks
    /// must be `Send`, so that the copier itself is `Send` and
    /// [`copy_async`](Copier::copy_async) can deliver them on its thread.
    /// It has every option and [`run`](Copier::run) of [`Copier::new`].
    ///
    /// ```
    /// fn needs_send<T: Send>(_: T) {}
    /// needs_send(ucopy::Copier::new_send().on_progress(|p| println!("{p:?}")));
    /// ```
    ///
    /// A closure that is not `Send` is refused:
    ///
    /// ```compile_fail
    /// let count = std::rc::Rc::new(std::cell::Cell::new(0));
    /// let c = ucopy::Copier::new_send().on_progress(move |_| count.set(count.get() + 1));
    /// ```
    ///
    /// # Panics
    /// When the library cannot allocate its handle (out of memory).
    pub fn new_send() -> Copier<'a, Sendable> {
        Copier::with_defaults()
    }

    /// As [`Copier::on_progress`], with a `Send` closure.
    pub fn on_progress<F, R>(mut self, mut f: F) -> Self
    where
        F: FnMut(&Progress) -> R + Send + 'a,
        R: ProgressControl,
    {
        self.progress = Some(Box::new(move |p: &Progress| f(p).into_control_flow()));
        self
    }

    /// As [`Copier::on_error`], with a `Send` closure.
    pub fn on_error<F>(mut self, f: F) -> Self
    where
        F: FnMut(&Event) -> Decision + Send + 'a,
    {
        self.error = Some(Box::new(f));
        self
    }

    /// As [`Copier::on_event`], with a `Send` closure.
    pub fn on_event<F>(mut self, f: F) -> Self
    where
        F: FnMut(&Event) -> Decision + Send + 'a,
    {
        self.event = Some(Box::new(f));
        self
    }

    /// As [`Copier::filter`], with a `Send` closure.
    pub fn filter<F, R>(mut self, mut f: F) -> Self
    where
        F: FnMut(&Path, &EntryMeta) -> R + Send + 'a,
        R: Into<Filter>,
    {
        self.filter = Some(Box::new(move |p: &Path, m: &EntryMeta| f(p, m).into()));
        self
    }

    /// As [`Copier::xattr_filter`], with a `Send` closure.
    pub fn xattr_filter<F>(mut self, f: F) -> Self
    where
        F: FnMut(&OsStr) -> bool + Send + 'a,
    {
        self.xattr_filter = Some(Box::new(f));
        self
    }
}
