# SPDX-License-Identifier: MIT
"""Exceptions, and the mapping from libucopy status codes to them.

A negative errno becomes ``OSError(errno, strerror, src, None, dst)``, so
Python picks the matching subclass (FileNotFoundError, PermissionError,
FileExistsError, ...). libucopy's own codes get the classes below, all
subclasses of :class:`ucopy.Error` (an OSError)."""

from __future__ import annotations

import errno as _errno
import os
import shutil
from typing import List, Optional, Sequence

from . import cucopy as _c
from ._types import Event, Stats


class Error(OSError):
    """Base of the exceptions for libucopy's own status codes."""


class PartialCopyError(Error, shutil.Error):
    """The copy finished, but some entries failed.

    Like :class:`shutil.Error`, ``args[0]`` is a list of
    ``(src, dst, reason)`` tuples; ``failures`` has the full events."""

    def __init__(self, failures: Sequence[Event], stats: Optional[Stats] = None):
        super().__init__([(e.src_path, e.dst_path, e.message) for e in failures])
        self.failures: List[Event] = list(failures)
        self.stats = stats

    def __str__(self) -> str:
        n = len(self.failures)
        if not n:
            return "some entries could not be copied"
        return f"{n} entr{'y' if n == 1 else 'ies'} could not be copied; first: {self.failures[0].message}"


class CancelledError(Error):
    """The copy was cancelled (Copier.cancel())."""


class AbortedError(Error):
    """An ``on_error`` callback answered ABORT. ``errno`` is that of the
    entry it was answering, ``event`` the event itself."""

    event: Optional[Event] = None


class SameFileError(Error, shutil.SameFileError):
    """Source and destination are the same file (also a shutil.SameFileError)."""


class DestinationInsideSourceError(Error):
    """The destination lies inside the source tree."""


class SourceChangedError(Error):
    """A source file changed size while it was being copied."""


class VerifyError(Error):
    """``verify=True`` read a file and its copy again and found them
    different; the copy was removed. ``filename``/``filename2`` name the
    entry. Usually seen as an event (code ``UCOPY_EVERIFY``) in a
    :class:`PartialCopyError`'s ``failures``."""


def _name(path) -> object:
    return os.fspath(path) if path is not None else None


def error_from_code(
    code: int, src, dst, detail: str, failures: Sequence[Event], stats: Optional[Stats]
) -> BaseException:
    """The exception for a non-zero ucopy_run() status."""
    src, dst = _name(src), _name(dst)
    last = failures[-1] if failures else None
    if code == _c.UCOPY_EPARTIAL:
        exc: OSError = PartialCopyError(failures, stats)
    elif code == -_errno.ECANCELED:
        exc = CancelledError(_errno.ECANCELED, os.strerror(_errno.ECANCELED), src, None, dst)
    elif code == _c.UCOPY_EABORTED:
        exc = AbortedError(last.errno if last else None, _c.ucopy_strerror(code),
                           last.src_path if last else src, None, last.dst_path if last else dst)
        exc.event = last
    elif code == _c.UCOPY_ESAMEFILE:
        exc = SameFileError(f"{src!r} and {dst!r} are the same file")
        exc.filename, exc.filename2 = src, dst
    elif code == _c.UCOPY_EDSTINSIDE:
        exc = DestinationInsideSourceError(_errno.EINVAL, _c.ucopy_strerror(code), src, None, dst)
    elif code == _c.UCOPY_ECHANGED:
        exc = SourceChangedError(None, _c.ucopy_strerror(code), src, None, dst)
    elif code == _c.UCOPY_EVERIFY:
        if last is not None and last.code == code:
            src, dst = last.src_path, last.dst_path
        exc = VerifyError(None, _c.ucopy_strerror(code), src, None, dst)
    elif -4096 < code < 0:
        # When the library reported the failing entry as an event, name it;
        # otherwise the failure is about the copy as a whole: src -> dst.
        if last is not None and last.code == code:
            src, dst = last.src_path, last.dst_path
        exc = OSError(-code, os.strerror(-code), src, None, dst)
    else:
        exc = Error(None, _c.ucopy_strerror(code), src, None, dst)
    exc.code = code  # type: ignore[attr-defined]
    exc.detail = detail  # type: ignore[attr-defined]  # the library's own message
    exc.stats = stats  # type: ignore[attr-defined]
    if detail and hasattr(exc, "add_note"):  # Python >= 3.11: shown in tracebacks
        exc.add_note(detail)
    return exc
