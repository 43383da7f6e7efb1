// SPDX-License-Identifier: MIT

package ucopy

import (
	"io/fs"
	"strings"
	"syscall"
	"time"

	"github.com/ucopy/ucopy/bindings/go/internal/cucopy"
)

// Option configures Copy.
type Option func(*config)

type config struct {
	archive bool
	// Parts of archive mode switched on or off on their own (UCOPY_F_*
	// bits), recorded for the library's ucopy_options.flags_set and
	// flags_clear, which override flags whatever the order of the options.
	// A bit is in at most one of them: the last switch of a part wins.
	partsOn, partsOff                              uint64
	dereference                                    bool
	derefArgs                                      bool
	dryRun                                         bool
	noatime                                        bool
	verify                                         bool
	delete                                         bool
	fsync                                          bool
	noDirectIO                                     bool
	noWriteBehind                                  bool
	noPrescan                                      bool
	atomic                                         bool
	overwrite                                      Overwrite
	ownerPolicy                                    OwnerPolicy
	workers, filesInFlight, queueDepth, bufferSize uint32
	copyMethod                                     CopyMethod
	reflink                                        Reflink
	sparse                                         Sparse
	regions                                        uint32
	regionThreshold                                *uint64 // nil: the library's default
	regionSize                                     uint64
	linkMapLimit                                   uint64
	update                                         Update
	digest                                         Digest
	progressInterval                               time.Duration
	progress                                       func(Progress)
	onError                                        func(Event) Decision
	onEvent                                        func(Event)
	xattrFilter                                    func(name string) bool
	oneFileSystem                                  bool
	rules                                          []filterRule // in the order given
	filter                                         func(path string, info fs.FileInfo) Decision
}

// filterRule is one WithExclude or WithInclude.
type filterRule struct {
	action  int // UCOPY_FILTER_EXCLUDE or UCOPY_FILTER_INCLUDE
	pattern string
}

func newConfig(opts []Option) config {
	c := config{archive: true, overwrite: OverwriteFail, ownerPolicy: OwnerWarn}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// flags turns archive mode and the options outside it into UCOPY_F_* bits
// for ucopy_options.flags. The parts of archive mode set on their own are
// not folded in: they go to flags_set and flags_clear (see apply), and the
// library applies them.
func (c *config) flags() uint64 {
	var f uint64
	if c.archive {
		f = cucopy.UCOPY_F_ARCHIVE
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
	if c.noatime {
		f |= cucopy.UCOPY_F_NOATIME
	}
	if c.verify {
		f |= cucopy.UCOPY_F_VERIFY
	}
	if c.delete {
		f |= cucopy.UCOPY_F_DELETE
	}
	if c.fsync {
		f |= cucopy.UCOPY_F_FSYNC
	}
	if c.noDirectIO {
		f |= cucopy.UCOPY_F_NO_DIRECT_IO
	}
	if c.noWriteBehind {
		f |= cucopy.UCOPY_F_NO_WRITE_BEHIND
	}
	if c.noPrescan {
		f |= cucopy.UCOPY_F_NO_PRESCAN
	}
	if c.oneFileSystem {
		f |= cucopy.UCOPY_F_ONE_FILE_SYSTEM
	}
	if c.atomic {
		f |= cucopy.UCOPY_F_ATOMIC
	}
	return f
}

// part switches one part of archive mode on or off on its own: it goes to
// flags_set or flags_clear, and out of the other one.
func part(bit uint64, on bool) Option {
	return func(c *config) {
		if on {
			c.partsOn |= bit
			c.partsOff &^= bit
		} else {
			c.partsOff |= bit
			c.partsOn &^= bit
		}
	}
}

// WithArchive selects libucopy's archive mode (default true): everything it
// can preserve, recursively, like `cp -a` plus xattrs and ACLs (`rsync
// -aHAX`): mode, times, owner, hard links, xattrs, ACLs, and FIFOs, sockets
// and devices recreated. WithArchive(false) copies data only, and
// directories only with WithRecursive(true). WithRecursive, WithXattrs,
// WithACLs, WithSpecials and WithDevices switch one part on or off, and
// win over WithArchive whatever the order: WithArchive(true) after
// WithXattrs(false) still copies no xattrs, and WithArchive(false) keeps
// the parts switched on on their own (libucopy's flags_set and flags_clear
// rule).
func WithArchive(on bool) Option { return func(c *config) { c.archive = on } }

// WithRecursive overrides whether directories are copied with their contents.
func WithRecursive(on bool) Option { return part(cucopy.UCOPY_F_RECURSIVE, on) }

// WithXattrs overrides whether extended attributes are copied (user.*, and
// trusted.* and security.* where the process may read them; POSIX ACLs are
// WithACLs). An attribute that cannot be set is an EventWarning; a
// destination filesystem without xattr support is reported once per copy.
// WithXattrFilter leaves names out.
func WithXattrs(on bool) Option { return part(cucopy.UCOPY_F_PRESERVE_XATTRS, on) }

// WithACLs overrides whether POSIX access ACLs, and default ACLs of
// directories, are copied.
func WithACLs(on bool) Option { return part(cucopy.UCOPY_F_PRESERVE_ACLS, on) }

// WithSpecials overrides whether FIFOs and Unix sockets are recreated;
// without it they are skipped (an EventSkipped, counted in Stats.Skipped).
func WithSpecials(on bool) Option { return part(cucopy.UCOPY_F_COPY_SPECIALS, on) }

// WithDevices overrides whether character and block devices are recreated
// (this needs CAP_MKNOD); without it they are skipped (an EventSkipped).
func WithDevices(on bool) Option { return part(cucopy.UCOPY_F_COPY_DEVICES, on) }

// WithNoatime reads sources without updating their access times
// (O_NOATIME), where the process may: as their owner or with CAP_FOWNER.
// Off by default and not part of archive mode.
func WithNoatime(on bool) Option { return func(c *config) { c.noatime = on } }

// WithOwnerPolicy says what an owner that cannot be kept means: OwnerWarn
// (the default: one warning per copy), OwnerWarnEach, OwnerFail or
// OwnerIgnore. Any other value makes Copy fail with an *Error matching
// syscall.EINVAL, whose Msg names the field.
func WithOwnerPolicy(p OwnerPolicy) Option { return func(c *config) { c.ownerPolicy = p } }

// WithXattrFilter decides which extended attributes are copied while
// xattrs are: f gets a name such as "user.origin" (its bytes as on disk)
// and returns true to copy it. It is asked once per distinct name in a
// copy, on the goroutine that called Copy; system.* names (ACLs, see
// WithACLs) and security.evm never reach it. A panic in f stops the copy
// and is re-raised by Copy.
func WithXattrFilter(f func(name string) bool) Option {
	return func(c *config) { c.xattrFilter = f }
}

// WithCopyMethod says how file data moves: CopyAuto (the default),
// CopyReflink, CopyFileRange or CopyReadWrite. A file falls back to the next
// method down where the filesystem cannot do one; Stats tells which method
// moved what. Any other value makes Copy fail with an *Error matching
// syscall.EINVAL, whose Msg names the field.
func WithCopyMethod(m CopyMethod) Option { return func(c *config) { c.copyMethod = m } }

// WithReflink says when files are cloned, like cp --reflink: ReflinkAuto
// (the default), ReflinkAlways or ReflinkNever.
func WithReflink(r Reflink) Option { return func(c *config) { c.reflink = r } }

// WithSparse says what happens to holes, like cp --sparse: SparseAuto (the
// default) keeps them, SparseAlways also punches zero blocks, SparseNever
// fills them. Stats.BytesSparse counts the bytes left as holes.
func WithSparse(s Sparse) Option { return func(c *config) { c.sparse = s } }

// WithVerify reads each regular file and its copy again after copying and
// compares them (off by default, not part of archive mode). A difference
// fails the file with an event whose Err() matches ErrVerify, and removes
// its copy; Stats.FilesVerified counts the files found equal. Costs a second
// read of both files.
func WithVerify(on bool) Option { return func(c *config) { c.verify = on } }

// WithRegions sets the large-file helper threads, i.e. how many regions (of
// one file or of several) are copied at once, from 1 to 64 (0: the
// library's default, 4). Each holds at most 1 MiB of buffers.
func WithRegions(n int) Option { return func(c *config) { c.regions = uint32(n) } }

// WithRegionThreshold splits files of at least n bytes into regions copied
// concurrently, each with its own readahead; 0 disables the split. The
// default is 64 MiB.
func WithRegionThreshold(n uint64) Option {
	return func(c *config) { c.regionThreshold = &n }
}

// WithRegionSize sets the bytes per region, a multiple of 2 MiB (0, the
// default: each file split evenly among the helper threads). Other values
// make Copy fail with an *Error matching syscall.EINVAL naming region_size.
func WithRegionSize(n uint64) Option { return func(c *config) { c.regionSize = n } }

// LinkMapLimitMin is the smallest limit WithLinkMapLimit takes other than 0.
const LinkMapLimitMin uint64 = 64 << 10 // UCOPY_LINK_MAP_LIMIT_MIN; links_test.go checks

// WithLinkMapLimit bounds the memory of the hard-link map at n bytes (0, the
// default: unlimited; else at least LinkMapLimitMin, 64 KiB). Each file with
// several names takes about 60 bytes until its last name is linked. Past
// the limit, the oldest entries move to an unlinked temporary file and
// links are kept; only if that file cannot be used are such files copied
// unlinked (every name with its data, those names not hard links of each
// other), and one EventWarning with Op "link" says so. Smaller values make
// Copy fail with an *Error matching syscall.EINVAL naming link_map_limit.
func WithLinkMapLimit(n uint64) Option { return func(c *config) { c.linkMapLimit = n } }

// WithUpdate says when an existing destination file is up to date and left
// alone: UpdateNever (the default; the overwrite policy decides),
// UpdateSizeMtime (same type, size and mtime, rsync's quick check) or
// UpdateChecksum (same contents). An outdated file is replaced whatever
// WithOverwrite says; an up-to-date one still gets its owner, mode and times
// brought in line, is reported as an EventSkipped with Op "update" and is
// counted in Stats.UpToDate (and Stats.Skipped). Any other value makes Copy
// fail with an *Error matching syscall.EINVAL, whose Msg names the field.
func WithUpdate(u Update) Option { return func(c *config) { c.update = u } }

// WithDigest gives each copied regular file's EventCopied its content
// digest (Event.Digest): DigestXXH128 or DigestSHA256, computed from the
// bytes as they are copied, never by reading a source a second time (data
// that would move inside the kernel is read and written through the
// library's buffers instead; a cloned file's source is read once). Ask for
// copied events with WithEventHandler to receive them. Any other value
// makes Copy fail with an *Error matching syscall.EINVAL naming digest.
func WithDigest(d Digest) Option { return func(c *config) { c.digest = d } }

// WithDelete removes destination entries the source lacks, like rsync
// --delete. Off by default and not part of archive mode. Each directory is
// cleaned after its own entries are copied, only through the destination
// directory's descriptors: a symbolic link is removed as a link, never
// followed, and a filesystem mounted below the destination is not entered.
// Each removed entry is an EventDeleted (Dst set, Src empty, Op "delete"),
// counted in Stats.Deleted; with WithDryRun they are reported and counted
// and nothing is removed.
func WithDelete(on bool) Option { return func(c *config) { c.delete = on } }

// WithFsync makes the copy durable before Copy returns: each file's data is
// synced before it is closed, each directory after its entries and its own
// metadata, and at the end the destination filesystem as a whole (syncfs).
// Off by default and not part of archive mode.
func WithFsync(on bool) Option { return func(c *config) { c.fsync = on } }

// WithDirectIO says whether large read/write copies may bypass the page
// cache (default true): files of 8 MiB and more that are read and written
// (not cloned, not copy_file_range) use O_DIRECT where the filesystems allow
// it. WithDirectIO(false) keeps them in the page cache.
func WithDirectIO(on bool) Option { return func(c *config) { c.noDirectIO = !on } }

// WithWriteBehind says whether write-back of the destination filesystem
// starts while the copy goes on (default true): each time 64 MiB of copied
// data sits unwritten in the page cache, the library calls syncfs on a
// thread of its own, so that the disk writes during the copy rather than
// after it. Copy returns later (it waits for a write-back in progress) but
// the data is on disk sooner; a failed write-back is an error naming the
// destination. WithWriteBehind(false) leaves all write-back to the kernel.
func WithWriteBehind(on bool) Option { return func(c *config) { c.noWriteBehind = !on } }

// WithPrescan says whether a counting walk runs ahead of the copy (default
// true), on a thread of its own: directory listings and a stat per entry,
// nothing read or written, so that Progress.FilesTotal and BytesTotal are
// complete long before the copy ends and Progress.TotalsFinal says so. It
// costs about 2 µs of CPU per entry on a warm cache. WithPrescan(false)
// turns it off: the totals are then what the copy has found so far, and
// final only when it ends.
func WithPrescan(on bool) Option { return func(c *config) { c.noPrescan = !on } }

// WithOneFileSystem stays on the source's filesystem, as cp -x and rsync -x
// do: a directory on another filesystem (a mount point below the source)
// is created in the destination with its metadata, but what it holds is
// not copied. Off by default and not part of archive mode.
func WithOneFileSystem(on bool) Option { return func(c *config) { c.oneFileSystem = on } }

// WithExclude leaves out the entries that pattern matches, with rsync's
// --exclude rules: the path matched is relative to the source; a leading
// "/" anchors the pattern there, a trailing "/" matches only directories,
// "*" does not match "/" but "**" does, and "dir/***" is dir with
// everything below it. WithExclude and WithInclude rules apply in the order
// given; the first that matches decides, and an entry none matches is
// copied. An excluded directory is not entered, and with WithDelete
// excluded destination entries are kept. A pattern the library refuses
// (empty, or a "[" without its "]") makes Copy fail with an *Error matching
// syscall.EINVAL whose Msg names it. Stats.Filtered counts what was left
// out.
func WithExclude(pattern string) Option {
	return func(c *config) {
		c.rules = append(c.rules, filterRule{cucopy.UCOPY_FILTER_EXCLUDE, pattern})
	}
}

// WithInclude copies the entries that pattern matches even where a later
// WithExclude matches too (rsync's --include; see WithExclude).
func WithInclude(pattern string) Option {
	return func(c *config) {
		c.rules = append(c.rules, filterRule{cucopy.UCOPY_FILTER_INCLUDE, pattern})
	}
}

// WithFilter decides entry by entry what is copied: f gets the path of each
// entry the WithExclude/WithInclude rules let through, relative to the
// source, and its fs.FileInfo (from lstat, or stat with WithDereference;
// Sys() is a *syscall.Stat_t), and returns Continue to copy it, Skip to
// leave it out (a directory with everything below it) or Abort to stop the
// copy (an *Error matching ErrAborted). f runs on the goroutine that called
// Copy; a panic in f stops the copy and is re-raised by Copy.
func WithFilter(f func(path string, info fs.FileInfo) Decision) Option {
	return func(c *config) { c.filter = f }
}

// WithAtomic writes each file, symlink and special file under a temporary
// name (".ucopy-tmp." followed by the process id, a number and the start of
// its name) in its destination directory, gives it its data and metadata
// (and syncs it, with WithFsync), then renames it over its name: a reader
// sees the old file or the whole new one, never a partial file, and a file
// that fails leaves the old one untouched and no temporary name.
// WithOverwrite and WithUpdate decide what is replaced, as without it.
// Temporary names a killed run left are removed by the next atomic run from
// each existing directory it merges into. Off by default and not part of
// archive mode.
func WithAtomic(on bool) Option { return func(c *config) { c.atomic = on } }

// WithDereference follows every symbolic link in the source.
func WithDereference(on bool) Option { return func(c *config) { c.dereference = on } }

// WithDereferenceArgs follows the source only if it is itself a symlink.
func WithDereferenceArgs(on bool) Option { return func(c *config) { c.derefArgs = on } }

// WithDryRun walks and reports, writing nothing: each entry that would be
// copied is an EventCopied whose Bytes is the data it would copy, each one
// left alone an EventSkipped, each removal (WithDelete) an EventDeleted, and
// the Stats count what would be done. Plan collects those events.
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

// WithEventHandler calls f for every event (copied, skipped, deleted,
// warning, and errors too), for logging. An error goes to f first, then to
// the error handler, which decides.
func WithEventHandler(f func(Event)) Option { return func(c *config) { c.onEvent = f } }

// apply writes the configuration into a fresh options struct and hands it
// to the handle.
func (c *config) apply(h cucopy.Struct_SS_ucopy) error {
	o := cucopy.NewUcopy_options()
	defer cucopy.DeleteUcopy_options(o)
	o.SetFlags(c.flags())
	o.SetFlags_set(c.partsOn)
	o.SetFlags_clear(c.partsOff)
	o.SetOverwrite(uint(c.overwrite))
	o.SetOwner_policy(uint(c.ownerPolicy))
	o.SetWorkers(uint(c.workers))
	o.SetFiles_in_flight(uint(c.filesInFlight))
	o.SetQueue_depth(uint(c.queueDepth))
	o.SetBuffer_size(uint(c.bufferSize))
	o.SetProgress_interval_ms(uint(c.progressInterval / time.Millisecond))
	o.SetCopy_method(uint(c.copyMethod))
	o.SetReflink(uint(c.reflink))
	o.SetSparse(uint(c.sparse))
	o.SetRegions(uint(c.regions))
	if c.regionThreshold != nil {
		o.SetRegion_threshold(*c.regionThreshold)
	}
	o.SetRegion_size(c.regionSize)
	o.SetLink_map_limit(c.linkMapLimit)
	o.SetUpdate(uint(c.update))
	o.SetDigest(uint(c.digest))
	if rc := cucopy.Ucopy_set_options(h, o); rc != 0 {
		return &Error{Op: "options", Code: rc, Errno: errnoOf(rc), Msg: cucopy.Ucopy_last_error(h)}
	}
	for _, r := range c.rules {
		if strings.IndexByte(r.pattern, 0) >= 0 {
			return &Error{Op: "filter", Code: -int(syscall.EINVAL), Errno: syscall.EINVAL,
				Msg: "filter pattern contains a NUL byte: " + strings.ReplaceAll(r.pattern, "\x00", `\x00`)}
		}
		if rc := cucopy.Ucopy_add_filter_rule(h, r.action, r.pattern); rc != 0 {
			return &Error{Op: "filter", Code: rc, Errno: errnoOf(rc), Msg: cucopy.Ucopy_last_error(h)}
		}
	}
	return nil
}
