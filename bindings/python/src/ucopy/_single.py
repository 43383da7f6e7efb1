# SPDX-License-Identifier: MIT
"""copyfile() and copy2(): shutil's single-file copies on libucopy, made
for being called many times.

Cheap calls: each thread keeps one Copier per kind of copy (threading.local),
whose options are set once when it is made, never per call; libucopy keeps
its engine on a handle between runs and copies a single small file on the
calling thread. A forked child forgets its parent's handles (their threads
did not come along) and makes new ones."""

from __future__ import annotations

import os
import shutil
import threading
from typing import Dict, List, Tuple, TypeVar

from ._copier import Copier, PathArg
from ._options import CopierOptions
from ._types import Event

_Dst = TypeVar("_Dst", bound=PathArg)

# (copy2?, follow_symlinks) -> the Copier options. Neither kind is
# recursive; both replace an existing destination file, as shutil does.
_KINDS: Dict[Tuple[bool, bool], CopierOptions] = {
    (False, True): dict(dereference_args=True),
    (False, False): dict(),
    # copy2 = copyfile + copystat: mode, times and xattrs (POSIX ACLs are xattrs).
    (True, True): dict(dereference_args=True, preserve_mode=True, preserve_times=True,
                       xattrs=True, acls=True),
    (True, False): dict(preserve_mode=True, preserve_times=True, xattrs=True, acls=True),
}

_local = threading.local()
_forsaken: List[Copier] = []  # a forked child's inherited handles, never freed


class _Single:
    """One thread's Copier for one kind, and the special files it skipped
    (shutil raises SpecialFileError for those; libucopy skips them)."""

    def __init__(self, kind: Tuple[bool, bool]) -> None:
        self.skipped: List[Event] = []
        options: CopierOptions = {"archive": False, "recursive": False, "overwrite": "replace",
                                  "on_event": self.skipped.append, "events": ["skipped"]}
        options.update(_KINDS[kind])
        self.copier = Copier(**options)

    def copy(self, src: PathArg, dst: PathArg) -> None:
        del self.skipped[:]
        self.copier._run_quick(src, dst)
        if self.skipped:
            raise shutil.SpecialFileError(f"`{os.fsdecode(os.fspath(src))}` is a named pipe or other special file")


def _single(kind: Tuple[bool, bool]) -> _Single:
    try:
        return _local.by_kind[kind]  # type: ignore[no-any-return]
    except AttributeError:
        _local.by_kind = {}
    except KeyError:
        pass
    made: Dict[Tuple[bool, bool], _Single] = _local.by_kind
    one = made[kind] = _Single(kind)
    return one


def _forget_after_fork() -> None:
    # The child has the forking thread's handles but not their worker
    # threads: freeing them would wait for threads that do not exist, so
    # they are kept (leaked) and new ones made on demand.
    global _local
    for one in getattr(_local, "by_kind", {}).values():
        one.copier._h = None  # never ucopy_free()d, never used
        _forsaken.append(one.copier)
    _local = threading.local()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)


def copyfile(src: PathArg, dst: _Dst, *, follow_symlinks: bool = True) -> _Dst:
    """Copy the contents of the file ``src`` to ``dst`` (a file name, not a
    directory) and return ``dst``, as :func:`shutil.copyfile` does: no
    metadata is copied; with ``follow_symlinks=False`` a symlink ``src``
    is copied as a symlink. Errors as shutil raises them:
    :class:`ucopy.SameFileError` (a ``shutil.SameFileError``),
    ``shutil.SpecialFileError`` for a FIFO or device, OSError subclasses.

    Unlike shutil, an existing ``dst`` is replaced by a new file (shutil
    truncates and rewrites it, keeping its inode, mode and hard links, and
    writes through a symlink ``dst``), and a new file gets the permission
    bits of ``src`` less the umask, as ``cp`` does (shutil: 0o666 less the
    umask)."""
    _single((False, follow_symlinks)).copy(src, dst)
    return dst


def copy2(src: PathArg, dst: PathArg, *, follow_symlinks: bool = True) -> PathArg:
    """Copy the file ``src`` to ``dst`` with its permission bits, times and
    extended attributes, as :func:`shutil.copy2`: when ``dst`` is a
    directory the copy goes into it under the name of ``src``. Returns the
    path of the copy. Differences from shutil as for :func:`copyfile`."""
    if os.path.isdir(dst):
        dst = os.path.join(dst, os.path.basename(src))  # type: ignore[arg-type, type-var]
    _single((True, follow_symlinks)).copy(src, dst)
    return dst
