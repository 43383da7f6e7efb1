# SPDX-License-Identifier: MIT
"""Mirroring: with delete=True a second run removes what the source lacks,
removes a symlink pointing out of the tree as a link (what it points at
stays), and in a dry run only counts."""

import os

import pytest
import ucopy

# What setup() adds to the destination: a file, a directory with a file,
# and a symlink to a file outside both trees.
EXTRANEOUS = ["stale", "old-dir", "old-dir/f", "sub/escape"]


@pytest.fixture
def trees(tmp_path):
    src, dst, outside = tmp_path / "src", tmp_path / "dst", tmp_path / "outside"
    (src / "sub").mkdir(parents=True)
    (src / "top").write_bytes(os.urandom(100))
    (src / "sub/keep").write_bytes(os.urandom(1000))
    outside.mkdir()
    (outside / "precious").write_bytes(b"do not touch")

    first = ucopy.copy(src, dst)
    assert (first.files, first.deleted) == (2, 0)

    (dst / "stale").write_bytes(b"stale")
    (dst / "old-dir").mkdir()
    (dst / "old-dir/f").write_bytes(b"old")
    os.symlink(outside / "precious", dst / "sub/escape")
    return src, dst, outside


def test_extraneous_entries_go_and_nothing_outside_is_touched(trees):
    src, dst, outside = trees
    st = ucopy.copy(src, dst, update="size-mtime", delete=True)
    assert st.deleted == len(EXTRANEOUS)
    assert st.up_to_date == 2
    for rel in EXTRANEOUS:
        assert not os.path.lexists(dst / rel), rel
    assert (dst / "top").read_bytes() == (src / "top").read_bytes()
    assert (dst / "sub/keep").read_bytes() == (src / "sub/keep").read_bytes()
    assert (outside / "precious").read_bytes() == b"do not touch"

    # The same options on a handle: nothing left to remove.
    with ucopy.Copier(update=ucopy.Update.SIZE_MTIME, delete=True) as c:
        assert c.run(src, dst).deleted == 0


def test_dry_run_counts_and_removes_nothing(trees):
    src, dst, outside = trees
    with ucopy.Copier(update="size-mtime", delete=True, dry_run=True) as c:
        st = c.run(src, dst)
    assert st.deleted == len(EXTRANEOUS)
    for rel in EXTRANEOUS:
        assert os.path.lexists(dst / rel), rel
    assert os.readlink(dst / "sub/escape") == str(outside / "precious")
    assert (outside / "precious").read_bytes() == b"do not touch"


def test_off_by_default(trees):
    src, dst, _ = trees
    st = ucopy.copy(src, dst, update="size-mtime")
    assert st.deleted == 0
    for rel in EXTRANEOUS:
        assert os.path.lexists(dst / rel), rel


def test_deleted_event_type():
    assert ucopy.EventType.DELETED == ucopy.cucopy.UCOPY_EVENT_DELETED == 5
