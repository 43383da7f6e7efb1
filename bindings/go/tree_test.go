// SPDX-License-Identifier: MIT

package ucopy_test

// Test trees: a sample with every kind of entry the bindings care about,
// and a byte-for-byte comparison of two trees.

import (
	"bytes"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// nonUTF8 is a file name that is not valid UTF-8 (Latin-1 "café").
const nonUTF8 = "caf\xe9.txt"

// makeTree builds the sample tree under root (which must not exist).
func makeTree(t *testing.T, root string) {
	t.Helper()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(root, "sub", "deeper"), 0o755))
	must(os.Mkdir(filepath.Join(root, "empty"), 0o700))
	big := make([]byte, 3<<20+123) // several buffers, not a multiple of 4096
	for i := range big {
		big[i] = byte(i*7 + i>>11)
	}
	files := map[string][]byte{
		"a.txt":            []byte("hello\n"),
		"zero":             nil,
		"big.bin":          big,
		"sub/b.txt":        []byte("bee"),
		"sub/deeper/c.txt": bytes.Repeat([]byte("c"), 4096),
		"sub/" + nonUTF8:   []byte("latin-1 name"),
		"exec.sh":          []byte("#!/bin/sh\necho hi\n"),
	}
	for name, data := range files {
		must(os.WriteFile(filepath.Join(root, name), data, 0o644))
	}
	must(os.Chmod(filepath.Join(root, "exec.sh"), 0o755))
	must(os.Chmod(filepath.Join(root, "sub", "b.txt"), 0o600|os.ModeSetgid))
	must(os.Symlink("a.txt", filepath.Join(root, "link-rel")))
	must(os.Symlink("/nonexistent/target", filepath.Join(root, "link-dangling")))
	must(os.Symlink("../"+nonUTF8, filepath.Join(root, "sub", "deeper", "link-up")))
	// Distinct nanosecond times, set bottom-up so directory times stick.
	ns := int64(1_600_000_000_123_456_789)
	var set func(dir string)
	set = func(dir string) {
		entries, err := os.ReadDir(dir)
		must(err)
		for _, e := range entries {
			p := filepath.Join(dir, e.Name())
			if e.IsDir() {
				set(p)
			}
			ns += 1_000_000_007
			ts := []unix.Timespec{unix.NsecToTimespec(ns - 5000), unix.NsecToTimespec(ns)}
			must(unix.UtimesNanoAt(unix.AT_FDCWD, p, ts, unix.AT_SYMLINK_NOFOLLOW))
		}
	}
	set(root)
}

// compareTrees fails the test unless b is an exact copy of a: same names,
// types, permission bits, mtimes to the nanosecond, contents and link targets.
func compareTrees(t *testing.T, a, b string) {
	t.Helper()
	err := filepath.Walk(a, func(pa string, ia os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(a, pa)
		pb := filepath.Join(b, rel)
		ib, err := os.Lstat(pb)
		if err != nil {
			t.Errorf("%q: missing in copy: %v", rel, err)
			return nil
		}
		if ia.Mode() != ib.Mode() {
			t.Errorf("%q: mode %v, copy has %v", rel, ia.Mode(), ib.Mode())
		}
		sa, sb := ia.Sys().(*syscall.Stat_t), ib.Sys().(*syscall.Stat_t)
		if sa.Mtim != sb.Mtim {
			t.Errorf("%q: mtime %v, copy has %v", rel, sa.Mtim, sb.Mtim)
		}
		switch {
		case ia.Mode()&os.ModeSymlink != 0:
			ta, _ := os.Readlink(pa)
			tb, _ := os.Readlink(pb)
			if ta != tb {
				t.Errorf("%q: link target %q, copy has %q", rel, ta, tb)
			}
		case ia.Mode().IsRegular():
			da, _ := os.ReadFile(pa)
			db, _ := os.ReadFile(pb)
			if !bytes.Equal(da, db) {
				t.Errorf("%q: contents differ (%d vs %d bytes)", rel, len(da), len(db))
			}
		case ia.IsDir():
			ea, _ := os.ReadDir(pa)
			eb, _ := os.ReadDir(pb)
			if len(ea) != len(eb) {
				t.Errorf("%q: %d entries, copy has %d", rel, len(ea), len(eb))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
