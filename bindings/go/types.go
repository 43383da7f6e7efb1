// SPDX-License-Identifier: MIT

package ucopy

import (
	"fmt"
	"syscall"
	"time"

	"github.com/ucopy/ucopy/bindings/go/internal/cucopy"
)

// Overwrite says what happens to an existing destination entry (other than
// a directory, which is always merged into).
type Overwrite int

const (
	OverwriteFail    Overwrite = Overwrite(cucopy.UCOPY_OVERWRITE_FAIL)    // report EEXIST for the entry
	OverwriteReplace Overwrite = Overwrite(cucopy.UCOPY_OVERWRITE_REPLACE) // unlink it and create anew (WithAtomic: rename the copy over it)
	OverwriteSkip    Overwrite = Overwrite(cucopy.UCOPY_OVERWRITE_SKIP)    // keep it, count as skipped
)

func (o Overwrite) String() string {
	switch o {
	case OverwriteFail:
		return "fail"
	case OverwriteReplace:
		return "replace"
	case OverwriteSkip:
		return "skip"
	}
	return fmt.Sprintf("Overwrite(%d)", int(o))
}

// OwnerPolicy says what happens when the owner of an entry cannot be kept
// (a caller without CAP_CHOWN copying files owned by someone else) while
// owners are preserved. The group alone is still kept where the caller may.
type OwnerPolicy int

const (
	// OwnerWarn copies the entry owned by the caller, as cp -a does, and
	// reports one EventWarning per copy (errno EPERM, Op "chown"), for the
	// first such entry, saying that later ones are not reported; only it
	// counts in Stats.Warnings. The default. (Before 0.2 it warned for every
	// entry: that is now OwnerWarnEach.)
	OwnerWarn OwnerPolicy = OwnerPolicy(cucopy.UCOPY_OWNER_WARN)
	// OwnerFail reports an EventError for the entry: it counts as failed.
	OwnerFail OwnerPolicy = OwnerPolicy(cucopy.UCOPY_OWNER_FAIL)
	// OwnerIgnore copies the entry owned by the caller, silently, as cp -a
	// does.
	OwnerIgnore OwnerPolicy = OwnerPolicy(cucopy.UCOPY_OWNER_IGNORE)
	// OwnerWarnEach copies the entry owned by the caller and reports an
	// EventWarning for every such entry (each counts in Stats.Warnings).
	OwnerWarnEach OwnerPolicy = OwnerPolicy(cucopy.UCOPY_OWNER_WARN_EACH)
)

func (p OwnerPolicy) String() string {
	switch p {
	case OwnerWarn:
		return "warn"
	case OwnerFail:
		return "fail"
	case OwnerIgnore:
		return "ignore"
	case OwnerWarnEach:
		return "warn-each"
	}
	return fmt.Sprintf("OwnerPolicy(%d)", int(p))
}

// CopyMethod says how the data of regular files moves. Whatever the method,
// a file falls back silently to the next one down when the filesystem cannot
// do it; Stats counts files and bytes per method that moved them.
type CopyMethod int

const (
	// CopyAuto copies small files through io_uring and larger ones by clone
	// (FICLONE), else copy_file_range, else read/write. The default.
	CopyAuto CopyMethod = CopyMethod(cucopy.UCOPY_COPY_AUTO)
	// CopyReflink tries a clone first for every file, however small.
	CopyReflink CopyMethod = CopyMethod(cucopy.UCOPY_COPY_REFLINK)
	// CopyFileRange uses copy_file_range first for every file; no clone.
	CopyFileRange CopyMethod = CopyMethod(cucopy.UCOPY_COPY_FILE_RANGE)
	// CopyReadWrite reads and writes only.
	CopyReadWrite CopyMethod = CopyMethod(cucopy.UCOPY_COPY_READ_WRITE)
)

func (m CopyMethod) String() string {
	switch m {
	case CopyAuto:
		return "auto"
	case CopyReflink:
		return "reflink"
	case CopyFileRange:
		return "copy_file_range"
	case CopyReadWrite:
		return "read_write"
	}
	return fmt.Sprintf("CopyMethod(%d)", int(m))
}

// Reflink says when files are cloned, like cp --reflink.
type Reflink int

const (
	// ReflinkAuto clones where the copy method allows it and it works. The
	// default.
	ReflinkAuto Reflink = Reflink(cucopy.UCOPY_REFLINK_AUTO)
	// ReflinkAlways clones every file or fails it (Op "clone"). Together with
	// CopyFileRange or CopyReadWrite it makes Copy fail with EINVAL.
	ReflinkAlways Reflink = Reflink(cucopy.UCOPY_REFLINK_ALWAYS)
	// ReflinkNever never clones.
	ReflinkNever Reflink = Reflink(cucopy.UCOPY_REFLINK_NEVER)
)

func (r Reflink) String() string {
	switch r {
	case ReflinkAuto:
		return "auto"
	case ReflinkAlways:
		return "always"
	case ReflinkNever:
		return "never"
	}
	return fmt.Sprintf("Reflink(%d)", int(r))
}

// Sparse says what happens to holes in source files, like cp --sparse.
type Sparse int

const (
	// SparseAuto keeps the holes of files that have some. The default.
	SparseAuto Sparse = Sparse(cucopy.UCOPY_SPARSE_AUTO)
	// SparseAlways also leaves out 4 KiB blocks of zeros (read and write
	// only).
	SparseAlways Sparse = Sparse(cucopy.UCOPY_SPARSE_ALWAYS)
	// SparseNever writes holes out as zeros.
	SparseNever Sparse = Sparse(cucopy.UCOPY_SPARSE_NEVER)
)

func (s Sparse) String() string {
	switch s {
	case SparseAuto:
		return "auto"
	case SparseAlways:
		return "always"
	case SparseNever:
		return "never"
	}
	return fmt.Sprintf("Sparse(%d)", int(s))
}

// Update says when an existing destination file counts as up to date, in
// which case its data is left alone (WithUpdate).
type Update int

const (
	// UpdateNever checks nothing: the overwrite policy decides. The default.
	UpdateNever Update = Update(cucopy.UCOPY_UPDATE_NONE)
	// UpdateSizeMtime: same type, size and modification time (to the
	// nanosecond), rsync's quick check. The destination is not read.
	UpdateSizeMtime Update = Update(cucopy.UCOPY_UPDATE_SIZE_MTIME)
	// UpdateChecksum: same type, size and contents; both files are read.
	UpdateChecksum Update = Update(cucopy.UCOPY_UPDATE_CHECKSUM)
)

func (u Update) String() string {
	switch u {
	case UpdateNever:
		return "never"
	case UpdateSizeMtime:
		return "size-mtime"
	case UpdateChecksum:
		return "checksum"
	}
	return fmt.Sprintf("Update(%d)", int(u))
}

// Digest is the content digest computed of each copied regular file
// (WithDigest), given in Event.Digest.
type Digest int

const (
	// DigestNone computes no digest. The default.
	DigestNone Digest = Digest(cucopy.UCOPY_DIGEST_NONE)
	// DigestXXH128 is XXH3 128-bit (libxxhash): 16 bytes, as xxhsum -H2
	// prints them.
	DigestXXH128 Digest = Digest(cucopy.UCOPY_DIGEST_XXH128)
	// DigestSHA256 is SHA-256 (OpenSSL): 32 bytes, as sha256sum prints them.
	DigestSHA256 Digest = Digest(cucopy.UCOPY_DIGEST_SHA256)
)

func (d Digest) String() string {
	switch d {
	case DigestNone:
		return "none"
	case DigestXXH128:
		return "xxh128"
	case DigestSHA256:
		return "sha256"
	}
	return fmt.Sprintf("Digest(%d)", int(d))
}

// Decision is what an error handler answers for a failed entry.
type Decision int

const (
	// Continue counts the entry as failed and goes on (Copy then returns an
	// error matching ErrPartial).
	Continue Decision = Decision(cucopy.UCOPY_CONTINUE)
	// Skip counts the entry as skipped, not failed (a directory's subtree is
	// left out) and goes on.
	Skip Decision = Decision(cucopy.UCOPY_SKIP)
	// Abort stops the copy; Copy returns an error matching ErrAborted.
	Abort Decision = Decision(cucopy.UCOPY_ABORT)
)

func (d Decision) String() string {
	switch d {
	case Continue:
		return "continue"
	case Skip:
		return "skip"
	case Abort:
		return "abort"
	}
	return fmt.Sprintf("Decision(%d)", int(d))
}

// EventType tells what an Event reports.
type EventType int

const (
	EventError   EventType = EventType(cucopy.UCOPY_EVENT_ERROR)   // the entry could not be copied
	EventWarning EventType = EventType(cucopy.UCOPY_EVENT_WARNING) // copied, but the source changed or metadata was not kept
	EventSkipped EventType = EventType(cucopy.UCOPY_EVENT_SKIPPED) // existing destination kept, or a special/device not copied
	EventCopied  EventType = EventType(cucopy.UCOPY_EVENT_COPIED)  // the entry was copied (in a dry run: would be)
	EventDeleted EventType = EventType(cucopy.UCOPY_EVENT_DELETED) // an extraneous destination entry was removed (WithDelete)
)

func (t EventType) String() string {
	switch t {
	case EventError:
		return "error"
	case EventWarning:
		return "warning"
	case EventSkipped:
		return "skipped"
	case EventCopied:
		return "copied"
	case EventDeleted:
		return "deleted"
	}
	return fmt.Sprintf("EventType(%d)", int(t))
}

// FileType is the kind of entry an Event is about.
type FileType int

const (
	TypeUnknown FileType = FileType(cucopy.UCOPY_TYPE_UNKNOWN)
	TypeFile    FileType = FileType(cucopy.UCOPY_TYPE_FILE)
	TypeDir     FileType = FileType(cucopy.UCOPY_TYPE_DIR)
	TypeSymlink FileType = FileType(cucopy.UCOPY_TYPE_SYMLINK)
	TypeSpecial FileType = FileType(cucopy.UCOPY_TYPE_SPECIAL) // FIFO, socket, device
)

func (t FileType) String() string {
	switch t {
	case TypeUnknown:
		return "unknown"
	case TypeFile:
		return "file"
	case TypeDir:
		return "dir"
	case TypeSymlink:
		return "symlink"
	case TypeSpecial:
		return "special"
	}
	return fmt.Sprintf("FileType(%d)", int(t))
}

// Phase is what a copy is doing at a progress report (Progress.Phase).
// Parts of a copy overlap (a worker lists a directory while others copy):
// the phase is that of the worker whose CurrentPath is reported, or the
// copy's final step.
type Phase int

const (
	PhaseUnknown   Phase = 0                                   // the library did not say (older than 0.2)
	PhaseWalking   Phase = Phase(cucopy.UCOPY_PHASE_WALKING)   // listing directories, looking at entries
	PhaseCopying   Phase = Phase(cucopy.UCOPY_PHASE_COPYING)   // moving data and metadata
	PhaseDeleting  Phase = Phase(cucopy.UCOPY_PHASE_DELETING)  // removing extraneous entries (WithDelete)
	PhaseVerifying Phase = Phase(cucopy.UCOPY_PHASE_VERIFYING) // comparing a copy with its source (WithVerify)
	PhaseSyncing   Phase = Phase(cucopy.UCOPY_PHASE_SYNCING)   // the final sync, or waiting for write-back
)

func (p Phase) String() string {
	switch p {
	case PhaseUnknown:
		return "unknown"
	case PhaseWalking:
		return "walking"
	case PhaseCopying:
		return "copying"
	case PhaseDeleting:
		return "deleting"
	case PhaseVerifying:
		return "verifying"
	case PhaseSyncing:
		return "syncing"
	}
	return fmt.Sprintf("Phase(%d)", int(p))
}

// Progress is a snapshot of a running copy. Values never go backwards; the
// last call of a copy has Finished set.
//
// The totals are complete once TotalsFinal is set: a counting walk runs
// ahead of the copy (unless WithPrescan(false)) and sets it long before
// the end; before that they are what has been discovered so far. The
// fields from TotalsFinal on come with libucopy 0.2; an older library
// leaves them zero.
type Progress struct {
	Finished   bool
	FilesDone  uint64 // entries finished (copied, failed or skipped)
	FilesTotal uint64 // entries in the copy (see TotalsFinal)
	// Data bytes written, plus holes kept in sparse files, plus the sizes
	// of files settled without writing them (up to date, or kept).
	BytesDone  uint64
	BytesTotal uint64 // data bytes in the copy (see TotalsFinal)
	Elapsed    time.Duration
	// TotalsFinal is set once FilesTotal and BytesTotal are complete (they
	// may still grow a little if the tree grows during the copy).
	TotalsFinal  bool
	Phase        Phase  // what the copy is doing now
	BytesPerSec  uint64 // the rate of BytesDone over the last interval
	FilesFailed  uint64 // entries that could not be copied so far
	FilesSkipped uint64 // entries left alone so far (up to date, kept)
	// CurrentPath is the source path of a file in flight, bytes as on
	// disk (copied: it stays valid after the callback); "" when there is
	// none to tell (between files, or syncing).
	CurrentPath string
}

func newProgress(p cucopy.Progress) Progress {
	return Progress{
		Finished:     p.Finished,
		FilesDone:    p.FilesDone,
		FilesTotal:   p.FilesTotal,
		BytesDone:    p.BytesDone,
		BytesTotal:   p.BytesTotal,
		Elapsed:      p.Elapsed,
		TotalsFinal:  p.TotalsFinal,
		Phase:        Phase(p.Phase),
		BytesPerSec:  p.BytesPerSec,
		FilesFailed:  p.FilesFailed,
		FilesSkipped: p.FilesSkipped,
		CurrentPath:  p.CurrentPath,
	}
}

// Event reports one entry: an error, a warning, a skip, a copy or a
// removal (WithDelete).
type Event struct {
	Type     EventType
	Code     int           // 0, a negative errno value or a libucopy status code
	Errno    syscall.Errno // the errno when Code is one, else 0
	FileType FileType
	Src      string // source path, bytes as on disk
	Dst      string // destination path
	Op       string // what failed: "open", "read", "write", ... ("" if none)
	Message  string // one line for humans: path, operation and reason
	Bytes    uint64 // data bytes written for this entry (in a dry run: that it would copy)
	// With WithDigest, a copied regular file's content digest (16 bytes for
	// DigestXXH128, 32 for DigestSHA256); nil otherwise.
	Digest []byte
}

// Stats are the counters of a finished copy. In a dry run (WithDryRun,
// Plan) the entry counts and Bytes say what would be done.
type Stats struct {
	Files, Dirs, Symlinks, Specials uint64 // entries created (dirs: or merged into)
	// Data bytes of the files the copy left in the destination: a file that
	// failed or was cancelled, and whose partial copy was removed, does not
	// count (after a cancel: what was kept, not what was written).
	Bytes    uint64
	Failures uint64 // entries that could not be copied
	Skipped  uint64 // entries left alone
	// Warning events, not entries: a source that changed while it was read,
	// metadata (an xattr, an ACL, the owner) that could not be kept. Under
	// OwnerWarn (the default) owners that could not be kept count once per
	// copy, and a destination filesystem without xattr or ACL support once.
	Warnings      uint64
	Elapsed       time.Duration
	SQEsSubmitted uint64 // io_uring submission queue entries
	IOUringEnters uint64 // io_uring_enter system calls

	// Regular files and their data bytes by the way the data moved. A file
	// that fell back partway counts under the method it ended with; bytes
	// count under the method that moved them.
	FilesReflinked, BytesReflinked         uint64 // cloned: no data moved
	FilesCopyFileRange, BytesCopyFileRange uint64 // copy_file_range
	FilesReadWrite, BytesReadWrite         uint64 // read and write
	BytesSparse                            uint64 // source bytes left as holes, not written
	FilesVerified                          uint64 // files compared again and found equal (WithVerify)

	UpToDate uint64 // entries left alone as up to date (WithUpdate); also in Skipped
	Deleted  uint64 // destination entries removed (in a dry run, found) by WithDelete
	Filtered uint64 // entries left out by WithExclude/WithInclude or WithFilter (a directory once)
}

func errnoOf(code int) syscall.Errno {
	if code < 0 && code > -4096 {
		return syscall.Errno(-code)
	}
	return 0
}

func eventFromC(e cucopy.Event) Event {
	return Event{
		Type:     EventType(e.Type),
		Code:     e.Code,
		Errno:    errnoOf(e.Code),
		FileType: FileType(e.FileType),
		Src:      e.Src,
		Dst:      e.Dst,
		Op:       e.Op,
		Message:  e.Message,
		Bytes:    e.Bytes,
		Digest:   e.Digest,
	}
}

// Err is the event's Code as an *Error (Op, Path and Dst the event's, Msg
// its Message), nil when Code is 0, so that errors.Is works on events too:
// errors.Is(ev.Err(), ucopy.ErrVerify), errors.Is(ev.Err(), fs.ErrPermission).
func (e Event) Err() error {
	if e.Code == 0 {
		return nil
	}
	return &Error{Op: e.Op, Path: e.Src, Dst: e.Dst, Code: e.Code, Errno: e.Errno, Msg: e.Message}
}

// Version is the version of the libucopy in use, e.g. "0.1.0".
func Version() string { return cucopy.Ucopy_version_string() }
