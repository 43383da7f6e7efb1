# SPDX-License-Identifier: MIT
"""Small wrappers around subprocess for the plumbing commands (mkfs, mount, ...)."""
import shlex
import subprocess
import sys

VERBOSE = False


def run(argv, check=True, capture=False, input=None):
    """Run argv; on failure raise with the command's stderr in the message."""
    if VERBOSE:
        print("+ " + " ".join(shlex.quote(a) for a in argv), file=sys.stderr)
    p = subprocess.run(argv, input=input, text=True,
                       stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
    if check and p.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed ({p.returncode}): {p.stderr.strip()}")
    return p


def out(argv):
    return run(argv, capture=True).stdout


def shell(cmd, check=True):
    """For pipelines only (warming the cache with tar | cat)."""
    return run(["sh", "-c", cmd], check=check)
