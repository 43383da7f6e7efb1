# SPDX-License-Identifier: MIT
"""copytree(): shutil.copytree's meaning for src, dst, symlinks, ignore and
dirs_exist_ok, with the data copied by libucopy.

shutil.copytree copies what copy2 copies: contents, permission bits,
times and extended attributes (POSIX ACLs among them), not the owner.
Without ``ignore`` the whole tree is one libucopy run. With ``ignore`` the
tree is walked here exactly as shutil walks it (``ignore(dir, names)`` once
per directory, top-down), directories are made and stamped here, and each
other entry is copied by its own libucopy run on one reused handle.

Differences from shutil that remain: hard links within the tree are kept
as links by the single-run path (shutil copies each link separately),
and FIFOs/sockets/devices are recreated instead of reported as errors.
"""

from __future__ import annotations

import errno
import os
import shutil
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple, TypeVar, cast

from . import cucopy as _c
from ._copier import Copier, PathArg
from ._errors import PartialCopyError
from ._types import Overwrite

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
    the same ``args[0]`` list of ``(src, dst, reason)``.

    Extra keyword arguments (``workers``, ``progress``, ...) go to
    :class:`ucopy.Copier`; the copy options themselves are fixed by the
    shutil semantics."""
    s, d = os.fspath(src), os.fspath(cast(PathArg, dst))
    if not dirs_exist_ok and os.path.lexists(d):
        # What shutil's os.makedirs(dst) raises, before anything is copied.
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), d)
    common: Dict[str, Any] = dict(archive=False, preserve_mode=True, preserve_times=True, xattrs=True,
                                  acls=True, specials=True, devices=True, overwrite=Overwrite.REPLACE)
    common.update(copier_options)
    if ignore is None:
        # One run: the top-level src is always followed (os.scandir does),
        # inner symlinks are followed unless symlinks=True.
        with Copier(recursive=True, dereference=not symlinks, dereference_args=True, **common) as c:
            c.run(s, d)
        return dst
    with Copier(recursive=False, dereference_args=True, **common) as follow, \
            Copier(recursive=False, **common) as as_link:
        _walk(s, d, symlinks, ignore, dirs_exist_ok, follow, as_link)
    return dst


def _walk(src, dst, symlinks, ignore, dirs_exist_ok, follow: Copier, as_link: Copier) -> None:
    with os.scandir(src) as it:
        entries = list(it)
    ignored = set(ignore(os.fspath(src), [e.name for e in entries]))
    os.makedirs(dst, exist_ok=dirs_exist_ok)
    errors: List[Tuple[object, object, str]] = []
    for entry in entries:
        if entry.name in ignored:
            continue
        s, d = os.path.join(src, entry.name), os.path.join(dst, entry.name)
        try:
            if entry.is_symlink() and symlinks:
                as_link.run(s, d)  # the link itself, with its times
            elif entry.is_dir():  # follows symlinks, as shutil does
                _walk(s, d, symlinks, ignore, dirs_exist_ok, follow, as_link)
            else:
                follow.run(s, d)  # a file, or what a symlink points at
        except shutil.Error as err:  # includes PartialCopyError
            errors.extend(err.args[0])
        except OSError as why:
            errors.append((s, d, str(why)))
    try:
        shutil.copystat(src, dst)  # after the contents, so times stick
    except OSError as why:
        # Like shutil: copying file access times may fail on Windows only.
        errors.append((src, dst, str(why)))
    if errors:
        raise shutil.Error(errors)
