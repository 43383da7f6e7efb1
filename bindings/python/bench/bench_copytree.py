#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""ucopy.copytree vs shutil.copytree, both with ignore=ignore_patterns('*.pyc'),
on a copy of a real tree (default /usr/share/doc). Issue 21's target:
ucopy at most 0.5x shutil's time. Warm cache (the source is read once
before timing); each round copies to a fresh destination.

    python3 bench/bench_copytree.py [--src DIR] [--rounds N]

Exits 1 when the median ratio misses the target. Not a unit test: timings
depend on the machine."""

import argparse
import os
import shutil
import sys

import ucopy
from _timing import alternate, report, rmtree, scratch

IGNORE = shutil.ignore_patterns("*.pyc")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", default="/usr/share/doc")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    work = scratch("ucopy-bench-copytree-")
    try:
        src = os.path.join(work, "src")
        # Our own copy, so that both read the same files from one
        # filesystem; symlinks resolved and dangling ones (absolute links
        # into /usr/share) left out, so that neither copy fails on them.
        shutil.copytree(args.src, src, ignore_dangling_symlinks=True)
        dst = os.path.join(work, "dst")
        files = sum(len(f) for _, _, f in os.walk(src))
        print(f"tree: {args.src} copied to {src}: {files} files, ucopy {ucopy.library_version()}")
        times = alternate(args.rounds, {
            "shutil.copytree": lambda i: shutil.copytree(src, dst, ignore=IGNORE),
            "ucopy.copytree": lambda i: ucopy.copytree(src, dst, ignore=IGNORE),
        }, reset=lambda: rmtree(dst))
        return 0 if report(times, "ucopy.copytree", "shutil.copytree", 0.5) else 1
    finally:
        rmtree(work)


if __name__ == "__main__":
    sys.exit(main())
