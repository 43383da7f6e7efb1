# SPDX-License-Identifier: MIT
import errno
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest
import ucopy


def test_cancel_from_another_thread_is_prompt(big_tree, tmp_path):
    cancelled_at = []
    copier = []  # the progress callback needs the Copier it belongs to

    def progress(p):
        if not p.finished and not cancelled_at:
            cancelled_at.append(time.monotonic())
            threading.Thread(target=copier[0].cancel).start()

    with ucopy.Copier(progress_interval=0.01, progress=progress) as c:
        copier.append(c)
        with pytest.raises(ucopy.CancelledError) as info:
            c.run(big_tree, str(tmp_path / "dst"))
        assert cancelled_at, "the copy finished before its first progress tick"
        took = time.monotonic() - cancelled_at[0]
        assert took < 1.0, f"run() returned {took:.2f}s after cancel()"
        assert info.value.errno == errno.ECANCELED
        assert isinstance(info.value, OSError)
        # The handle is usable again afterwards.
        small = tmp_path / "small"
        small.write_bytes(b"x")
        c.run(small, tmp_path / "small-copy")


CTRL_C_SCRIPT = textwrap.dedent("""
    import sys, time, ucopy
    def progress(p):
        if not p.finished and not hasattr(progress, "told"):
            progress.told = True
            print("copying", flush=True)
    try:
        ucopy.copy(sys.argv[1], sys.argv[2], progress=progress, progress_interval=0.01)
    except KeyboardInterrupt:
        print("interrupted", time.monotonic(), flush=True)
        sys.exit(0)
    print("finished", flush=True)
""")


def test_ctrl_c_interrupts_the_copy(big_tree, tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", CTRL_C_SCRIPT, big_tree, str(tmp_path / "dst")],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "copying"
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out = proc.stdout.readline().split()
        assert proc.wait(timeout=10) == 0
    finally:
        proc.kill()
    assert out and out[0] == "interrupted", f"copy was not interrupted: {out}"
    assert float(out[1]) - sent < 1.0, "KeyboardInterrupt took more than a second"


CTRL_C_NO_PROGRESS_SCRIPT = textwrap.dedent("""
    import os, sys, traceback, ucopy
    print("ready", flush=True)
    try:
        for i in range(50):  # keep copying until interrupted
            ucopy.copy(sys.argv[1], os.path.join(sys.argv[2], str(i)), progress_interval=0.01)
    except KeyboardInterrupt as e:
        # Where was it raised? Inside the copy means the trampoline saw it.
        inside = any("_copier.py" in f.filename for f in traceback.extract_tb(e.__traceback__))
        print("interrupted", "inside" if inside else "between", flush=True)
        sys.exit(0)
    print("finished", flush=True)
""")


def test_ctrl_c_without_a_progress_callback(big_tree, tmp_path):
    # No progress callback: the trampoline is installed anyway to run
    # Python's signal handlers on each tick.
    proc = subprocess.Popen([sys.executable, "-c", CTRL_C_NO_PROGRESS_SCRIPT, big_tree, str(tmp_path)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(0.3)
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out = proc.stdout.readline().split()
        assert proc.wait(timeout=10) == 0
        took = time.monotonic() - sent
    finally:
        proc.kill()
    assert out == ["interrupted", "inside"], out
    assert took < 1.5, f"exit took {took:.2f}s after SIGINT"


def test_a_cancel_with_no_run_active_does_not_stop_the_next_run(sample):
    src, dst = sample
    with ucopy.Copier() as c:
        c.cancel()  # nothing is running: libucopy >= 0.2 forgets it
        assert c.run(src, dst).files > 0


def test_after_a_cancel_stats_bytes_counts_what_is_left(big_tree, tmp_path):
    dst = tmp_path / "dst"
    copier = []

    def progress(p):
        if not p.finished and p.bytes_done > 0:
            copier[0].cancel()

    with ucopy.Copier(progress_interval=0.01, progress=progress) as c:
        copier.append(c)
        with pytest.raises(ucopy.CancelledError) as info:
            c.run(big_tree, dst)
    left = sum(os.path.getsize(os.path.join(dst, n)) for n in os.listdir(dst)) if dst.exists() else 0
    assert info.value.stats.bytes == left
    assert left < 96 * (4 << 20), "nothing was cancelled"
