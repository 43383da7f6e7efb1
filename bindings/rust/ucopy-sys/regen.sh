#!/bin/sh
# SPDX-License-Identifier: MIT
# Regenerates src/bindings.rs from include/ucopy.h with bindgen (through the
# ucopy-sys-gen crate, whose settings are fixed in its src/lib.rs). Needs
# libclang (libclang-dev) and pkg-config finding the installed libucopy,
# for the generated ucopy_version.h (or UCOPY_VERSION_INCLUDE set to its
# directory). After changing include/ucopy.h, run this and commit the result:
# the ucopy-sys-gen test fails on any difference.
set -eu
cd "$(dirname "$0")/.."
cargo run -q -j "${CARGO_JOBS:-2}" -p ucopy-sys-gen
