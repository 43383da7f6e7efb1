// SPDX-License-Identifier: MIT

package ucopy_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	ucopy "github.com/ucopy/ucopy/bindings/go"
)

// deleteExtraneous is what deleteSetup adds to the destination: a file, a
// directory with a file, and a symlink to a file outside both trees.
var deleteExtraneous = []string{"old-dir", "old-dir/f", "stale", "sub/escape"}

var precious = []byte("do not touch")

// deleteSetup copies a small tree and plants the extraneous entries; it
// returns src, dst and the directory outside both.
func deleteSetup(t *testing.T) (src, dst, outside string) {
	t.Helper()
	dir := t.TempDir()
	src, dst, outside = filepath.Join(dir, "src"), filepath.Join(dir, "dst"), filepath.Join(dir, "outside")
	for _, d := range []string{filepath.Join(src, "sub"), outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p string, b []byte) {
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(src, "top"), patterned(100, 1))
	write(filepath.Join(src, "sub", "keep"), patterned(1000, 2))
	write(filepath.Join(outside, "precious"), precious)

	first, err := ucopy.Copy(context.Background(), src, dst)
	if err != nil {
		t.Fatal(err)
	}
	if first.Files != 2 || first.Deleted != 0 {
		t.Fatalf("first run: %+v", first)
	}

	write(filepath.Join(dst, "stale"), []byte("stale"))
	if err := os.Mkdir(filepath.Join(dst, "old-dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(filepath.Join(dst, "old-dir", "f"), []byte("old"))
	if err := os.Symlink(filepath.Join(outside, "precious"), filepath.Join(dst, "sub", "escape")); err != nil {
		t.Fatal(err)
	}
	return src, dst, outside
}

// mirror runs with WithDelete and WithUpdate(UpdateSizeMtime) and returns
// the stats and the deleted events' paths relative to dst, sorted.
func mirror(t *testing.T, src, dst string, dryRun bool) (ucopy.Stats, []string) {
	t.Helper()
	var mu sync.Mutex
	var deleted []string
	st, err := ucopy.Copy(context.Background(), src, dst,
		ucopy.WithUpdate(ucopy.UpdateSizeMtime), ucopy.WithDelete(true), ucopy.WithDryRun(dryRun),
		ucopy.WithEventHandler(func(e ucopy.Event) {
			if e.Type != ucopy.EventDeleted {
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if e.Op != "delete" || e.Src != "" || !strings.HasPrefix(e.Dst, dst+"/") {
				t.Errorf("deleted event %+v", e)
				return
			}
			deleted = append(deleted, strings.TrimPrefix(e.Dst, dst+"/"))
		}))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(deleted)
	return st, deleted
}

func outsideUntouched(t *testing.T, outside string) {
	t.Helper()
	got, err := os.ReadFile(filepath.Join(outside, "precious"))
	if err != nil || !bytes.Equal(got, precious) {
		t.Errorf("outside file: %q, %v; want %q", got, err, precious)
	}
}

func TestDeleteRemovesExtraneousEntriesAndNothingOutside(t *testing.T) {
	src, dst, outside := deleteSetup(t)

	st, deleted := mirror(t, src, dst, false)
	if st.Deleted != uint64(len(deleteExtraneous)) || st.UpToDate != 2 {
		t.Errorf("stats %+v, want Deleted=%d UpToDate=2", st, len(deleteExtraneous))
	}
	if strings.Join(deleted, ",") != strings.Join(deleteExtraneous, ",") {
		t.Errorf("deleted events %q, want %q", deleted, deleteExtraneous)
	}
	mustNotExist(t, dst, deleteExtraneous...)
	mustExist(t, dst, "top", "sub/keep")
	sameContent(t, filepath.Join(dst, "sub", "keep"), patterned(1000, 2))
	outsideUntouched(t, outside)

	// Nothing left to remove.
	if again, deleted := mirror(t, src, dst, false); again.Deleted != 0 || len(deleted) != 0 {
		t.Errorf("second mirror: %+v, events %q", again, deleted)
	}
}

func TestDeleteDryRunReportsAndRemovesNothing(t *testing.T) {
	src, dst, outside := deleteSetup(t)

	st, deleted := mirror(t, src, dst, true)
	if st.Deleted != uint64(len(deleteExtraneous)) {
		t.Errorf("stats %+v, want Deleted=%d", st, len(deleteExtraneous))
	}
	if strings.Join(deleted, ",") != strings.Join(deleteExtraneous, ",") {
		t.Errorf("deleted events %q, want %q", deleted, deleteExtraneous)
	}
	mustExist(t, dst, deleteExtraneous...)
	outsideUntouched(t, outside)
}

func TestDeleteIsOffByDefault(t *testing.T) {
	src, dst, _ := deleteSetup(t)
	st, err := ucopy.Copy(context.Background(), src, dst, ucopy.WithUpdate(ucopy.UpdateSizeMtime))
	if err != nil {
		t.Fatal(err)
	}
	if st.Deleted != 0 {
		t.Errorf("stats %+v, want Deleted=0", st)
	}
	mustExist(t, dst, deleteExtraneous...)
}
