#!/bin/sh
# SPDX-License-Identifier: MIT
# Vet and test the Go binding against an installed libucopy, and run the
# README examples as written.
#   UCOPY_PREFIX     where libucopy is installed (default /usr/local)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../../scripts/use-installed-ucopy.sh"
cd "$here"

# The committed SWIG output must match bindings/ucopy.i.
if command -v swig >/dev/null 2>&1; then
  saved=$(mktemp -d)
  cp internal/cucopy/cucopy.go internal/cucopy/cucopy_wrap.c "$saved/"
  go generate ./internal/cucopy
  if ! cmp -s "$saved/cucopy.go" internal/cucopy/cucopy.go ||
     ! cmp -s "$saved/cucopy_wrap.c" internal/cucopy/cucopy_wrap.c; then
    echo "test.sh: internal/cucopy was stale; regenerated it from ucopy.i -- commit the result" >&2
    rm -rf "$saved"
    exit 1
  fi
  rm -rf "$saved"
else
  echo "test.sh: swig not found; not checking that internal/cucopy is up to date" >&2
fi

go vet ./...
go test -race -count=1 ./...
# cgo's pointer-passing rules, checked at full strength (Go pointers kept
# by C or written into C memory would panic here).
GOEXPERIMENT=cgocheck2 go test -count=1 ./...

# The README examples (this one's and the top-level one), as written, each
# in a module of its own that requires this one.
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
UCOPY_README_OUT=$out "$here/../../scripts/check-readme-examples.sh" go
cat "$out/binding-1.out"
grep -q '^copied 1 files, 2 dirs, 1 symlinks' "$out/binding-1.out"
grep -q '^missing source is fs.ErrNotExist: true true$' "$out/binding-1.out"
grep -q '^1 files, 2 dirs copied$' "$out/top-1.out"
