#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds and installs ucopy, then runs every test suite: C++ and C API
# (ctest), the CLI, and the Python, Go and Rust bindings against the
# installed library.
#   UCOPY_BUILD_DIR  build directory (default: build)
#   UCOPY_PREFIX     install prefix (default: /usr/local)
set -eu
cd "$(dirname "$0")/.."
build=${UCOPY_BUILD_DIR:-build}
export UCOPY_PREFIX=${UCOPY_PREFIX:-/usr/local}

scripts/build.sh
step() { printf '\n== %s\n' "$*"; }

step "ctest (engine, C API, CLI, end to end)"
# The power cuts and injected faults (labels crash, faults: ~10 minutes,
# run serially) are stages of their own in .ci/run.
(cd "$build" && ctest -j"$(nproc)" --output-on-failure -LE '^(crash|faults)$')

step "README C example"
scripts/check-readme-examples.sh c
step "Python binding"
bindings/python/test.sh
step "Go binding"
bindings/go/test.sh
step "Rust binding"
bindings/rust/test.sh

printf '\ntest-all: every suite passed\n'
