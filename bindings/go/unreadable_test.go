// SPDX-License-Identifier: MIT

package ucopy_test

// The error handler must see a file the copy cannot read, and each
// Decision must have its documented effect. Root reads everything, so as
// root the copy runs in a helper process (this test binary, re-executed)
// with the credentials of nobody (65534); as another user it runs here.

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"

	ucopy "github.com/ucopy/ucopy/bindings/go"
)

const helperEnv = "UCOPY_GO_TEST_HELPER" // "decision src dst" for the helper

func TestMain(m *testing.M) {
	if args := os.Getenv(helperEnv); args != "" {
		os.Exit(helperMain(args))
	}
	os.Exit(m.Run())
}

// helperResult is what one copy with a given decision produced.
type helperResult struct {
	Stats    ucopy.Stats
	Seen     []ucopy.Event // events the handler was called with
	Err      string
	Partial  bool
	Aborted  bool
	ErrPath  string
	ErrErrno int
}

func runWithDecision(decision ucopy.Decision, src, dst string) helperResult {
	var r helperResult
	stats, err := ucopy.Copy(context.Background(), src, dst,
		ucopy.WithErrorHandler(func(e ucopy.Event) ucopy.Decision {
			r.Seen = append(r.Seen, e)
			return decision
		}))
	r.Stats = stats
	if err != nil {
		r.Err = err.Error()
		r.Partial = errors.Is(err, ucopy.ErrPartial)
		r.Aborted = errors.Is(err, ucopy.ErrAborted)
		var ue *ucopy.Error
		if errors.As(err, &ue) {
			r.ErrPath = ue.Path
			r.ErrErrno = int(ue.Errno)
		}
	}
	return r
}

func helperMain(args string) int {
	var in struct {
		Decision ucopy.Decision
		Src, Dst string
	}
	if err := json.Unmarshal([]byte(args), &in); err != nil {
		return 3
	}
	if err := json.NewEncoder(os.Stdout).Encode(runWithDecision(in.Decision, in.Src, in.Dst)); err != nil {
		return 4
	}
	return 0
}

// copyUnprivileged runs runWithDecision as nobody when we are root.
func copyUnprivileged(t *testing.T, decision ucopy.Decision, src, dst string) helperResult {
	t.Helper()
	if os.Geteuid() != 0 {
		return runWithDecision(decision, src, dst)
	}
	// The go test binary sits in a 0700 build directory: give nobody a copy.
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(filepath.Dir(filepath.Dir(dst)), "helper.test") // in base
	if _, err := os.Stat(bin); err != nil {
		in, err := os.Open(exe)
		if err != nil {
			t.Fatal(err)
		}
		defer in.Close()
		out, err := os.OpenFile(bin, os.O_CREATE|os.O_WRONLY, 0o755)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(out, in); err != nil {
			t.Fatal(err)
		}
		out.Close()
	}
	args, _ := json.Marshal(map[string]any{"Decision": decision, "Src": src, "Dst": dst})
	cmd := exec.Command(bin, "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+string(args))
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	cmd.Stderr = os.Stderr
	outb, err := cmd.Output()
	if err != nil {
		t.Fatalf("helper as nobody: %v (is the library readable by nobody?)", err)
	}
	var r helperResult
	if err := json.Unmarshal(outb, &r); err != nil {
		t.Fatalf("helper output %q: %v", outb, err)
	}
	return r
}

func TestErrorHandlerDecisions(t *testing.T) {
	// Not t.TempDir(): its parent is 0700, and nobody must get in.
	base, err := os.MkdirTemp("", "ucopy-go-unreadable-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(base, "src")
	for _, f := range []string{"a", "secret", "z"} {
		if err := os.MkdirAll(src, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, f), []byte(f), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	secret := filepath.Join(src, "secret")
	if err := os.Chmod(secret, 0); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() != 0 {
		if f, err := os.Open(secret); err == nil {
			f.Close()
			t.Skip("this user can read a mode-000 file (CAP_DAC_OVERRIDE?); cannot test read errors")
		}
	}

	for _, tc := range []struct {
		decision ucopy.Decision
		check    func(t *testing.T, r helperResult, dst string)
	}{
		{ucopy.Continue, func(t *testing.T, r helperResult, dst string) {
			if !r.Partial || r.Stats.Failures != 1 || r.Stats.Skipped != 0 {
				t.Errorf("continue: err %q stats %+v: want ErrPartial, 1 failure", r.Err, r.Stats)
			}
			mustExist(t, dst, "a", "z")
			mustNotExist(t, dst, "secret")
		}},
		{ucopy.Skip, func(t *testing.T, r helperResult, dst string) {
			if r.Err != "" || r.Stats.Failures != 0 || r.Stats.Skipped != 1 {
				t.Errorf("skip: err %q stats %+v: want success, 1 skipped, 0 failures", r.Err, r.Stats)
			}
			mustExist(t, dst, "a", "z")
			mustNotExist(t, dst, "secret")
		}},
		{ucopy.Abort, func(t *testing.T, r helperResult, dst string) {
			if !r.Aborted || r.ErrPath != secret || r.ErrErrno != int(syscall.EACCES) {
				t.Errorf("abort: err %q path %q errno %d: want ErrAborted on %s with EACCES",
					r.Err, r.ErrPath, r.ErrErrno, secret)
			}
			mustNotExist(t, dst, "secret")
		}},
	} {
		t.Run(tc.decision.String(), func(t *testing.T) {
			parent := filepath.Join(base, "out-"+tc.decision.String())
			if err := os.Mkdir(parent, 0o755); err != nil {
				t.Fatal(err)
			}
			if os.Geteuid() == 0 {
				if err := os.Chown(parent, 65534, 65534); err != nil {
					t.Fatal(err)
				}
			}
			dst := filepath.Join(parent, "dst")
			r := copyUnprivileged(t, tc.decision, src, dst)
			if len(r.Seen) != 1 {
				t.Fatalf("handler saw %d events, want 1 for %s: %+v", len(r.Seen), secret, r.Seen)
			}
			e := r.Seen[0]
			if e.Type != ucopy.EventError || e.Src != secret || e.Errno != syscall.EACCES ||
				e.FileType != ucopy.TypeFile || e.Op == "" || e.Message == "" {
				t.Errorf("event %+v: want an EACCES error on %s with op and message", e, secret)
			}
			tc.check(t, r, dst)
		})
	}
}

func mustExist(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := os.Lstat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
}

func mustNotExist(t *testing.T, dir string, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := os.Lstat(filepath.Join(dir, n)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s exists in the copy (%v)", n, err)
		}
	}
}
