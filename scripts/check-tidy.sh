#!/bin/sh
# SPDX-License-Identifier: MIT
# clang-tidy over the engine with the repository's .clang-tidy; any warning
# fails. Needs a configured build (compile_commands.json) in
# $UCOPY_BUILD_DIR (default: build).
set -eu
cd "$(dirname "$0")/.."
build=${UCOPY_BUILD_DIR:-build}
clang-tidy -p "$build" --quiet --warnings-as-errors='*' lib/*/*.cpp
echo "clang-tidy: clean"
