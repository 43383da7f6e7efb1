#!/bin/sh
# SPDX-License-Identifier: MIT
# Configures, builds and installs libucopy, the ucopy CLI and the man pages.
#   UCOPY_BUILD_DIR  build directory (default: build)
#   UCOPY_PREFIX     install prefix (default: /usr/local)
#   extra arguments go to the CMake configure step
set -eu
cd "$(dirname "$0")/.."
build=${UCOPY_BUILD_DIR:-build}
prefix=${UCOPY_PREFIX:-/usr/local}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_INSTALL_PREFIX="$prefix" -DUCOPY_WERROR=ON "$@" >/dev/null
cmake --build "$build" -j"$(nproc)"
cmake --install "$build" >/dev/null
# A prefix that the dynamic linker already searches needs its cache updated.
if [ "$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then ldconfig; fi
echo "build: installed into $prefix"
