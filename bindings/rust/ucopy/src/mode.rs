// SPDX-License-Identifier: MIT
//! Where a `Copier`'s callbacks may run, as a type: `Local` closures run on
//! the thread that calls `run` and need not be `Send`; `Sendable` ones may
//! run on any thread (a `CopyFuture`'s), so every closure must be `Send`,
//! which the `Sendable` setters require.

use crate::Copier;

mod sealed {
    pub trait Sealed {}
}

/// The callback mode of a [`Copier`]: [`Local`] or [`Sendable`]. Sealed:
/// only those two exist.
pub trait Mode: sealed::Sealed {}

/// The default mode: callbacks run on the thread that calls
/// [`Copier::run`], so they may borrow local state and need not be `Send`;
/// the `Copier` then stays on its thread.
#[derive(Debug)]
pub enum Local {}

/// Callbacks are `Send` (and `'static` for
/// [`copy_async`](Copier::copy_async)), so the `Copier` is `Send` and its
/// runs may deliver callbacks on another thread. Made by
/// [`Copier::new_send`].
#[derive(Debug)]
pub enum Sendable {}

impl sealed::Sealed for Local {}
impl sealed::Sealed for Sendable {}
impl Mode for Local {}
impl Mode for Sendable {}

// SAFETY: a `Copier<Sendable>` holds its handle (an `Arc<Handle>`, Send and
// Sync), plain option values and rules, and boxed closures. The boxes are
// typed without `Send`, but the only ways to fill them on a
// `Copier<Sendable>` are the setters in sendable.rs, which require `Send`
// of every closure (and of whatever the wrappers around them capture).
unsafe impl Send for Copier<'_, Sendable> {}
