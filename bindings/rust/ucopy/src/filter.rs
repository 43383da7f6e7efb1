// SPDX-License-Identifier: MIT
//! What the entry filter ([`Copier::filter`](crate::Copier::filter)) sees
//! and answers.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ucopy_sys as sys;

use crate::FileType;

/// The answer of an entry filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Filter {
    /// Copy the entry.
    #[default]
    Copy,
    /// Leave it out; a directory is left out with everything below it,
    /// which is then not walked. Counted in [`Stats::filtered`](crate::Stats::filtered).
    Skip,
    /// Stop the run, which returns [`ErrorKind::Aborted`](crate::ErrorKind::Aborted).
    Abort,
}

impl Filter {
    pub(crate) fn to_raw(self) -> i32 {
        match self {
            Filter::Copy => sys::UCOPY_CONTINUE,
            Filter::Skip => sys::UCOPY_SKIP,
            Filter::Abort => sys::UCOPY_ABORT,
        }
    }
}

impl From<bool> for Filter {
    /// `true` copies, `false` skips.
    fn from(copy: bool) -> Filter {
        if copy {
            Filter::Copy
        } else {
            Filter::Skip
        }
    }
}

/// An entry's metadata as the filter sees it: its `lstat` (its `stat` when
/// the copy [dereferences](crate::Copier::dereference) symlinks), the one
/// the copy itself then uses.
#[derive(Clone, Copy)]
pub struct EntryMeta {
    st: libc::stat,
}

impl EntryMeta {
    pub(crate) fn from_raw(st: &libc::stat) -> EntryMeta {
        EntryMeta { st: *st }
    }

    /// The raw `struct stat`.
    pub fn as_raw(&self) -> &libc::stat {
        &self.st
    }

    /// The kind of entry.
    pub fn file_type(&self) -> FileType {
        match self.st.st_mode & libc::S_IFMT {
            libc::S_IFREG => FileType::File,
            libc::S_IFDIR => FileType::Dir,
            libc::S_IFLNK => FileType::Symlink,
            _ => FileType::Special,
        }
    }

    pub fn is_dir(&self) -> bool {
        self.file_type() == FileType::Dir
    }

    pub fn is_file(&self) -> bool {
        self.file_type() == FileType::File
    }

    pub fn is_symlink(&self) -> bool {
        self.file_type() == FileType::Symlink
    }

    /// Size in bytes (`st_size`).
    pub fn len(&self) -> u64 {
        self.st.st_size as u64
    }

    /// Whether the size is 0.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Type and permission bits (`st_mode`).
    pub fn mode(&self) -> u32 {
        self.st.st_mode
    }

    pub fn uid(&self) -> u32 {
        self.st.st_uid
    }

    pub fn gid(&self) -> u32 {
        self.st.st_gid
    }

    pub fn ino(&self) -> u64 {
        self.st.st_ino
    }

    pub fn dev(&self) -> u64 {
        self.st.st_dev
    }

    #[allow(clippy::unnecessary_cast)] // u32 on some targets
    pub fn nlink(&self) -> u64 {
        self.st.st_nlink as u64
    }

    /// Modification time.
    pub fn modified(&self) -> SystemTime {
        let (s, ns) = (self.st.st_mtime, self.st.st_mtime_nsec as u32);
        if s >= 0 {
            UNIX_EPOCH + Duration::new(s as u64, ns)
        } else {
            UNIX_EPOCH - Duration::from_secs(s.unsigned_abs()) + Duration::from_nanos(ns.into())
        }
    }
}

impl std::fmt::Debug for EntryMeta {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EntryMeta")
            .field("file_type", &self.file_type())
            .field("len", &self.len())
            .field("mode", &format_args!("{:o}", self.mode()))
            .field("uid", &self.uid())
            .field("gid", &self.gid())
            .field("ino", &self.ino())
            .finish()
    }
}
