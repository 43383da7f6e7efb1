#!/bin/sh
# SPDX-License-Identifier: MIT
# Compiles the C example of README.md against the installed libucopy and runs
# it on a small tree, so that the README's code keeps working as written.
set -eu
cd "$(dirname "$0")/.."
. scripts/use-installed-ucopy.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The first ```c block of the README.
awk '/^```c$/{on=1; next} /^```$/{if(on) exit} on' README.md > "$work/example.c"
cc -std=c99 -Wall -Wextra -Werror "$work/example.c" $(pkg-config --cflags --libs ucopy) -o "$work/example"
mkdir -p "$work/src/sub"
printf 'hello\n' > "$work/src/sub/a.txt"
ln -s sub/a.txt "$work/src/link"
"$work/example" "$work/src" "$work/dst" 2>/dev/null
diff -r --no-dereference "$work/src" "$work/dst"
[ "$(readlink "$work/dst/link")" = sub/a.txt ]
echo "README C example: ok"
