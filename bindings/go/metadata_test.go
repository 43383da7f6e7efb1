// SPDX-License-Identifier: MIT

package ucopy_test

// Metadata beyond cp -a: xattrs and the xattr filter, the owner policy,
// FIFOs with and without WithSpecials.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"syscall"
	"testing"

	ucopy "github.com/ucopy/ucopy/bindings/go"
	"golang.org/x/sys/unix"
)

// userXattrs returns the user.* attributes of path with their values.
func userXattrs(t *testing.T, path string) map[string]string {
	t.Helper()
	buf := make([]byte, 4096)
	n, err := unix.Llistxattr(path, buf)
	if err != nil {
		t.Fatalf("listxattr %s: %v", path, err)
	}
	out := map[string]string{}
	for _, name := range bytes.Split(buf[:n], []byte{0}) {
		if !bytes.HasPrefix(name, []byte("user.")) {
			continue
		}
		val := make([]byte, 4096)
		m, err := unix.Lgetxattr(path, string(name), val)
		if err != nil {
			t.Fatalf("getxattr %s %s: %v", path, name, err)
		}
		out[string(name)] = string(val[:m])
	}
	return out
}

// xattrSource makes a file with the attributes user.keep and user.drop.
func xattrSource(t *testing.T) (src, dir string) {
	t.Helper()
	dir = t.TempDir()
	src = filepath.Join(dir, "src")
	if err := os.WriteFile(src, []byte("payload"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, val := range map[string]string{"user.keep": "kept value", "user.drop": "dropped value"} {
		if err := unix.Lsetxattr(src, name, []byte(val), 0); err != nil {
			t.Fatalf("setxattr %s: %v", name, err)
		}
	}
	return src, dir
}

func TestXattrsAreCopiedByDefault(t *testing.T) {
	src, dir := xattrSource(t)
	dst := filepath.Join(dir, "dst")
	stats, err := ucopy.Copy(context.Background(), src, dst)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Files != 1 || stats.Warnings != 0 {
		t.Errorf("stats = %+v, want 1 file, 0 warnings", stats)
	}
	want := map[string]string{"user.keep": "kept value", "user.drop": "dropped value"}
	if got := userXattrs(t, dst); !reflect.DeepEqual(got, want) {
		t.Errorf("xattrs of the copy = %v, want %v", got, want)
	}
}

func TestXattrsOffCopiesNone(t *testing.T) {
	src, dir := xattrSource(t)
	for i, opts := range [][]ucopy.Option{
		{ucopy.WithXattrs(false)},
		{ucopy.WithArchive(false)},
		{ucopy.WithXattrs(false), ucopy.WithArchive(true)}, // order does not matter
		{ucopy.WithArchive(true), ucopy.WithXattrs(false)},
	} {
		dst := filepath.Join(dir, "dst"+string(rune('0'+i)))
		if _, err := ucopy.Copy(context.Background(), src, dst, opts...); err != nil {
			t.Fatal(err)
		}
		if got := userXattrs(t, dst); len(got) != 0 {
			t.Errorf("options %d: copy has xattrs %v, want none", i, got)
		}
	}
	// Archive off, xattrs alone back on.
	dst := filepath.Join(dir, "dst-only-xattrs")
	if _, err := ucopy.Copy(context.Background(), src, dst,
		ucopy.WithArchive(false), ucopy.WithXattrs(true)); err != nil {
		t.Fatal(err)
	}
	if got := userXattrs(t, dst); len(got) != 2 {
		t.Errorf("copy has xattrs %v, want both", got)
	}
}

func TestXattrFilterLeavesOutOnlyRejectedNames(t *testing.T) {
	src, dir := xattrSource(t)
	dst := filepath.Join(dir, "dst")
	var asked []string
	_, err := ucopy.Copy(context.Background(), src, dst,
		ucopy.WithXattrFilter(func(name string) bool {
			asked = append(asked, name) // no lock: calls come from Copy's goroutine
			return name != "user.drop"
		}))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"user.keep": "kept value"}
	if got := userXattrs(t, dst); !reflect.DeepEqual(got, want) {
		t.Errorf("xattrs of the copy = %v, want %v", got, want)
	}
	sort.Strings(asked)
	if !reflect.DeepEqual(asked, []string{"user.drop", "user.keep"}) {
		t.Errorf("filter asked about %q, want each of user.drop, user.keep once", asked)
	}
}

func TestPanicInXattrFilterIsReraised(t *testing.T) {
	src, dir := xattrSource(t)
	type boom struct{ n int }
	calls := 0
	defer func() {
		v := recover()
		if b, ok := v.(boom); !ok || b.n != 7 {
			t.Fatalf("recovered %v, want boom{7}", v)
		}
		if calls != 1 {
			t.Errorf("filter called %d times, want 1 (not again after its panic)", calls)
		}
	}()
	_, _ = ucopy.Copy(context.Background(), src, filepath.Join(dir, "dst"),
		ucopy.WithXattrFilter(func(string) bool { calls++; panic(boom{7}) }))
	t.Fatal("Copy returned instead of panicking")
}

func TestOwnerKeptAsRootAndOwnerPolicyPassedThrough(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	if err := os.WriteFile(src, []byte("owned"), 0o640); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		if err := os.Lchown(src, 1234, 1234); err != nil {
			t.Fatal(err)
		}
		for _, p := range []ucopy.OwnerPolicy{ucopy.OwnerWarn, ucopy.OwnerFail, ucopy.OwnerIgnore, ucopy.OwnerWarnEach} {
			dst := filepath.Join(dir, "dst-"+p.String())
			stats, err := ucopy.Copy(context.Background(), src, dst, ucopy.WithOwnerPolicy(p))
			if err != nil {
				t.Fatalf("%v: %v", p, err)
			}
			if stats.Failures != 0 || stats.Warnings != 0 {
				t.Errorf("%v: stats = %+v, want no failures or warnings", p, stats)
			}
			fi, err := os.Lstat(dst)
			if err != nil {
				t.Fatal(err)
			}
			if st := fi.Sys().(*syscall.Stat_t); st.Uid != 1234 || st.Gid != 1234 {
				t.Errorf("%v: copy owned by %d:%d, want 1234:1234", p, st.Uid, st.Gid)
			}
		}
	} else {
		t.Log("not root: only checking that an invalid policy is rejected (the C tests cover the rest)")
	}

	// A value outside the three policies is refused by the library.
	_, err := ucopy.Copy(context.Background(), src, filepath.Join(dir, "bad"),
		ucopy.WithOwnerPolicy(ucopy.OwnerPolicy(7)))
	var ue *ucopy.Error
	if !errors.As(err, &ue) || !errors.Is(err, syscall.EINVAL) {
		t.Fatalf("invalid owner policy: err = %v, want an *Error matching EINVAL", err)
	}
	if !strings.Contains(ue.Msg, "owner_policy") {
		t.Errorf("Msg = %q, want it to name owner_policy", ue.Msg)
	}
	if _, statErr := os.Lstat(filepath.Join(dir, "bad")); !errors.Is(statErr, fs.ErrNotExist) {
		t.Errorf("the rejected copy wrote its destination (%v)", statErr)
	}
	if s := ucopy.OwnerPolicy(7).String(); s != "OwnerPolicy(7)" {
		t.Errorf("String() = %q", s)
	}
}

func makeFIFOSource(t *testing.T) (src, dir string) {
	t.Helper()
	dir = t.TempDir()
	src = filepath.Join(dir, "src")
	if err := os.Mkdir(src, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := unix.Mkfifo(filepath.Join(src, "fifo"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(src, "fifo"), 0o640); err != nil { // past the umask
		t.Fatal(err)
	}
	return src, dir
}

func TestFIFORecreatedInArchiveMode(t *testing.T) {
	src, dir := makeFIFOSource(t)
	dst := filepath.Join(dir, "dst")
	stats, err := ucopy.Copy(context.Background(), src, dst)
	if err != nil {
		t.Fatal(err)
	}
	if stats.Specials != 1 || stats.Skipped != 0 {
		t.Errorf("stats = %+v, want 1 special, 0 skipped", stats)
	}
	fi, err := os.Lstat(filepath.Join(dst, "fifo"))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode()&fs.ModeNamedPipe == 0 || fi.Mode().Perm() != 0o640 {
		t.Errorf("copy of the FIFO has mode %v, want a FIFO with 0640", fi.Mode())
	}
}

func TestFIFOSkippedWithoutSpecials(t *testing.T) {
	src, dir := makeFIFOSource(t)
	dst := filepath.Join(dir, "dst")
	var skipped []ucopy.Event
	stats, err := ucopy.Copy(context.Background(), src, dst, ucopy.WithSpecials(false),
		ucopy.WithEventHandler(func(e ucopy.Event) {
			if e.Type == ucopy.EventSkipped {
				skipped = append(skipped, e)
			}
		}))
	if err != nil {
		t.Fatal(err)
	}
	if stats.Specials != 0 || stats.Skipped != 1 || stats.Failures != 0 {
		t.Errorf("stats = %+v, want 0 specials, 1 skipped, 0 failures", stats)
	}
	if _, err := os.Lstat(filepath.Join(dst, "fifo")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the FIFO was copied (%v)", err)
	}
	if len(skipped) != 1 || skipped[0].FileType != ucopy.TypeSpecial ||
		skipped[0].Src != filepath.Join(src, "fifo") {
		t.Errorf("skipped events = %+v, want one for the FIFO", skipped)
	}
}

// Archive mode and a part switched on its own copy the same way in either
// order: xattrs off wins over archive mode, and recursion switched on
// survives WithArchive(false).
func TestArchiveAndPartsInEitherOrder(t *testing.T) {
	src, dir := xattrSource(t)
	tree := filepath.Join(dir, "tree")
	if err := os.MkdirAll(filepath.Join(tree, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tree, "sub", "file"), []byte("data"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i, opts := range [][]ucopy.Option{
		{ucopy.WithArchive(true), ucopy.WithXattrs(false)},
		{ucopy.WithXattrs(false), ucopy.WithArchive(true)},
	} {
		dst := filepath.Join(dir, fmt.Sprintf("xattrs-off-%d", i))
		if _, err := ucopy.Copy(context.Background(), src, dst, opts...); err != nil {
			t.Fatal(err)
		}
		if got := userXattrs(t, dst); len(got) != 0 {
			t.Errorf("order %d: copy has xattrs %v, want none", i, got)
		}
	}
	for i, opts := range [][]ucopy.Option{
		{ucopy.WithArchive(false), ucopy.WithRecursive(true)},
		{ucopy.WithRecursive(true), ucopy.WithArchive(false)},
	} {
		dst := filepath.Join(dir, fmt.Sprintf("recursive-%d", i))
		stats, err := ucopy.Copy(context.Background(), tree, dst, opts...)
		if err != nil {
			t.Fatalf("order %d: %v", i, err)
		}
		if stats.Files != 1 || stats.Dirs != 2 {
			t.Errorf("order %d: stats = %+v, want 1 file, 2 dirs", i, stats)
		}
		if b, err := os.ReadFile(filepath.Join(dst, "sub", "file")); err != nil || string(b) != "data" {
			t.Errorf("order %d: copied file = %q, %v", i, b, err)
		}
	}
}
