# SPDX-License-Identifier: MIT
# shellcheck shell=sh
# Shared by add-spdx.sh and check-spdx.sh (sourced, not run): which files
# carry an SPDX line and how each spells it.
#
# spdx_files: the tracked source files, one per line. Documentation,
# package metadata of Debian's own formats, lock files, data and generated
# ABI XML are left out: LICENSE and debian/copyright cover them.
# spdx_comment FILE: the SPDX line in FILE's comment syntax, or nothing
# for a file that takes none (a man page that is only a .so link).

SPDX_ID="SPDX-License-Identifier: MIT"

spdx_files() {
  git ls-files | while IFS= read -r f; do
    if [ ! -f "$f" ] || [ -L "$f" ]; then continue; fi
    case $f in
      *.c | *.h | *.cpp | *.hpp | *.def | *.go | *.rs | *.py | *.pyi | *.i | *.sh | *.bash | \
        *.cmake | */CMakeLists.txt | CMakeLists.txt | *.in | *.map | *.toml | *.abignore | \
        *.[13] | completions/_* | debian/rules | debian/tests/*)
        [ "$f" = debian/tests/control ] || echo "$f" ;;
      *)
        # Extensionless scripts such as .ci/run.
        case $(head -c 2 "$f") in '#!') echo "$f" ;; esac ;;
    esac
  done
}

spdx_comment() {
  case $1 in
    *.c | *.h | *.map | *.i | *.h.in) echo "/* $SPDX_ID */" ;;
    *.cpp | *.hpp | *.def | *.go | *.rs) echo "// $SPDX_ID" ;;
    *.[13])
      # A page that is only a .so link must stay one line (dh_installman
      # turns it into a symlink); the page it points to carries the line.
      if [ "$(grep -cv '^\.so ' "$1")" -eq 0 ]; then return 0; fi
      echo ".\\\" $SPDX_ID" ;;
    *) echo "# $SPDX_ID" ;;
  esac
}

# spdx_has FILE: FILE names its license in its first lines.
spdx_has() {
  head -n 5 "$1" | grep -q 'SPDX-License-Identifier:'
}
