// SPDX-License-Identifier: MIT
//! A dry run as data: what `Copier::plan` returns.

use std::path::PathBuf;

use crate::{Event, EventKind, FileType, Stats};

/// What a run would do to one entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlanAction {
    /// Copy it (create or replace the destination entry).
    Copy,
    /// Leave it alone: an existing destination up to date under
    /// [`update`](crate::Copier::update) (op `"update"`), or a FIFO, socket
    /// or device not copied. (The library's dry run does not apply
    /// [`overwrite`](crate::Copier::overwrite): an existing destination
    /// file is planned as a `Copy` whatever the policy.)
    Skip,
    /// Remove the extraneous destination entry
    /// ([`delete_extraneous`](crate::Copier::delete_extraneous)).
    Delete,
}

/// One entry of a [`Plan`], from one dry-run event.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct PlanEntry {
    pub action: PlanAction,
    pub file_type: FileType,
    /// The source entry (empty for a [`PlanAction::Delete`]).
    pub src: PathBuf,
    /// The destination entry.
    pub dst: PathBuf,
    /// The data it would copy ([`PlanAction::Copy`] of a file), else 0.
    pub bytes: u64,
    /// The event's `op`: `"update"` for a skip because the destination is
    /// up to date, `"delete"` for a delete, else "".
    pub op: String,
}

impl PlanEntry {
    /// The entry an event of a dry run stands for; `None` for errors and
    /// warnings, which are not part of the plan.
    pub(crate) fn from_event(e: &Event) -> Option<PlanEntry> {
        let action = match e.kind {
            EventKind::Copied => PlanAction::Copy,
            EventKind::Skipped => PlanAction::Skip,
            EventKind::Deleted => PlanAction::Delete,
            _ => return None,
        };
        Some(PlanEntry {
            action,
            file_type: e.file_type,
            src: e.src.clone(),
            dst: e.dst.clone(),
            bytes: e.bytes,
            op: e.op.clone(),
        })
    }
}

/// What a run would do, from [`Copier::plan`](crate::Copier::plan): its
/// entries in the order the dry run reported them, and the statistics of
/// the dry run, which count what would be done.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Plan {
    pub entries: Vec<PlanEntry>,
    pub stats: Stats,
}
