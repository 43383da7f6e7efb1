# SPDX-License-Identifier: MIT
"""plan(): a dry run as a list of PlanEntry, equal to what the real run
then does, writing nothing; Copier.plan leaves the Copier copying."""

import os

import pytest
import ucopy
from treeutil import tree_listing


def file_sizes(root):
    out = {}
    for d, _, files in os.walk(root):
        for f in files:
            p = os.path.join(d, f)
            if not os.path.islink(p):
                out[os.path.relpath(p, root)] = os.path.getsize(p)
    return out


def test_plan_lists_every_entry_with_its_size_and_writes_nothing(sample):
    src, dst = sample
    entries = ucopy.plan(src, dst)
    assert not os.path.lexists(dst), "a plan wrote something"
    assert all(isinstance(e, ucopy.PlanEntry) and e.action == "copy" for e in entries)
    want = {os.fsdecode(p) for p in tree_listing(src)}
    assert {e.path for e in entries} == want
    files = {e.path: e.size for e in entries if e.file_type == ucopy.FileType.FILE}
    assert files == {os.fsdecode(k): v for k, v in file_sizes(os.fsencode(src)).items()}
    assert all(e.size == 0 for e in entries if e.file_type != ucopy.FileType.FILE)


def real_run(src, dst, **options):
    """{(action, path)} from the events of the run the plan predicts."""
    action = {ucopy.EventType.COPIED: "copy", ucopy.EventType.SKIPPED: "skip",
              ucopy.EventType.DELETED: "delete"}
    seen = set()
    ucopy.copy(src, dst, on_event=lambda e: seen.add((action[e.type], os.path.relpath(e.dst_path, dst))),
               events=list(action), **options)
    return seen


def test_plan_is_what_the_run_then_does(sample, tmp_path):
    src, dst = sample
    ucopy.copy(src, dst)
    os.utime(os.path.join(src, "a.txt"), (1, 1))  # outdated in dst now
    with open(os.path.join(dst, "stale"), "w") as f:
        f.write("not in src")
    options = dict(update="size-mtime", delete=True)
    entries = ucopy.plan(src, dst, **options)
    planned = {(e.action, e.path) for e in entries}
    assert ("delete", "stale") in planned and ("copy", "a.txt") in planned
    assert ("skip", "sub/b.txt") in planned
    assert os.path.exists(os.path.join(dst, "stale")), "the plan deleted"
    assert planned == real_run(src, dst, **options)


def test_copier_plan_then_run_copies(sample):
    src, dst = sample
    with ucopy.Copier() as c:
        assert any(e.path == "a.txt" for e in c.plan(src, dst))
        assert not os.path.lexists(dst)
        stats = c.run(src, dst)
    assert stats.files > 0 and os.path.exists(os.path.join(dst, "a.txt"))


def test_plan_of_a_missing_source_raises(tmp_path):
    with pytest.raises(FileNotFoundError):
        ucopy.plan(tmp_path / "nope", tmp_path / "dst")
