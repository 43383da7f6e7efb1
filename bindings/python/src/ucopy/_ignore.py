# SPDX-License-Identifier: MIT
"""IgnoreFilter: shutil.copytree's ``ignore(dir, names)`` answered through
libucopy's entry filter, so that a copytree with ``ignore`` stays one run.

The library asks about each entry (its path relative to the source root,
and its stat) before copying it. ``ignore`` wants a directory's whole
listing at once, so each directory is listed here with os.listdir (the
names and order os.scandir gives shutil) and ``ignore`` called once; the
answer is kept for the entries of that directory as they are asked about.
A directory is listed when the filter keeps it, not when its first entry
comes, so that empty directories are asked about too, as shutil does."""

from __future__ import annotations

import os
import stat
from typing import Any, Callable, Dict, Iterable, Optional, Set, Union

from . import cucopy as _c

_Name = Union[str, bytes]


class IgnoreFilter:
    """A raw entry filter (the trampoline's arguments: path bytes, then the
    stat fields, st_mode first). ``then`` is another raw filter asked about
    what ``ignore`` keeps, or None."""

    def __init__(self, root: _Name, ignore: Callable[[Any, Any], Iterable[Any]],
                 then: Optional[Callable[..., int]] = None) -> None:
        self._root = root
        self._as_bytes = isinstance(root, bytes)  # shutil passes bytes names for a bytes root
        self._ignore = ignore
        self.then = then
        # Relative directory path (bytes, as the library gives it) -> the
        # names ignore() returned for that directory.
        self._ignored: Dict[bytes, Set[_Name]] = {b"": self._ask(root)}
        # str names for a str root, bytes for bytes: Any, as for ignore.

    def ignores(self, src_path: str) -> bool:
        """Whether ``ignore`` left out the entry an event names. The library
        reports some entries without asking the filter first (a dangling
        symlink it follows fails its stat), which shutil never touches when
        ignored; copytree's on_error skips those."""
        rel = os.path.relpath(os.fsencode(src_path), os.fsencode(self._root))
        parent, _, name = rel.rpartition(b"/")
        ignored = self._ignored.get(parent, ())
        return (name if self._as_bytes else os.fsdecode(name)) in ignored

    def _ask(self, dirpath: _Name) -> Set[_Name]:
        return set(self._ignore(dirpath, os.listdir(dirpath)))

    def _dirpath(self, rel: bytes) -> _Name:
        # os.path.join(root, rel) is the path shutil's recursion builds.
        return os.path.join(self._root, rel if self._as_bytes else os.fsdecode(rel))  # type: ignore[arg-type]

    def __call__(self, path: bytes, mode: int, *st: int) -> int:
        parent, _, name = path.rpartition(b"/")
        ignored = self._ignored.get(parent)
        if ignored is None:  # not met yet: a directory the library entered first
            ignored = self._ignored[parent] = self._ask(self._dirpath(parent))
        if (name if self._as_bytes else os.fsdecode(name)) in ignored:
            return _c.UCOPY_SKIP
        if self.then is not None:
            answer = self.then(path, mode, *st)
            if answer != _c.UCOPY_CONTINUE:
                return answer
        if stat.S_ISDIR(mode):  # a symlink to one too when following: its stat
            self._ignored[path] = self._ask(self._dirpath(path))
        return _c.UCOPY_CONTINUE
