# SPDX-License-Identifier: MIT
"""Mounting ucopy-faultfs over a backing directory for one run."""
import os
import subprocess
import time


class FaultMount:
    def __init__(self, faultfs, backing, where, op=None, nth=0, err="EIO", log=None,
                 counts=None):
        os.makedirs(where, exist_ok=True)
        argv = [faultfs, backing, where, "-f", "-o", "allow_other,default_permissions"]
        if op:
            argv += [f"--op={op}", f"--nth={nth}", f"--errno={err}"]
        if log:
            argv.append(f"--log={log}")
        if counts:
            argv.append(f"--counts={counts}")
        self.where = where
        self.proc = subprocess.Popen(argv, stderr=subprocess.PIPE, text=True)
        for _ in range(500):
            if os.path.ismount(where):
                return
            if self.proc.poll() is not None:
                raise RuntimeError(f"faultfs: {self.proc.stderr.read()}")
            time.sleep(0.01)
        raise RuntimeError("faultfs did not mount within 5 s")

    def close(self):
        subprocess.run(["fusermount3", "-u", self.where], check=False)
        self.proc.wait(timeout=30)


def counts(path):
    """{op: calls} from a --counts file."""
    with open(path) as f:
        return {op: int(n) for op, n in (line.split() for line in f)}


def missing_requirement(faultfs):
    if os.geteuid() != 0:
        return "not root (the copy keeps ownership; mounting needs it)"
    if not os.path.exists("/dev/fuse"):
        return "no /dev/fuse"
    for tool in ("fusermount3", "rsync"):
        if subprocess.run(["which", tool], stdout=subprocess.DEVNULL).returncode != 0:
            return f"{tool} is missing (scripts/install-deps.sh installs it)"
    if not os.access(faultfs, os.X_OK):
        return f"{faultfs} was not built (libfuse3-dev missing?)"
    return None
