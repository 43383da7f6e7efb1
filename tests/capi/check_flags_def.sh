#!/bin/sh
# SPDX-License-Identifier: MIT
# lib/api/flags.def against ucopy.h: the library refuses every flag bit not in
# flags.def, so a flag added to the header but not to the list would be
# refused, and one listed but not public would be accepted unseen. Both
# must name the same single-bit UCOPY_F_* flags, in bit order.
#
# usage: check_flags_def.sh INCLUDE_DIR/ucopy.h LIB_DIR/flags.def
set -eu
header=$1 def=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# "#define UCOPY_F_NAME 0x100ull": the flags with a literal value. A
# composite (UCOPY_F_ARCHIVE, an OR of names) has none and is left out; a
# literal with more than one bit set is reported.
sed -n 's/^#define \(UCOPY_F_[A-Z0-9_]*\)[ \t][ \t]*\(0[xX][0-9a-fA-F]*\)[uUlL]*\([ \t].*\)\{0,1\}$/\2 \1/p' "$header" |
  while read -r value name; do
    v=$((value))
    if [ "$v" -eq 0 ] || [ $((v & (v - 1))) -ne 0 ]; then
      echo "FAIL: $name = $value in ucopy.h is not a single bit" >&2
      echo "$v $name multi"
    else
      echo "$v $name"
    fi
  done | sort -n >"$tmp/header.all"
if grep -q ' multi$' "$tmp/header.all"; then exit 1; fi
cut -d' ' -f2 "$tmp/header.all" >"$tmp/header"
[ -s "$tmp/header" ] || { echo "FAIL: no UCOPY_F_* flags found in $header"; exit 1; }

sed -n 's/^UCOPY_FLAG(\(UCOPY_F_[A-Z0-9_]*\)).*/\1/p' "$def" >"$tmp/def"
# Lines that are neither comments nor UCOPY_FLAG(...) would be compiled too.
if grep -v '^//' "$def" | grep -v '^UCOPY_FLAG(UCOPY_F_[A-Z0-9_]*)' | grep -q .; then
  echo "FAIL: $def has lines other than comments and UCOPY_FLAG(UCOPY_F_NAME):"
  grep -v '^//' "$def" | grep -v '^UCOPY_FLAG(UCOPY_F_[A-Z0-9_]*)'
  exit 1
fi

sort "$tmp/header" >"$tmp/header.s"
sort "$tmp/def" >"$tmp/def.s"
fail=0
for n in $(comm -23 "$tmp/header.s" "$tmp/def.s"); do
  echo "FAIL: $n is defined in ucopy.h but missing from flags.def"
  fail=1
done
for n in $(comm -13 "$tmp/header.s" "$tmp/def.s"); do
  echo "FAIL: $n is in flags.def but not a single-bit flag of ucopy.h"
  fail=1
done
if [ $fail -eq 0 ] && ! cmp -s "$tmp/header" "$tmp/def"; then
  echo "FAIL: flags.def is not in bit order; expected:"
  cat "$tmp/header"
  fail=1
fi
[ $fail -eq 0 ] && echo "OK: flags.def lists the $(wc -l <"$tmp/def") flags of ucopy.h in bit order"
exit $fail
