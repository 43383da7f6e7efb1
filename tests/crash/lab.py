# SPDX-License-Identifier: MIT
"""The power-cut laboratory: the destination ext4 sits on a direct-I/O loop
device whose backing image lives on xfs (itself a loop image, reflink=1).
What the destination acknowledged is then in the image, and one FICLONE of
the image (cp --reflink=always, which waits for in-flight direct I/O) is
what the disk held at that instant: a power cut."""
import os
import shutil
import subprocess
import tempfile


def sh(*args, check=True, **kw):
    return subprocess.run(args, check=check, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, **kw)


def missing_requirement():
    """Why this machine cannot run the harness, or None."""
    if os.geteuid() != 0:
        return "not root (loop devices and mounts need it)"
    for tool in ("mkfs.xfs", "mkfs.ext4", "losetup", "rsync", "stdbuf"):
        if shutil.which(tool) is None:
            return f"{tool} is missing (scripts/install-deps.sh installs it)"
    if sh("losetup", "-f", check=False).returncode != 0:
        return "no free loop device"
    return None


class Loop:
    def __init__(self, image, direct_io=False):
        opts = ["--direct-io=on"] if direct_io else []
        self.dev = sh("losetup", "-f", "--show", *opts, image).stdout.strip()

    def close(self):
        sh("losetup", "-d", self.dev, check=False)


def mount(dev, where, *opts):
    os.makedirs(where, exist_ok=True)
    sh("mount", *opts, dev, where)


def umount(where):
    sh("umount", where, check=False)


class Lab:
    """xfs on a loop image under `root`; on it, the destination images."""

    def __init__(self, root, xfs_size="3G", dst_size="512M"):
        self.root = root
        self.xfs_img = os.path.join(root, "xfs.img")
        self.xfs = os.path.join(root, "xfs")
        self.dst_size = dst_size
        with open(self.xfs_img, "wb") as f:
            f.truncate(_bytes(xfs_size))
        sh("mkfs.xfs", "-q", "-m", "reflink=1", self.xfs_img)
        self.xfs_loop = Loop(self.xfs_img)
        mount(self.xfs_loop.dev, self.xfs)
        self.dst_img = os.path.join(self.xfs, "dst.img")
        self.dst = os.path.join(root, "dst")
        self.dst_loop = None

    def fresh_destination(self):
        """A new ext4 on a direct-I/O loop device, mounted at self.dst."""
        self.drop_destination()
        with open(self.dst_img, "wb") as f:
            f.truncate(_bytes(self.dst_size))
        sh("mkfs.ext4", "-q", "-F", "-E", "lazy_itable_init=0,lazy_journal_init=0",
           self.dst_img)
        self.dst_loop = Loop(self.dst_img, direct_io=True)
        mount(self.dst_loop.dev, self.dst)

    def drop_destination(self):
        if self.dst_loop is not None:
            umount(self.dst)
            self.dst_loop.close()
            self.dst_loop = None
        if os.path.exists(self.dst_img):
            os.unlink(self.dst_img)

    def cut(self, name):
        """The disk as it is now, in a new image (one FICLONE)."""
        path = os.path.join(self.xfs, name)
        sh("cp", "--reflink=always", self.dst_img, path)
        return path

    def close(self):
        self.drop_destination()
        umount(self.xfs)
        self.xfs_loop.close()
        os.unlink(self.xfs_img)


class MountedCut:
    """A cut image mounted as after a reboot: the journal replays."""

    def __init__(self, image, where):
        self.image = image
        self.where = where
        self.loop = Loop(image)
        mount(self.loop.dev, where)

    def close(self):
        umount(self.where)
        self.loop.close()
        os.unlink(self.image)


def _bytes(size):
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    return int(size[:-1]) * units[size[-1]] if size[-1] in units else int(size)


def workdir():
    # Not /tmp: it may be a tmpfs too small for the images' data.
    base = "/var/tmp" if os.path.isdir("/var/tmp") else None
    return tempfile.mkdtemp(prefix="ucopy-crash.", dir=base)
