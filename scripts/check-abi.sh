#!/bin/sh
# SPDX-License-Identifier: MIT
# The ABI guard (docs/abi-policy.md): the built libucopy against the
# committed baseline abi/libucopy.so.<major>.abi, and the version script's
# rules. Fails on a removed or changed function, a struct layout change
# other than growth at the end of a size-prefixed struct, a new function
# that is not listed by name in lib/api/ucopy.map, or a wildcard export.
#
# usage: check-abi.sh [BUILD_DIR]            compare (default BUILD_DIR: build)
#        check-abi.sh --update [BUILD_DIR]   write the baseline (at a release)
# Needs abidw/abidiff (Debian: abigail-tools) and a library built with -g.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
update=
if [ "${1-}" = --update ]; then update=1; shift; fi
build=${1:-$root/build}
map=$root/lib/api/ucopy.map
header=$root/include/ucopy.h
fail=0
bad() { echo "FAIL: $*"; fail=1; }

lib=$(readlink -f "$build/lib/libucopy.so")
[ -f "$lib" ] || { echo "FAIL: no library at $build/lib/libucopy.so: build first"; exit 1; }
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
baseline=$root/abi/$soname.abi

# ---- The version script: names only, every public function listed once ----
# Comments dropped, then every word between "global:" and the end of its
# section ("local:" or the closing brace).
globals=$(sed -e 's|/\*.*\*/||g' -e '/\/\*/,/\*\//d' "$map" |
  awk '/global:/ { on = 1; next } /local:|}/ { on = 0 } on' | tr -d ' \t;' | grep -v '^$' || true)
case $globals in *'*'* | *'?'* | *'['*) bad "lib/api/ucopy.map exports by wildcard: list each symbol by name" ;; esac
declared=$(sed -n 's/^UCOPY_API[^(]*[ *]\(ucopy_[a-z_0-9]*\)(.*/\1/p' "$header" | sort)
for f in $declared; do
  n=$(printf '%s\n' "$globals" | grep -cx "$f" || true)
  [ "$n" = 1 ] || bad "$f is in $n version nodes of lib/api/ucopy.map, expected 1"
done
for f in $globals; do
  printf '%s\n' "$declared" | grep -qx "$f" || bad "lib/api/ucopy.map lists $f, which ucopy.h does not declare"
done

abidw_opts="--headers-dir $root/include --headers-dir $build/include --drop-private-types
  --exported-interfaces-only --no-corpus-path --no-comp-dir-path --no-show-locs --type-id-style hash"
if [ -n "$update" ]; then
  # shellcheck disable=SC2086 # word splitting of the option list is meant
  abidw $abidw_opts --out-file "$baseline" "$lib"
  echo "check-abi: wrote $baseline from $lib"
  exit $fail
fi

# ---- The ABI against the baseline ------------------------------------------
[ -f "$baseline" ] || { echo "FAIL: no baseline $baseline (a new SONAME needs check-abi.sh --update)"; exit 1; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
set +e
# No --headers-dir/--drop-private-types here: the baseline holds only what
# the exported functions reach already, and with them abidiff would filter
# out layout changes of the public structs, taking them for private types.
abidiff --suppressions "$root/abi/ucopy.abignore" "$baseline" "$lib" >"$out" 2>&1
rc=$?
set -e
cat "$out"
# abidiff's status is a bit set: 1 error, 2 usage, 4 ABI change,
# 8 incompatible change. A change (4) is harmless only when all it
# reports is added functions (new API in a new version node).
if [ $((rc & 3)) -ne 0 ]; then
  bad "abidiff could not compare (status $rc)"
elif [ $((rc & 8)) -ne 0 ]; then
  bad "incompatible ABI change against $(basename "$baseline")"
elif [ $((rc & 4)) -ne 0 ]; then
  if grep -Eq '^Functions changes summary: 0 Removed, 0 Changed' "$out" &&
     grep -Eq '^Variables changes summary: 0 Removed, 0 Changed' "$out"; then
    echo "check-abi: only additions; they need a new version node and a new baseline at release"
  else
    bad "ABI change against $(basename "$baseline") (see above and docs/abi-policy.md)"
  fi
fi

[ $fail -eq 0 ] && echo "OK: ABI of $(basename "$lib") matches $(basename "$baseline")"
exit $fail
