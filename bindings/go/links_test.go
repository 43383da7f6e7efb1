// SPDX-License-Identifier: MIT

package ucopy_test

// Hard links with and without WithLinkMapLimit: a 3-snapshot repository's
// link groups are kept, past a small limit too (through the spill file).

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	ucopy "github.com/ucopy/ucopy/bindings/go"
	"github.com/ucopy/ucopy/bindings/go/internal/cucopy"
)

func makeRepository(t *testing.T, root string) {
	t.Helper()
	for d := 0; d < 20; d++ {
		for _, s := range []string{"s1", "s2", "s3"} {
			if err := os.MkdirAll(filepath.Join(root, s, fmt.Sprint("d", d)), 0o755); err != nil {
				t.Fatal(err)
			}
		}
		for k := 0; k < 100; k++ {
			rel := filepath.Join(fmt.Sprint("d", d), fmt.Sprint("f", k))
			first := filepath.Join(root, "s1", rel)
			if err := os.WriteFile(first, []byte(rel), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{"s2", "s3"} {
				if err := os.Link(first, filepath.Join(root, s, rel)); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

// linkGroups maps each name below root to a key naming its group: the
// sorted names of its inode.
func linkGroups(t *testing.T, root string) map[string]string {
	t.Helper()
	byInode := map[uint64][]string{}
	err := filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil || !info.Mode().IsRegular() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		ino := info.Sys().(*syscall.Stat_t).Ino
		byInode[ino] = append(byInode[ino], rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, names := range byInode {
		for _, n := range names {
			out[n] = strings.Join(names, ",")
		}
	}
	return out
}

func countGroups(g map[string]string) int {
	seen := map[string]bool{}
	for _, k := range g {
		seen[k] = true
	}
	return len(seen)
}

func TestLinkMapLimitConstant(t *testing.T) {
	if ucopy.LinkMapLimitMin != cucopy.UCOPY_LINK_MAP_LIMIT_MIN {
		t.Fatalf("LinkMapLimitMin = %d, the header says %d", ucopy.LinkMapLimitMin,
			cucopy.UCOPY_LINK_MAP_LIMIT_MIN)
	}
}

func TestLinkGroupsKeptWithoutALimit(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "src"), filepath.Join(dir, "dst")
	makeRepository(t, src)
	st, err := ucopy.Copy(context.Background(), src, dst)
	if err != nil {
		t.Fatal(err)
	}
	if st.Files != 6000 || st.Warnings != 0 {
		t.Errorf("stats = %+v, want 6000 files and no warning", st)
	}
	if got, want := countGroups(linkGroups(t, dst)), countGroups(linkGroups(t, src)); got != want {
		t.Errorf("%d groups in the copy, %d in the source", got, want)
	}
}

func TestPastTheLinkMapLimitGroupsAreKeptThroughTheSpillFile(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "src"), filepath.Join(dir, "dst")
	makeRepository(t, src)
	var warnings []ucopy.Event
	st, err := ucopy.Copy(context.Background(), src, dst, ucopy.WithLinkMapLimit(ucopy.LinkMapLimitMin),
		ucopy.WithEventHandler(func(e ucopy.Event) {
			if e.Type == ucopy.EventWarning {
				warnings = append(warnings, e)
			}
		}))
	if err != nil {
		t.Fatal(err)
	}
	if st.Files != 6000 || len(warnings) != 0 {
		t.Fatalf("stats = %+v, warnings %+v: want 6000 files and no warning", st, warnings)
	}
	want, got := linkGroups(t, src), linkGroups(t, dst)
	for n, g := range want {
		if got[n] != g {
			t.Fatalf("%s: linked with %q in the copy, %q in the source", n, got[n], g)
		}
	}
}

func TestSmallLinkMapLimitIsEINVAL(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	if err := os.WriteFile(src, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ucopy.Copy(context.Background(), src, filepath.Join(dir, "dst"),
		ucopy.WithLinkMapLimit(ucopy.LinkMapLimitMin-1))
	var e *ucopy.Error
	if !errors.As(err, &e) || e.Errno != syscall.EINVAL || !strings.Contains(e.Msg, "link_map_limit") {
		t.Fatalf("err = %v, want EINVAL naming link_map_limit", err)
	}
}
