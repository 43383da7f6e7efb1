#!/bin/sh
# SPDX-License-Identifier: MIT
# After `cmake --install --prefix PREFIX`: the header, the library with its
# symlink chain, ucopy.pc, and every man page are where they belong.
#
# usage: check_installed_files.sh PREFIX LIBDIR INCLUDEDIR MANDIR SOURCE_DIR VERSION BUILD_CLI
set -u
. "$(dirname "$0")/installed_common.sh"
source_dir=$1 version=$2 build_cli=$3
major=${version%%.*}

[ -f "$includedir/ucopy.h" ] || bad "no $includedir/ucopy.h"
cmp -s "$includedir/ucopy.h" "$source_dir/include/ucopy.h" || bad "installed ucopy.h differs from include/ucopy.h"
[ -f "$libdir/libucopy.so.$version" ] || bad "no $libdir/libucopy.so.$version"
[ "$(readlink "$libdir/libucopy.so.$major")" = "libucopy.so.$version" ] ||
  bad "$libdir/libucopy.so.$major is not a symlink to libucopy.so.$version"
[ "$(readlink "$libdir/libucopy.so")" = "libucopy.so.$major" ] ||
  bad "$libdir/libucopy.so (the link-time name) is not a symlink to libucopy.so.$major"
[ -f "$libdir/pkgconfig/ucopy.pc" ] || bad "no $libdir/pkgconfig/ucopy.pc"
grep -q "^Version: $version\$" "$libdir/pkgconfig/ucopy.pc" 2>/dev/null ||
  bad "ucopy.pc does not say Version: $version"

# Every page in man/, in its section; the CLI's page only with the CLI.
for page in "$source_dir"/man/*.3; do
  [ -f "$mandir/man3/$(basename "$page")" ] || bad "man page $(basename "$page") not installed in $mandir/man3"
done
for page in "$source_dir"/man/*.1; do
  [ -e "$page" ] || continue
  case $build_cli in
    ON | on | 1 | TRUE | true | YES | yes) ;;
    *) continue ;;
  esac
  [ -f "$mandir/man1/$(basename "$page")" ] || bad "man page $(basename "$page") not installed in $mandir/man1"
done

# `man 3 NAME` must resolve every public function from the installed tree,
# including the names that are only .so links.
if command -v man >/dev/null 2>&1; then
  for f in $(sed -n 's/^UCOPY_API[^(]*[ *]\(ucopy_[a-z_]*\)(.*/\1/p' "$includedir/ucopy.h") libucopy; do
    MANPATH=$mandir man -w 3 "$f" >/dev/null 2>&1 || bad "man 3 $f does not resolve under $mandir"
    out=$(MANPATH=$mandir MANWIDTH=80 man 3 "$f" 2>&1 >/dev/null)
    [ -z "$out" ] || bad "man 3 $f: $out"
  done
fi

[ $fail -eq 0 ] && echo "OK: header, library, ucopy.pc and man pages installed under $prefix"
exit $fail
