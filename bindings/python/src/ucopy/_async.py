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
    poller = _Poller(loop, _c.ucopy_fd(h), run, ended)
    cancelled: Optional[BaseException] = None
    try:
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
                    _c.ucopy_cancel(h)
                    # Poll now: the run acts on a cancel when polled, and
                    # would otherwise wait for its next progress tick.
                    poller.deliver()
    finally:
        if not ended.done():
            # Left without the run's end: the coroutine was closed (or
            # something else thrown in). The handle may be freed next, so
            # the run must end here: cancel it and wait, blocking.
            poller.stop()
            _c.ucopy_cancel(h)
            try:
                _c.pyucopy_finish(run)
            except BaseException:  # noqa: B012 -- a callback's, lost to the one leaving
                pass
    if cancelled is not None:
        raise cancelled
    return c._result(h, rc, src, dst)


class _Poller:
    """Calls ucopy_poll() on the loop's thread whenever ucopy_fd() is
    readable, and settles ``ended`` with the run's result.

    While a stopped run winds down, libucopy 0.2 keeps the descriptor
    readable with nothing to deliver; polling it back to back would spin
    the loop's thread and take a CPU from the run's own cleanup. So after
    a burst of empty wakeups the reader rests for a few milliseconds."""

    SPINS = 16  # wakeups less than SPIN_GAP apart before resting
    SPIN_GAP = 0.001
    REST = 0.003

    def __init__(self, loop: asyncio.AbstractEventLoop, fd: int, run: Any,
                 ended: "asyncio.Future[int]") -> None:
        self._loop, self._fd, self._run, self._ended = loop, fd, run, ended
        self._last = 0.0
        self._spins = 0
        loop.add_reader(fd, self.deliver)

    def deliver(self) -> None:
        if self._ended.done():
            return  # an extra call (after a cancel) once the run had ended
        try:
            rc = _c.pyucopy_poll(self._run)
        except BaseException as e:  # a callback's exception, once the run has ended
            self._loop.remove_reader(self._fd)
            self._ended.set_exception(e)
            return
        if rc != _c.UCOPY_RUNNING:
            self._loop.remove_reader(self._fd)
            self._ended.set_result(rc)
            return
        now = self._loop.time()
        self._spins = self._spins + 1 if now - self._last < self.SPIN_GAP else 0
        self._last = now
        if self._spins >= self.SPINS:
            self._spins = 0
            self._loop.remove_reader(self._fd)
            self._loop.call_later(self.REST, self._rearm)

    def stop(self) -> None:
        """Stop watching the descriptor (the run is ended elsewhere)."""
        self._ended.cancel()  # also keeps a pending _rearm from adding it back
        self._loop.remove_reader(self._fd)

    def _rearm(self) -> None:
        if not self._ended.done():
            self._loop.add_reader(self._fd, self.deliver)
