#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets of tests/fuzz with clang in their own build
# directory and runs each for SECONDS (default 60), starting from its seed
# corpus in tests/fuzz/corpus/<target>/. Fails on any finding (crash,
# sanitizer report, timeout, out of memory); the reproducer is left in
# $UCOPY_FUZZ_BUILD_DIR/findings/.
#   scripts/test-fuzz.sh [SECONDS]
#   UCOPY_FUZZ_BUILD_DIR  build directory (default: build-fuzz)
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-60}
build=${UCOPY_FUZZ_BUILD_DIR:-build-fuzz}
targets="filter options cli_args"

CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DUCOPY_FUZZ=ON -DUCOPY_BUILD_TESTS=OFF -DUCOPY_BUILD_CLI=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target $(for t in $targets; do printf 'fuzz_%s ' "$t"; done)

mkdir -p "$build/findings"
status=0
for t in $targets; do
  # New inputs go to a scratch corpus; the committed seeds stay as they are.
  work="$build/corpus/$t"
  mkdir -p "$work"
  log="$build/fuzz_$t.log"
  echo "== fuzz_$t for ${seconds}s"
  # -timeout: one input taking a second is a finding (matching must stay
  # polynomial); -rss_limit_mb: so is growing past 2 GiB.
  if "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$build/findings/$t-" \
      "$work" "tests/fuzz/corpus/$t" >"$log" 2>&1; then
    grep -E '^stat::number_of_executed_units' "$log" | sed "s/^/fuzz_$t: /"
  else
    echo "fuzz_$t: FINDING (see $log and $build/findings/)"
    tail -n 40 "$log"
    status=1
  fi
done
[ "$status" = 0 ] && echo "fuzz: no findings"
exit "$status"
