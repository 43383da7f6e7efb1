# SPDX-License-Identifier: MIT
"""copytree(): shutil.copytree's meaning for src, dst, symlinks, ignore and
dirs_exist_ok, as one libucopy run.

shutil.copytree copies what copy2 copies: contents, permission bits,
times and extended attributes (POSIX ACLs among them), not the owner.
``ignore`` is answered through libucopy's entry filter (see _ignore.py):
``ignore(dir, names)`` is called once per directory copied, with the names
shutil would pass, and the names it returns are left out.

Differences from shutil that remain: hard links within the tree are kept
as links (shutil copies each name separately), FIFOs/sockets/devices are
recreated instead of reported as errors, and ``ignore`` is asked about a
directory when its parent's listing is filtered, before the library
enters it (shutil asks in its depth-first walk order).
"""

from __future__ import annotations

import errno
import os
from typing import Any, Callable, Dict, Iterable, List, Optional, TypeVar, Union, cast

from ._copier import Copier, ErrorCallback, PathArg
from ._ignore import IgnoreFilter
from ._literals import DecisionName
from ._types import Decision, Event, Overwrite

IgnoreCallback = Callable[[str, List[str]], Iterable[str]]
_Dst = TypeVar("_Dst", bound=PathArg)  # copytree returns dst as passed, like shutil


def copytree(
    src: PathArg,
    dst: _Dst,
    symlinks: bool = False,
    ignore: Optional[IgnoreCallback] = None,
    dirs_exist_ok: bool = False,
    **copier_options: Any,
) -> _Dst:
    """Copy the directory tree ``src`` to ``dst`` and return ``dst`` (the
    object passed in), as :func:`shutil.copytree` does for these arguments. Errors from
    individual entries are collected and raised at the end as one
    :class:`ucopy.PartialCopyError`, which is a :class:`shutil.Error` with
    the same ``args[0]`` list of ``(src, dst, reason)``. An exception raised
    by ``ignore`` stops the copy and is re-raised.

    Extra keyword arguments (``workers``, ``progress``, ``filter``, ...) go
    to :class:`ucopy.Copier` (a ``filter`` is asked about what ``ignore``
    keeps); the copy options themselves are fixed by the shutil semantics."""
    s, d = os.fspath(src), os.fspath(cast(PathArg, dst))
    if not dirs_exist_ok and os.path.lexists(d):
        # What shutil's os.makedirs(dst) raises, before anything is copied.
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), d)
    options: Dict[str, Any] = dict(archive=False, preserve_mode=True, preserve_times=True, xattrs=True,
                                   acls=True, specials=True, devices=True, overwrite=Overwrite.REPLACE)
    options.update(copier_options)
    ignorer = None if ignore is None else IgnoreFilter(s, ignore)
    if ignorer is not None:
        options["on_error"] = _skip_ignored(ignorer, options.get("on_error"))
    # The top-level src is always followed (os.scandir does); inner
    # symlinks are followed unless symlinks=True.
    with Copier(recursive=True, dereference=not symlinks, dereference_args=True, **options) as c:
        entry_filter = c._filter_tramp
        if ignorer is not None:
            ignorer.then, entry_filter = entry_filter, ignorer
        c._run_filtered(s, d, entry_filter)
    return dst


def _skip_ignored(ignorer: IgnoreFilter, on_error: Optional[ErrorCallback]) -> ErrorCallback:
    """on_error that skips the failures of entries ``ignore`` left out
    (reported before the filter was asked), else asks the caller's."""

    def decide(event: Event) -> Union[Decision, DecisionName, None]:
        if ignorer.ignores(event.src_path):
            return Decision.SKIP
        return None if on_error is None else on_error(event)

    return decide
