# SPDX-License-Identifier: MIT
"""on_event: every event kind reaches it as an Event, only the kinds asked
for, on the calling thread; errors reach on_event and then on_error; an
exception in it stops the copy and is re-raised."""

import os
import shutil
import tempfile
import threading

import pytest
import ucopy
from test_unreadable import as_nobody


@pytest.fixture
def mixed(tmp_path):
    """A source and a destination that give each kind but WARNING:
    a.txt copied, fifo skipped (specials=False), clash failing (exists in
    dst, overwrite="fail"), stale deleted (delete=True)."""
    src, dst = tmp_path / "src", tmp_path / "dst"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_bytes(b"12345")
    (src / "sub" / "clash").write_bytes(b"new")
    os.mkfifo(src / "fifo")
    (dst / "sub").mkdir(parents=True)
    (dst / "sub" / "clash").write_bytes(b"old")
    (dst / "stale").write_bytes(b"s")
    return src, dst


def kinds_by_name(events):
    return {(e.type, os.path.basename(e.dst_path)) for e in events}


def test_on_event_gets_every_kind_as_typed_events(mixed):
    src, dst = mixed
    seen, threads = [], set()

    def on_event(e):
        seen.append(e)
        threads.add(threading.get_ident())

    with pytest.raises(ucopy.PartialCopyError):
        ucopy.copy(src, dst, specials=False, delete=True, on_event=on_event)
    got = kinds_by_name(seen)
    T = ucopy.EventType
    assert {(T.COPIED, "a.txt"), (T.SKIPPED, "fifo"), (T.ERROR, "clash"), (T.DELETED, "stale")} <= got
    copied = next(e for e in seen if e.type == T.COPIED and e.dst_path.endswith("a.txt"))
    assert isinstance(copied, ucopy.Event)
    assert (copied.file_type, copied.bytes, copied.code) == (ucopy.FileType.FILE, 5, 0)
    assert copied.src_path == os.path.join(src, "a.txt")
    error = next(e for e in seen if e.type == T.ERROR)
    assert error.errno is not None and error.op and error.message
    assert threads == {threading.get_ident()}


def test_events_selects_the_kinds(mixed):
    src, dst = mixed
    seen = []
    with pytest.raises(ucopy.PartialCopyError):
        ucopy.copy(src, dst, specials=False, delete=True, on_event=seen.append,
                   events=["skipped", ucopy.EventType.DELETED])
    assert {e.type for e in seen} == {ucopy.EventType.SKIPPED, ucopy.EventType.DELETED}


def test_bad_event_kind_is_a_value_error_naming_it():
    with pytest.raises(ValueError, match="'copyed'.*|copyed"):
        ucopy.Copier(on_event=print, events=["copyed"])
    with pytest.raises(TypeError):
        ucopy.Copier(on_event="print")  # type: ignore[arg-type]


def test_an_error_reaches_on_event_then_on_error(mixed):
    src, dst = mixed
    order = []
    ucopy.copy(src, dst, specials=False, events=["error"],
               on_event=lambda e: order.append(("event", e.dst_path)),
               on_error=lambda e: order.append(("error", e.dst_path)) or "skip")
    clash = os.path.join(dst, "sub", "clash")
    assert order == [("event", clash), ("error", clash)]


class Boom(Exception):
    pass


def test_an_exception_in_on_event_stops_the_copy_and_is_reraised(big_tree, tmp_path):
    calls = []

    def on_event(e):
        calls.append(e)
        raise Boom(e.dst_path)

    with pytest.raises(Boom) as info:
        ucopy.copy(big_tree, tmp_path / "dst", on_event=on_event, events=["copied"])
    assert len(calls) == 1, "on_event was called again after it raised"
    assert info.value.args[0] == calls[0].dst_path
    left = sum(len(files) for _, _, files in os.walk(tmp_path / "dst"))
    assert left < len(os.listdir(big_tree)), "the copy went on to the end"


def owner_warnings(src, dst, policy):
    seen = []
    stats = ucopy.copy(src, dst, owner_policy=policy, events=["warning"],
                       on_event=lambda e: seen.append(e.dst_path))
    return {"seen": seen, "warnings": stats.warnings}


@pytest.fixture
def open_dir():
    # Not tmp_path: pytest's base directory is 0700 and nobody must get in.
    base = tempfile.mkdtemp(prefix="ucopy-py-owner-")
    os.chmod(base, 0o777)
    yield base
    shutil.rmtree(base, ignore_errors=True)


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to own files nobody then copies")
@pytest.mark.parametrize("policy,per_entry", [("warn", False), ("warn_each", True),
                                              (ucopy.OwnerPolicy.WARN_EACH, True)])
def test_owner_warnings_once_per_run_or_per_entry(open_dir, policy, per_entry):
    # Root's files copied by nobody keeping owners: the owner cannot be kept.
    src = os.path.join(open_dir, "src")
    os.mkdir(src)
    for i in range(3):
        with open(os.path.join(src, f"f{i}"), "wb") as f:
            f.write(b"x")
    got = as_nobody(owner_warnings, src, os.path.join(open_dir, "dst"), policy)
    if per_entry:
        assert got["warnings"] >= 3 and len(got["seen"]) == got["warnings"], got
    else:
        assert (got["warnings"], len(got["seen"])) == (1, 1), got
