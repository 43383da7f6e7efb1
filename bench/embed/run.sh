#!/bin/sh
# SPDX-License-Identifier: MIT
# The embedding benchmark of bench/embed/single_file.c on a fresh ext4
# (a loop device; falls back to a temporary directory, said so, where
# mounting is not allowed).
#
# usage: bench/embed/run.sh [BUILD_DIR] [N]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
n=${2:-1000}
work=$(mktemp -d)
trap 'umount "$work/mnt" 2>/dev/null || true; rm -rf "$work"' EXIT
cc -O2 -o "$work/single_file" "$root/bench/embed/single_file.c" \
  -I"$root/include" -I"$build/include" -L"$build/lib" -lucopy -Wl,-rpath,"$build/lib"
mkdir "$work/mnt"
if truncate -s 1G "$work/fs.img" && mkfs.ext4 -q -F "$work/fs.img" &&
   mount -o loop "$work/fs.img" "$work/mnt" 2>/dev/null; then
  echo "destination: fresh ext4 on a loop device"
else
  echo "destination: $work/mnt (could not mount a fresh ext4 here)"
fi
"$work/single_file" "$work/mnt" "$n"
