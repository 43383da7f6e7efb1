# SPDX-License-Identifier: MIT
"""acopy()/AsyncCopier on asyncio: the same copy as copy(), callbacks on the
loop's thread, the loop free meanwhile, errors and callback exceptions
raised by the await, and a cancelled task that stops the run promptly and
leaves only complete files."""

import asyncio
import filecmp
import os
import threading
import time

import pytest
import ucopy
from treeutil import assert_same_tree

MIB = 1 << 20


def run(coro):
    return asyncio.run(coro)


def test_acopy_copies_like_copy(sample, tmp_path):
    src, dst = sample
    stats = run(ucopy.acopy(src, dst))
    ucopy.copy(src, tmp_path / "sync")
    assert isinstance(stats, ucopy.Stats) and stats.files > 0
    assert_same_tree(src, dst)


def test_callbacks_run_on_the_loop_thread_and_the_loop_stays_free(big_tree, tmp_path):
    threads, ticks, progress_ticks = set(), [], []

    async def ticker(stop):
        while not stop.is_set():
            ticks.append(time.monotonic())
            await asyncio.sleep(0.005)

    def progress(p):
        threads.add(threading.get_ident())
        progress_ticks.append(len(ticks))

    async def main():
        stop = asyncio.Event()
        t = asyncio.create_task(ticker(stop))
        async with ucopy.AsyncCopier(progress=progress, progress_interval=0.01,
                                     on_event=lambda e: threads.add(threading.get_ident()),
                                     events=["copied"]) as c:
            stats = await c.copy(big_tree, tmp_path / "dst")
        stop.set()
        await t
        return stats, threading.get_ident()

    stats, loop_thread = run(main())
    assert threads == {loop_thread}
    assert len(progress_ticks) >= 2, "the copy was too quick to tell"
    assert progress_ticks[-1] > progress_ticks[0], "the loop did not run during the copy"
    assert stats.files == len(os.listdir(big_tree))


def test_errors_and_callback_exceptions_come_out_of_the_await(tmp_path):
    with pytest.raises(FileNotFoundError):
        run(ucopy.acopy(tmp_path / "missing", tmp_path / "x"))
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "f").write_bytes(b"f")

    class Boom(Exception):
        pass

    def explode(e):
        raise Boom(e.dst_path)

    with pytest.raises(Boom):
        run(ucopy.acopy(tmp_path / "src", tmp_path / "dst", on_event=explode))

    async def twice():
        async with ucopy.AsyncCopier(overwrite="replace") as c:
            await c.copy(tmp_path / "src", tmp_path / "again")
            return await c.copy(tmp_path / "src", tmp_path / "again")

    assert run(twice()).files == 1


@pytest.fixture(scope="module")
def gigabyte(tmp_path_factory):
    """16 files of 64 MiB of random data (no holes, no zero blocks)."""
    src = tmp_path_factory.mktemp("gig") / "src"
    src.mkdir()
    block = os.urandom(MIB)
    for i in range(16):
        with open(src / f"f{i:02d}", "wb") as f:
            for j in range(64):
                f.write(i.to_bytes(2, "little") + j.to_bytes(2, "little") + block[4:])
    os.sync()  # its write-back done, not competing with the copy's (and its cancel's)
    return src


# The run checks for cancel on every completion and the serving loop at
# least every min(interval, 50 ms); the end then removes the partial files
# and the loop needs one more poll. The margin covers that cleanup and
# scheduling on a loaded 2-CPU machine (measured: see the README figures).
INTERVAL = 0.1
MARGIN = 0.2


def test_cancelling_the_task_stops_the_run_and_leaves_complete_files(gigabyte, tmp_path):
    dst = tmp_path / "dst"

    async def main():
        task = asyncio.create_task(ucopy.acopy(gigabyte, dst, progress_interval=INTERVAL))
        await asyncio.sleep(0.2)
        assert not task.done(), "the copy ended before the cancel"
        cancelled_at = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return time.monotonic() - cancelled_at

    took = run(main())
    print(f"cancel to CancelledError: {took:.3f}s")  # seen with pytest -s
    assert took <= INTERVAL + MARGIN, f"CancelledError came {took:.3f}s after the cancel"
    left = sorted(os.listdir(dst)) if dst.exists() else []
    assert len(left) < 16, "the copy finished: nothing was cancelled"
    assert not [n for n in left if n.startswith(".ucopy")], left
    for name in left:
        assert filecmp.cmp(gigabyte / name, dst / name, shallow=False), f"{name} is a partial copy"


def test_a_closed_coroutine_ends_its_run_before_the_handle_goes(big_tree, tmp_path):
    # Never awaited to the end: closing it must cancel and finish the run
    # before AsyncCopier frees the handle (no crash, no copy going on).
    async def main():
        watched = len(asyncio.get_running_loop()._selector.get_map())  # type: ignore[attr-defined]
        coro = ucopy.acopy(big_tree, tmp_path / "dst", progress_interval=0.01)
        step = coro.send(None)  # starts the run, stops at its first await
        assert step is not None
        assert len(asyncio.get_running_loop()._selector.get_map()) == watched + 1
        coro.close()
        # The run's descriptor is no longer watched: nothing polls a freed handle.
        assert len(asyncio.get_running_loop()._selector.get_map()) == watched
        await asyncio.sleep(0.05)
        return ucopy.copy(big_tree, tmp_path / "after")  # the library is still fine

    assert run(main()).files == len(os.listdir(big_tree))
    left = os.listdir(tmp_path / "dst") if (tmp_path / "dst").exists() else []
    assert len(left) < len(os.listdir(big_tree)), "the closed copy ran to the end"
