# SPDX-License-Identifier: MIT
# Shared by the check_installed_*.sh tests (sourced, not run).
# Arguments: PREFIX LIBDIR INCLUDEDIR MANDIR, the last three as CMake's
# CMAKE_INSTALL_* values: relative to PREFIX, or absolute.
prefix=$1
under_prefix() { case $1 in /*) echo "$1" ;; *) echo "$prefix/$1" ;; esac; }
libdir=$(under_prefix "$2")
includedir=$(under_prefix "$3")
mandir=$(under_prefix "$4")
shift 4
fail=0
bad() { echo "FAIL: $*"; fail=1; }
[ -d "$prefix" ] || { echo "FAIL: $prefix does not exist: did installed_setup run?"; exit 1; }
