# SPDX-License-Identifier: MIT
"""Refuse early, with a clear message, when the benchmark cannot run honestly."""
import os
import shutil
import subprocess

from . import peers


class Refuse(Exception):
    pass


def check(fstypes, tools, need_cold, ucopy_argv, need_tools=True):
    problems = []
    if os.geteuid() != 0:
        problems.append("must run as root (loop devices, mount, drop_caches): try sudo")
    if not need_tools:
        if problems:
            raise Refuse("bench: cannot run:\n  - " + "\n  - ".join(problems))
        return
    # tar warms the cache; rsync also verifies ucopy's copies
    needed = ["losetup", "mount", "umount", "tar", "gnuplot", "sh", "cat"]
    if "rsync" in tools or "ucopy" in tools:
        needed.append("rsync")
    needed += ["mkfs.ext4"] + [f"mkfs.{fs}" for fs in fstypes]
    if not (shutil.which("cc") or shutil.which("gcc")):
        problems.append("missing a C compiler (cc/gcc) for the corpus generator")
    if "cp" in tools:
        needed.append("cp")
    for tool in sorted(set(needed)):
        if not shutil.which(tool):
            problems.append(f"missing tool: {tool}")
    for tool in sorted(set(tools) & set(peers.CARGO_PEERS)):
        if not peers.find(tool):
            problems.append(f"missing tool: {tool} (cargo install {tool})")
    if "ucopy" in tools:
        exe = ucopy_argv[0] if ucopy_argv else ""
        if not (shutil.which(exe) or (os.path.isfile(exe) and os.access(exe, os.X_OK))):
            problems.append(f"ucopy binary not found or not executable: {exe!r} "
                            "(build it, pass --ucopy PATH, or leave it out with --tools)")
    if os.geteuid() == 0 and shutil.which("losetup"):
        p = subprocess.run(["losetup", "-f"], capture_output=True, text=True)
        if p.returncode != 0 or not p.stdout.strip().startswith("/dev/loop"):
            problems.append("no free loop device (`losetup -f` failed: "
                            f"{p.stderr.strip() or p.stdout.strip()}); try `modprobe loop`")
    if need_cold and not os.access("/proc/sys/vm/drop_caches", os.W_OK):
        problems.append("cannot write /proc/sys/vm/drop_caches (needed for --cache cold)")
    if problems:
        raise Refuse("bench: cannot run:\n  - " + "\n  - ".join(problems))


def warn_optional(log):
    if not shutil.which("strace"):
        log("strace not found: syscalls/file will be left empty")


def check_space(workdir, needed):
    """Refuse when the work dir's filesystem cannot hold the images of this run."""
    st = os.statvfs(workdir)
    free = st.f_bavail * st.f_frsize
    if free < needed:
        raise Refuse(f"bench: cannot run: {workdir} has {free / 2**30:.1f} GiB free, this run "
                     f"needs about {needed / 2**30:.1f} GiB (source image + one destination); "
                     "use --workdir elsewhere or a smaller --scale")
