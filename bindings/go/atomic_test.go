// SPDX-License-Identifier: MIT

package ucopy_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	ucopy "github.com/ucopy/ucopy/bindings/go"
)

// TestAtomicReplacesAnOlderCopy copies a tree with WithAtomic(true) over an
// older copy of it: the result equals the source, and no temporary name is
// left.
func TestAtomicReplacesAnOlderCopy(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "src"), filepath.Join(dir, "dst")
	for _, d := range []string{src, dst} {
		if err := os.MkdirAll(filepath.Join(d, "sub"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	files := map[string][]byte{
		"top":        patterned(100, 1),
		"sub/middle": patterned(70000, 2),
		"sub/large":  patterned(3<<20, 3),
		"sub/empty":  {},
	}
	for rel, data := range files {
		if err := os.WriteFile(filepath.Join(src, rel), data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, rel), []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	st, err := ucopy.Copy(context.Background(), src, dst, ucopy.WithAtomic(true),
		ucopy.WithOverwrite(ucopy.OverwriteReplace))
	if err != nil {
		t.Fatal(err)
	}
	if st.Files != uint64(len(files)) || st.Failures != 0 {
		t.Errorf("stats %+v, want Files=%d Failures=0", st, len(files))
	}
	for rel, data := range files {
		sameContent(t, filepath.Join(dst, rel), data)
	}
	err = filepath.Walk(dst, func(p string, _ os.FileInfo, err error) error {
		if err == nil && strings.HasPrefix(filepath.Base(p), ".ucopy-tmp.") {
			t.Errorf("temporary name left: %s", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
