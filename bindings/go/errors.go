// SPDX-License-Identifier: MIT

package ucopy

import (
	"errors"
	"fmt"
	"syscall"

	"github.com/ucopy/ucopy/bindings/go/internal/cucopy"
)

// Sentinels for libucopy's own status codes; test with errors.Is.
var (
	// ErrPartial: the copy finished but some entries failed (Error.Failures).
	ErrPartial = errors.New("ucopy: some entries could not be copied")
	// ErrAborted: an error handler returned Abort (or progress stopped it).
	ErrAborted = errors.New("ucopy: aborted by a callback")
	// ErrChanged: a source file changed size while it was being copied.
	ErrChanged = errors.New("ucopy: source changed while being copied")
	// ErrSameFile: source and destination are the same file.
	ErrSameFile = errors.New("ucopy: source and destination are the same file")
	// ErrDstInside: the destination lies inside the source tree.
	ErrDstInside = errors.New("ucopy: destination inside the source tree")
	// ErrVerify: WithVerify read a file and its copy again and found them
	// different; the copy was removed. Reported per file: an EventError
	// whose Err() matches it, among an ErrPartial error's Failures.
	ErrVerify = errors.New("ucopy: copy differs from the source")
)

func sentinel(code int) error {
	switch code {
	case cucopy.UCOPY_EPARTIAL:
		return ErrPartial
	case cucopy.UCOPY_EABORTED:
		return ErrAborted
	case cucopy.UCOPY_ECHANGED:
		return ErrChanged
	case cucopy.UCOPY_ESAMEFILE:
		return ErrSameFile
	case cucopy.UCOPY_EDSTINSIDE:
		return ErrDstInside
	case cucopy.UCOPY_EVERIFY:
		return ErrVerify
	}
	return nil
}

// Error is what Copy returns when libucopy reports a failure.
//
// It unwraps to its Errno (so errors.Is(err, fs.ErrNotExist) and
// errors.Is(err, syscall.ENOENT) work), to a sentinel for libucopy's own
// codes (ErrPartial, ErrAborted, ...), and to the context's error when the
// copy was cancelled through its context.
type Error struct {
	Op   string // the failing operation ("open", "mkdir", ...), or "copy"
	Path string // the path it failed on (the source when not known better)
	Dst  string // the destination path of the copy or entry
	Code int    // the raw libucopy status code
	// The errno when Code is one; for ErrAborted, the errno of the entry
	// whose error the handler answered with Abort (0 if none).
	Errno    syscall.Errno
	Msg      string  // libucopy's message for the failure
	Failures []Event // for ErrPartial/ErrAborted: the error events seen

	cause error // context.Canceled / DeadlineExceeded when ctx stopped the copy
}

func (e *Error) Error() string {
	if e.cause != nil {
		return fmt.Sprintf("ucopy: %s %s: %v", e.Op, e.Path, e.cause)
	}
	reason := cucopy.Ucopy_strerror(e.Code)
	if e.Errno != 0 && e.Code != -int(e.Errno) {
		reason += ": " + e.Errno.Error() // why a callback aborted
	}
	if e.Code == cucopy.UCOPY_EPARTIAL && len(e.Failures) > 0 {
		reason = fmt.Sprintf("%d entries could not be copied, first: %s",
			len(e.Failures), e.Failures[0].Message)
	}
	return fmt.Sprintf("ucopy: %s %s: %s", e.Op, e.Path, reason)
}

// Unwrap gives the errno, the sentinel and the context error, whichever apply.
func (e *Error) Unwrap() []error {
	var errs []error
	if e.Errno != 0 {
		errs = append(errs, e.Errno)
	}
	if s := sentinel(e.Code); s != nil {
		errs = append(errs, s)
	}
	if e.cause != nil {
		errs = append(errs, e.cause)
	}
	return errs
}

// Is matches another *Error with the same Code, so that
// errors.Is(err, &ucopy.Error{Code: c}) works too.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}
