#!/bin/sh
# SPDX-License-Identifier: MIT
# Adds the SPDX line to every tracked source file that lacks one, in the
# file's comment syntax: first, or after a first line that must stay first
# (a shebang, zsh's #compdef, a man page's '\" preprocessor line, Python's
# coding line). Go files get a blank line after it, so that it never joins
# the package's doc comment. Run from anywhere in the repository; prints
# what it changed. scripts/check-spdx.sh checks the result.
set -eu
cd "$(dirname "$0")/.."
. scripts/spdx-lib.sh

changed=0
touched=
for f in $(spdx_files); do
  spdx_has "$f" && continue
  line=$(spdx_comment "$f")
  [ -n "$line" ] || continue
  case $f in *.go) blank=1 ;; *) blank=0 ;; esac
  tmp=$f.spdx-tmp
  LINE=$line BLANK=$blank awk '
    function emit() {
      print ENVIRON["LINE"]
      if (ENVIRON["BLANK"] == 1 && $0 != "") print ""
      done = 1
    }
    NR == 1 && (/^#!/ || /^#compdef/ || /^'"'"'\\"/) { print; next }
    !done && NR <= 2 && /^#.*coding[:=]/ { print; next }
    !done { emit() }
    { print }
    END { if (!done) print ENVIRON["LINE"] }
  ' "$f" >"$tmp"
  # Keep the file's mode (scripts stay executable).
  cat "$tmp" >"$f"
  rm -f "$tmp"
  echo "add-spdx: $f"
  changed=$((changed + 1))
  touched="$touched $f"
done
echo "add-spdx: $changed files changed"

# SWIG's Go output embeds a hash of bindings/ucopy.i, so a new line there
# means a new Go layer (bindings/go/test.sh fails on a stale one).
case " $touched " in
  *" bindings/ucopy.i "*)
    inc=${UCOPY_VERSION_INCLUDE:-$(pkg-config --variable=includedir ucopy 2>/dev/null || true)}
    if command -v swig >/dev/null 2>&1 && [ -f "$inc/ucopy_version.h" ]; then
      (cd bindings/go/internal/cucopy && UCOPY_VERSION_INCLUDE=$inc sh gen.sh)
      echo "add-spdx: regenerated bindings/go/internal/cucopy from the changed ucopy.i"
    else
      echo "add-spdx: bindings/ucopy.i changed: regenerate the Go layer with" \
        "'go generate ./internal/cucopy' in bindings/go (needs swig and an installed libucopy)" >&2
    fi
    ;;
esac
