#!/bin/sh
# SPDX-License-Identifier: MIT
# The Go module as `go get` would fetch it: only the files of bindings/go
# (nothing else of this repository), used by a program in a module of its
# own elsewhere, built with `go build` against the installed libucopy found
# through pkg-config, and run.
#   UCOPY_PREFIX  where libucopy is installed (default /usr/local)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. scripts/use-installed-ucopy.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The module's own files, as its zip would hold them (tracked, no symlinks).
mkdir "$work/module"
(cd bindings/go && git ls-files -z | xargs -0 cp -P --parents -t "$work/module")
find "$work/module" -type l -delete
[ -f "$work/module/LICENSE" ] || { echo "FAIL: the Go module has no LICENSE"; exit 1; }

mkdir "$work/app"
cat >"$work/app/go.mod" <<MOD
module example.com/app

go 1.22

require github.com/ucopy/ucopy/bindings/go v0.0.0

replace github.com/ucopy/ucopy/bindings/go => $work/module
MOD
cat >"$work/app/main.go" <<'GO'
package main

import (
	"context"
	"fmt"
	"os"

	ucopy "github.com/ucopy/ucopy/bindings/go"
)

func main() {
	stats, err := ucopy.Copy(context.Background(), os.Args[1], os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Printf("copied %d files\n", stats.Files)
}
GO
cd "$work/app"
go mod tidy >/dev/null 2>&1 || go mod tidy
go build -o app .
mkdir -p "$work/src/sub"
echo hello >"$work/src/sub/hello.txt"
./app "$work/src" "$work/dst"
cmp "$work/src/sub/hello.txt" "$work/dst/sub/hello.txt"
echo "OK: the Go module builds and runs from outside the repository"
