# SPDX-License-Identifier: MIT
"""Run one copy and measure it: wall time to durable data, CPU, peak RSS, syscalls."""
import ctypes
import json
import os
import re
import shutil
import signal
import subprocess
import time

_libc = ctypes.CDLL(None, use_errno=True)


def syncfs(path):
    """Flush only the destination filesystem (global sync would time other users' I/O)."""
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        if _libc.syncfs(fd) != 0:
            e = ctypes.get_errno()
            raise OSError(e, os.strerror(e), path)
    finally:
        os.close(fd)


def run_group(argv, timeout, **kw):
    """Run argv in its own process group; on timeout or Ctrl-C kill the whole group,
    so that no copy keeps the destination mount busy. Returns the exit code."""
    p = subprocess.Popen(argv, start_new_session=True, stdin=subprocess.DEVNULL, **kw)
    try:
        return p.wait(timeout=timeout)
    except BaseException:
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        p.wait()
        raise


def timed(argv, dst_mount, log_prefix, rusage_run, timeout=None):
    """Run argv under the rusage_run helper; the clock stops once the destination
    fs is synced. CPU and peak RSS come from wait4() in the helper, which also
    covers the grandchildren the child reaped (both halves of the tar pipe).
    A run past `timeout` seconds is killed and recorded as failed (rc 124).
    """
    out_path, err_path = log_prefix + ".out", log_prefix + ".err"
    ru_path = log_prefix + ".rusage"
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        t0 = time.monotonic_ns()
        try:
            run_group([rusage_run, ru_path] + argv, timeout, stdout=out, stderr=err)
        except subprocess.TimeoutExpired:
            err.write(f"\nbench: killed after {timeout} s\n".encode())
            with open(ru_path, "w") as f:
                json.dump({"rc": 124, "user_s": 0.0, "sys_s": 0.0, "maxrss_kib": 0}, f)
        t_exit = time.monotonic_ns()
        syncfs(dst_mount)
        t1 = time.monotonic_ns()
    with open(err_path, "rb") as f:
        err_tail = f.read()[-2000:].decode(errors="replace")
    try:
        with open(ru_path) as f:
            ru = json.load(f)
        os.unlink(ru_path)
    except (OSError, ValueError):  # helper itself failed: keep the run, mark it failed
        ru = {"rc": 125, "user_s": 0.0, "sys_s": 0.0, "maxrss_kib": 0}
    return {
        "wall_s": (t1 - t0) / 1e9,
        "exit_s": (t_exit - t0) / 1e9,  # before the final sync, for curiosity
        "user_s": ru["user_s"],
        "sys_s": ru["sys_s"],
        "cpu_s": ru["user_s"] + ru["sys_s"],
        "maxrss_kib": ru["maxrss_kib"],
        "rc": ru["rc"],
        "stderr_tail": err_tail.strip(),
        "stdout_path": out_path,
    }


# `ucopy --stats` text lines, parsed into the same keys as the --json summary.
_STATS_TEXT = [
    (re.compile(r"^files: (\d+), directories: (\d+)"), ("files", "dirs")),
    (re.compile(r"^bytes: (\d+) .* in ([\d.]+) s"), ("bytes", "elapsed_s")),
    (re.compile(r"^failures: (\d+), skipped: (\d+)"), ("failures", "skipped")),
    (re.compile(r"^io_uring: (\d+) SQEs in (\d+) io_uring_enter"),
     ("sqes_submitted", "io_uring_enters")),
]


def ucopy_summary(stdout_path):
    """ucopy's statistics from its stdout: the last `{"type":"summary",...}` line of
    --json output, else the text of --stats; None when there is neither."""
    summary, text = None, {}
    try:
        with open(stdout_path, errors="replace") as f:
            for line in f:
                line = line.strip()
                for rx, keys in _STATS_TEXT:
                    m = rx.match(line)
                    if m:
                        text.update({k: float(v) if "." in v else int(v)
                                     for k, v in zip(keys, m.groups())})
                if not line.startswith("{"):
                    continue
                try:
                    obj = json.loads(line)
                except ValueError:
                    continue
                if obj.get("type") == "summary":
                    summary = obj
    except OSError:
        return None
    if summary is None and text:
        summary = dict(text, type="summary", source="--stats text")
    return summary


def strace_count(argv, log_prefix, timeout=None):
    """Total syscalls of argv and its threads/children via `strace -f -c`, or None."""
    if not shutil.which("strace"):
        return None
    trace = log_prefix + ".strace"
    try:
        rc = run_group(["strace", "-f", "-c", "-o", trace] + argv, timeout,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None
    try:
        with open(trace) as f:
            counted = parse_strace_summary(f.read())
    except OSError:
        return None
    os.unlink(trace)  # the top syscalls go into the results JSON
    if counted is None:
        return None
    counted["rc"] = rc
    return counted


def parse_strace_summary(text):
    """{"total": N, "top": {syscall: calls}} from `strace -c` output, or None."""
    total, top = None, []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 5 or not parts[0][0].isdigit():
            continue
        # "% time  seconds  usecs/call  calls  [errors]  syscall"
        try:
            name, calls = parts[-1], int(parts[3])
        except ValueError:
            continue
        if name == "total":
            total = calls
        else:
            top.append((name, calls))
    if total is None:
        return None
    top.sort(key=lambda t: -t[1])
    return {"total": total, "top": dict(top[:10])}
