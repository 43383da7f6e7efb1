#!/bin/sh
# Vet and test the Go binding against an installed libucopy, and run the
# README example as written.
#   UCOPY_PREFIX     where libucopy is installed (default /usr/local)
#   UCOPY_BUILD_DIR  scratch space for the README example (default: a temp dir)
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

# README example, as a user would build it: its own module that requires
# this one through a replace directive.
if [ -n "${UCOPY_BUILD_DIR:-}" ]; then
  ex=$UCOPY_BUILD_DIR/go-readme-example
else
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  ex=$scratch/go-readme-example
fi
rm -rf "$ex" && mkdir -p "$ex"
awk '/^```go$/{on=1; next} /^```$/{on=0} on' README.md >"$ex/main.go"
cat >"$ex/go.mod" <<MOD
module example

go 1.22

require github.com/ucopy/ucopy/bindings/go v0.0.0
replace github.com/ucopy/ucopy/bindings/go => $here
MOD
cp go.sum "$ex/go.sum"
(cd "$ex" && go mod tidy >/dev/null 2>&1; go run . >"$ex/out.txt")
cat "$ex/out.txt"
grep -q '^copied 1 files, 2 dirs, 1 symlinks' "$ex/out.txt"
grep -q '^missing source is fs.ErrNotExist: true' "$ex/out.txt"
echo "README example: ok"
