#!/bin/bash
# SPDX-License-Identifier: MIT
# The bash completion: it registers itself for ucopy, completes --pre to
# --preserve= and the attribute list after it, and knows every long option
# that `ucopy --help` lists.
#
# usage: test-bash.sh COMPLETION_FILE [UCOPY_BINARY]
set -eu
file=$1 ucopy=${2-}
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# shellcheck source=/dev/null
. "$file"
spec=$(complete -p ucopy) || { echo "FAIL: complete -p ucopy: no completion registered"; exit 1; }
[ "$spec" = "complete -F _ucopy ucopy" ] || bad "unexpected registration: $spec"

# Completes the last word of the given command line; prints COMPREPLY.
complete_line() {
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMP_LINE="$*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _ucopy ucopy "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
  printf '%s\n' "${COMPREPLY[@]}"
}

got=$(complete_line ucopy --pre)
[ "$got" = "--preserve=" ] || bad "--pre completes to '$got', expected --preserve="
got=$(complete_line ucopy --preserve=x)
[ "$got" = "xattr" ] || bad "--preserve=x completes to '$got', expected xattr"
got=$(complete_line ucopy --no-preserve=mode,ti)
[ "$got" = "mode,timestamps" ] || bad "--no-preserve=mode,ti completes to '$got'"
got=$(complete_line ucopy --overwrite=)
[ "$(echo "$got" | tr '\n' ' ')" = "fail replace skip " ] || bad "--overwrite= offers '$got'"

# Files: a directory in a scratch place.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/somedir"
got=$(cd "$scratch" && complete_line ucopy -a som)
case $got in somedir*) ;; *) bad "a path does not complete to somedir: '$got'" ;; esac

if [ -n "$ucopy" ]; then
  for opt in $("$ucopy" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    out=$(complete_line ucopy "$opt")
    echo "$out" | grep -qx -- "$opt=\\?" || bad "ucopy --help lists $opt but the completion does not offer it"
  done
fi

[ $fail -eq 0 ] && echo "OK: bash completion"
exit $fail
