#!/bin/sh
# SPDX-License-Identifier: MIT
# Every place that states ucopy's version says what project(ucopy VERSION)
# in CMakeLists.txt says: the bindings' package metadata and constants, the
# Debian changelog, CHANGELOG.md and, given a build directory, what the
# build generated from it (ucopy_version.h, the library file and SONAME, the
# CMake version file, the man page headers, `ucopy --version`).
#
# usage: check-versions.sh [BUILD_DIR]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1-}
fail=0
bad() { echo "FAIL: $*"; fail=1; }

version=$(sed -n 's/^project(ucopy VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
[ -n "$version" ] || { echo "FAIL: no project(ucopy VERSION x.y.z) in CMakeLists.txt"; exit 1; }
major=${version%%.*}
rest=${version#*.}
minor=${rest%%.*}
patch=${rest#*.}
number=$((major * 10000 + minor * 100 + patch))

# expect FILE WHAT VALUE: VALUE is what FILE says, which must be the version.
expect() {
  [ "$3" = "$4" ] || bad "$1: $2 is '$3', expected '$4'"
}
value() { sed -n "$2" "$root/$1" | head -n 1; }

f=bindings/rust/Cargo.toml
expect $f "workspace version" "$(value $f 's/^version = "\(.*\)".*/\1/p')" "$version"
expect $f "ucopy-sys dependency" "$(value $f 's/^ucopy-sys = .*version = "\(.*\)".*/\1/p')" "$version"
f=bindings/rust/ucopy-sys/src/bindings.rs
for part in MAJOR:$major MINOR:$minor PATCH:$patch NUMBER:$number; do
  expect $f "UCOPY_VERSION_${part%%:*}" \
    "$(value $f "s/^pub const UCOPY_VERSION_${part%%:*}: u32 = \([0-9]*\);/\1/p")" "${part#*:}"
done
f=bindings/go/internal/cucopy/cucopy.go
for part in MAJOR:$major MINOR:$minor PATCH:$patch NUMBER:$number; do
  expect $f "UCOPY_VERSION_${part%%:*}" \
    "$(value $f "s/^const UCOPY_VERSION_${part%%:*} int = \([0-9]*\)$/\1/p")" "${part#*:}"
done
f=bindings/python/pyproject.toml
expect $f "project version" "$(value $f 's/^version = "\(.*\)"$/\1/p')" "$version"
f=bindings/python/src/ucopy/__init__.py
expect $f "__version__" "$(value $f 's/^__version__ = "\(.*\)"$/\1/p')" "$version"
f=debian/changelog
expect $f "upstream version" "$(value $f '1s/^ucopy (\([^-)]*\).*/\1/p')" "$version"
grep -q "^## \[$version\]" "$root/CHANGELOG.md" || bad "CHANGELOG.md has no '## [$version]' section"

if [ -n "$build" ]; then
  f=$build/include/ucopy_version.h
  for part in MAJOR:$major MINOR:$minor PATCH:$patch NUMBER:$number; do
    got=$(sed -n "s/^#define UCOPY_VERSION_${part%%:*} \([0-9]*\)$/\1/p" "$f")
    expect "$f" "UCOPY_VERSION_${part%%:*}" "$got" "${part#*:}"
  done
  lib=$build/lib/libucopy.so.$version
  if [ -f "$lib" ]; then
    soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
    expect "$lib" SONAME "$soname" "libucopy.so.$major"
  else
    bad "no $lib"
  fi
  f=$build/ucopyConfigVersion.cmake
  expect "$f" PACKAGE_VERSION "$(sed -n 's/^set(PACKAGE_VERSION "\(.*\)")$/\1/p' "$f")" "$version"
  for page in "$build"/man/*.[13]; do
    [ -e "$page" ] || { bad "no man pages in $build/man"; break; }
    grep -q '^\.so ' "$page" && continue
    grep -q "^\.TH .*\"\(lib\)\?ucopy $version\"" "$page" ||
      bad "$page: the .TH header does not say $version"
  done
  cli=$build/tools/ucopy/ucopy
  if [ -x "$cli" ]; then
    expect "$cli" "--version" "$("$cli" --version)" "ucopy $version (libucopy $version)"
  fi
fi

[ $fail -eq 0 ] && echo "OK: every version says $version"
exit $fail
