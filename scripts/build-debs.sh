#!/bin/sh
# SPDX-License-Identifier: MIT
# Builds the Debian packages (libucopy0, libucopy-dev, ucopy, python3-ucopy)
# from the files git tracks in this tree, with `dpkg-buildpackage -us -uc -b`
# in a scratch copy, and checks them with lintian. Needs the build
# dependencies of debian/control (scripts/install-deps.sh installs them).
#   $1  where the .deb files go (default: build-debs)
set -eu
cd "$(dirname "$0")/.."
out=$(mkdir -p "${1:-build-debs}" && cd "${1:-build-debs}" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# dpkg-buildpackage writes next to the source tree, so the tree goes into
# a directory of its own; git ls-files keeps build trees out of it.
mkdir "$work/ucopy"
git ls-files -z | xargs -0 cp -P --parents -t "$work/ucopy"
rm -f "$out"/*.deb "$out"/*.changes "$out"/*.buildinfo

# A distribution build uses the distribution's tools only: a clean
# environment keeps a python3 or cmake earlier in PATH (pyenv, /usr/local)
# out of the packages.
(cd "$work/ucopy" &&
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$work" LANG=C.UTF-8 \
    DEB_BUILD_OPTIONS="parallel=$(nproc)" \
    dpkg-buildpackage -us -uc -b) >"$out/build.log" 2>&1 ||
  { tail -n 60 "$out/build.log"; echo "build-debs: dpkg-buildpackage failed (log: $out/build.log)"; exit 1; }
mv "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo "$out/"

lintian --fail-on error,warning --info "$out"/*.changes
n=0
for deb in "$out"/*.deb; do
  case $deb in *-dbgsym_*) ;; *) n=$((n + 1)) ;; esac
done
echo "build-debs: $n packages in $out, lintian clean"
