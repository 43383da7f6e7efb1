// SPDX-License-Identifier: MIT

package ucopy_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	ucopy "github.com/ucopy/ucopy/bindings/go"
)

// TestFsyncCopiesATreeThatEqualsTheSource copies a small tree with
// WithFsync(true): synced before Copy returns, and equal to the source.
func TestFsyncCopiesATreeThatEqualsTheSource(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "src"), filepath.Join(dir, "dst")
	if err := os.MkdirAll(filepath.Join(src, "sub", "deeper"), 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"top":             patterned(100, 1),
		"sub/middle":      patterned(70000, 2),
		"sub/deeper/leaf": patterned(1, 3),
		"sub/empty":       {},
	}
	for rel, data := range files {
		if err := os.WriteFile(filepath.Join(src, rel), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	st, err := ucopy.Copy(context.Background(), src, dst, ucopy.WithFsync(true))
	if err != nil {
		t.Fatal(err)
	}
	if st.Files != uint64(len(files)) || st.Dirs != 3 {
		t.Errorf("stats %+v, want Files=%d Dirs=3", st, len(files))
	}
	for rel, data := range files {
		sameContent(t, filepath.Join(dst, rel), data)
	}
}

// TestWithoutDirectIOALargeReadWriteCopyIsEqual copies 20 MiB by read and
// write with WithDirectIO(false), through the page cache.
func TestWithoutDirectIOALargeReadWriteCopyIsEqual(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "src"), filepath.Join(dir, "dst")
	data := patterned(20*mib, 4)
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := ucopy.Copy(context.Background(), src, dst,
		ucopy.WithCopyMethod(ucopy.CopyReadWrite), ucopy.WithDirectIO(false))
	if err != nil {
		t.Fatal(err)
	}
	if st.BytesReadWrite != 20*mib {
		t.Errorf("stats %+v, want BytesReadWrite=%d", st, 20*mib)
	}
	sameContent(t, dst, data)
}
