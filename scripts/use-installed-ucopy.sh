# SPDX-License-Identifier: MIT
# Sourced (not run) by the scripts that build against an installed libucopy:
# points pkg-config and the dynamic linker at the install under
# $UCOPY_PREFIX (default /usr/local), whose libdir may be lib, lib64 or
# lib/<multiarch>. Leaves `prefix` and `libdir` set; exits if none is found.
prefix=${UCOPY_PREFIX:-/usr/local}
for d in "$prefix/lib/x86_64-linux-gnu" "$prefix/lib64" "$prefix/lib"; do
  PKG_CONFIG_PATH="$d/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
done
export PKG_CONFIG_PATH
libdir=$(pkg-config --variable=libdir ucopy) || {
  echo "libucopy not found under $prefix (set UCOPY_PREFIX)" >&2
  exit 1
}
export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
