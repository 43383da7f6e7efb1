// SPDX-License-Identifier: MIT

package ucopy_test

// The progress fields of libucopy 0.2 (TotalsFinal, Phase, BytesPerSec,
// FilesFailed, FilesSkipped, CurrentPath) and WithPrescan. What holds
// whether or not the library fills the new fields is checked always; what
// only a library that fills them can satisfy is skipped, with the reason,
// when the last report of a copy does not have TotalsFinal set (a library
// that fills the fields always sets it there).

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ucopy "github.com/ucopy/ucopy/bindings/go"
)

// checkReports checks what every report of one copy of src satisfies,
// from any 0.2 library, and returns the last one.
func checkReports(t *testing.T, seen []ucopy.Progress, src string) ucopy.Progress {
	t.Helper()
	if len(seen) == 0 {
		t.Fatal("no progress call")
	}
	for i, p := range seen {
		if p.Phase < ucopy.PhaseUnknown || p.Phase > ucopy.PhaseSyncing {
			t.Errorf("report %d: phase %v out of range: %+v", i, p.Phase, p)
		}
		if p.FilesFailed+p.FilesSkipped > p.FilesDone {
			t.Errorf("report %d: more failed and skipped than done: %+v", i, p)
		}
		if p.CurrentPath != "" && p.CurrentPath != src &&
			!strings.HasPrefix(p.CurrentPath, strings.TrimRight(src, "/")+"/") {
			t.Errorf("report %d: current path %q is not under %q", i, p.CurrentPath, src)
		}
		if i == 0 {
			continue
		}
		a := seen[i-1]
		if a.Finished {
			t.Errorf("call %d came after the finished one", i)
		}
		if p.FilesFailed < a.FilesFailed || p.FilesSkipped < a.FilesSkipped {
			t.Errorf("failed/skipped went backwards: %+v then %+v", a, p)
		}
		if a.TotalsFinal && !p.TotalsFinal {
			t.Errorf("TotalsFinal went back: %+v then %+v", a, p)
		}
	}
	last := seen[len(seen)-1]
	if !last.Finished {
		t.Errorf("last report %+v not finished", last)
	}
	return last
}

// requireFilled skips the rest of the test unless the library fills the
// 0.2 fields (it then sets TotalsFinal on the last report of every copy).
func requireFilled(t *testing.T, last ucopy.Progress) {
	t.Helper()
	if !last.TotalsFinal {
		t.Skip("library does not report totals_final yet")
	}
}

func TestPhaseNames(t *testing.T) {
	for p, want := range map[ucopy.Phase]string{
		ucopy.PhaseUnknown: "unknown", ucopy.PhaseWalking: "walking",
		ucopy.PhaseCopying: "copying", ucopy.PhaseDeleting: "deleting",
		ucopy.PhaseVerifying: "verifying", ucopy.PhaseSyncing: "syncing",
		ucopy.Phase(42): "Phase(42)",
	} {
		if got := p.String(); got != want {
			t.Errorf("Phase(%d).String() = %q, want %q", int(p), got, want)
		}
	}
	got := []ucopy.Phase{ucopy.PhaseWalking, ucopy.PhaseCopying, ucopy.PhaseDeleting,
		ucopy.PhaseVerifying, ucopy.PhaseSyncing}
	for i, p := range got {
		if int(p) != i+1 {
			t.Errorf("%v = %d, want %d (UCOPY_PHASE_*)", p, int(p), i+1)
		}
	}
}

func TestEveryProgressReportIsWellFormed(t *testing.T) {
	for _, prescan := range []bool{true, false} {
		t.Run(map[bool]string{true: "prescan", false: "no-prescan"}[prescan], func(t *testing.T) {
			dir := t.TempDir()
			src, dst := filepath.Join(dir, "src"), filepath.Join(dir, "dst")
			makeTree(t, src)
			var seen []ucopy.Progress
			stats, err := ucopy.Copy(context.Background(), src, dst, ucopy.WithPrescan(prescan),
				ucopy.WithProgressInterval(10*time.Millisecond),
				ucopy.WithProgress(func(p ucopy.Progress) { seen = append(seen, p) }))
			if err != nil {
				t.Fatal(err)
			}
			compareTrees(t, src, dst)
			last := checkReports(t, seen, src)
			if last.FilesDone != last.FilesTotal || last.BytesDone != stats.Bytes {
				t.Errorf("last report %+v does not end at the totals (stats %+v)", last, stats)
			}
			requireFilled(t, last)
			if last.Phase == ucopy.PhaseUnknown || last.FilesFailed != 0 || last.FilesSkipped != 0 {
				t.Errorf("last report %+v: want a phase, no failures, none skipped", last)
			}
		})
	}
}

func TestProgressDuringALongerCopy(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "src"), filepath.Join(dir, "dst")
	makeBigTree(t, src)
	var seen []ucopy.Progress
	if _, err := ucopy.Copy(context.Background(), src, dst,
		ucopy.WithProgressInterval(10*time.Millisecond),
		ucopy.WithProgress(func(p ucopy.Progress) { seen = append(seen, p) })); err != nil {
		t.Fatal(err)
	}
	checkReports(t, seen, src)
}

func TestLastProgressCountsFailedAndSkippedAsStats(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "src"), filepath.Join(dir, "dst")
	for _, d := range []string{src, dst} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"fails", "skipped", "copied"} {
		if err := os.WriteFile(filepath.Join(src, name), []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"fails", "skipped"} { // EEXIST under OverwriteFail
		if err := os.WriteFile(filepath.Join(dst, name), []byte("old"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var seen []ucopy.Progress
	stats, err := ucopy.Copy(context.Background(), src, dst,
		ucopy.WithProgress(func(p ucopy.Progress) { seen = append(seen, p) }),
		ucopy.WithErrorHandler(func(e ucopy.Event) ucopy.Decision {
			if strings.HasSuffix(e.Src, "skipped") {
				return ucopy.Skip
			}
			return ucopy.Continue
		}))
	if !errors.Is(err, ucopy.ErrPartial) {
		t.Fatalf("err = %v, want ErrPartial", err)
	}
	if stats.Failures != 1 || stats.Skipped != 1 {
		t.Fatalf("stats %+v: want 1 failure, 1 skipped", stats)
	}
	last := checkReports(t, seen, src)
	requireFilled(t, last)
	if last.Phase == ucopy.PhaseUnknown {
		t.Errorf("last report %+v has no phase", last)
	}
	if last.FilesFailed != stats.Failures || last.FilesSkipped != stats.Skipped {
		t.Errorf("last report %+v: failed/skipped %d/%d, stats say %d/%d", last,
			last.FilesFailed, last.FilesSkipped, stats.Failures, stats.Skipped)
	}
}
