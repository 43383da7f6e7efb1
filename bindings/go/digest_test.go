// SPDX-License-Identifier: MIT

package ucopy_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	ucopy "github.com/ucopy/ucopy/bindings/go"
)

// WithDigest: each copied file's event carries the digest of its bytes
// (SHA-256 checked against crypto/sha256; XXH3-128 of "hello" as xxhsum
// prints it); directories carry none.
func TestDigestInCopiedEvents(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	if err := os.MkdirAll(filepath.Join(src, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"small": []byte("hello"), "empty": nil, "sub/big": patterned(3*mib+5, 3)}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(src, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []ucopy.Digest{ucopy.DigestSHA256, ucopy.DigestXXH128} {
		var events []ucopy.Event
		dst := filepath.Join(dir, d.String())
		_, err := ucopy.Copy(context.Background(), src, dst, ucopy.WithDigest(d),
			ucopy.WithEventHandler(func(e ucopy.Event) { events = append(events, e) }))
		if err != nil {
			t.Fatal(err)
		}
		seen := 0
		for _, e := range events {
			if e.Type != ucopy.EventCopied {
				continue
			}
			if e.FileType != ucopy.TypeFile {
				if e.Digest != nil {
					t.Errorf("%s: %s has digest %x", d, e.Dst, e.Digest)
				}
				continue
			}
			seen++
			rel, _ := filepath.Rel(dst, e.Dst)
			if d == ucopy.DigestSHA256 {
				want := sha256.Sum256(files[rel])
				if !bytes.Equal(e.Digest, want[:]) {
					t.Errorf("sha256 of %s: %x, want %x", rel, e.Digest, want)
				}
			} else if len(e.Digest) != 16 {
				t.Errorf("xxh128 of %s: %d bytes", rel, len(e.Digest))
			} else if rel == "small" && hex.EncodeToString(e.Digest) != "b5e9c1ad071b3e7fc779cfaa5e523818" {
				t.Errorf("xxh128 of small: %x", e.Digest)
			}
		}
		if seen != len(files) {
			t.Errorf("%s: %d files with events, want %d", d, seen, len(files))
		}
	}
}

func TestBadDigestIsRefused(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "f")
	if err := os.WriteFile(src, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ucopy.Copy(context.Background(), src, filepath.Join(dir, "g"), ucopy.WithDigest(ucopy.Digest(9)))
	var e *ucopy.Error
	if !errors.Is(err, syscall.EINVAL) || !errors.As(err, &e) || !bytes.Contains([]byte(e.Msg), []byte("digest")) {
		t.Fatalf("err = %v, want EINVAL naming digest", err)
	}
}
