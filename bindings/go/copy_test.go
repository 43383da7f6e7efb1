// SPDX-License-Identifier: MIT

package ucopy_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	ucopy "github.com/ucopy/ucopy/bindings/go"
)

func TestCopyTreeIsExact(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "src"), filepath.Join(dir, "dst")
	makeTree(t, src)
	stats, err := ucopy.Copy(context.Background(), src, dst)
	if err != nil {
		t.Fatal(err)
	}
	compareTrees(t, src, dst)
	if stats.Files != 7 || stats.Symlinks != 3 || stats.Dirs != 4 || stats.Failures != 0 {
		t.Errorf("stats = %+v, want 7 files, 3 symlinks, 4 dirs, 0 failures", stats)
	}
}

func TestProgressIsMonotonicAndEndsAtTotals(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "src"), filepath.Join(dir, "dst")
	makeTree(t, src)
	var seen []ucopy.Progress
	stats, err := ucopy.Copy(context.Background(), src, dst,
		ucopy.WithProgressInterval(10*time.Millisecond),
		ucopy.WithProgress(func(p ucopy.Progress) { seen = append(seen, p) }))
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) == 0 {
		t.Fatal("no progress call")
	}
	for i := 1; i < len(seen); i++ {
		a, b := seen[i-1], seen[i]
		if b.FilesDone < a.FilesDone || b.FilesTotal < a.FilesTotal ||
			b.BytesDone < a.BytesDone || b.BytesTotal < a.BytesTotal || b.Elapsed < a.Elapsed {
			t.Errorf("progress went backwards: %+v then %+v", a, b)
		}
		if a.Finished {
			t.Errorf("call %d came after the finished one", i)
		}
	}
	last := seen[len(seen)-1]
	if !last.Finished || last.FilesDone != last.FilesTotal || last.BytesDone != last.BytesTotal {
		t.Errorf("last progress %+v: want finished, done == total", last)
	}
	if last.BytesDone != stats.Bytes {
		t.Errorf("last progress bytes %d, stats say %d", last.BytesDone, stats.Bytes)
	}
}

func TestNonUTF8NamesRoundTrip(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "\xff\xfe-dir")
	dst := filepath.Join(dir, "copy-\xff")
	if err := os.Mkdir(src, 0o755); err != nil {
		t.Fatal(err)
	}
	name := "n\x80\xc3(\xe9"
	if err := os.WriteFile(filepath.Join(src, name), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	var events []ucopy.Event
	if _, err := ucopy.Copy(context.Background(), src, dst,
		ucopy.WithEventHandler(func(e ucopy.Event) { events = append(events, e) })); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(dst, name)); err != nil || string(data) != "x" {
		t.Fatalf("copy of %q: %q, %v", name, data, err)
	}
	found := false
	for _, e := range events {
		if e.Type == ucopy.EventCopied && e.Src == filepath.Join(src, name) && e.Dst == filepath.Join(dst, name) {
			found = true
		}
	}
	if !found {
		t.Errorf("no copied event with the exact byte paths; got %+v", events)
	}
}

func TestErrorsMapToGoKinds(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()

	missing := filepath.Join(dir, "missing")
	_, err := ucopy.Copy(ctx, missing, filepath.Join(dir, "x"))
	var ue *ucopy.Error
	if !errors.Is(err, fs.ErrNotExist) || !errors.Is(err, syscall.ENOENT) || !errors.As(err, &ue) {
		t.Fatalf("missing source: got %v, want an *Error matching fs.ErrNotExist", err)
	}
	if ue.Errno != syscall.ENOENT || ue.Path != missing || ue.Op == "" {
		t.Errorf("missing source: %#v: want Errno ENOENT, Path %q and an Op", ue, missing)
	}
	if errors.Is(err, fs.ErrPermission) || errors.Is(err, ucopy.ErrPartial) {
		t.Errorf("missing source: %v also matches an unrelated kind", err)
	}
	var errno syscall.Errno
	if !errors.As(err, &errno) || errno != syscall.ENOENT {
		t.Errorf("missing source: errors.As to syscall.Errno gave %v", errno)
	}

	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, []byte("f"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ucopy.Copy(ctx, file, file); !errors.Is(err, ucopy.ErrSameFile) {
		t.Errorf("same file: got %v, want ErrSameFile", err)
	}

	tree := filepath.Join(dir, "tree")
	makeTree(t, tree)
	if _, err := ucopy.Copy(ctx, tree, filepath.Join(tree, "sub", "in")); !errors.Is(err, ucopy.ErrDstInside) {
		t.Errorf("destination inside source: got %v, want ErrDstInside", err)
	}

	// An existing destination with OverwriteFail is an EEXIST error for
	// that entry; whether the library reports it as the run's error or as a
	// partial copy, the EEXIST must be visible.
	other := filepath.Join(dir, "other")
	if err := os.WriteFile(other, []byte("o"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = ucopy.Copy(ctx, file, other)
	switch {
	case errors.Is(err, fs.ErrExist):
	case errors.Is(err, ucopy.ErrPartial) && errors.As(err, &ue) &&
		len(ue.Failures) == 1 && ue.Failures[0].Errno == syscall.EEXIST:
	default:
		t.Errorf("existing destination: got %v, want EEXIST", err)
	}
	if _, err := ucopy.Copy(ctx, file, other, ucopy.WithOverwrite(ucopy.OverwriteReplace)); err != nil {
		t.Errorf("replace: %v", err)
	}

	if _, err := ucopy.Copy(ctx, "a\x00b", other); !errors.Is(err, syscall.EINVAL) {
		t.Errorf("NUL in path: got %v, want EINVAL", err)
	}
	if _, err := ucopy.Copy(ctx, file, other, ucopy.WithBufferSize(1000)); !errors.Is(err, syscall.EINVAL) ||
		!strings.Contains(err.Error(), "") {
		t.Errorf("bad buffer size: got %v, want EINVAL", err)
	}
}

func TestDryRunWritesNothing(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "src"), filepath.Join(dir, "dst")
	makeTree(t, src)
	if _, err := ucopy.Copy(context.Background(), src, dst, ucopy.WithDryRun(true)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(dst); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("dry run created %s (%v)", dst, err)
	}
}

func TestPanicInCallbackIsReraised(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "src"), filepath.Join(dir, "dst")
	makeTree(t, src)
	type boom struct{ n int }
	defer func() {
		v := recover()
		if b, ok := v.(boom); !ok || b.n != 42 {
			t.Fatalf("recovered %v, want boom{42}", v)
		}
	}()
	_, _ = ucopy.Copy(context.Background(), src, dst,
		ucopy.WithProgress(func(ucopy.Progress) { panic(boom{42}) }))
	t.Fatal("Copy returned instead of panicking")
}
