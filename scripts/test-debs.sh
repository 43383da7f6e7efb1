#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs the autopkgtests of debian/tests against the built packages in a
# throwaway Debian 12 root (autopkgtest-virt-unshare on an mmdebstrap
# tarball), so that nothing from this machine's /usr/local or build trees
# can make them pass: a C program built with pkg-config, the downstream
# CMake project, the Python module and the CLI with its completions.
#
# usage: test-debs.sh [--prepare] [DIR]
#   DIR        the directory of the .deb files (default: build-debs)
#   --prepare  only make the testbed tarball (CI does it while the
#              packages build: it is mostly download time)
#   UCOPY_TESTBED  the rootfs tarball, made when missing
#                  (default: DIR/bookworm-testbed.tar)
set -eu
cd "$(dirname "$0")/.."
prepare=
if [ "${1-}" = --prepare ]; then prepare=1; shift; fi
mkdir -p "${1:-build-debs}"
debs=$(cd "${1:-build-debs}" && pwd)
tarball=${UCOPY_TESTBED:-$debs/bookworm-testbed.tar}

if [ ! -f "$tarball" ]; then
  # The mirror apt already uses here; the tests' dependencies preinstalled
  # so that each test (which starts from a fresh unpack) installs only ours.
  # --format=tar: mmdebstrap picks the format from the name otherwise, and
  # the temporary name has no .tar in it.
  mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
  mmdebstrap --quiet --variant=apt --format=tar --skip=cleanup/apt/lists \
    --include=apt-utils,build-essential,pkg-config,cmake,python3,bash-completion,zsh \
    bookworm "$tarball.tmp" "${mirror:-http://deb.debian.org/debian}"
  mv "$tarball.tmp" "$tarball"
fi
if [ -n "$prepare" ]; then
  echo "test-debs: testbed $tarball ready"
  exit 0
fi

set --
for deb in "$debs"/*.deb; do
  case $deb in *-dbgsym_*) ;; *) set -- "$@" "$deb" ;; esac
done
# The tests read debian/tests and tests/downstream from the source tree:
# a copy of the tracked files, not the build trees around them.
src=$(mktemp -d)
trap 'rm -rf "$src"' EXIT
git ls-files -z | xargs -0 cp -P --parents -t "$src"

rm -rf "$debs/autopkgtest"
autopkgtest --output-dir "$debs/autopkgtest" "$@" "$src" -- unshare -t "$tarball" \
  >"$debs/autopkgtest.log" 2>&1 || {
  rc=$?
  tail -n 40 "$debs/autopkgtest.log"
  echo "test-debs: autopkgtest failed ($rc); logs in $debs/autopkgtest"
  exit 1
}
cat "$debs/autopkgtest/summary"
echo "test-debs: every autopkgtest passed"
