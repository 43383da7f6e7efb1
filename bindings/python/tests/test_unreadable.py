# SPDX-License-Identifier: MIT
"""The on_error callback must see a file the copy cannot read, and each
decision must have its documented effect. Root reads everything, so as
root the copy runs in a forked child that drops to nobody (65534) -- a fork
rather than a new interpreter, since the interpreter may live where nobody
cannot reach (e.g. under /root)."""

import errno
import json
import os
import pathlib
import shutil
import tempfile
import traceback

import pytest
import ucopy

NOBODY = 65534


def copy_with_decision(decision, src, dst):
    seen = []

    def on_error(event):
        seen.append({"src": event.src_path, "errno": event.errno, "op": event.op,
                     "type": int(event.type), "file_type": int(event.file_type),
                     "message": event.message})
        return decision

    result = {"seen": seen, "error": None, "stats": None}
    try:
        stats = ucopy.copy(src, dst, on_error=on_error)
    except OSError as e:
        result["error"] = type(e).__name__
        result["errno"] = e.errno
        result["filename"] = e.filename
        stats = e.stats
    result["stats"] = {"failures": stats.failures, "skipped": stats.skipped, "files": stats.files}
    return result


def as_nobody(fn, *args):
    """Run fn(*args) in a child with nobody's credentials when root."""
    if os.geteuid() != 0:
        return fn(*args)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never return into pytest
        code = 1
        try:
            os.close(r)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            out = json.dumps({"ok": fn(*args)})
            code = 0
        except BaseException:
            out = json.dumps({"exc": traceback.format_exc()})
        finally:
            os.write(w, out.encode()) if "out" in locals() else None
            os._exit(code)
    os.close(w)
    with os.fdopen(r, "rb") as f:
        data = f.read()
    os.waitpid(pid, 0)
    reply = json.loads(data)
    if "exc" in reply:
        pytest.fail("child failed:\n" + reply["exc"])
    return reply["ok"]


@pytest.fixture
def layout():
    # Not tmp_path: pytest's base directory is 0700 and nobody must get in.
    base = pathlib.Path(tempfile.mkdtemp(prefix="ucopy-py-unreadable-"))
    os.chmod(base, 0o755)
    yield from _layout(base)
    shutil.rmtree(base, ignore_errors=True)


def _layout(base):
    src = base / "src"
    src.mkdir()
    for name in ("a", "secret", "z"):
        (src / name).write_bytes(name.encode())
    secret = src / "secret"
    os.chmod(secret, 0)
    if os.geteuid() != 0:
        try:
            open(secret, "rb").close()
            pytest.skip("this user reads mode-000 files (CAP_DAC_OVERRIDE?): cannot provoke EACCES")
        except PermissionError:
            pass
    yield base, str(src), str(secret)


def out_dir(base, name):
    parent = base / ("out-" + name)
    parent.mkdir()
    if os.geteuid() == 0:
        os.chown(parent, NOBODY, NOBODY)
    return str(parent / "dst")


@pytest.mark.parametrize("decision", ["continue", "skip", "abort"])
def test_on_error_sees_unreadable_file(layout, decision):
    base, src, secret = layout
    dst = out_dir(base, decision)
    r = as_nobody(copy_with_decision, decision, src, dst)
    assert len(r["seen"]) == 1, r
    ev = r["seen"][0]
    assert ev["src"] == secret and ev["errno"] == errno.EACCES
    assert ev["type"] == ucopy.EventType.ERROR and ev["file_type"] == ucopy.FileType.FILE
    assert ev["op"] and ev["message"]
    assert not os.path.lexists(os.path.join(dst, "secret"))
    if decision == "continue":
        assert r["error"] == "PartialCopyError", r
        assert r["stats"]["failures"] == 1 and r["stats"]["skipped"] == 0
        assert sorted(os.listdir(dst)) == ["a", "z"]
    elif decision == "skip":
        assert r["error"] is None, r
        assert r["stats"]["failures"] == 0 and r["stats"]["skipped"] == 1
        assert sorted(os.listdir(dst)) == ["a", "z"]
    else:
        assert r["error"] == "AbortedError", r
        assert r["errno"] == errno.EACCES and r["filename"] == secret
