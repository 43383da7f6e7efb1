// SPDX-License-Identifier: MIT

package ucopy_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"

	ucopy "github.com/ucopy/ucopy/bindings/go"
)

// filterTree builds src/{main.c, main.o, link -> main.c, caf\xe9.c,
// sub/{a.c, a.o}, build/gen.c, deep/build/keep.c} and returns src.
func filterTree(t *testing.T) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "src")
	for _, d := range []string{"sub", "build", "deep/build"} {
		if err := os.MkdirAll(filepath.Join(src, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for i, f := range []string{"main.c", "main.o", "caf\xe9.c", "sub/a.c", "sub/a.o", "build/gen.c",
		"deep/build/keep.c"} {
		if err := os.WriteFile(filepath.Join(src, f), patterned(100*(i+1), byte(i)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink("main.c", filepath.Join(src, "link")); err != nil {
		t.Fatal(err)
	}
	return src
}

// listTree gives the paths below root, relative to it, sorted.
func listTree(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(p string, _ fs.DirEntry, err error) error {
		if err != nil || p == root {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out = append(out, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

func TestExcludeAndIncludeApplyInTheOrderGiven(t *testing.T) {
	src := filterTree(t)
	dst := filepath.Join(filepath.Dir(src), "dst")
	st, err := ucopy.Copy(context.Background(), src, dst,
		ucopy.WithInclude("*/"), ucopy.WithInclude("*.c"), ucopy.WithExclude("*"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"build", "build/gen.c", "caf\xe9.c", "deep", "deep/build", "deep/build/keep.c",
		"main.c", "sub", "sub/a.c"}
	if got := listTree(t, dst); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("copied %q, want %q", got, want)
	}
	if st.Filtered != 3 { // main.o, link, sub/a.o
		t.Errorf("Filtered = %d, want 3", st.Filtered)
	}

	// Anchored, directory-only: only the top-level build is left out.
	dst2 := filepath.Join(filepath.Dir(src), "dst2")
	if _, err := ucopy.Copy(context.Background(), src, dst2, ucopy.WithExclude("/build/")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dst2, "build")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("build copied: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dst2, "deep/build/keep.c")); err != nil {
		t.Errorf("deep/build/keep.c not copied: %v", err)
	}
}

func TestABadPatternFailsTheCopyNamingIt(t *testing.T) {
	src := filterTree(t)
	dst := filepath.Join(filepath.Dir(src), "dst")
	_, err := ucopy.Copy(context.Background(), src, dst, ucopy.WithExclude("file[0-9"))
	var e *ucopy.Error
	if !errors.Is(err, syscall.EINVAL) || !errors.As(err, &e) || !strings.Contains(e.Msg, "file[0-9") {
		t.Fatalf("err = %v, want EINVAL whose Msg names the pattern", err)
	}
	if _, err := os.Stat(dst); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("dst made: %v", err)
	}
}

func TestFilterSeesEveryEntryOnceWithItsLstat(t *testing.T) {
	runtime.LockOSThread() // so that the thread id below means something
	defer runtime.UnlockOSThread()
	caller := syscall.Gettid()
	src := filterTree(t)
	dst := filepath.Join(filepath.Dir(src), "dst")
	seen := map[string]fs.FileInfo{}
	_, err := ucopy.Copy(context.Background(), src, dst, ucopy.WithExclude("*.o"),
		ucopy.WithFilter(func(p string, info fs.FileInfo) ucopy.Decision {
			if _, dup := seen[p]; dup {
				t.Errorf("%q asked twice", p)
			}
			if tid := syscall.Gettid(); tid != caller {
				t.Errorf("filter ran on thread %d, Copy on %d", tid, caller)
			}
			seen[p] = info
			return ucopy.Continue
		}))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, p := range listTree(t, src) {
		if !strings.HasSuffix(p, ".o") {
			want = append(want, p)
		}
	}
	if len(seen) != len(want) {
		t.Errorf("asked about %d entries, want %d", len(seen), len(want))
	}
	for _, p := range want {
		info, ok := seen[p]
		if !ok {
			t.Errorf("%q not asked about", p)
			continue
		}
		real, err := os.Lstat(filepath.Join(src, p))
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode() != real.Mode() || info.Name() != real.Name() ||
			!info.ModTime().Equal(real.ModTime()) || (!real.IsDir() && info.Size() != real.Size()) {
			t.Errorf("%q: got %v %q %d %v, lstat %v %q %d %v", p, info.Mode(), info.Name(), info.Size(),
				info.ModTime(), real.Mode(), real.Name(), real.Size(), real.ModTime())
		}
		if info.Sys().(*syscall.Stat_t).Ino != real.Sys().(*syscall.Stat_t).Ino {
			t.Errorf("%q: another inode", p)
		}
	}
	if seen["link"] == nil || seen["link"].Mode()&fs.ModeSymlink == 0 {
		t.Errorf("link not seen as a symlink")
	}
}

func TestFilterSkipPrunesAndAbortStops(t *testing.T) {
	src := filterTree(t)
	dst := filepath.Join(filepath.Dir(src), "dst")
	var asked []string
	st, err := ucopy.Copy(context.Background(), src, dst,
		ucopy.WithFilter(func(p string, info fs.FileInfo) ucopy.Decision {
			asked = append(asked, p)
			if info.IsDir() && p == "deep" {
				return ucopy.Skip
			}
			return ucopy.Continue
		}))
	if err != nil {
		t.Fatal(err)
	}
	if st.Filtered != 1 {
		t.Errorf("Filtered = %d, want 1", st.Filtered)
	}
	for _, p := range asked {
		if strings.HasPrefix(p, "deep/") {
			t.Errorf("asked about %q below a skipped directory", p)
		}
	}
	if _, err := os.Stat(filepath.Join(dst, "deep")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("deep copied: %v", err)
	}

	dst2 := filepath.Join(filepath.Dir(src), "dst2")
	_, err = ucopy.Copy(context.Background(), src, dst2,
		ucopy.WithFilter(func(p string, _ fs.FileInfo) ucopy.Decision {
			if p == "sub" {
				return ucopy.Abort
			}
			return ucopy.Continue
		}))
	if !errors.Is(err, ucopy.ErrAborted) {
		t.Fatalf("err = %v, want ErrAborted", err)
	}
}

func TestAPanicInTheFilterIsReraised(t *testing.T) {
	src := filterTree(t)
	dst := filepath.Join(filepath.Dir(src), "dst")
	defer func() {
		if v := recover(); v != "filter says no" {
			t.Errorf("recovered %v", v)
		}
		if _, err := os.Stat(filepath.Join(dst, "sub")); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("sub copied: %v", err)
		}
	}()
	_, _ = ucopy.Copy(context.Background(), src, dst,
		ucopy.WithFilter(func(p string, _ fs.FileInfo) ucopy.Decision {
			if p == "sub" {
				panic("filter says no")
			}
			return ucopy.Continue
		}))
	t.Error("Copy returned after the filter panicked")
}

func TestDeleteKeepsExcludedEntries(t *testing.T) {
	src := filterTree(t)
	dst := filepath.Join(filepath.Dir(src), "dst")
	if _, err := ucopy.Copy(context.Background(), src, dst); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"stale.o", "stale.txt"} {
		if err := os.WriteFile(filepath.Join(dst, f), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	st, err := ucopy.Copy(context.Background(), src, dst, ucopy.WithUpdate(ucopy.UpdateSizeMtime),
		ucopy.WithDelete(true), ucopy.WithExclude("*.o"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dst, "stale.o")); err != nil {
		t.Errorf("excluded stale.o deleted: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dst, "stale.txt")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("stale.txt kept: %v", err)
	}
	if st.Deleted != 1 {
		t.Errorf("Deleted = %d, want 1", st.Deleted)
	}
}
