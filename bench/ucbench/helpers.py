# SPDX-License-Identifier: MIT
"""Compile the harness's small C helpers into the work dir (once per source version)."""
import hashlib
import os
import shutil

from . import sh

HERE = os.path.dirname(os.path.abspath(__file__))
_built = {}


def build(name, workdir):
    """Path of the executable built from ucbench/<name>.c."""
    if name in _built:
        return _built[name]
    src_path = os.path.join(HERE, name + ".c")
    digest = hashlib.sha1(open(src_path, "rb").read()).hexdigest()[:12]
    exe = os.path.join(workdir, "bin", f"{name}-{digest}")
    if not os.path.exists(exe):
        os.makedirs(os.path.dirname(exe), exist_ok=True)
        cc = shutil.which("cc") or shutil.which("gcc")
        sh.run([cc, "-O2", "-Wall", "-pthread", "-o", exe + ".tmp", src_path, "-lm"])
        os.rename(exe + ".tmp", exe)
    _built[name] = exe
    return exe
