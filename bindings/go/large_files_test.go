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
	"syscall"
	"testing"

	ucopy "github.com/ucopy/ucopy/bindings/go"
	"github.com/ucopy/ucopy/bindings/go/internal/cucopy"
)

const (
	mib     = 1 << 20
	fiveMiB = 5 * mib
)

// patterned returns n bytes that do not repeat every block, so that a
// misplaced block shows.
func patterned(n int, seed byte) []byte {
	b := make([]byte, n)
	x := uint32(seed)*2654435761 | 1
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	return b
}

func writeFiveMiB(t *testing.T, dir string) (string, []byte) {
	t.Helper()
	src := filepath.Join(dir, "src")
	data := patterned(fiveMiB, 7)
	if err := os.WriteFile(src, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return src, data
}

func sameContent(t *testing.T, path string, want []byte) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s: content differs from the source", path)
	}
}

func TestReadWriteCountsEveryByteUnderReadWrite(t *testing.T) {
	dir := t.TempDir()
	src, data := writeFiveMiB(t, dir)
	dst := filepath.Join(dir, "dst")
	st, err := ucopy.Copy(context.Background(), src, dst, ucopy.WithCopyMethod(ucopy.CopyReadWrite))
	if err != nil {
		t.Fatal(err)
	}
	sameContent(t, dst, data)
	if st.Files != 1 || st.Bytes != fiveMiB || st.FilesReadWrite != 1 || st.BytesReadWrite != fiveMiB {
		t.Errorf("stats = %+v, want 1 file and %d bytes, all under read/write", st, fiveMiB)
	}
	if st.FilesCopyFileRange+st.BytesCopyFileRange+st.FilesReflinked+st.BytesReflinked != 0 {
		t.Errorf("stats = %+v, want nothing under copy_file_range or reflink", st)
	}
}

func TestCopyFileRangeCountsSumToTheBytes(t *testing.T) {
	dir := t.TempDir()
	src, data := writeFiveMiB(t, dir)
	dst := filepath.Join(dir, "dst")
	st, err := ucopy.Copy(context.Background(), src, dst, ucopy.WithCopyMethod(ucopy.CopyFileRange))
	if err != nil {
		t.Fatal(err)
	}
	sameContent(t, dst, data)
	// The kernel may serve copy_file_range, or the file falls back to
	// read/write: each byte counts once either way, and nothing is cloned.
	if st.FilesCopyFileRange+st.FilesReadWrite != 1 || st.BytesCopyFileRange+st.BytesReadWrite != fiveMiB {
		t.Errorf("stats = %+v, want 1 file / %d bytes under copy_file_range + read/write", st, fiveMiB)
	}
	if st.FilesReflinked != 0 || st.BytesReflinked != 0 {
		t.Errorf("stats = %+v: CopyFileRange must not clone", st)
	}
}

func TestHolesStayHoles(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "sparse"), filepath.Join(dir, "copy")
	f, err := os.Create(src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(patterned(mib, 1)); err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt(patterned(mib, 2), 32*mib); err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(64 * mib); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	st, err := ucopy.Copy(context.Background(), src, dst, ucopy.WithSparse(ucopy.SparseAuto))
	if err != nil {
		t.Fatal(err)
	}
	var sys syscall.Stat_t
	if err := syscall.Stat(dst, &sys); err != nil {
		t.Fatal(err)
	}
	if sys.Size != 64*mib {
		t.Errorf("size %d, want %d", sys.Size, 64*mib)
	}
	if sys.Blocks*512 >= 4*mib {
		t.Errorf("holes were filled: %d blocks allocated", sys.Blocks)
	}
	if st.BytesSparse == 0 {
		t.Errorf("stats = %+v, want BytesSparse > 0", st)
	}
	want, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	sameContent(t, dst, want)
}

func TestVerifyCountsTheFilesItCompared(t *testing.T) {
	dir := t.TempDir()
	tree := filepath.Join(dir, "tree")
	if err := os.Mkdir(tree, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFiveMiB(t, tree)
	if err := os.WriteFile(filepath.Join(tree, "small"), []byte("small"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := ucopy.Copy(context.Background(), tree, filepath.Join(dir, "verified"), ucopy.WithVerify(true))
	if err != nil {
		t.Fatal(err)
	}
	if st.Files != 2 || st.FilesVerified != 2 {
		t.Errorf("stats = %+v, want 2 files, 2 verified", st)
	}
	st, err = ucopy.Copy(context.Background(), tree, filepath.Join(dir, "unverified"))
	if err != nil {
		t.Fatal(err)
	}
	if st.FilesVerified != 0 {
		t.Errorf("stats = %+v, want nothing verified without WithVerify", st)
	}
}

func TestRegionOptionsAreAccepted(t *testing.T) {
	dir := t.TempDir()
	src, data := writeFiveMiB(t, dir)
	dst := filepath.Join(dir, "dst")
	st, err := ucopy.Copy(context.Background(), src, dst, ucopy.WithRegions(3),
		ucopy.WithRegionThreshold(2*mib), ucopy.WithRegionSize(2*mib),
		ucopy.WithReflink(ucopy.ReflinkNever))
	if err != nil {
		t.Fatal(err)
	}
	sameContent(t, dst, data)
	if st.Bytes != fiveMiB {
		t.Errorf("stats = %+v, want %d bytes", st, fiveMiB)
	}
}

func TestBadLargeFileOptionsAreEINVALNamingTheField(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	if err := os.WriteFile(src, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, "dst")
	for _, tc := range []struct {
		field string
		opts  []ucopy.Option
	}{
		{"region_size", []ucopy.Option{ucopy.WithRegionSize(3 * mib)}},
		{"regions", []ucopy.Option{ucopy.WithRegions(65)}},
		{"copy_method", []ucopy.Option{ucopy.WithCopyMethod(ucopy.CopyMethod(9))}},
		{"sparse", []ucopy.Option{ucopy.WithSparse(ucopy.Sparse(9))}},
		{"reflink", []ucopy.Option{ucopy.WithReflink(ucopy.ReflinkAlways),
			ucopy.WithCopyMethod(ucopy.CopyReadWrite)}},
	} {
		_, err := ucopy.Copy(context.Background(), src, dst, tc.opts...)
		var ue *ucopy.Error
		if !errors.As(err, &ue) || !errors.Is(err, syscall.EINVAL) {
			t.Errorf("%s: err = %v, want an *Error matching EINVAL", tc.field, err)
			continue
		}
		if !strings.Contains(ue.Msg, tc.field) {
			t.Errorf("%s: Msg = %q does not name the field", tc.field, ue.Msg)
		}
		if _, statErr := os.Lstat(dst); !errors.Is(statErr, fs.ErrNotExist) {
			t.Errorf("%s: the rejected copy wrote its destination (%v)", tc.field, statErr)
		}
	}
	if s := ucopy.CopyMethod(9).String(); s != "CopyMethod(9)" {
		t.Errorf("String() = %q", s)
	}
	if s := ucopy.CopyFileRange.String(); s != "copy_file_range" {
		t.Errorf("String() = %q", s)
	}
}

// A mismatch cannot be provoked from here; the mapping of its code is
// checked on an event as the library would report it.
func TestVerifyMismatchMatchesErrVerify(t *testing.T) {
	ev := ucopy.Event{Type: ucopy.EventError, Code: cucopy.UCOPY_EVERIFY, Op: "verify", Src: "a", Dst: "b",
		Message: "b: verify: differs"}
	err := ev.Err()
	if !errors.Is(err, ucopy.ErrVerify) || errors.Is(err, ucopy.ErrPartial) {
		t.Errorf("Err() = %v, want it to match ErrVerify only", err)
	}
	var ue *ucopy.Error
	if !errors.As(err, &ue) || ue.Path != "a" || ue.Dst != "b" || ue.Op != "verify" {
		t.Errorf("Err() = %#v", err)
	}
	if (ucopy.Event{}).Err() != nil {
		t.Error("an event without a code has no error")
	}
}
