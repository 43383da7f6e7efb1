// SPDX-License-Identifier: MIT

package ucopy_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"

	ucopy "github.com/ucopy/ucopy/bindings/go"
)

// updateFiles are the regular files of the sample tree: relative path and
// size.
var updateFiles = []struct {
	path string
	size int
}{
	{"top", 50},
	{"docs/a.bin", 300000},
	{"docs/b.txt", 1000},
	{"docs/deep/c.txt", 1},
}

func writeUpdateTree(t *testing.T, dir string) string {
	t.Helper()
	src := filepath.Join(dir, "src")
	for i, f := range updateFiles {
		p := filepath.Join(src, f.path)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, patterned(f.size, byte(i+1)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return src
}

func TestUpdateSizeMtimeLeavesAnUnchangedTreeAloneAndCopiesWhatChanged(t *testing.T) {
	dir := t.TempDir()
	src := writeUpdateTree(t, dir)
	dst := filepath.Join(dir, "dst")
	ctx := context.Background()
	n := uint64(len(updateFiles))

	first, err := ucopy.Copy(ctx, src, dst)
	if err != nil {
		t.Fatal(err)
	}
	if first.Files != n || first.UpToDate != 0 {
		t.Fatalf("first run: %+v", first)
	}

	// Unchanged: every file up to date, nothing written, each one a skipped
	// event with Op "update".
	var mu sync.Mutex
	var skipped []ucopy.Event
	again, err := ucopy.Copy(ctx, src, dst, ucopy.WithUpdate(ucopy.UpdateSizeMtime),
		ucopy.WithEventHandler(func(e ucopy.Event) {
			if e.Type == ucopy.EventSkipped {
				mu.Lock()
				skipped = append(skipped, e)
				mu.Unlock()
			}
		}))
	if err != nil {
		t.Fatal(err)
	}
	if again.UpToDate != n || again.Skipped != n || again.Files != 0 || again.Bytes != 0 {
		t.Errorf("unchanged tree: %+v, want UpToDate=Skipped=%d and nothing written", again, n)
	}
	if uint64(len(skipped)) != n {
		t.Errorf("%d skipped events, want %d", len(skipped), n)
	}
	for _, e := range skipped {
		if e.Op != "update" {
			t.Errorf("skipped event %+v: Op %q, want \"update\"", e, e.Op)
		}
	}

	// One file grows by a byte: it alone is copied again.
	changed := filepath.Join(src, "docs/b.txt")
	f, err := os.OpenFile(changed, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte{'!'}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(changed)
	if err != nil {
		t.Fatal(err)
	}
	third, err := ucopy.Copy(ctx, src, dst, ucopy.WithUpdate(ucopy.UpdateSizeMtime))
	if err != nil {
		t.Fatal(err)
	}
	if third.Files != 1 || third.Bytes != uint64(fi.Size()) || third.UpToDate != n-1 {
		t.Errorf("one file changed: %+v, want Files=1 Bytes=%d UpToDate=%d", third, fi.Size(), n-1)
	}
	want, _ := os.ReadFile(changed)
	got, _ := os.ReadFile(filepath.Join(dst, "docs/b.txt"))
	if !bytes.Equal(got, want) {
		t.Error("the changed file was not copied again")
	}
}

func TestUpdateChecksumComparesContents(t *testing.T) {
	dir := t.TempDir()
	src := writeUpdateTree(t, dir)
	dst := filepath.Join(dir, "dst")
	if _, err := ucopy.Copy(context.Background(), src, dst); err != nil {
		t.Fatal(err)
	}
	st, err := ucopy.Copy(context.Background(), src, dst, ucopy.WithUpdate(ucopy.UpdateChecksum))
	if err != nil {
		t.Fatal(err)
	}
	if st.UpToDate != uint64(len(updateFiles)) || st.Bytes != 0 {
		t.Errorf("checksum: %+v", st)
	}
}

func TestUpdateNeverLeavesItToOverwrite(t *testing.T) {
	dir := t.TempDir()
	src := writeUpdateTree(t, dir)
	dst := filepath.Join(dir, "dst")
	if _, err := ucopy.Copy(context.Background(), src, dst); err != nil {
		t.Fatal(err)
	}
	st, err := ucopy.Copy(context.Background(), src, dst, ucopy.WithUpdate(ucopy.UpdateNever))
	var ue *ucopy.Error
	if !errors.Is(err, ucopy.ErrPartial) || !errors.As(err, &ue) || st.UpToDate != 0 {
		t.Fatalf("err = %v, stats %+v; want ErrPartial on existing files", err, st)
	}
	if len(ue.Failures) != len(updateFiles) || !errors.Is(ue.Failures[0].Err(), fs.ErrExist) {
		t.Errorf("Failures = %+v, want every file to exist already", ue.Failures)
	}
}

func TestBadUpdateIsEINVALNamingTheField(t *testing.T) {
	dir := t.TempDir()
	src := writeUpdateTree(t, dir)
	dst := filepath.Join(dir, "dst")
	_, err := ucopy.Copy(context.Background(), src, dst, ucopy.WithUpdate(ucopy.Update(9)))
	var ue *ucopy.Error
	if !errors.As(err, &ue) || !errors.Is(err, syscall.EINVAL) {
		t.Fatalf("err = %v, want an *Error matching EINVAL", err)
	}
	if !strings.Contains(ue.Msg, "update") {
		t.Errorf("Msg = %q does not name the field", ue.Msg)
	}
	if _, statErr := os.Lstat(dst); !errors.Is(statErr, fs.ErrNotExist) {
		t.Errorf("the rejected copy wrote its destination (%v)", statErr)
	}
	for u, want := range map[ucopy.Update]string{
		ucopy.UpdateNever: "never", ucopy.UpdateSizeMtime: "size-mtime",
		ucopy.UpdateChecksum: "checksum", ucopy.Update(9): "Update(9)",
	} {
		if s := u.String(); s != want {
			t.Errorf("String() = %q, want %q", s, want)
		}
	}
}
