// SPDX-License-Identifier: MIT

package cucopy

// The C trampolines in ucopy.i (SWIGGO section) call the exported
// functions below with a runtime/cgo.Handle that points at a *Dispatcher.
// Callbacks run on the goroutine that called Ucopy_finish (or Ucopy_run),
// one at a time.

/*
#include <stdint.h>
#include <sys/stat.h>
#include <ucopy.h>
*/
import "C"

import (
	"runtime/cgo"
	"syscall"
	"time"
	"unsafe"
)

// Progress mirrors struct ucopy_progress, with its path copied into Go
// memory (the C pointer dies when the callback returns). The fields of 0.2
// are zero when the library did not fill them.
type Progress struct {
	Finished     bool
	FilesDone    uint64
	FilesTotal   uint64
	BytesDone    uint64
	BytesTotal   uint64
	Elapsed      time.Duration
	TotalsFinal  bool
	Phase        int
	BytesPerSec  uint64
	FilesFailed  uint64
	FilesSkipped uint64
	CurrentPath  string
}

// progressV02 is how much of struct ucopy_progress a library fills when it
// reports the fields of 0.2 (totals_final to current_path): its size field
// says how much it filled, and an older library fills less.
const progressV02 = unsafe.Offsetof(C.ucopy_progress{}.current_path) +
	unsafe.Sizeof(C.ucopy_progress{}.current_path)

// newProgress copies *p into Go memory, reading the fields of 0.2 only
// when the library filled them.
func newProgress(p *C.ucopy_progress) Progress {
	out := Progress{
		Finished:   p.finished != 0,
		FilesDone:  uint64(p.files_done),
		FilesTotal: uint64(p.files_total),
		BytesDone:  uint64(p.bytes_done),
		BytesTotal: uint64(p.bytes_total),
		Elapsed:    time.Duration(p.elapsed_ns),
	}
	if uintptr(p.size) >= progressV02 {
		out.TotalsFinal = p.totals_final != 0
		out.Phase = int(p.phase)
		out.BytesPerSec = uint64(p.bytes_per_sec)
		out.FilesFailed = uint64(p.files_failed)
		out.FilesSkipped = uint64(p.files_skipped)
		out.CurrentPath = goString(p.current_path)
	}
	return out
}

// Event mirrors struct ucopy_event, with its strings copied into Go memory
// (the C pointers die when the callback returns).
type Event struct {
	Type     int
	Code     int
	FileType int
	Src      string
	Dst      string
	Op       string
	Message  string
	Bytes    uint64
	Digest   []byte // nil when the event carries no digest
}

// Dispatcher holds one run's Go callbacks and the first panic raised by
// one of them; a panic stops the run, and the caller re-raises it after
// Ucopy_finish returns (a panic must never unwind through C frames).
type Dispatcher struct {
	OnProgress  func(Progress) bool // return true to stop the run
	OnEvent     func(Event) int     // returns UCOPY_CONTINUE/SKIP/ABORT
	XattrFilter func(string) bool   // returns true to copy the xattr
	// Filter decides on an entry from its path relative to the source and
	// its stat; returns UCOPY_CONTINUE/SKIP/ABORT.
	Filter func(path string, st *syscall.Stat_t) int
	// Cancel stops the run (ucopy_cancel): a panic in XattrFilter, whose
	// answer cannot say "stop", ends the run through it.
	Cancel func()

	Panicked   bool
	PanicValue any
}

func (d *Dispatcher) recovered(v any) {
	if !d.Panicked {
		d.Panicked, d.PanicValue = true, v
	}
}

// goString copies a C string; NULL becomes "".
func goString(s *C.char) string {
	if s == nil {
		return ""
	}
	return C.GoString(s)
}

//export ucopyGoProgress
func ucopyGoProgress(p *C.ucopy_progress, h C.uintptr_t) (rc C.int) {
	d := cgo.Handle(h).Value().(*Dispatcher)
	defer func() {
		if v := recover(); v != nil {
			d.recovered(v)
			rc = 1
		}
	}()
	if d.Panicked {
		return 1
	}
	stop := d.OnProgress(newProgress(p))
	if stop {
		return 1
	}
	return 0
}

//export ucopyGoEvent
func ucopyGoEvent(e *C.ucopy_event, h C.uintptr_t) (rc C.int) {
	d := cgo.Handle(h).Value().(*Dispatcher)
	defer func() {
		if v := recover(); v != nil {
			d.recovered(v)
			rc = C.UCOPY_ABORT
		}
	}()
	if d.Panicked {
		return C.UCOPY_ABORT
	}
	return C.int(d.OnEvent(Event{
		Type:     int(e._type),
		Code:     int(e.code),
		FileType: int(e.file_type),
		Src:      goString(e.src_path),
		Dst:      goString(e.dst_path),
		Op:       goString(e.op),
		Message:  goString(e.message),
		Bytes:    uint64(e.bytes),
		Digest:   eventDigest(e),
	}))
}

// eventDigest copies the event's digest into Go memory: nil when it has
// none, or when the library is older than the header and filled no such
// field (its size says so).
func eventDigest(e *C.ucopy_event) []byte {
	end := unsafe.Offsetof(e.digest) + unsafe.Sizeof(e.digest)
	if uintptr(e.size) < end || e.digest_len == 0 || uintptr(e.digest_len) > unsafe.Sizeof(e.digest) {
		return nil
	}
	return C.GoBytes(unsafe.Pointer(&e.digest[0]), C.int(e.digest_len))
}

//export ucopyGoXattrFilter
func ucopyGoXattrFilter(name *C.char, h C.uintptr_t) (rc C.int) {
	d := cgo.Handle(h).Value().(*Dispatcher)
	defer func() {
		if v := recover(); v != nil {
			d.recovered(v)
			if d.Cancel != nil {
				d.Cancel()
			}
			rc = 0
		}
	}()
	if d.Panicked {
		return 0 // the run is stopping: copy no more attributes
	}
	if d.XattrFilter(goString(name)) {
		return 1
	}
	return 0
}

//export ucopyGoFilter
func ucopyGoFilter(path *C.char, st *C.struct_stat, h C.uintptr_t) (rc C.int) {
	d := cgo.Handle(h).Value().(*Dispatcher)
	defer func() {
		if v := recover(); v != nil {
			d.recovered(v)
			rc = C.UCOPY_ABORT
		}
	}()
	if d.Panicked {
		return C.UCOPY_ABORT
	}
	// glibc's struct stat is the kernel's, which syscall.Stat_t describes;
	// copied into Go memory, as the C one dies when we return.
	s := *(*syscall.Stat_t)(unsafe.Pointer(st))
	return C.int(d.Filter(goString(path), &s))
}
