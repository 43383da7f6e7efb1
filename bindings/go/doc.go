// SPDX-License-Identifier: MIT

// Package ucopy copies files and directory trees with libucopy, the
// io_uring copy engine, keeping what `cp -a` keeps, plus xattrs and ACLs.
//
//	stats, err := ucopy.Copy(ctx, "/data/src", "/backup/src",
//		ucopy.WithProgress(func(p ucopy.Progress) { ... }),
//		ucopy.WithErrorHandler(func(e ucopy.Event) ucopy.Decision { return ucopy.Skip }))
//
// Paths are Go strings, which are byte strings: names that are not UTF-8
// reach the kernel unchanged, and event paths come back byte for byte.
//
// Cancellation: when ctx is done, the copy is cancelled (ucopy_cancel),
// however early: the watcher starts once the run is active. Copy returns an
// *Error that matches context.Canceled (or context.DeadlineExceeded) and
// syscall.ECANCELED with errors.Is; partial files are removed.
//
// Plan says what Copy would do, as a list of PlanEntry, writing nothing.
//
// Callbacks run on the goroutine that called Copy, one at a time. A panic in
// a callback stops the copy; Copy then cleans up and re-panics with the same
// value in the caller's goroutine (it is not turned into an error).
//
// The package links the installed libucopy found through pkg-config
// (`pkg-config --cflags --libs ucopy`); see README.md.
//
// License: MIT, like the rest of ucopy (see LICENSE in this module).
package ucopy
