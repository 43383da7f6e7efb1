# SPDX-License-Identifier: MIT
"""What the benchmark scripts share: a scratch directory and the median of
alternating timed rounds (alternating so that neither side always runs
with the warmer cache or the quieter machine)."""

import os
import shutil
import statistics
import tempfile
import time
from typing import Callable, Dict, List


def scratch(prefix: str) -> str:
    """A fresh directory on the same filesystem as the system temp dir
    (UCOPY_BENCH_DIR to put it elsewhere)."""
    return tempfile.mkdtemp(prefix=prefix, dir=os.environ.get("UCOPY_BENCH_DIR"))


def alternate(rounds: int, contenders: Dict[str, Callable[[int], None]],
              reset: Callable[[], None]) -> Dict[str, List[float]]:
    """Seconds per round for each contender, called with the round number
    after reset() in turn."""
    times: Dict[str, List[float]] = {name: [] for name in contenders}
    for i in range(rounds):
        for name, run in contenders.items():
            reset()
            t0 = time.perf_counter()
            run(i)
            times[name].append(time.perf_counter() - t0)
    return times


def report(times: Dict[str, List[float]], ours: str, theirs: str, limit: float) -> bool:
    """Print medians and the ratio; true when ours/theirs <= limit."""
    med = {name: statistics.median(t) for name, t in times.items()}
    for name, t in times.items():
        print(f"{name:24s} median {med[name] * 1e3:9.1f} ms  (min {min(t) * 1e3:.1f}, "
              f"max {max(t) * 1e3:.1f}, {len(t)} rounds)")
    ratio = med[ours] / med[theirs]
    ok = ratio <= limit
    print(f"{ours} / {theirs} = {ratio:.3f}  (target <= {limit}): {'ok' if ok else 'MISSED'}")
    return ok


def rmtree(path: str) -> None:
    shutil.rmtree(path, ignore_errors=True)
