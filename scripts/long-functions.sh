#!/bin/sh
# SPDX-License-Identifier: MIT
# Lists the functions of the C and C++ files under DIR... (default: tools
# lib) that are longer than the limit, counted from the line of the name to
# the closing brace, as FILE:LINE NAME LENGTH. Exits 1 when one of them has
# no comment containing "long:" on the line right above it (above its
# template<> line, if any), the place to say why it stays long.
#
# usage: long-functions.sh [-n LINES] [DIR|FILE...]   (LINES default: 60)
#
# Function extents come from universal-ctags (Debian: universal-ctags),
# whose C/C++ parser finds each definition and its end, so braces in
# strings, comments and macros do not fool the count. A lambda is listed as
# "<lambda>" in its own right, and also counts in its enclosing function.
set -eu
limit=60
if [ "${1-}" = -n ]; then limit=${2-}; shift $(($# < 2 ? 1 : 2)); fi
case $limit in '' | *[!0-9]*) echo "long-functions: -n wants a number, not '$limit'" >&2; exit 2 ;; esac
[ $# -gt 0 ] || set -- tools lib

if ! ctags --version 2>/dev/null | grep -q 'Universal Ctags'; then
  echo "long-functions: needs universal-ctags (apt-get install universal-ctags)" >&2
  exit 2
fi

files=$(find "$@" -type f \( -name '*.c' -o -name '*.h' -o -name '*.cc' -o -name '*.cpp' \
  -o -name '*.hpp' -o -name '*.cxx' \) | sort)
[ -n "$files" ] || { echo "long-functions: no C or C++ files in $*" >&2; exit 2; }

tags=$(mktemp)
trap 'rm -f "$tags"' EXIT
# One line per definition: FILE<TAB>LINE<TAB>END<TAB>NAME, in file and
# line order. -L- takes the file names from stdin.
printf '%s\n' "$files" |
  ctags -L- --languages=C,C++ --map-C++=+.h --kinds-C=f --kinds-C++=f --fields=+ne \
    -x --_xformat='%F	%n	%e	%N' | sort -t '	' -k1,1 -k2,2n >"$tags"
# shellcheck disable=SC2016 # the $-fields belong to awk
awk -F '\t' -v limit="$limit" '
    # The line above the definition, skipping template<...> lines.
    function marked(file, line,    i, text) {
      if (!(file in loaded)) {
        n = 0
        while ((getline text < file) > 0) lines[file, ++n] = text
        close(file)
        loaded[file] = 1
      }
      for (i = line - 1; i > 0 && lines[file, i] ~ /^[ \t]*template[ \t]*</; i--) {}
      return i > 0 && lines[file, i] ~ /(\/\/|\/\*|^[ \t]*\*).*long:/
    }
    $3 != "" {
      length_ = $3 - $2 + 1
      if (length_ <= limit) next
      name = ($4 ~ /^__anon/) ? "<lambda>" : $4
      ok = marked($1, $2)
      printf "%s:%d %s %d%s\n", $1, $2, name, length_, ok ? " (long: explained)" : ""
      if (!ok) bad++
    }
    END {
      if (bad) {
        printf "long-functions: %d function(s) over %d lines without a \"long:\" comment above\n",
               bad, limit > "/dev/stderr"
        exit 1
      }
    }' "$tags"
