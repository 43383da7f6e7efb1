#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Checks the Rust bindings against an installed libucopy.
#   UCOPY_PREFIX  where libucopy is installed (default /usr/local)
#   CARGO_JOBS    parallel cargo jobs (default 2)
# Runs rustfmt, clippy, every test (unit, integration, layout, doc tests
# incl. the README, and ucopy-sys-gen's check that ucopy-sys/src/bindings.rs
# is what bindgen makes of include/ucopy.h, which needs libclang), the copy
# and tokio_copy examples and the README examples as programs of their own;
# exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"

prefix=${UCOPY_PREFIX:-/usr/local}
jobs=${CARGO_JOBS:-2}

# The library directory is lib/ or lib/<multiarch>/ depending on the prefix.
libdir=
for d in "$prefix/lib" "$prefix/lib/x86_64-linux-gnu" "$prefix/lib64" \
         "$prefix/lib/$(gcc -print-multiarch 2>/dev/null || echo none)"; do
  if [ -e "$d/pkgconfig/ucopy.pc" ]; then libdir=$d; break; fi
done
if [ -z "$libdir" ]; then
  echo "test.sh: no ucopy.pc under $prefix/lib*; install libucopy or set UCOPY_PREFIX" >&2
  exit 1
fi
export PKG_CONFIG_PATH="$libdir/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
echo "== libucopy $(pkg-config --modversion ucopy) from $libdir"

echo "== cargo fmt --check"
cargo fmt --all --check

echo "== cargo clippy"
cargo clippy -j "$jobs" --workspace --all-targets -- -D warnings

echo "== cargo test"
cargo test -j "$jobs" --workspace

echo "== example: copy"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/src/sub"
printf 'hello\n' > "$scratch/src/sub/hello.txt"
ln -s sub/hello.txt "$scratch/src/link"
cargo run -q -j "$jobs" -p ucopy --example copy -- "$scratch/src" "$scratch/dst"
cmp "$scratch/src/sub/hello.txt" "$scratch/dst/sub/hello.txt"
[ "$(readlink "$scratch/dst/link")" = sub/hello.txt ]

echo "== example: tokio_copy"
cargo run -q -j "$jobs" -p ucopy --example tokio_copy -- "$scratch/src" "$scratch/dst-async" 60 |
  grep -q '^copied 1 files, 6 bytes$'
cmp "$scratch/src/sub/hello.txt" "$scratch/dst-async/sub/hello.txt"

echo "== README examples (this one's and the top-level one), as written"
"$(pwd)/../../scripts/check-readme-examples.sh" rust

echo "== all Rust binding checks passed"
