#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the downstream project against an installed libucopy and runs it:
# find_package(ucopy 0.1 CONFIG REQUIRED) must give ucopy::ucopy, the
# program must copy a tree, and asking for a later major version must fail.
#
# usage: run.sh [PREFIX]   (default: the system's paths, e.g. the packages)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
prefix=${1-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

set --
if [ -n "$prefix" ]; then
  set -- -DCMAKE_PREFIX_PATH="$prefix"
  for d in "$prefix/lib/x86_64-linux-gnu" "$prefix/lib64" "$prefix/lib"; do
    LD_LIBRARY_PATH="$d${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  done
  export LD_LIBRARY_PATH
fi

cmake -S "$here" -B "$work/build" "$@" >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; echo "FAIL: find_package(ucopy 0.1) failed"; exit 1; }
cmake --build "$work/build" >"$work/build.log" 2>&1 ||
  { cat "$work/build.log"; echo "FAIL: the downstream project does not build"; exit 1; }

mkdir -p "$work/src/sub"
echo hello >"$work/src/sub/hello.txt"
"$work/build/downstream" "$work/src" "$work/dst"
cmp "$work/src/sub/hello.txt" "$work/dst/sub/hello.txt"

# The version file: 1.0 is not compatible with 0.x (SameMajorVersion).
if cmake -S "$here" -B "$work/build-1.0" -DUCOPY_WANT=1.0 "$@" >"$work/wrong.log" 2>&1; then
  echo "FAIL: find_package(ucopy 1.0) accepted version 0.x"
  exit 1
fi
echo "OK: downstream CMake project built and ran with ucopy::ucopy"
