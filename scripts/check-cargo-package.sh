#!/bin/sh
# SPDX-License-Identifier: MIT
# The Rust crates as crates.io would carry them: `cargo package` for
# ucopy-sys and ucopy (each verified by building the packaged copy, ucopy
# against the packaged ucopy-sys), each with LICENSE and the MIT license,
# ucopy-sys linking libucopy through pkg-config (links = "ucopy").
#   UCOPY_PREFIX  where libucopy is installed (default /usr/local)
set -eu
cd "$(dirname "$0")/.."
. scripts/use-installed-ucopy.sh
cd bindings/rust
fail=0
bad() { echo "FAIL: $*"; fail=1; }

grep -q '^links = "ucopy"$' ucopy-sys/Cargo.toml || bad "ucopy-sys does not declare links = \"ucopy\""
grep -q '^pkg-config = ' ucopy-sys/Cargo.toml || bad "ucopy-sys does not build-depend on pkg-config"
grep -q '^license = "MIT"' Cargo.toml || bad "the workspace does not declare license = \"MIT\""

# --allow-dirty: this checks what would be packaged, not the git state.
# ucopy-sys-gen (the generator of ucopy-sys's declarations) is not published.
cargo package --workspace --exclude ucopy-sys-gen --allow-dirty -j "${CARGO_JOBS:-2}" --quiet
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
for crate in ucopy-sys ucopy; do
  file=target/package/$crate-$version.crate
  [ -f "$file" ] || { bad "no $file"; continue; }
  tar -tzf "$file" | grep -qx "$crate-$version/LICENSE" || bad "$crate has no LICENSE"
  tar -xzOf "$file" "$crate-$version/Cargo.toml" | grep -q '^license = "MIT"$' ||
    bad "$crate's packaged Cargo.toml does not say license = \"MIT\""
done
[ $fail -eq 0 ] && echo "OK: cargo package ucopy-sys and ucopy $version"
exit $fail
