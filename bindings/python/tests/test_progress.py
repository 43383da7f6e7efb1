# SPDX-License-Identifier: MIT
"""The progress fields of libucopy 0.2 (totals_final, phase, bytes_per_sec,
files_failed, files_skipped, current_path) and the prescan switch.

What holds whether or not the library fills the new fields is checked
always; what only a library that fills them can satisfy is skipped, with
the reason, when the last report of a run does not have totals_final set
(a library that fills the fields always sets it there)."""

import dataclasses
import os

import pytest
import ucopy
from ucopy import cucopy as _c

NEW_FIELDS = {"totals_final": False, "phase": None, "bytes_per_sec": 0, "files_failed": 0,
              "files_skipped": 0, "current_path": None}


def require_filled(last: ucopy.Progress) -> None:
    """Skip unless the library fills the 0.2 fields (it then sets
    totals_final on the last report of every run)."""
    assert last.finished
    if not last.totals_final:
        pytest.skip("library does not report totals_final yet")


def check_report(p: ucopy.Progress, src: str) -> None:
    """What every report satisfies, from any 0.2 library."""
    assert isinstance(p.finished, bool) and isinstance(p.totals_final, bool), p
    assert p.phase is None or isinstance(p.phase, ucopy.Phase), p
    assert type(p.bytes_per_sec) is int and p.bytes_per_sec >= 0, p
    assert type(p.files_failed) is int and p.files_failed >= 0, p
    assert type(p.files_skipped) is int and p.files_skipped >= 0, p
    assert p.files_failed + p.files_skipped <= p.files_done, p
    if p.current_path is not None:
        assert isinstance(p.current_path, str), p
        # Decoded like os.fsdecode: the bytes on disk come back.
        path = os.fsencode(p.current_path)
        root = os.fsencode(src)
        assert path == root or path.startswith(root.rstrip(b"/") + b"/"), (p, src)


def check_run(seen, src: str):
    assert seen, "no progress call"
    for p in seen:
        check_report(p, src)
    for a, b in zip(seen, seen[1:]):
        assert not a.finished, "a call came after the finished one"
        for f in ("files_failed", "files_skipped"):
            assert getattr(b, f) >= getattr(a, f), f"{f} went backwards: {a} then {b}"
        # Once final, the totals stay final.
        assert b.totals_final or not a.totals_final, f"totals_final went back: {a} then {b}"
    assert seen[-1].finished
    return seen[-1]


def test_phase_is_an_int_enum_of_the_library_constants():
    assert [(p.name, int(p)) for p in ucopy.Phase] == [
        ("WALKING", _c.UCOPY_PHASE_WALKING), ("COPYING", _c.UCOPY_PHASE_COPYING),
        ("DELETING", _c.UCOPY_PHASE_DELETING), ("VERIFYING", _c.UCOPY_PHASE_VERIFYING),
        ("SYNCING", _c.UCOPY_PHASE_SYNCING)]
    assert [int(p) for p in ucopy.Phase] == [1, 2, 3, 4, 5]
    assert "Phase" in ucopy.__all__
    assert _c.UCOPY_F_NO_PRESCAN == 0x200000


def test_progress_has_the_new_fields_with_defaults():
    names = [f.name for f in dataclasses.fields(ucopy.Progress)]
    assert names == ["finished", "files_done", "files_total", "bytes_done", "bytes_total",
                     "elapsed_ns", *NEW_FIELDS]
    # Built from the six fields of 0.1, as before: the new ones default.
    p = ucopy.Progress(True, 1, 1, 2, 2, 3)
    assert {k: getattr(p, k) for k in NEW_FIELDS} == NEW_FIELDS


@pytest.mark.parametrize("prescan", [True, False])
def test_every_report_is_well_formed(sample, prescan):
    src, dst = sample
    seen = []
    stats = ucopy.copy(src, dst, progress=seen.append, progress_interval=0.01, prescan=prescan)
    last = check_run(seen, src)
    assert last.files_done == last.files_total
    assert last.bytes_done == last.bytes_total == stats.bytes


def test_reports_during_a_longer_copy_are_well_formed(big_tree, tmp_path):
    seen = []
    ucopy.copy(big_tree, tmp_path / "dst", progress=seen.append, progress_interval=0.01)
    check_run(seen, big_tree)


def test_the_last_report_is_final_and_counts_as_the_stats(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "dst"
    src.mkdir()
    dst.mkdir()
    for name in ("fails", "skipped", "copied"):
        (src / name).write_bytes(name.encode())
    (dst / "fails").write_bytes(b"old")  # EEXIST under overwrite="fail"
    (dst / "skipped").write_bytes(b"old")
    seen = []

    def on_error(event):
        return "skip" if event.src_path.endswith("skipped") else "continue"

    with pytest.raises(ucopy.PartialCopyError) as err:
        ucopy.copy(src, dst, progress=seen.append, on_error=on_error)
    stats = err.value.stats
    assert (stats.failures, stats.skipped) == (1, 1)
    last = check_run(seen, str(src))
    require_filled(last)
    assert last.totals_final
    assert isinstance(last.phase, ucopy.Phase)
    assert (last.files_failed, last.files_skipped) == (stats.failures, stats.skipped)


@pytest.mark.parametrize("prescan", [True, False])
def test_totals_are_final_at_the_end_with_and_without_prescan(sample, prescan):
    src, dst = sample
    seen = []
    ucopy.copy(src, dst, progress=seen.append, prescan=prescan)
    last = check_run(seen, src)
    require_filled(last)
    assert last.totals_final and last.phase in set(ucopy.Phase)
    assert (last.files_failed, last.files_skipped) == (0, 0)


def test_without_prescan_the_copy_is_the_same(sample):
    from treeutil import assert_same_tree

    src, dst = sample
    stats = ucopy.copy(src, dst, prescan=False)
    assert stats.failures == 0
    assert_same_tree(src, dst)


def test_tramp_decodes_the_new_fields():
    # The trampoline the C layer calls, fed what a 0.2 library reports:
    # the path arrives as bytes (not UTF-8 here) and comes back as a str
    # that os.fsencode turns into the same bytes.
    seen = []
    with ucopy.Copier(progress=seen.append) as c:
        tramp = c._tramps[0]
        tramp(0, 1, 5, 10, 50, 99, 1, _c.UCOPY_PHASE_COPYING, 1234, 2, 3, b"/src/caf\xe9.txt")
        tramp(1, 5, 5, 50, 50, 100, 1, 0, 0, 2, 3, None)
        tramp(1, 5, 5, 50, 50, 100, 1, 77, 0, 2, 3, None)  # a phase this binding does not know
    a, b, c2 = seen
    assert a.totals_final is True and a.phase is ucopy.Phase.COPYING
    assert (a.bytes_per_sec, a.files_failed, a.files_skipped) == (1234, 2, 3)
    assert os.fsencode(a.current_path) == b"/src/caf\xe9.txt"
    assert b.phase is None and b.current_path is None
    assert c2.phase == 77
