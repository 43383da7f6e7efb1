// SPDX-License-Identifier: MIT

package ucopy

import (
	"testing"

	"github.com/ucopy/ucopy/bindings/go/internal/cucopy"
)

func TestFlagsFollowTheLibraryArchiveMode(t *testing.T) {
	for _, tc := range []struct {
		opts []Option
		want uint64
	}{
		{nil, cucopy.UCOPY_F_ARCHIVE},
		{[]Option{WithArchive(false)}, 0},
		{[]Option{WithNoatime(true)}, cucopy.UCOPY_F_ARCHIVE | cucopy.UCOPY_F_NOATIME},
		{[]Option{WithDelete(true)}, cucopy.UCOPY_F_ARCHIVE | cucopy.UCOPY_F_DELETE},
		{[]Option{WithDelete(true), WithDelete(false)}, cucopy.UCOPY_F_ARCHIVE},
		{[]Option{WithFsync(true)}, cucopy.UCOPY_F_ARCHIVE | cucopy.UCOPY_F_FSYNC},
		{[]Option{WithFsync(true), WithFsync(false)}, cucopy.UCOPY_F_ARCHIVE},
		{[]Option{WithDirectIO(false)}, cucopy.UCOPY_F_ARCHIVE | cucopy.UCOPY_F_NO_DIRECT_IO},
		{[]Option{WithDirectIO(false), WithDirectIO(true)}, cucopy.UCOPY_F_ARCHIVE},
		{[]Option{WithDirectIO(true)}, cucopy.UCOPY_F_ARCHIVE},
		{[]Option{WithWriteBehind(false)}, cucopy.UCOPY_F_ARCHIVE | cucopy.UCOPY_F_NO_WRITE_BEHIND},
		{[]Option{WithWriteBehind(false), WithWriteBehind(true)}, cucopy.UCOPY_F_ARCHIVE},
		{[]Option{WithOneFileSystem(true)}, cucopy.UCOPY_F_ARCHIVE | cucopy.UCOPY_F_ONE_FILE_SYSTEM},
		{[]Option{WithOneFileSystem(true), WithOneFileSystem(false)}, cucopy.UCOPY_F_ARCHIVE},
		{[]Option{WithAtomic(true)}, cucopy.UCOPY_F_ARCHIVE | cucopy.UCOPY_F_ATOMIC},
		{[]Option{WithAtomic(true), WithAtomic(false)}, cucopy.UCOPY_F_ARCHIVE},
		{[]Option{WithFsync(true), WithDirectIO(false), WithArchive(false)},
			cucopy.UCOPY_F_FSYNC | cucopy.UCOPY_F_NO_DIRECT_IO},
		{[]Option{WithDevices(false), WithSpecials(false)},
			cucopy.UCOPY_F_ARCHIVE &^ (cucopy.UCOPY_F_COPY_DEVICES | cucopy.UCOPY_F_COPY_SPECIALS)},
		{[]Option{WithACLs(false), WithArchive(true)}, cucopy.UCOPY_F_ARCHIVE &^ cucopy.UCOPY_F_PRESERVE_ACLS},
		{[]Option{WithArchive(false), WithXattrs(true), WithRecursive(true)},
			cucopy.UCOPY_F_PRESERVE_XATTRS | cucopy.UCOPY_F_RECURSIVE},
	} {
		c := newConfig(tc.opts)
		if got := c.flags(); got != tc.want {
			t.Errorf("flags with %d options = %#x, want %#x", len(tc.opts), got, tc.want)
		}
	}
	c := newConfig([]Option{WithInclude("*/"), WithExclude("*.o"), WithInclude("a")})
	want := []filterRule{{cucopy.UCOPY_FILTER_INCLUDE, "*/"}, {cucopy.UCOPY_FILTER_EXCLUDE, "*.o"},
		{cucopy.UCOPY_FILTER_INCLUDE, "a"}}
	if len(c.rules) != len(want) {
		t.Fatalf("rules %v, want %v", c.rules, want)
	}
	for i := range want {
		if c.rules[i] != want[i] {
			t.Errorf("rule %d = %v, want %v", i, c.rules[i], want[i])
		}
	}
	if c := newConfig(nil); c.ownerPolicy != OwnerWarn {
		t.Errorf("default owner policy %v, want warn", c.ownerPolicy)
	}
}
