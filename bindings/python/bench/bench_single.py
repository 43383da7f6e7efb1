#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""1000 ucopy.copy2 calls vs 1000 shutil.copy2 calls, each copying one
4 KiB file to a new name. Issue 21's target: ucopy no slower than shutil.
Each round copies into a fresh directory; the first round includes making
the thread's handle (its first call), later rounds reuse it.

    python3 bench/bench_single.py [--files N] [--size BYTES] [--rounds N]

Exits 1 when the median ratio misses the target. Not a unit test: timings
depend on the machine."""

import argparse
import os
import shutil
import sys

import ucopy
from _timing import alternate, report, rmtree, scratch


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--size", type=int, default=4096)
    ap.add_argument("--rounds", type=int, default=7)
    args = ap.parse_args()
    work = scratch("ucopy-bench-single-")
    try:
        src = os.path.join(work, "src")
        os.mkdir(src)
        names = [f"f{i:05d}" for i in range(args.files)]
        for n in names:
            with open(os.path.join(src, n), "wb") as f:
                f.write(os.urandom(args.size))
        srcs = [os.path.join(src, n) for n in names]
        dst = os.path.join(work, "dst")

        def copies(fn):
            def run(_round):
                os.mkdir(dst)
                for s, n in zip(srcs, names):
                    fn(s, os.path.join(dst, n))
            return run

        print(f"{args.files} files of {args.size} bytes in {work}, ucopy {ucopy.library_version()}")
        times = alternate(args.rounds, {"shutil.copy2": copies(shutil.copy2),
                                        "ucopy.copy2": copies(ucopy.copy2)},
                          reset=lambda: rmtree(dst))
        print(f"ucopy.copy2 first round (makes the handle): {times['ucopy.copy2'][0] * 1e3:.1f} ms")
        return 0 if report(times, "ucopy.copy2", "shutil.copy2", 1.0) else 1
    finally:
        rmtree(work)


if __name__ == "__main__":
    sys.exit(main())
