#!/bin/sh
# SPDX-License-Identifier: MIT
# The zsh completion: it parses, compinit binds it to ucopy, and it names
# every long option that `ucopy --help` lists.
#
# usage: test-zsh.sh COMPLETION_FILE [UCOPY_BINARY]
set -eu
file=$1 ucopy=${2-}
fail=0
bad() { echo "FAIL: $*"; fail=1; }

if ! command -v zsh >/dev/null 2>&1; then
  echo "zsh not installed: zsh completion not tested"
  exit 0
fi
zsh -n "$file" || bad "$file does not parse"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp "$file" "$scratch/_ucopy"
# -f: no user startup files; compinit -u -D: trust the directory, no dump.
bound=$(ZDOTDIR=$scratch zsh -fc "fpath=($scratch \$fpath); autoload -Uz compinit; compinit -u -D; print -r -- \${_comps[ucopy]}")
[ "$bound" = "_ucopy" ] || bad "compinit binds ucopy to '$bound', expected _ucopy"

if [ -n "$ucopy" ]; then
  for opt in $("$ucopy" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    # As written in an _arguments spec: '--opt[', '*--opt=[', {-o,--opt}.
    grep -Eq -- "['{,*)]${opt}[]=,}[]" "$file" ||
      bad "ucopy --help lists $opt but $file does not"
  done
fi

[ $fail -eq 0 ] && echo "OK: zsh completion"
exit $fail
