#!/bin/sh
# SPDX-License-Identifier: MIT
# Resume after a hard kill: `ucopy -a` is killed with SIGKILL at a random
# moment, ROUNDS times over the same destination, and each time started
# again with --update until it finishes. After every completed rerun the
# destination must equal the source: `rsync -a --dry-run --itemize-changes
# --checksum` prints nothing, so no file that looks complete (size and
# mtime of the source) is truncated or stale.
# With --atomic, both runs use it, and after each rerun no temporary name
# (.ucopy-tmp.*) the killed run left may remain anywhere in the destination.
#
# usage: kill_and_rerun.sh UCOPY [ROUNDS] [--atomic]
set -eu
ucopy=$1 rounds=${2:-20} atomic=${3:-}
command -v rsync >/dev/null || { echo "SKIP: rsync is not installed"; exit 77; }
work=$(mktemp -d /tmp/ucopy-resume.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
src=$work/src dst=$work/dst

# Many small files, some mid-sized ones and a few large enough to be
# split into regions, so that kills land in every phase of a copy.
python3 - "$src" <<'PY'
import os, random, sys
root = sys.argv[1]
rng = random.Random(7)
for d in range(40):
    dd = os.path.join(root, f"d{d:02}", "sub")
    os.makedirs(dd)
    for f in range(60):
        with open(os.path.join(dd, f"f{f:03}"), "wb") as out:
            out.write(rng.randbytes(rng.choice([0, 100, 4096, 70000])))
big = os.path.join(root, "big")
os.makedirs(big)
for i, size in enumerate([3 << 20, 90 << 20, 150 << 20]):
    with open(os.path.join(big, f"b{i}"), "wb") as out:
        for _ in range(size >> 20):
            out.write(rng.randbytes(1 << 20))
os.symlink("big/b0", os.path.join(root, "link"))
PY

total=$(find "$src" | wc -l)
failed=0
left_rounds=0
i=1
while [ $i -le "$rounds" ]; do
  # A kill point between 0 and 0.4 s into the run.
  delay=$(python3 -c "import random; print(round(random.Random($i * 7919).uniform(0, 0.4), 3))")
  "$ucopy" -a --update $atomic "$src/." "$dst" 2>/dev/null &
  pid=$!
  sleep "$delay"
  kill -KILL $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  present=$(find "$dst" 2>/dev/null | wc -l)
  temps=$(find "$dst" -name '.ucopy-tmp.*' 2>/dev/null | wc -l)
  [ "$temps" -gt 0 ] && left_rounds=$((left_rounds + 1))
  echo "round $i: killed after ${delay}s with $present of $total entries in place ($temps temporary)"
  if ! "$ucopy" -a --update $atomic "$src/." "$dst" 2>"$work/err"; then
    echo "FAIL round $i: the rerun failed: $(cat "$work/err")"
    failed=1
  fi
  out=$(rsync -a --dry-run --itemize-changes --checksum "$src/" "$dst/" 2>&1)
  if [ -n "$out" ]; then
    echo "FAIL round $i (killed after ${delay}s): destination differs:"
    echo "$out" | head -20
    failed=1
  fi
  if [ -n "$atomic" ] && [ -n "$(find "$dst" -name '.ucopy-tmp.*')" ]; then
    echo "FAIL round $i: temporary names left after the rerun:"
    find "$dst" -name '.ucopy-tmp.*' | head -20
    failed=1
  fi
  # Make the next round start from a partial state again: change some
  # sources and drop part of the destination.
  python3 - "$src" "$dst" "$i" <<'PY'
import os, random, shutil, sys
src, dst, i = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(i)
for _ in range(20):
    d, f = rng.randrange(40), rng.randrange(60)
    with open(os.path.join(src, f"d{d:02}", "sub", f"f{f:03}"), "wb") as out:
        out.write(rng.randbytes(rng.choice([1, 5000, 80000])))
for d in rng.sample(range(40), 20):
    shutil.rmtree(os.path.join(dst, f"d{d:02}"), ignore_errors=True)
for b in rng.sample(range(3), 2):
    victim = os.path.join(dst, "big", f"b{b}")
    if os.path.exists(victim):
        os.remove(victim)
PY
  i=$((i + 1))
done
if [ -n "$atomic" ] && [ "$left_rounds" = 0 ]; then
  echo "FAIL: no kill left a temporary name, so their removal went untested"
  failed=1
fi
[ $failed = 0 ] && echo "PASS: $rounds kills at random points, each rerun with --update gave an identical copy"
exit $failed
