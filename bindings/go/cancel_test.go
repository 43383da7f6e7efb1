// SPDX-License-Identifier: MIT

package ucopy_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	ucopy "github.com/ucopy/ucopy/bindings/go"
)

// makeBigTree writes enough data that a copy lasts well beyond the first
// progress tick.
func makeBigTree(t *testing.T, root string) {
	t.Helper()
	if err := os.Mkdir(root, 0o755); err != nil {
		t.Fatal(err)
	}
	chunk := bytes.Repeat([]byte("0123456789abcdef"), 1<<18) // 4 MiB
	for i := 0; i < 96; i++ {
		if err := os.WriteFile(filepath.Join(root, fmt.Sprintf("f%03d", i)), chunk, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestContextCancelStopsPromptly(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "src"), filepath.Join(dir, "dst")
	makeBigTree(t, src)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var cancelledAt time.Time
	ticks := 0
	_, err := ucopy.Copy(ctx, src, dst,
		ucopy.WithProgressInterval(10*time.Millisecond),
		ucopy.WithProgress(func(p ucopy.Progress) {
			ticks++
			if !p.Finished && cancelledAt.IsZero() {
				cancelledAt = time.Now()
				go cancel() // from another goroutine, as a caller would
			}
		}))
	if cancelledAt.IsZero() {
		t.Fatalf("the copy finished before its first progress tick (%d ticks, err %v); tree too small?", ticks, err)
	}
	if took := time.Since(cancelledAt); took > time.Second {
		t.Errorf("Copy returned %v after the cancel, want < 1s", took)
	}
	var ue *ucopy.Error
	if !errors.Is(err, context.Canceled) || !errors.Is(err, syscall.ECANCELED) || !errors.As(err, &ue) {
		t.Fatalf("got %v, want an *Error matching context.Canceled and ECANCELED", err)
	}
}

func TestDeadlineExceeded(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "src"), filepath.Join(dir, "dst")
	makeBigTree(t, src)
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	<-ctx.Done()
	if _, err := ucopy.Copy(ctx, src, dst); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want DeadlineExceeded", err)
	}
}

// A context cancelled just as the copy starts stops it: the watcher starts
// once the run is active (ucopy_start), so the cancel cannot fall into the
// moment before the run begins and be lost.
func TestContextCancelledAsTheCopyStartsStopsIt(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	makeBigTree(t, src)
	for i := 0; i < 10; i++ {
		ctx, cancel := context.WithCancel(context.Background())
		go cancel() // races Copy's start
		start := time.Now()
		_, err := ucopy.Copy(ctx, src, filepath.Join(dir, fmt.Sprintf("dst%d", i)))
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("round %d: got %v after %v, want context.Canceled", i, err, time.Since(start))
		}
		if took := time.Since(start); took > time.Second {
			t.Errorf("round %d: Copy took %v to stop, want < 1s", i, took)
		}
	}
}

// A cancel that comes right after copy 1 returned does not stop copy 2.
func TestLateCancelDoesNotStopTheNextCopy(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "src")
	if err := os.Mkdir(src, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(src, "f"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		ctx1, cancel1 := context.WithCancel(context.Background())
		if _, err := ucopy.Copy(ctx1, src, filepath.Join(dir, fmt.Sprintf("a%d", i))); err != nil {
			t.Fatalf("copy 1: %v", err)
		}
		cancel1() // too late for copy 1
		if _, err := ucopy.Copy(context.Background(), src, filepath.Join(dir, fmt.Sprintf("b%d", i))); err != nil {
			t.Fatalf("round %d: copy 2 was stopped: %v", i, err)
		}
	}
}
