# SPDX-License-Identifier: MIT
"""Teardown registry: every mount, loop device and scratch image is undone on exit.

Loop devices and mounts outlive the process that made them, so a crash or Ctrl-C
must not leave them behind. Each resource registers an undo function; they run in
reverse order from `finally` blocks, from atexit, and on SIGINT/SIGTERM/SIGHUP
(which are turned into exceptions so that `finally` blocks run first).
"""
import atexit
import signal
import sys

_undo = []  # stack of (key, fn)


def push(key, fn):
    """Register fn to run at teardown; key lets the owner pop it early."""
    _undo.append((key, fn))


def pop(key):
    """Run and forget the undo function registered under key (if still there)."""
    for i in range(len(_undo) - 1, -1, -1):
        if _undo[i][0] == key:
            _, fn = _undo.pop(i)
            _safe(fn)
            return


def run_all():
    while _undo:
        _, fn = _undo.pop()
        _safe(fn)


def _safe(fn):
    try:
        fn()
    except Exception as e:  # teardown must go on for the rest
        print(f"bench: cleanup step failed: {e}", file=sys.stderr)


def _on_signal(signum, frame):
    # Ignore repeats while we unwind; KeyboardInterrupt lets finally blocks run.
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, signal.SIG_IGN)
    raise KeyboardInterrupt(f"signal {signum}")


def install():
    atexit.register(run_all)
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, _on_signal)
