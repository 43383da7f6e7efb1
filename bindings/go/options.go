package ucopy

import (
	"time"

	"github.com/ucopy/ucopy/bindings/go/internal/cucopy"
)

// Option configures Copy.
type Option func(*config)

type config struct {
	archive                                        bool
	recursive                                      *bool // nil: follow archive
	dereference                                    bool
	derefArgs                                      bool
	dryRun                                         bool
	overwrite                                      Overwrite
	workers, filesInFlight, queueDepth, bufferSize uint32
	progressInterval                               time.Duration
	progress                                       func(Progress)
	onError                                        func(Event) Decision
	onEvent                                        func(Event)
}

func newConfig(opts []Option) config {
	c := config{archive: true, overwrite: OverwriteFail}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// flags turns the booleans into UCOPY_F_* bits.
func (c *config) flags() uint64 {
	var f uint64
	if c.archive {
		f |= cucopy.UCOPY_F_RECURSIVE | cucopy.UCOPY_F_PRESERVE_MODE |
			cucopy.UCOPY_F_PRESERVE_TIMES | cucopy.UCOPY_F_PRESERVE_OWNER |
			cucopy.UCOPY_F_PRESERVE_HARDLINKS
	}
	if c.recursive != nil {
		if *c.recursive {
			f |= cucopy.UCOPY_F_RECURSIVE
		} else {
			f &^= cucopy.UCOPY_F_RECURSIVE
		}
	}
	if c.dereference {
		f |= cucopy.UCOPY_F_DEREFERENCE
	}
	if c.derefArgs {
		f |= cucopy.UCOPY_F_DEREFERENCE_ARGS
	}
	if c.dryRun {
		f |= cucopy.UCOPY_F_DRY_RUN
	}
	return f
}

// WithArchive preserves everything `cp -a` does and recurses (default true).
// WithArchive(false) copies data only, and directories only with
// WithRecursive(true).
func WithArchive(on bool) Option { return func(c *config) { c.archive = on } }

// WithRecursive overrides whether directories are copied with their contents.
func WithRecursive(on bool) Option { return func(c *config) { c.recursive = &on } }

// WithDereference follows every symbolic link in the source.
func WithDereference(on bool) Option { return func(c *config) { c.dereference = on } }

// WithDereferenceArgs follows the source only if it is itself a symlink.
func WithDereferenceArgs(on bool) Option { return func(c *config) { c.derefArgs = on } }

// WithDryRun walks and reports, writing nothing.
func WithDryRun(on bool) Option { return func(c *config) { c.dryRun = on } }

// WithOverwrite says what to do with existing destination entries.
func WithOverwrite(o Overwrite) Option { return func(c *config) { c.overwrite = o } }

// WithWorkers sets the number of worker threads (0: the library's default).
func WithWorkers(n int) Option { return func(c *config) { c.workers = uint32(n) } }

// WithFilesInFlight sets the files copied at once per worker (0: default).
func WithFilesInFlight(n int) Option { return func(c *config) { c.filesInFlight = uint32(n) } }

// WithQueueDepth sets the io_uring submission queue size (0: default).
func WithQueueDepth(n int) Option { return func(c *config) { c.queueDepth = uint32(n) } }

// WithBufferSize sets the bytes per I/O buffer, a multiple of 4096 (0: default).
func WithBufferSize(n int) Option { return func(c *config) { c.bufferSize = uint32(n) } }

// WithProgressInterval sets the least time between progress calls
// (0: the library's default, 100 ms).
func WithProgressInterval(d time.Duration) Option {
	return func(c *config) { c.progressInterval = d }
}

// WithProgress calls f at most once per progress interval and once more at
// the end with Finished set.
func WithProgress(f func(Progress)) Option { return func(c *config) { c.progress = f } }

// WithErrorHandler calls f for each entry that cannot be copied; its
// Decision says what happens next. Without a handler, Continue is assumed.
func WithErrorHandler(f func(Event) Decision) Option {
	return func(c *config) { c.onError = f }
}

// WithEventHandler calls f for every other event too (copied, skipped,
// warning), for logging. Errors still go to the error handler.
func WithEventHandler(f func(Event)) Option { return func(c *config) { c.onEvent = f } }

// apply writes the configuration into a fresh options struct and hands it
// to the handle.
func (c *config) apply(h cucopy.Struct_SS_ucopy) error {
	o := cucopy.NewUcopy_options()
	defer cucopy.DeleteUcopy_options(o)
	o.SetFlags(c.flags())
	o.SetOverwrite(uint(c.overwrite))
	o.SetWorkers(uint(c.workers))
	o.SetFiles_in_flight(uint(c.filesInFlight))
	o.SetQueue_depth(uint(c.queueDepth))
	o.SetBuffer_size(uint(c.bufferSize))
	o.SetProgress_interval_ms(uint(c.progressInterval / time.Millisecond))
	if rc := cucopy.Ucopy_set_options(h, o); rc != 0 {
		return &Error{Op: "options", Code: rc, Errno: errnoOf(rc), Msg: cucopy.Ucopy_last_error(h)}
	}
	return nil
}
