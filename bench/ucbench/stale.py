# SPDX-License-Identifier: MIT
"""Undo what a killed earlier run (kill -9, power loss) left in the work dir.

Only touches mounts under WORKDIR/mnt and loop devices whose backing file is an
image in WORKDIR, so other users' loop devices are never affected.
"""
import fcntl
import glob
import os
import shutil

from . import sh

_lock_file = None  # held open for the life of the process


def lock(workdir):
    """One run per work dir: a second one would unmount the first one's filesystems.
    flock is released by the kernel when the holder dies, even by SIGKILL, so once we
    hold it, whatever is still mounted in the work dir is stale. Returns False if busy."""
    global _lock_file
    _lock_file = open(os.path.join(workdir, "lock"), "w")
    try:
        fcntl.flock(_lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def clean(workdir, log):
    """Call only while holding lock(workdir)."""
    mnt_root = os.path.join(workdir, "mnt") + "/"
    with open("/proc/self/mounts") as f:
        mounts = [line.split()[1] for line in f]
    for m in sorted((m for m in mounts if m.startswith(mnt_root)), reverse=True):
        log(f"unmounting stale {m} from an earlier run")
        if sh.run(["umount", m], check=False).returncode != 0:
            sh.run(["umount", "-l", m], check=False)
    for img in glob.glob(os.path.join(workdir, "*.img")):
        for line in sh.run(["losetup", "-j", img], capture=True, check=False).stdout.splitlines():
            dev = line.split(":", 1)[0]
            if dev.startswith("/dev/loop"):
                log(f"detaching stale {dev} ({img}) from an earlier run")
                sh.run(["losetup", "-d", dev], check=False)
    dst = os.path.join(workdir, "dst.img")
    if os.path.exists(dst):
        os.unlink(dst)
    # A copy still running when its fs went away writes into the bare mount point;
    # a later mount would hide those files, so empty the mount points now.
    for m in glob.glob(os.path.join(mnt_root, "*")):
        if os.path.isdir(m) and not os.path.ismount(m) and os.listdir(m):
            log(f"emptying stale mount point {m}")
            shutil.rmtree(m)
            os.makedirs(m)
