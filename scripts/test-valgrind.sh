#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs the C API and end-to-end suites under valgrind's memcheck: invalid
# reads and writes, uses of uninitialised memory and leaks fail the run.
# The 1 GiB copy and the timing-bound tests (cancel, files that change while
# copied) are left to the sanitizer runs: under valgrind they measure
# valgrind. Needs a build in $UCOPY_BUILD_DIR (default: build).
#
# valgrind runs a program's threads one at a time, so the end-to-end suite
# is split into one gtest shard per CPU, run side by side (on 2 CPUs: 555 s
# in one process before).
set -eu
cd "$(dirname "$0")/.."
build=${UCOPY_BUILD_DIR:-build}
vg="valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect -q"
$vg "$build/tests/capi/capi_tests"
shards=$(nproc)
pids=""
i=0
while [ "$i" -lt "$shards" ]; do
  GTEST_TOTAL_SHARDS=$shards GTEST_SHARD_INDEX=$i $vg "$build/tests/e2e/ucopy_e2e_tests" \
    --gtest_filter='-*Cancel*:*ChangingSource*:*Permission*:*Unprivileged*:*Unreadable*' \
    >"$build/valgrind-shard-$i.log" 2>&1 &
  pids="$pids $!"
  i=$((i + 1))
done
failed=0
i=0
for pid in $pids; do
  if ! wait "$pid"; then
    echo "valgrind: shard $i failed:"
    cat "$build/valgrind-shard-$i.log"
    failed=1
  fi
  i=$((i + 1))
done
[ "$failed" -eq 0 ] || exit 1
echo "valgrind: clean"
