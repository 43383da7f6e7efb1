# SPDX-License-Identifier: MIT
"""acopy() and AsyncCopier: copies awaited on an asyncio event loop.

Built on libucopy's non-blocking runs: ucopy_start() starts the copy on the
library's threads and returns; the loop watches ucopy_fd() (add_reader) and
calls ucopy_poll() when it is readable, which runs the callbacks on the
loop's thread and says when the run has ended. Nothing blocks the loop but
the callbacks themselves and the end's own work (a final sync with fsync=True).

Cancelling the awaiting task cancels the run (ucopy_cancel) and waits for
its end, partial files removed, before CancelledError goes on."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, Optional

from . import cucopy as _c
from ._copier import Copier, PathArg
from ._types import Stats

if TYPE_CHECKING:  # typing_extensions is only needed by the type checker
    from typing_extensions import Unpack

    from ._options import CopierOptions


class AsyncCopier:
    """A :class:`Copier` whose copies are awaited: ``async with
    ucopy.AsyncCopier(**options) as c: stats = await c.copy(src, dst)``.
    Options, callbacks and errors are the Copier's; the callbacks run on
    the event loop's thread. One copy at a time per AsyncCopier."""

    def __init__(self, **options: Unpack[CopierOptions]) -> None:
        self._copier = Copier(**options)

    async def copy(self, src: PathArg, dst: PathArg) -> Stats:
        """Copy ``src`` to ``dst`` as :meth:`Copier.run` does, without
        blocking the loop, and return the statistics."""
        c = self._copier
        h = c._begin()
        try:
            return await _drive(c, h, src, dst)
        finally:
            c._run_lock.release()

    def cancel(self) -> None:
        """Ask the active copy to stop (it raises ucopy.CancelledError);
        with none active, do nothing. Thread-safe."""
        self._copier.cancel()

    def close(self) -> None:
        """Free the handle; not while a copy runs."""
        self._copier.close()

    async def __aenter__(self) -> "AsyncCopier":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        self.close()


async def acopy(src: PathArg, dst: PathArg, **options: Unpack[CopierOptions]) -> Stats:
    """``await ucopy.acopy(src, dst, **options)``: :func:`ucopy.copy` on
    the running event loop (see :class:`AsyncCopier`)."""
    async with AsyncCopier(**options) as c:
        return await c.copy(src, dst)


async def _drive(c: Copier, h: Any, src: PathArg, dst: PathArg) -> Stats:
    """Start the run, deliver its callbacks as the loop sees ucopy_fd()
    readable, and return (or raise) its result."""
    progress, event, xattr_filter = c._tramps
    del c._failures[:]
    rc, run = _c.pyucopy_start(h, src, dst, progress, event, c._mask, xattr_filter, c._filter_tramp)
    if run is None:  # did not start
        return c._result(h, rc, src, dst)
    loop = asyncio.get_running_loop()
    ended: "asyncio.Future[int]" = loop.create_future()
    fd = _c.ucopy_fd(h)
    loop.add_reader(fd, _deliver, loop, fd, run, ended)
    cancelled: Optional[BaseException] = None
    while True:
        try:
            # shield: cancelling the task must not cancel `ended`, which
            # the run settles; the loop goes on until it has.
            rc = await asyncio.shield(ended)
            break
        except asyncio.CancelledError as e:
            if ended.done():
                raise  # cannot happen: nothing cancels `ended`
            if cancelled is None:
                cancelled = e
                _c.ucopy_cancel(h)  # the end (cleanup included) comes within an interval
    if cancelled is not None:
        raise cancelled
    return c._result(h, rc, src, dst)


def _deliver(loop: asyncio.AbstractEventLoop, fd: int, run: Any, ended: "asyncio.Future[int]") -> None:
    """The reader callback: ucopy_poll() on the loop's thread."""
    try:
        rc = _c.pyucopy_poll(run)
    except BaseException as e:  # a callback's exception, once the run has ended
        loop.remove_reader(fd)
        ended.set_exception(e)
        return
    if rc != _c.UCOPY_RUNNING:
        loop.remove_reader(fd)
        ended.set_result(rc)
