// SPDX-License-Identifier: MIT

package ucopy

import (
	"context"
	"runtime/cgo"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/ucopy/ucopy/bindings/go/internal/cucopy"
)

// Copy copies src to dst and blocks until done. dst is the name the copy
// gets (not a directory to copy into); an existing directory at dst is
// merged into when src is a directory.
//
// It returns the run's statistics along with any error, which is an *Error
// (see its documentation for errors.Is/As). When the copy finished but some
// entries failed, err matches ErrPartial and the stats say how many.
func Copy(ctx context.Context, src, dst string, opts ...Option) (Stats, error) {
	return copyWith(ctx, src, dst, newConfig(opts), nil)
}

// copyWith is Copy with its configuration made; plan, when not nil,
// receives the entries of the events that make a plan (see Plan).
func copyWith(ctx context.Context, src, dst string, cfg config, plan *[]PlanEntry) (Stats, error) {
	// C strings end at NUL: a path with one would name another file.
	for _, p := range [...]string{src, dst} {
		if strings.IndexByte(p, 0) >= 0 {
			return Stats{}, &Error{Op: "copy", Path: p, Dst: dst, Code: -int(syscall.EINVAL),
				Errno: syscall.EINVAL, Msg: "path contains a NUL byte"}
		}
	}
	if err := ctx.Err(); err != nil {
		return Stats{}, cancelled(src, dst, err)
	}

	h := cucopy.Ucopy_new()
	if h.Swigcptr() == 0 {
		return Stats{}, &Error{Op: "copy", Path: src, Dst: dst, Code: -int(syscall.ENOMEM),
			Errno: syscall.ENOMEM, Msg: "out of memory"}
	}
	// One handle per Copy: simple, and no state crosses copies.
	defer cucopy.Ucopy_free(h)
	if err := cfg.apply(h); err != nil {
		err.(*Error).Path, err.(*Error).Dst = src, dst
		return Stats{}, err
	}

	r := &run{cfg: &cfg, plan: plan}
	d := &cucopy.Dispatcher{OnProgress: r.progress, OnEvent: r.event,
		XattrFilter: cfg.xattrFilter, Filter: r.filter, Cancel: func() { cucopy.Ucopy_cancel(h) }}
	handle := cgo.NewHandle(d)
	defer handle.Delete()
	mask := uint(cucopy.UCOPY_EVENT_MASK_ERROR)
	if plan != nil {
		mask |= cucopy.UCOPY_EVENT_MASK_COPIED | cucopy.UCOPY_EVENT_MASK_SKIPPED |
			cucopy.UCOPY_EVENT_MASK_DELETED
	}
	if cfg.onEvent != nil {
		mask = cucopy.UCOPY_EVENT_MASK_ALL
	}
	wantProgress := 0
	if cfg.progress != nil {
		wantProgress = 1
	}
	wantXattrFilter := 0
	if cfg.xattrFilter != nil {
		wantXattrFilter = 1
	}
	wantFilter := 0
	if cfg.filter != nil {
		wantFilter = 1
	}
	cucopy.Ucopy_go_set_callbacks(h, uint(handle), wantProgress, mask, wantXattrFilter, wantFilter)

	rc := runWatched(ctx, h, src, dst)

	cucopy.Ucopy_go_set_callbacks(h, 0, 0, 0, 0, 0)
	if d.Panicked {
		panic(d.PanicValue) // deferred frees run first
	}
	stats := readStats(h)
	if rc == 0 {
		return stats, nil
	}
	return stats, r.makeError(ctx, h, rc, src, dst)
}

// runWatched starts the copy, then waits for it (delivering the callbacks
// on this goroutine) while another goroutine turns ctx's cancellation into
// ucopy_cancel. The run is active once ucopy_start has returned, and the
// watcher starts only then, so its cancel always reaches the run: a cancel
// issued before a run is active does nothing. The watcher has exited when
// runWatched returns, so the handle can be freed safely.
func runWatched(ctx context.Context, h cucopy.Struct_SS_ucopy, src, dst string) int {
	if rc := cucopy.Ucopy_start(h, src, dst); rc != 0 {
		return rc
	}
	if ctx.Done() == nil {
		return cucopy.Ucopy_finish(h)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		select {
		case <-ctx.Done():
			cucopy.Ucopy_cancel(h)
		case <-stop:
		}
	}()
	rc := cucopy.Ucopy_finish(h)
	close(stop)
	wg.Wait()
	return rc
}

// run is the Go side of one copy: it forwards callbacks and remembers the
// error events for the final error.
type run struct {
	cfg      *config
	failures []Event
	plan     *[]PlanEntry // Plan's entries; nil for Copy
}

func (r *run) progress(p cucopy.Progress) bool {
	r.cfg.progress(newProgress(p))
	return false
}

func (r *run) filter(path string, st *syscall.Stat_t) int {
	return int(r.cfg.filter(path, newEntryInfo(path, st)))
}

func (r *run) event(ce cucopy.Event) int {
	e := eventFromC(ce)
	if r.plan != nil && e.Type != EventError && e.Type != EventWarning {
		*r.plan = append(*r.plan, planEntry(e))
	}
	if e.Type != EventError {
		if r.cfg.onEvent != nil {
			r.cfg.onEvent(e)
		}
		return int(Continue)
	}
	if r.cfg.onEvent != nil {
		r.cfg.onEvent(e)
	}
	decision := Continue
	if r.cfg.onError != nil {
		decision = r.cfg.onError(e)
	}
	if decision != Skip { // skipped entries are not failures
		r.failures = append(r.failures, e)
	}
	return int(decision)
}

func (r *run) makeError(ctx context.Context, h cucopy.Struct_SS_ucopy, rc int, src, dst string) error {
	if rc == -int(syscall.ECANCELED) && ctx.Err() != nil {
		return cancelled(src, dst, ctx.Err())
	}
	e := &Error{Op: "copy", Path: src, Dst: dst, Code: rc, Errno: errnoOf(rc),
		Msg: cucopy.Ucopy_last_error(h), Failures: r.failures}
	// The entry that failed is known when the library reported it as an
	// event; otherwise the error is about the copy as a whole.
	if n := len(r.failures); n > 0 {
		last := r.failures[n-1]
		if rc == cucopy.UCOPY_EABORTED || rc == last.Code {
			e.Op, e.Path, e.Dst = last.Op, last.Src, last.Dst
		}
		if rc == cucopy.UCOPY_EABORTED {
			e.Errno = last.Errno
		}
	}
	return e
}

func cancelled(src, dst string, cause error) *Error {
	return &Error{Op: "copy", Path: src, Dst: dst, Code: -int(syscall.ECANCELED),
		Errno: syscall.ECANCELED, Msg: cucopy.Ucopy_strerror(-int(syscall.ECANCELED)), cause: cause}
}

func readStats(h cucopy.Struct_SS_ucopy) Stats {
	s := cucopy.NewUcopy_stats()
	defer cucopy.DeleteUcopy_stats(s)
	cucopy.Ucopy_get_stats(h, s, int64(s.GetSize()))
	return Stats{
		Files: s.GetFiles(), Dirs: s.GetDirs(), Symlinks: s.GetSymlinks(),
		Specials: s.GetSpecials(), Bytes: s.GetBytes(), Failures: s.GetFailures(),
		Skipped: s.GetSkipped(), Warnings: s.GetWarnings(),
		Elapsed:       time.Duration(s.GetElapsed_ns()),
		SQEsSubmitted: s.GetSqes_submitted(), IOUringEnters: s.GetIo_uring_enters(),
		FilesReflinked: s.GetFiles_reflinked(), BytesReflinked: s.GetBytes_reflinked(),
		FilesCopyFileRange: s.GetFiles_copy_file_range(),
		BytesCopyFileRange: s.GetBytes_copy_file_range(),
		FilesReadWrite:     s.GetFiles_read_write(), BytesReadWrite: s.GetBytes_read_write(),
		BytesSparse: s.GetBytes_sparse(), FilesVerified: s.GetFiles_verified(),
		UpToDate: s.GetUp_to_date(), Deleted: s.GetDeleted(), Filtered: s.GetFiltered(),
	}
}
