#!/bin/sh
# SPDX-License-Identifier: MIT
# Fails when a C or C++ source of the engine, the CLI or the tests is not
# formatted as .clang-format says. (The public header keeps its own layout;
# generated binding code is not ours to format.)
set -eu
cd "$(dirname "$0")/.."
git ls-files 'lib/*.cpp' 'lib/*.hpp' 'tools/*.cpp' 'tools/*.hpp' \
  'tests/*.cpp' 'tests/*.hpp' 'tests/*.h' 'tests/*.c' |
  xargs clang-format --dry-run -Werror
echo "format: clean"
