#!/bin/sh
# SPDX-License-Identifier: MIT
# Checks that includes inside lib/ go down the flow only: each file may
# include headers of its own folder and of the folders lib/README.md lists
# under "may include" for it, nothing else (and nothing outside lib/ but
# the public headers). The README's table is the one statement of the rule.
set -eu
cd "$(dirname "$0")/.."
rules=$(mktemp)
trap 'rm -f "$rules"' EXIT
# "| `api/` | owns ... | engine worker ... |" -> "api engine worker ..."
awk -F'|' '/^\| `[a-z]+\/` \|/ { gsub(/[` \/]/, "", $2); print $2, $4 }' lib/README.md > "$rules"
[ -s "$rules" ] || { echo "check-lib-layers: no folder table in lib/README.md"; exit 1; }
status=0
for f in $( (git ls-files 'lib/*/*.cpp' 'lib/*/*.hpp' 'lib/*/*.def'; ls lib/*/*.[ch]pp) | sort -u); do
  folder=$(echo "$f" | cut -d/ -f2)
  allowed=$(awk -v d="$folder" '$1 == d { $1 = ""; print }' "$rules")
  if ! grep -q "^$folder " "$rules" && ! grep -qx "$folder" "$rules"; then
    echo "$f: folder $folder/ is not in lib/README.md's table"; status=1; continue
  fi
  grep -n '^#include "' "$f" | while IFS= read -r line; do
    inc=$(echo "$line" | sed 's/.*#include "\([^"]*\)".*/\1/')
    case $inc in
      ucopy.h | ucopy_version.h) continue ;;
      */*) to=${inc%%/*} ;;
      *) echo "$f:${line%%:*}: include \"$inc\" names no folder"; echo x >> "$rules.bad"; continue ;;
    esac
    [ "$to" = "$folder" ] && continue
    case " $allowed " in *" $to "*) continue ;; esac
    echo "$f:${line%%:*}: $folder/ may not include $inc (lib/README.md: $folder/ may include:${allowed:- nothing})"
    echo x >> "$rules.bad"
  done
done
if [ -e "$rules.bad" ]; then rm -f "$rules.bad"; status=1; fi
[ "$status" = 0 ] && echo "lib layers: includes go down the flow ($(wc -l < "$rules") folders)"
exit "$status"
