# SPDX-License-Identifier: MIT
"""One ucopy run whose --json events are read as they come, with the
instants at which the harness cuts the power."""
import json
import os
import subprocess
import threading
import time

# x86_64 numbers, as /proc/PID/task/TID/syscall shows them while in them.
SYS_SYNCFS = 306
# What a directory's metadata and sync go through, on its descriptor.
DIR_META_CALLS = {"74", "75", "91", "93", "190", "280"}  # fsync fdatasync fchmod
# fchown fsetxattr utimensat


class CopyRun:
    def __init__(self, argv):
        # Line-buffered: an event is read as soon as ucopy reports it.
        self.proc = subprocess.Popen(["stdbuf", "-oL", *argv], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.start = time.monotonic()
        self.end = None
        self.events = []  # (monotonic time read, event)
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.proc.stdout:
            ev = json.loads(line)
            with self.lock:
                self.events.append((time.monotonic(), ev))
        self.proc.wait()
        self.end = time.monotonic()

    def copied_files(self):
        """Destination paths of the files reported copied so far."""
        with self.lock:
            return [e["dst"] for _, e in self.events
                    if e["type"] == "copied" and e["file_type"] == "file"]

    def running(self):
        return self.proc.poll() is None

    def calls(self):
        """(number, first argument) of the system call each thread is in."""
        out = []
        try:
            for tid in os.listdir(f"/proc/{self.proc.pid}/task"):
                with open(f"/proc/{self.proc.pid}/task/{tid}/syscall") as f:
                    fields = f.read().split()
                if len(fields) > 1:
                    out.append((fields[0], fields[1]))
        except OSError:
            pass
        return out

    def in_syncfs(self):
        return any(nr == str(SYS_SYNCFS) for nr, _ in self.calls())

    def in_dir_meta(self):
        """Whether a thread is setting or syncing a directory's metadata."""
        for nr, arg in self.calls():
            if nr not in DIR_META_CALLS:
                continue
            try:
                if os.path.isdir(os.readlink(f"/proc/{self.proc.pid}/fd/{int(arg, 16)}")):
                    return True
            except (OSError, ValueError):
                pass
        return False

    def phase(self, files_total):
        """What the run was doing: data (files being copied), metadata (a
        directory's metadata or sync, or every file reported and the
        directories being finished), final sync (in syncfs), or done
        (ucopy had exited)."""
        if not self.running():
            return "done"
        if self.in_syncfs():
            return "final sync"
        if self.in_dir_meta() or len(self.copied_files()) >= files_total:
            return "metadata"
        return "data"

    def wait(self):
        self.reader.join()
        return self.proc.returncode, self.proc.stderr.read()


def wait_until(run, when, files_total, target):
    """Sleeps to the planned instant; with another `target`, then waits for
    a directory's metadata, the final sync or the exit, polling every
    0.2 ms."""
    time.sleep(max(0.0, run.start + when - time.monotonic()))
    if target == "time":
        return
    deadline = run.start + 3 * when + 1.0
    while run.running() and (target == "exit" or time.monotonic() < deadline):
        if target == "sync" and run.in_syncfs():
            return
        if target == "meta" and run.in_dir_meta():
            return
        time.sleep(0.0002)
