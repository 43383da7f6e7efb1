# SPDX-License-Identifier: MIT
import threading
import time

import pytest
import ucopy


def test_progress_is_monotonic_and_ends_at_totals(sample):
    src, dst = sample
    seen = []
    stats = ucopy.copy(src, dst, progress=seen.append, progress_interval=0.01)
    assert seen, "no progress call"
    fields = ("files_done", "files_total", "bytes_done", "bytes_total", "elapsed_ns")
    for a, b in zip(seen, seen[1:]):
        assert not a.finished, "a call came after the finished one"
        for f in fields:
            assert getattr(b, f) >= getattr(a, f), f"{f} went backwards: {a} then {b}"
    last = seen[-1]
    assert last.finished
    assert last.files_done == last.files_total
    assert last.bytes_done == last.bytes_total == stats.bytes


class Boom(Exception):
    pass


def test_exception_in_progress_aborts_and_is_reraised(big_tree, tmp_path):
    def progress(p):
        raise Boom("from progress")

    t0 = time.monotonic()
    with pytest.raises(Boom, match="from progress"):
        ucopy.copy(big_tree, str(tmp_path / "dst"), progress=progress, progress_interval=0.01)
    assert time.monotonic() - t0 < 5


def test_exception_in_on_error_aborts_and_is_reraised(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a").write_bytes(b"a")
    dst = tmp_path / "dst"
    dst.mkdir()
    (dst / "a").write_bytes(b"old")  # EEXIST for a

    def on_error(event):
        raise Boom(event.src_path)

    with pytest.raises(Boom, match="src/a"):
        ucopy.copy(src, dst, on_error=on_error)


def test_invalid_decision_raises_value_error(tmp_path):
    src, dst = tmp_path / "f", tmp_path / "g"
    src.write_bytes(b"f")
    dst.write_bytes(b"g")
    with pytest.raises(ValueError, match="continue"):
        ucopy.copy(src, dst, on_error=lambda e: "maybe")


def test_gil_is_released_during_the_copy(big_tree, tmp_path):
    # Another Python thread must run while run() copies: count its ticks
    # as seen from successive progress callbacks.
    ticks = []
    stop = threading.Event()

    def spin():
        while not stop.is_set():
            ticks.append(1)
            time.sleep(0.001)

    seen = []
    t = threading.Thread(target=spin)
    t.start()
    try:
        ucopy.copy(big_tree, str(tmp_path / "dst"), progress=lambda p: seen.append(len(ticks)),
                   progress_interval=0.01)
    finally:
        stop.set()
        t.join()
    assert len(seen) >= 2, "the copy was too quick to tell"
    assert seen[-1] > seen[0], "the other thread never ran during the copy"
