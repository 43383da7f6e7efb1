# SPDX-License-Identifier: MIT
"""Value types handed to and returned by the ucopy API."""

from __future__ import annotations

import builtins
import enum
import os
from dataclasses import dataclass
from typing import Optional

from . import cucopy as _c
from ._literals import PlanAction


class Decision(str, enum.Enum):
    """What an ``on_error`` callback answers for an entry that failed."""

    #: count the entry as failed and go on (the copy then raises PartialCopyError)
    CONTINUE = "continue"
    #: count it as skipped, not failed (a directory's subtree is left out)
    SKIP = "skip"
    #: stop the copy; it raises AbortedError
    ABORT = "abort"


class Overwrite(str, enum.Enum):
    """What happens to an existing destination entry (not a directory,
    which is always merged into)."""

    FAIL = "fail"  #: report EEXIST for the entry
    REPLACE = "replace"  #: unlink it and create it anew (atomic=True: rename the copy over it)
    SKIP = "skip"  #: keep it and count the entry as skipped


class OwnerPolicy(str, enum.Enum):
    """What happens when the owner of an entry cannot be kept (a caller
    without CAP_CHOWN copying files owned by someone else) while owners are
    preserved. The group alone is still kept where the caller may."""

    #: copy it owned by the caller, as ``cp -a`` does; one warning event per
    #: run, for the first such entry (the default; only it counts in
    #: ``Stats.warnings``)
    WARN = "warn"
    #: copy it owned by the caller; a warning event for every such entry
    #: (what "warn" did before libucopy 0.2)
    WARN_EACH = "warn_each"
    FAIL = "fail"  #: report an error for the entry (it counts as failed)
    IGNORE = "ignore"  #: copy it owned by the caller, silently, as ``cp -a`` does


class CopyMethod(str, enum.Enum):
    """How the data of regular files moves. Whatever the method, a file falls
    back silently to the next one down when the filesystem cannot do it;
    :class:`Stats` counts files and bytes per method that moved them."""

    #: small files through io_uring; larger ones: clone, else copy_file_range, else read/write
    AUTO = "auto"
    REFLINK = "reflink"  #: try a clone (FICLONE) first for every file, however small
    COPY_FILE_RANGE = "copy_file_range"  #: copy_file_range first for every file; no clone
    READ_WRITE = "read_write"  #: read and write only


class Reflink(str, enum.Enum):
    """When files are cloned (``cp --reflink``)."""

    AUTO = "auto"  #: clone where the copy method allows it and it works (the default)
    #: clone every file or fail it; contradicts copy_method "copy_file_range"/"read_write"
    ALWAYS = "always"
    NEVER = "never"  #: never clone


class Sparse(str, enum.Enum):
    """What happens to holes in the source (``cp --sparse``)."""

    AUTO = "auto"  #: keep the holes of files that have some (the default)
    ALWAYS = "always"  #: also leave out 4 KiB blocks of zeros (read and write only)
    NEVER = "never"  #: write holes out as zeros


class Digest(str, enum.Enum):
    """A content digest of each copied regular file (``Event.digest``),
    computed from the bytes as they are copied: no source is read a second
    time for it (a cloned file's source is read once, since a clone moves
    no bytes through the process)."""

    NONE = "none"  #: no digest (the default)
    XXH128 = "xxh128"  #: XXH3 128-bit (libxxhash), 16 bytes, as ``xxhsum -H2`` prints it
    SHA256 = "sha256"  #: SHA-256 (OpenSSL), 32 bytes, as ``sha256sum`` prints it


class Update(str, enum.Enum):
    """When an existing destination file is up to date, and left alone: its
    owner, mode and times are still brought in line, it is reported as a
    skipped event with op "update" and counted in ``Stats.up_to_date`` (and
    ``skipped``). An outdated one is replaced, whatever ``overwrite`` says."""

    NEVER = "never"  #: no check: the overwrite policy decides (the default)
    #: same type, size and mtime (rsync's quick check); the destination is not read
    SIZE_MTIME = "size-mtime"
    CHECKSUM = "checksum"  #: same type, size and contents: both files are read


class EventType(enum.IntEnum):
    ERROR = _c.UCOPY_EVENT_ERROR  #: an entry could not be copied
    #: copied, but not exactly: the source changed, some metadata not kept
    WARNING = _c.UCOPY_EVENT_WARNING
    #: left alone: an existing destination kept, a special file not copied
    SKIPPED = _c.UCOPY_EVENT_SKIPPED
    #: an entry was copied (in a dry run: would be; ``bytes`` is then its size)
    COPIED = _c.UCOPY_EVENT_COPIED
    #: an extraneous destination entry was removed (``delete=True``; in a dry
    #: run, found): ``dst_path`` names it, ``src_path`` is empty, op "delete"
    DELETED = _c.UCOPY_EVENT_DELETED


class FileType(enum.IntEnum):
    UNKNOWN = _c.UCOPY_TYPE_UNKNOWN
    FILE = _c.UCOPY_TYPE_FILE
    DIR = _c.UCOPY_TYPE_DIR
    SYMLINK = _c.UCOPY_TYPE_SYMLINK
    SPECIAL = _c.UCOPY_TYPE_SPECIAL  #: FIFO, socket or device


class Phase(enum.IntEnum):
    """What a run is doing at a progress report (:attr:`Progress.phase`).
    Parts of a run overlap (a worker lists a directory while others copy):
    the phase is that of the worker whose ``current_path`` is reported, or
    the run's final step."""

    WALKING = _c.UCOPY_PHASE_WALKING  #: listing directories, looking at entries
    COPYING = _c.UCOPY_PHASE_COPYING  #: moving data and metadata
    DELETING = _c.UCOPY_PHASE_DELETING  #: removing extraneous entries (``delete=True``)
    VERIFYING = _c.UCOPY_PHASE_VERIFYING  #: comparing a copy with its source (``verify=True``)
    SYNCING = _c.UCOPY_PHASE_SYNCING  #: the final sync, or waiting for write-back


@dataclass(frozen=True)
class Progress:
    """A snapshot of a running copy; values never go backwards, and the
    last snapshot of a copy has ``finished`` set.

    The totals are final once ``totals_final`` is set: a counting walk runs
    ahead of the copy (unless ``prescan=False``) and sets it long before the
    end; before that they are what has been discovered so far. The fields
    after ``elapsed_ns`` come with libucopy 0.2; an older library leaves
    them at their defaults."""

    finished: bool
    files_done: int  #: entries finished (copied, failed or skipped)
    files_total: int  #: entries in the run (see ``totals_final``)
    #: data bytes written, plus holes kept in sparse files, plus the sizes of
    #: files settled without writing them (up to date, or an existing file kept)
    bytes_done: int
    bytes_total: int  #: data bytes in the run (see ``totals_final``)
    elapsed_ns: int
    #: True once ``files_total`` and ``bytes_total`` are complete (they may
    #: still grow a little if the tree grows during the run)
    totals_final: bool = False
    #: what the run is doing now; None when the library does not say (a
    #: value this binding does not know stays a plain int, as event types do)
    phase: Optional[Phase] = None
    bytes_per_sec: int = 0  #: the rate of ``bytes_done`` over the last interval
    files_failed: int = 0  #: entries that could not be copied so far
    files_skipped: int = 0  #: entries left alone so far (up to date, kept)
    #: the source path of a file in flight, decoded like :func:`os.fsdecode`
    #: (``os.fsencode`` gives back the bytes on disk); None when there is none
    #: to tell (between files, or syncing)
    current_path: Optional[str] = None


@dataclass(frozen=True)
class Event:
    """One entry the library reports on (an error, for ``on_error``).

    Paths are ``str`` decoded like :func:`os.fsdecode` (undecodable bytes
    become surrogates), so ``os.fsencode(event.src_path)`` gives back the
    exact bytes on disk; ``src_path_bytes`` does that for you."""

    type: EventType
    code: int  #: 0, a negative errno value or a UCOPY_E* status code
    file_type: FileType
    src_path: str
    dst_path: str
    op: str  #: what failed: "open", "read", "write", ... ("" if none)
    message: str  #: one line for humans: path, operation and reason
    #: data bytes written for this entry (in a dry run, for a COPIED file:
    #: the bytes it would copy)
    bytes: int
    #: with the ``digest`` option, a copied regular file's content digest
    #: (16 bytes for xxh128, 32 for sha256); None otherwise
    digest: Optional[builtins.bytes] = None

    @property
    def digest_hex(self) -> Optional[str]:
        """``digest`` in lower-case hex, as sha256sum / xxhsum print it."""
        return None if self.digest is None else self.digest.hex()

    @property
    def errno(self) -> Optional[int]:
        """The errno value when ``code`` is one, else None."""
        return -self.code if -4096 < self.code < 0 else None

    @property
    def src_path_bytes(self) -> builtins.bytes:  # `bytes` is a field here
        return os.fsencode(self.src_path)

    @property
    def dst_path_bytes(self) -> builtins.bytes:
        return os.fsencode(self.dst_path)


@dataclass(frozen=True)
class PlanEntry:
    """One entry of a dry run's plan (:func:`ucopy.plan`): what the copy
    would do to it. ``path`` is the destination path relative to ``dst``
    ("." for ``dst`` itself), decoded like :func:`os.fsdecode`."""

    path: str
    action: PlanAction  #: "copy", "skip" (left alone) or "delete" (``delete=True``)
    file_type: FileType
    size: int  #: data bytes it would copy (0 but for regular files being copied)


@dataclass(frozen=True)
class Stats:
    """The counters of a finished copy."""

    files: int = 0  #: regular files copied
    dirs: int = 0  #: directories created or merged into
    symlinks: int = 0
    specials: int = 0  #: FIFOs, sockets and device nodes
    #: data bytes of the files the run left in the destination: a file that
    #: failed or was cancelled, and whose partial copy was removed, does not
    #: count; in a dry run, the bytes that would be copied
    bytes: int = 0
    failures: int = 0  #: entries that could not be copied
    skipped: int = 0  #: entries left alone (existing destinations; FIFOs, sockets, devices when off)
    warnings: int = 0  #: entries copied not exactly: the source changed, metadata not kept
    elapsed_ns: int = 0
    sqes_submitted: int = 0
    io_uring_enters: int = 0
    files_reflinked: int = 0  #: regular files cloned: no data moved
    bytes_reflinked: int = 0  #: the sizes of the cloned files
    #: files whose data copy_file_range moved (a file that fell back partway
    #: counts under the method it ended with)
    files_copy_file_range: int = 0
    bytes_copy_file_range: int = 0  #: bytes moved by copy_file_range
    files_read_write: int = 0  #: files copied by reading and writing
    bytes_read_write: int = 0  #: bytes moved by reading and writing
    bytes_sparse: int = 0  #: source bytes left as holes, not written
    files_verified: int = 0  #: files compared again and found equal (``verify=True``)
    #: entries left alone because ``update`` found them up to date (also in ``skipped``)
    up_to_date: int = 0
    deleted: int = 0  #: destination entries removed by ``delete=True`` (in a dry run, found)
    #: entries left out by ``rules`` or ``filter`` (a directory once, not what it holds)
    filtered: int = 0

    @property
    def elapsed(self) -> float:
        """Elapsed time in seconds."""
        return self.elapsed_ns / 1e9

    def __add__(self, other: "Stats") -> "Stats":
        # copytree adds up the stats of its per-entry runs.
        return Stats(**{k: getattr(self, k) + getattr(other, k) for k in self.__dataclass_fields__})
