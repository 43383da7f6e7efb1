// SPDX-License-Identifier: MIT

package ucopy_test

import (
	"fmt"
	"testing"

	ucopy "github.com/ucopy/ucopy/bindings/go"
)

// Every enum prints its name, and a value it does not know as Type(n).
func TestEnumStrings(t *testing.T) {
	for _, tc := range []struct {
		v    fmt.Stringer
		want string
	}{
		{ucopy.EventError, "error"},
		{ucopy.EventWarning, "warning"},
		{ucopy.EventSkipped, "skipped"},
		{ucopy.EventCopied, "copied"},
		{ucopy.EventDeleted, "deleted"},
		{ucopy.EventType(0), "EventType(0)"},
		{ucopy.TypeUnknown, "unknown"},
		{ucopy.TypeFile, "file"},
		{ucopy.TypeDir, "dir"},
		{ucopy.TypeSymlink, "symlink"},
		{ucopy.TypeSpecial, "special"},
		{ucopy.FileType(42), "FileType(42)"},
		{ucopy.OverwriteFail, "fail"},
		{ucopy.OverwriteReplace, "replace"},
		{ucopy.OverwriteSkip, "skip"},
		{ucopy.Overwrite(-1), "Overwrite(-1)"},
		{ucopy.OwnerWarn, "warn"},
		{ucopy.OwnerFail, "fail"},
		{ucopy.OwnerIgnore, "ignore"},
		{ucopy.OwnerWarnEach, "warn-each"},
		{ucopy.OwnerPolicy(9), "OwnerPolicy(9)"},
		{ucopy.CopyAuto, "auto"},
		{ucopy.CopyReflink, "reflink"},
		{ucopy.CopyFileRange, "copy_file_range"},
		{ucopy.CopyReadWrite, "read_write"},
		{ucopy.CopyMethod(9), "CopyMethod(9)"},
		{ucopy.ReflinkAuto, "auto"},
		{ucopy.ReflinkAlways, "always"},
		{ucopy.ReflinkNever, "never"},
		{ucopy.Reflink(9), "Reflink(9)"},
		{ucopy.SparseAuto, "auto"},
		{ucopy.SparseAlways, "always"},
		{ucopy.SparseNever, "never"},
		{ucopy.Sparse(9), "Sparse(9)"},
		{ucopy.UpdateNever, "never"},
		{ucopy.UpdateSizeMtime, "size-mtime"},
		{ucopy.UpdateChecksum, "checksum"},
		{ucopy.Update(9), "Update(9)"},
		{ucopy.Continue, "continue"},
		{ucopy.Skip, "skip"},
		{ucopy.Abort, "abort"},
		{ucopy.Decision(9), "Decision(9)"},
	} {
		if got := tc.v.String(); got != tc.want {
			t.Errorf("%T(%#v).String() = %q, want %q", tc.v, tc.v, got, tc.want)
		}
		// %v goes through String too.
		if got := fmt.Sprintf("%v", tc.v); got != tc.want {
			t.Errorf("%%v of %T = %q, want %q", tc.v, got, tc.want)
		}
	}
}
