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
		{[]Option{WithPrescan(false)}, cucopy.UCOPY_F_ARCHIVE | cucopy.UCOPY_F_NO_PRESCAN},
		{[]Option{WithPrescan(false), WithPrescan(true)}, cucopy.UCOPY_F_ARCHIVE},
		{[]Option{WithPrescan(true)}, cucopy.UCOPY_F_ARCHIVE},
		{[]Option{WithOneFileSystem(true)}, cucopy.UCOPY_F_ARCHIVE | cucopy.UCOPY_F_ONE_FILE_SYSTEM},
		{[]Option{WithOneFileSystem(true), WithOneFileSystem(false)}, cucopy.UCOPY_F_ARCHIVE},
		{[]Option{WithAtomic(true)}, cucopy.UCOPY_F_ARCHIVE | cucopy.UCOPY_F_ATOMIC},
		{[]Option{WithAtomic(true), WithAtomic(false)}, cucopy.UCOPY_F_ARCHIVE},
		{[]Option{WithFsync(true), WithDirectIO(false), WithArchive(false)},
			cucopy.UCOPY_F_FSYNC | cucopy.UCOPY_F_NO_DIRECT_IO},
		// Parts switched on their own stay out of flags (flags_set and
		// flags_clear carry them; see TestPartsGoToFlagsSetAndClear).
		{[]Option{WithDevices(false), WithSpecials(false)}, cucopy.UCOPY_F_ARCHIVE},
		{[]Option{WithACLs(false), WithArchive(true)}, cucopy.UCOPY_F_ARCHIVE},
		{[]Option{WithArchive(false), WithXattrs(true), WithRecursive(true)}, 0},
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

// The three fields as the library gets them.
func optionFields(opts ...Option) [3]uint64 {
	c := newConfig(opts)
	return [3]uint64{c.flags(), c.partsOn, c.partsOff}
}

// Archive mode goes to flags, each part switched on its own to flags_set or
// flags_clear, so that the order of WithArchive and the parts does not
// matter: libucopy applies (flags | flags_set) &^ flags_clear.
func TestPartsGoToFlagsSetAndClear(t *testing.T) {
	archive := cucopy.UCOPY_F_ARCHIVE
	xattrs := cucopy.UCOPY_F_PRESERVE_XATTRS
	recursive := cucopy.UCOPY_F_RECURSIVE
	for _, tc := range []struct {
		name string
		a, b []Option
		want [3]uint64
	}{
		{"archive, xattrs off", []Option{WithArchive(true), WithXattrs(false)},
			[]Option{WithXattrs(false), WithArchive(true)}, [3]uint64{archive, 0, xattrs}},
		{"no archive, recursive on", []Option{WithArchive(false), WithRecursive(true)},
			[]Option{WithRecursive(true), WithArchive(false)}, [3]uint64{0, recursive, 0}},
		{"last switch of a part wins", []Option{WithXattrs(false), WithXattrs(true)},
			[]Option{WithXattrs(true), WithArchive(true), WithXattrs(false), WithArchive(true), WithXattrs(true)},
			[3]uint64{archive, xattrs, 0}},
		{"off again", []Option{WithArchive(false), WithRecursive(true), WithRecursive(false)},
			[]Option{WithRecursive(false), WithArchive(false)}, [3]uint64{0, 0, recursive}},
	} {
		if got := optionFields(tc.a...); got != tc.want {
			t.Errorf("%s: flags, flags_set, flags_clear = %#x, want %#x", tc.name, got, tc.want)
		}
		if got := optionFields(tc.b...); got != tc.want {
			t.Errorf("%s (other order): flags, flags_set, flags_clear = %#x, want %#x", tc.name, got, tc.want)
		}
	}
}
