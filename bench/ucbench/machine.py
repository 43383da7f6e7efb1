# SPDX-License-Identifier: MIT
"""Describe the machine a result came from (figures mean little without it)."""
import os
import platform
import shutil
import subprocess
import time


def _first(path, prefix):
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(prefix):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def _version(argv):
    if not shutil.which(argv[0]):
        return None
    p = subprocess.run(argv, capture_output=True, text=True)
    return (p.stdout or p.stderr).splitlines()[0].strip() if (p.stdout or p.stderr) else None


def describe():
    mem_kib = _first("/proc/meminfo", "MemTotal")
    return {
        "cpu": _first("/proc/cpuinfo", "model name") or platform.processor(),
        "cores": os.cpu_count(),
        "memory_gib": round(int(mem_kib.split()[0]) / 2**20, 1) if mem_kib else None,
        "kernel": platform.release(),
        "os": _os_release(),
        "versions": {
            "cp": _version(["cp", "--version"]),
            "rsync": _version(["rsync", "--version"]),
            "tar": _version(["tar", "--version"]),
        },
    }


def _os_release():
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return None


def ucopy_build(ucopy_argv, repo):
    """What was measured: `ucopy --version` and the repo commit (with a dirty flag)."""
    info = {"version": None, "commit": None, "binary_mtime": None}
    if ucopy_argv and os.path.basename(ucopy_argv[0]).startswith("ucopy"):
        exe = shutil.which(ucopy_argv[0]) or ucopy_argv[0]
        if os.path.exists(exe):
            info["binary_mtime"] = time.strftime("%Y-%m-%dT%H:%M:%S",
                                                 time.localtime(os.path.getmtime(exe)))
        try:
            p = subprocess.run(ucopy_argv + ["--version"], capture_output=True, text=True,
                               timeout=10)
            info["version"] = (p.stdout or p.stderr).strip().splitlines()[0] or None
        except (OSError, subprocess.TimeoutExpired, IndexError):
            pass
    if shutil.which("git"):
        p = subprocess.run(["git", "-C", repo, "describe", "--always", "--dirty"],
                           capture_output=True, text=True)
        info["commit"] = p.stdout.strip() or None
    return info
