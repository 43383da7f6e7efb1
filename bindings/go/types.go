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
	OverwriteReplace Overwrite = Overwrite(cucopy.UCOPY_OVERWRITE_REPLACE) // unlink it and create anew
	OverwriteSkip    Overwrite = Overwrite(cucopy.UCOPY_OVERWRITE_SKIP)    // keep it, count as skipped
)

// OwnerPolicy says what happens when the owner of an entry cannot be kept
// (a caller without CAP_CHOWN copying files owned by someone else) while
// owners are preserved. The group alone is still kept where the caller may.
type OwnerPolicy int

const (
	// OwnerWarn copies the entry owned by the caller and reports an
	// EventWarning for it (errno EPERM, Op "chown"). The default.
	OwnerWarn OwnerPolicy = OwnerPolicy(cucopy.UCOPY_OWNER_WARN)
	// OwnerFail reports an EventError for the entry: it counts as failed.
	OwnerFail OwnerPolicy = OwnerPolicy(cucopy.UCOPY_OWNER_FAIL)
	// OwnerIgnore copies the entry owned by the caller, silently, as cp -a
	// does.
	OwnerIgnore OwnerPolicy = OwnerPolicy(cucopy.UCOPY_OWNER_IGNORE)
)

func (p OwnerPolicy) String() string {
	switch p {
	case OwnerWarn:
		return "warn"
	case OwnerFail:
		return "fail"
	case OwnerIgnore:
		return "ignore"
	}
	return fmt.Sprintf("OwnerPolicy(%d)", int(p))
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
	EventCopied  EventType = EventType(cucopy.UCOPY_EVENT_COPIED)  // the entry was copied
)

// FileType is the kind of entry an Event is about.
type FileType int

const (
	TypeUnknown FileType = FileType(cucopy.UCOPY_TYPE_UNKNOWN)
	TypeFile    FileType = FileType(cucopy.UCOPY_TYPE_FILE)
	TypeDir     FileType = FileType(cucopy.UCOPY_TYPE_DIR)
	TypeSymlink FileType = FileType(cucopy.UCOPY_TYPE_SYMLINK)
	TypeSpecial FileType = FileType(cucopy.UCOPY_TYPE_SPECIAL) // FIFO, socket, device
)

// Progress is a snapshot of a running copy. Values never go backwards; the
// last call of a copy has Finished set.
type Progress struct {
	Finished   bool
	FilesDone  uint64 // entries finished (copied, failed or skipped)
	FilesTotal uint64 // entries discovered so far
	BytesDone  uint64
	BytesTotal uint64 // data bytes discovered so far
	Elapsed    time.Duration
}

// Event reports one entry: an error, a warning, a skip or a copy.
type Event struct {
	Type     EventType
	Code     int           // 0, a negative errno value or a libucopy status code
	Errno    syscall.Errno // the errno when Code is one, else 0
	FileType FileType
	Src      string // source path, bytes as on disk
	Dst      string // destination path
	Op       string // what failed: "open", "read", "write", ... ("" if none)
	Message  string // one line for humans: path, operation and reason
	Bytes    uint64 // data bytes written for this entry
}

// Stats are the counters of a finished copy.
type Stats struct {
	Files, Dirs, Symlinks, Specials uint64 // entries created
	Bytes                           uint64 // data bytes written
	Failures                        uint64 // entries that could not be copied
	Skipped                         uint64 // entries left alone
	Warnings                        uint64 // entries copied while their source changed
	Elapsed                         time.Duration
	SQEsSubmitted                   uint64 // io_uring submission queue entries
	IOUringEnters                   uint64 // io_uring_enter system calls
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
	}
}

// Version is the version of the libucopy in use, e.g. "0.1.0".
func Version() string { return cucopy.Ucopy_version_string() }
