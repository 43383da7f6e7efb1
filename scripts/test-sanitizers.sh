#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs the ctest suite again under AddressSanitizer + UndefinedBehavior-
# Sanitizer, then the threaded tests under ThreadSanitizer, each in its own
# build directory. Leaks, overflows, UB and data races fail the run.
set -eu
cd "$(dirname "$0")/.."
jobs=$(nproc)

echo "== ASan + UBSan"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DUCOPY_SANITIZE=address,undefined >/dev/null
cmake --build build-asan -j"$jobs"
(cd build-asan &&
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
  UCOPY_SECURITY_SECONDS=5 ctest -j"$jobs" --output-on-failure -LE '^(large|crash|faults)$' -E '^installed_c_program$')
# (The adversarial races get 5 s each here instead of 10: the plain run
# has already raced them at full length.)
# (installed_c_program links a plain C program against the library; with an
# ASan-built library that program would need the ASan runtime loaded first.
# The uninstrumented run of test-all.sh covers it.)

echo "== TSan (engine and C API suites)"
cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DUCOPY_SANITIZE=thread -DUCOPY_BUILD_CLI=OFF >/dev/null
cmake --build build-tsan -j"$jobs"
(cd build-tsan && TSAN_OPTIONS=halt_on_error=1 \
  ctest -j"$jobs" --output-on-failure -R '^(e2e|capi)\.' -LE large)
echo "sanitizers: clean"
