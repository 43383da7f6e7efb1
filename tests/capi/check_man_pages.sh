#!/bin/sh
# SPDX-License-Identifier: MIT
# The manual against the header: every public function has a page that
# `man 3 NAME` finds, every page renders without a groff warning, every .so
# link points at a page that exists, and the complete example program of
# libucopy(3) compiles as strict C99 against the header.
#
# usage: check_man_pages.sh MAN_DIR INCLUDE_DIR CC WORK_DIR [GENERATED_INCLUDE_DIR]
# (the last one holds the build's ucopy_version.h)
set -u
man_dir=$1 include_dir=$2 cc=$3 work=$4 generated_include=${5:-$2}
fail=0
bad() { echo "FAIL: $*"; fail=1; }
mkdir -p "$work"

functions=$(sed -n 's/^UCOPY_API[^(]*[ *]\(ucopy_[a-z_]*\)(.*/\1/p' "$include_dir/ucopy.h" | sort -u)
[ -n "$functions" ] || bad "no UCOPY_API functions found in ucopy.h"

for f in $functions libucopy; do
  page="$man_dir/$f.3"
  [ -f "$page" ] || { bad "no man page $f.3"; continue; }
  target=$(sed -n 's/^\.so man3\/\(.*\)$/\1/p' "$page")
  if [ -n "$target" ]; then
    [ -f "$man_dir/$target" ] || bad "$f.3 links to missing page $target"
    page="$man_dir/$target"
  fi
  # The function must be named in the page's NAME section, which is what
  # man -k / apropos and the .so alias rely on.
  sed -n '/^\.SH NAME/,/^\.SH/p' "$page" | grep -q "$f" ||
    bad "$(basename "$page") does not name $f in its NAME section"
done

for page in "$man_dir"/*.3; do
  grep -q '^\.so ' "$page" && continue
  out=$(groff -man -ww -z "$page" 2>&1)
  [ -z "$out" ] || bad "$(basename "$page") renders with warnings:
$out"
  for section in NAME LIBRARY SYNOPSIS DESCRIPTION "SEE ALSO"; do
    grep -q "^\.SH \"*$section\"*\$" "$page" || bad "$(basename "$page") has no $section section"
  done
done

# libucopy(3) must refer to every page and to the CLI's.
for f in $functions ucopy; do
  grep -q "^\.BR $f (" "$man_dir/libucopy.3" || bad "libucopy.3 SEE ALSO misses $f"
done

# The overview's example is promised to be complete: un-escape the roff
# (\e is a backslash, \- a minus, \& nothing) and compile it.
sed -n '/^\.EX$/,/^\.EE$/p' "$man_dir/libucopy.3" | sed '/^\.E[XE]$/d' |
  sed -e 's/\\e/\\/g' -e 's/\\-/-/g' -e 's/\\&//g' >"$work/libucopy_example.c"
"$cc" -std=c99 -pedantic -Wall -Wextra -Werror -fsyntax-only -I"$include_dir" -I"$generated_include" \
  "$work/libucopy_example.c" || bad "the example in libucopy.3 does not compile"

[ $fail -eq 0 ] && echo "OK: $(echo "$functions" | wc -l) functions documented, pages clean"
exit $fail
