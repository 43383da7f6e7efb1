#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs the C API and end-to-end suites under valgrind's memcheck: invalid
# reads and writes, uses of uninitialised memory and leaks fail the run.
# The 1 GiB copy and the timing-bound tests (cancel, files that change while
# copied) are left to the sanitizer runs: under valgrind they measure
# valgrind. Needs a build in $UCOPY_BUILD_DIR (default: build).
set -eu
cd "$(dirname "$0")/.."
build=${UCOPY_BUILD_DIR:-build}
vg="valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect -q"
$vg "$build/tests/capi/capi_tests"
$vg "$build/tests/e2e/ucopy_e2e_tests" \
  --gtest_filter='-*Cancel*:*ChangingSource*:*Permission*:*Unprivileged*:*Unreadable*'
echo "valgrind: clean"
