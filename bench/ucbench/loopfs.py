# SPDX-License-Identifier: MIT
"""A filesystem on a loop device backed by a sparse image file.

Destinations get a fresh one per run (a reused ext4 after rm -rf allocates inodes
slowly, see BENCHMARKING.md); the source gets one per invocation, whose image is
kept as a cache. Loops use direct I/O so that writes reach the disk instead of a
second page cache and `drop_caches` really makes the source cold.
"""
import os
import time

from . import cleanup, sh

MKFS = {
    # lazy init off: otherwise ext4lazyinit zeroes inode tables in the background
    # during the timed run (costs ~10 ms at mkfs on a sparse loop image).
    "ext4": ["mkfs.ext4", "-q", "-F", "-E", "lazy_itable_init=0,lazy_journal_init=0"],
    "xfs": ["mkfs.xfs", "-q", "-f", "-m", "reflink=1"],
    "btrfs": ["mkfs.btrfs", "-q", "-f"],
}
MIN_SIZE = {"ext4": 64 << 20, "xfs": 512 << 20, "btrfs": 256 << 20}


class LoopFs:
    def __init__(self, image, size, fstype, mountpoint, inodes=None, keep_image=False,
                 mount_opts=None):
        self.image, self.fstype, self.mountpoint = image, fstype, mountpoint
        self.size = max(int(size), MIN_SIZE[fstype])
        self.inodes, self.keep_image, self.mount_opts = inodes, keep_image, mount_opts
        self.dev, self.mounted = None, False
        self._key = ("loopfs", image)

    def create(self):
        """Make a brand-new filesystem and mount it."""
        try:
            return self._create()
        except BaseException:
            self.close()
            raise

    def _create(self):
        if os.path.exists(self.image):
            os.unlink(self.image)
        with open(self.image, "wb") as f:
            f.truncate(self.size)
        self._attach()
        argv = list(MKFS[self.fstype])
        if self.fstype == "ext4" and self.inodes:
            argv += ["-N", str(int(self.inodes))]
        sh.run(argv + [self.dev])
        self._mount()
        return self

    def reuse(self):
        """Attach and mount an image made earlier (the cached source)."""
        try:
            self._attach()
            self._mount()
            return self
        except BaseException:
            self.close()
            raise

    def _attach(self):
        cleanup.push(self._key, self.teardown)
        self.dev = sh.out(["losetup", "-f", "--show", "--direct-io=on", self.image]).strip()

    def _mount(self):
        os.makedirs(self.mountpoint, exist_ok=True)
        argv = ["mount", "-t", self.fstype]
        if self.mount_opts:
            argv += ["-o", self.mount_opts]
        sh.run(argv + [self.dev, self.mountpoint])
        self.mounted = True

    def teardown(self):
        """Unmount, detach, delete the image. Safe to call twice."""
        if self.mounted:
            for attempt in range(5):
                if sh.run(["umount", self.mountpoint], check=False).returncode == 0:
                    break
                time.sleep(0.5)  # a child that just exited may still hold it
            else:
                sh.run(["umount", "-l", self.mountpoint], check=False)
            self.mounted = False
        if self.dev:
            sh.run(["losetup", "-d", self.dev], check=False)
            self.dev = None
        if not self.keep_image and os.path.exists(self.image):
            os.unlink(self.image)

    def close(self):
        cleanup.pop(self._key)  # runs teardown and forgets it

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
