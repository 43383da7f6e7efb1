#!/bin/sh
# SPDX-License-Identifier: MIT
# Fails, listing them, when tracked source files lack their SPDX line
# (scripts/add-spdx.sh adds it).
set -eu
cd "$(dirname "$0")/.."
. scripts/spdx-lib.sh

missing=
n=0
nl='
'

for f in $(spdx_files); do
  n=$((n + 1))
  [ -n "$(spdx_comment "$f")" ] || continue
  spdx_has "$f" || missing="$missing  $f$nl"
done
if [ -n "$missing" ]; then
  echo "check-spdx: these files lack an SPDX-License-Identifier line (run scripts/add-spdx.sh):"
  printf '%s' "$missing"
  exit 1
fi
echo "OK: all $n source files carry an SPDX line"
