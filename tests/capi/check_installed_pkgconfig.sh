#!/bin/sh
# SPDX-License-Identifier: MIT
# The installed ucopy.pc must describe the prefix it was installed into:
# `cmake --install --prefix DIR` is how staged and relocated installs are
# made, and a .pc that still names the configure-time prefix sends every
# pkg-config user to the wrong (or a stale) header and library.
#
# usage: check_installed_pkgconfig.sh PREFIX LIBDIR INCLUDEDIR MANDIR
set -u
. "$(dirname "$0")/installed_common.sh"

pc_dir=$libdir/pkgconfig
# Searched before the system's directories, so a ucopy.pc installed on the
# machine cannot answer instead of ours. (The system directories stay: the
# .pc's Requires.private names liburing, libacl and libattr.)
export PKG_CONFIG_PATH="$pc_dir"

pkg-config --exists ucopy || { echo "FAIL: pkg-config does not find ucopy in $pc_dir"; exit 1; }
pc_libdir=$(pkg-config --variable=libdir ucopy)
pc_includedir=$(pkg-config --variable=includedir ucopy)
[ "$pc_libdir" = "$libdir" ] ||
  bad "ucopy.pc says libdir=$pc_libdir, but the library was installed in $libdir"
[ "$pc_includedir" = "$includedir" ] ||
  bad "ucopy.pc says includedir=$pc_includedir, but the header was installed in $includedir"
cflags=$(pkg-config --cflags ucopy) || bad "pkg-config --cflags ucopy failed"
libs=$(pkg-config --libs ucopy) || bad "pkg-config --libs ucopy failed"
case " $libs " in *" -lucopy "*) ;; *) bad "pkg-config --libs ucopy lacks -lucopy: $libs" ;; esac
echo "cflags: $cflags"
echo "libs:   $libs"

[ $fail -eq 0 ] && echo "OK: ucopy.pc points into $prefix"
exit $fail
