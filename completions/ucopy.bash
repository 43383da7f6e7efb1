# SPDX-License-Identifier: MIT
# bash completion for ucopy(1). Installed as
# share/bash-completion/completions/ucopy, where bash-completion loads it on
# first use; it can also be sourced on its own (it needs no helper from the
# bash-completion package, but uses _filedir when that is loaded).
#
# Keep the option list in step with `ucopy --help`: the completion test
# (completions/test-bash.sh) fails when an option is missing here.

_ucopy_values() {
  # The values an option takes, or nothing for a free-form argument.
  case $1 in
    --preserve | --no-preserve)
      echo "mode ownership timestamps links xattr acl specials devices all" ;;
    --owner-policy) echo "warn warn-each fail ignore" ;;
    --update) echo "size-mtime checksum never" ;;
    --progress) echo "bar json" ;;
    --overwrite) echo "fail replace skip" ;;
    --copy-method) echo "auto reflink copy-file-range read-write" ;;
    --reflink) echo "auto always never" ;;
    --sparse) echo "auto always never" ;;
    --digest) echo "xxh128 sha256" ;;
  esac
}

_ucopy_files() {
  if declare -F _filedir >/dev/null 2>&1; then
    _filedir
  else
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
}

_ucopy() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  local opts="--archive --recursive --preserve= --no-preserve= --specials --devices
    --owner-policy= --xattr-exclude= --open-noatime --update --update= --delete --fsync
    --exclude= --include= --exclude-from= --one-file-system --atomic --dereference
    --no-dereference --overwrite= --dry-run --no-clobber --target-directory= --no-target-directory --verify --verbose
    --progress --progress= --json --stats --digest= --digest-file= --workers= --queue-depth= --files-in-flight=
    --buffer-size= --copy-method= --reflink --reflink= --sparse= --no-direct-io
    --no-write-behind --no-prescan --regions= --region-threshold= --region-size= --link-map-limit= --help --version
    -a -r -R -p -D -L -P -H -n -t -T -v -x -h"
  COMPREPLY=()

  case $cur in
    --*=*)
      local opt=${cur%%=*} value=${cur#*=}
      case $opt in
        --exclude-from | --digest-file)
          cur=$value
          _ucopy_files
          return ;;
      esac
      local words
      words=$(_ucopy_values "$opt")
      [ -n "$words" ] || return 0
      # A comma-separated list for --preserve and --no-preserve: complete
      # the last word of it.
      local prefix=
      case $opt in
        --preserve | --no-preserve)
          case $value in *,*) prefix=${value%,*},; value=${value##*,} ;; esac ;;
      esac
      local w
      for w in $(compgen -W "$words" -- "$value"); do
        COMPREPLY+=("$prefix$w")
      done
      return ;;
    -*)
      mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
      # An option ending in '=' expects its value right after it.
      if [ ${#COMPREPLY[@]} -eq 1 ] && [ "${COMPREPLY[0]%=}" != "${COMPREPLY[0]}" ]; then
        compopt -o nospace 2>/dev/null
      fi
      return ;;
  esac
  _ucopy_files
}

complete -F _ucopy ucopy
