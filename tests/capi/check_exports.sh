#!/bin/sh
# SPDX-License-Identifier: MIT
# The shared library's outside: only ucopy_* symbols, each public function of
# ucopy.h present, the SONAME libucopy.so.<major>, and the usual chain of
# file names (libucopy.so -> libucopy.so.<major> -> libucopy.so.<version>).
#
# usage: check_exports.sh LIBRARY HEADER VERSION MAJOR   (NM, READELF may be set)
set -u
lib=$1 header=$2 version=$3 major=$4
nm=${NM:-nm}
readelf=${READELF:-readelf}
fail=0
bad() { echo "FAIL: $*"; fail=1; }

[ -f "$lib" ] || { echo "FAIL: no library at $lib"; exit 1; }

# nm prints "ADDR TYPE NAME" and, for versioned symbols, NAME@@UCOPY_0.
# Absolute entries for version nodes (UCOPY_0) are not symbols of the API.
exports=$("$nm" -D --defined-only "$lib" | awk '
  { name = $NF; sub(/@.*/, "", name) }
  $(NF-1) == "A" && name ~ /^UCOPY_[0-9_.]+$/ { next }
  { print name }' | sort -u)
[ -n "$exports" ] || bad "nm found no exported symbols in $lib"

stray=$(printf '%s\n' "$exports" | grep -v '^ucopy_' || true)
[ -z "$stray" ] || bad "symbols outside the ucopy_ namespace are exported:
$stray"

# Every function the header declares must be exported: a missing one links
# fine here and fails only in a user's program.
declared=$(sed -n 's/^UCOPY_API[^(]*[ *]\(ucopy_[a-z_]*\)(.*/\1/p' "$header" | sort -u)
[ -n "$declared" ] || bad "found no UCOPY_API declarations in $header"
for f in $declared; do
  printf '%s\n' "$exports" | grep -qx "$f" || bad "$f is declared in ucopy.h but not exported"
done
for f in $exports; do
  printf '%s\n' "$declared" | grep -qx "$f" || bad "$f is exported but not declared in ucopy.h"
done

# Each exported function carries the version node of the map file, so that
# later additions can go into new nodes.
unversioned=$("$nm" -D --defined-only "$lib" | awk '$NF ~ /^ucopy_/ && $NF !~ /@/ { print $NF }')
[ -z "$unversioned" ] || bad "exported without a symbol version: $unversioned"

soname=$("$readelf" -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\].*/\1/p')
[ "$soname" = "libucopy.so.$major" ] || bad "SONAME is '$soname', expected libucopy.so.$major"

dir=$(dirname "$lib")
real=$(readlink -f "$lib")
[ "$(basename "$real")" = "libucopy.so.$version" ] ||
  bad "the library file is $(basename "$real"), expected libucopy.so.$version"
[ "$(readlink "$dir/libucopy.so")" = "libucopy.so.$major" ] ||
  bad "libucopy.so should be a symlink to libucopy.so.$major"
[ "$(readlink "$dir/libucopy.so.$major")" = "libucopy.so.$version" ] ||
  bad "libucopy.so.$major should be a symlink to libucopy.so.$version"

if [ $fail -eq 0 ]; then
  echo "OK: $(printf '%s\n' "$exports" | wc -l) ucopy_* symbols, SONAME $soname"
fi
exit $fail
