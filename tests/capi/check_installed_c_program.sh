#!/bin/sh
# SPDX-License-Identifier: MIT
# A plain C99 program built against the INSTALLED header and library, found
# through the installed ucopy.pc, copies a tree and checks the copy itself
# (copy_tree.c). Nothing from the source or build tree is on its paths.
#
# usage: check_installed_c_program.sh PREFIX LIBDIR INCLUDEDIR MANDIR CC COPY_TREE_C WORK_DIR
set -u
. "$(dirname "$0")/installed_common.sh"
cc=$1 program_c=$2 work=$3

rm -rf "$work"
mkdir -p "$work/tree" || exit 1
export PKG_CONFIG_PATH="$libdir/pkgconfig"

# Whether ucopy.pc follows the install prefix is installed_pkgconfig's
# question. Here its variables are pinned to the prefix, so that this test
# judges the header and the library, and a ucopy.pc that points elsewhere
# cannot quietly compile against a different copy of them.
pc_vars="--define-variable=prefix=$prefix --define-variable=exec_prefix=$prefix
  --define-variable=libdir=$libdir --define-variable=includedir=$includedir"
# shellcheck disable=SC2086 # word splitting of the flags is intended
flags=$(pkg-config $pc_vars --cflags --libs ucopy) || { echo "FAIL: pkg-config --cflags --libs ucopy"; exit 1; }
echo "pkg-config: $flags"
case " $flags " in *" -L$libdir "*) ;; *) bad "the link flags do not name $libdir" ;; esac
case " $flags " in *" -I$includedir "*) ;; *) bad "the compile flags do not name $includedir" ;; esac

# shellcheck disable=SC2086
"$cc" -std=c99 -pedantic -Wall -Wextra -Werror -o "$work/copy_tree" "$program_c" $flags ||
  { echo "FAIL: copy_tree.c does not build against the installed library"; exit 1; }

# The dynamic loader must pick the installed library, not another copy.
export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
resolved=$(ldd "$work/copy_tree" | awk '$1 ~ /^libucopy\.so/ { print $3 }')
[ "$(readlink -f "$resolved")" = "$(readlink -f "$libdir/libucopy.so.0")" ] ||
  bad "copy_tree loads libucopy from '$resolved', not from $libdir"

"$work/copy_tree" "$work/tree" || bad "copy_tree failed (see above)"

[ $fail -eq 0 ] && echo "OK: installed header, library and pkg-config file make a working C99 client"
exit $fail
