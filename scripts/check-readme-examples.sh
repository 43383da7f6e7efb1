#!/bin/sh
# SPDX-License-Identifier: MIT
# Runs every README example of one language exactly as written, built
# against the installed libucopy, and each must exit with 0:
#   c       each ```c block of README.md, compiled as C99 with -Werror and
#           run on a small tree (a program taking SOURCE DEST), whose copy
#           must then equal the source
#   python, go, rust
#           each ```python, ```go or ```rust block of README.md and of
#           bindings/<lang>/README.md, a program of its own built against
#           the binding in this tree
#
#   scripts/check-readme-examples.sh c|python|go|rust
#
#   UCOPY_PREFIX   where libucopy is installed (default /usr/local)
#   PYTHON         the interpreter that has the ucopy package (default python3)
#   UCOPY_README_OUT  if set, a directory that receives each example's
#                  standard output as <readme>-<n>.out (readme: top, binding)
# Called by scripts/test-all.sh (c) and bindings/<lang>/test.sh. Fails when
# a README has no example.
set -eu
lang=${1:?usage: check-readme-examples.sh c|python|go|rust}
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/use-installed-ucopy.sh"

case $lang in
  c) fence=c ;;
  python) fence=python ;;
  go) fence=go ;;
  rust) fence=rust ;;
  *) echo "check-readme-examples: unknown language $lang" >&2; exit 2 ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
out=${UCOPY_README_OUT:-$work/out}
mkdir -p "$out"

# extract README TAG: writes TAG-1.src, TAG-2.src, ... (one per block)
extract() {
  awk -v fence="$fence" -v dir="$work" -v tag="$2" '
    $0 == "```" fence { n++; f = dir "/" tag "-" n ".src"; on = 1; next }
    on && /^```/       { on = 0; close(f); next }
    on                 { print > f }
    END { if (n == 0) exit 1 }' "$1" ||
    { echo "check-readme-examples: no \`\`\`$fence block in $1" >&2; exit 1; }
}
extract "$root/README.md" top
# C has no binding: its API is the one README.md shows.
[ "$lang" = c ] || extract "$root/bindings/$lang/README.md" binding

# run NAME CMD...: runs one example, keeps its output, says how it went.
run() {
  name=$1; shift
  if ! "$@" >"$out/$name.out" 2>"$work/$name.err"; then
    echo "README example $name ($lang) failed:" >&2
    cat "$out/$name.out" "$work/$name.err" >&2
    exit 1
  fi
  echo "README example $name ($lang): ok"
}

examples=$(cd "$work" && ls ./*.src | sed 's|^\./||; s|\.src$||')
case $lang in
c)
  # Each example copies a small tree with a subdirectory and a symlink,
  # which must then be the same in the copy.
  for ex in $examples; do
    d=$work/$ex.d
    mkdir -p "$d/src/sub"
    cp "$work/$ex.src" "$d/example.c"
    # shellcheck disable=SC2046 # pkg-config prints several words
    cc -std=c99 -Wall -Wextra -Werror "$d/example.c" $(pkg-config --cflags --libs ucopy) \
      -o "$d/example"
    printf 'hello\n' >"$d/src/sub/a.txt"
    ln -s sub/a.txt "$d/src/link"
    run "$ex" sh -c '"$1/example" "$1/src" "$1/dst" &&
      diff -r --no-dereference "$1/src" "$1/dst" &&
      [ "$(readlink "$1/dst/link")" = sub/a.txt ]' sh "$d"
  done
  ;;
python)
  py=${PYTHON:-python3}
  case $py in */*) py=$(cd "$(dirname "$py")" && pwd)/$(basename "$py") ;; esac
  for ex in $examples; do
    mkdir "$work/$ex.d"
    cp "$work/$ex.src" "$work/$ex.d/example.py"
    run "$ex" sh -c 'cd "$1" && exec "$2" example.py' sh "$work/$ex.d" "$py"
  done
  ;;
go)
  # As a user builds it: a module of its own that requires the binding
  # (through a replace directive to this tree).
  for ex in $examples; do
    mod=$work/$ex.d
    mkdir "$mod"
    cp "$work/$ex.src" "$mod/main.go"
    cat >"$mod/go.mod" <<MOD
module example

go 1.22

require github.com/ucopy/ucopy/bindings/go v0.0.0
replace github.com/ucopy/ucopy/bindings/go => $root/bindings/go
MOD
    cp "$root/bindings/go/go.sum" "$mod/go.sum"
    (cd "$mod" && go mod tidy >/dev/null 2>&1) || true
    run "$ex" sh -c 'cd "$1" && exec go run .' sh "$mod"
  done
  ;;
rust)
  # As a user builds it: a package that depends on the ucopy crate of this
  # tree, each example a binary of it. Shares the workspace's target dir
  # and lock file, so nothing is fetched or built twice.
  pkg=$work/readme-examples
  mkdir -p "$pkg/src/bin"
  cat >"$pkg/Cargo.toml" <<TOML
[package]
name = "ucopy-readme-examples"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
ucopy = { path = "$root/bindings/rust/ucopy" }

[workspace]
TOML
  cp "$root/bindings/rust/Cargo.lock" "$pkg/Cargo.lock"
  for ex in $examples; do cp "$work/$ex.src" "$pkg/src/bin/$ex.rs"; done
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/bindings/rust/target}"
  cargo build -q -j "${CARGO_JOBS:-2}" --manifest-path "$pkg/Cargo.toml" --bins
  for ex in $examples; do
    run "$ex" cargo run -q -j "${CARGO_JOBS:-2}" --manifest-path "$pkg/Cargo.toml" --bin "$ex"
  done
  ;;
esac
