// SPDX-License-Identifier: MIT

// Package cucopy is the SWIG-generated layer over libucopy's C API
// (bindings/ucopy.i). It is internal: package ucopy is the API to use.
//
// cucopy.go and cucopy_wrap.c are generated and committed, so that a plain
// `go build` needs only pkg-config and libucopy, not SWIG. After changing
// bindings/ucopy.i, run `go generate ./...` in bindings/go (needs SWIG 4.1);
// bindings/go/test.sh fails when the committed files are stale.
package cucopy

// The header comes from this repository (the one the .i was written for);
// at build time the installed libucopy is found through pkg-config.
//go:generate sh gen.sh

/*
#cgo pkg-config: ucopy
*/
import "C"
