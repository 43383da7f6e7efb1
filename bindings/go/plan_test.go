// SPDX-License-Identifier: MIT

package ucopy_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ucopy "github.com/ucopy/ucopy/bindings/go"
)

func TestPlanListsCopiesSkipsAndDeletesAndWritesNothing(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "src"), filepath.Join(dir, "dst")
	for _, d := range []string{filepath.Join(src, "sub"), dst} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string][]byte{
		filepath.Join(src, "new"):      bytes.Repeat([]byte{1}, 1000),
		filepath.Join(src, "sub/deep"): bytes.Repeat([]byte{2}, 3000),
		filepath.Join(src, "kept"):     []byte("source"),
		filepath.Join(dst, "kept"):     []byte("SOURCE"), // up to date: same size and mtime
		filepath.Join(dst, "extra"):    []byte("only here"),
	}
	for p, b := range files {
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	mtime := time.Unix(1_600_000_000, 0)
	for _, p := range []string{filepath.Join(src, "kept"), filepath.Join(dst, "kept")} {
		if err := os.Chtimes(p, mtime, mtime); err != nil {
			t.Fatal(err)
		}
	}

	entries, stats, err := ucopy.Plan(context.Background(), src, dst,
		ucopy.WithUpdate(ucopy.UpdateSizeMtime), ucopy.WithDelete(true))
	if err != nil {
		t.Fatal(err)
	}
	find := func(action ucopy.EventType, name string) ucopy.PlanEntry {
		t.Helper()
		for _, e := range entries {
			if e.Action == action && (strings.HasSuffix(e.Src, "/"+name) || strings.HasSuffix(e.Dst, "/"+name)) {
				return e
			}
		}
		t.Fatalf("no %v of %s in %+v", action, name, entries)
		return ucopy.PlanEntry{}
	}
	if e := find(ucopy.EventCopied, "new"); e.Bytes != 1000 || e.FileType != ucopy.TypeFile || e.Dst != filepath.Join(dst, "new") {
		t.Errorf("new: %+v", e)
	}
	if e := find(ucopy.EventCopied, "sub/deep"); e.Bytes != 3000 {
		t.Errorf("sub/deep: %+v", e)
	}
	find(ucopy.EventCopied, "sub")
	if e := find(ucopy.EventSkipped, "kept"); e.Op != "update" {
		t.Errorf("kept: %+v", e)
	}
	if e := find(ucopy.EventDeleted, "extra"); e.Dst != filepath.Join(dst, "extra") {
		t.Errorf("extra: %+v", e)
	}
	if stats.Files != 2 || stats.Bytes != 4000 || stats.Skipped != 1 || stats.Deleted != 1 {
		t.Errorf("stats = %+v, want 2 files, 4000 bytes, 1 skipped, 1 deleted", stats)
	}

	// Nothing was written.
	for _, p := range []string{filepath.Join(dst, "new"), filepath.Join(dst, "sub")} {
		if _, err := os.Lstat(p); !os.IsNotExist(err) {
			t.Errorf("%s was created (%v)", p, err)
		}
	}
	if b, _ := os.ReadFile(filepath.Join(dst, "kept")); string(b) != "SOURCE" {
		t.Errorf("dst/kept = %q", b)
	}
	if _, err := os.Lstat(filepath.Join(dst, "extra")); err != nil {
		t.Errorf("dst/extra was removed: %v", err)
	}
}
