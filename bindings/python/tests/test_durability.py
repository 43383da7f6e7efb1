# SPDX-License-Identifier: MIT
"""Durability and the page cache: fsync=True copies a small tree (synced
before run() returns) and direct_io=False copies a large file through the
page cache; both copies equal their sources, and both keywords reach the
library as their UCOPY_F_* bits."""

import os

import pytest
import ucopy
from ucopy import cucopy as _c

FILES = {"top": 100, "sub/middle": 70_000, "sub/deeper/leaf": 1, "sub/empty": 0}


def test_fsync_copies_a_tree_that_equals_the_source(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "dst"
    (src / "sub/deeper").mkdir(parents=True)
    for rel, n in FILES.items():
        (src / rel).write_bytes(os.urandom(n))
    st = ucopy.copy(src, dst, fsync=True)
    assert (st.files, st.dirs, st.failures) == (len(FILES), 3, 0)
    for rel in FILES:
        assert (dst / rel).read_bytes() == (src / rel).read_bytes(), rel


def test_without_direct_io_a_large_read_write_copy_is_equal(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "dst"
    src.write_bytes(os.urandom(20 << 20))
    with ucopy.Copier(copy_method="read_write", direct_io=False) as c:
        st = c.run(src, dst)
    assert st.bytes_read_write == 20 << 20
    assert dst.read_bytes() == src.read_bytes()


@pytest.mark.parametrize("kwargs, on, off", [
    ({}, 0, _c.UCOPY_F_FSYNC | _c.UCOPY_F_NO_DIRECT_IO),
    ({"fsync": True}, _c.UCOPY_F_FSYNC, _c.UCOPY_F_NO_DIRECT_IO),
    ({"direct_io": False}, _c.UCOPY_F_NO_DIRECT_IO, _c.UCOPY_F_FSYNC),
    ({"fsync": True, "direct_io": False}, _c.UCOPY_F_FSYNC | _c.UCOPY_F_NO_DIRECT_IO, 0),
    ({"fsync": False, "direct_io": True}, 0, _c.UCOPY_F_FSYNC | _c.UCOPY_F_NO_DIRECT_IO),
    ({}, 0, _c.UCOPY_F_NO_WRITE_BEHIND),
    ({"write_behind": False}, _c.UCOPY_F_NO_WRITE_BEHIND, 0),
    ({"write_behind": True}, 0, _c.UCOPY_F_NO_WRITE_BEHIND),
    ({}, 0, _c.UCOPY_F_NO_PRESCAN),
    ({"prescan": True}, 0, _c.UCOPY_F_NO_PRESCAN),
    ({"prescan": False}, _c.UCOPY_F_NO_PRESCAN, 0),
])
def test_keywords_reach_the_library(flags_set, tmp_path, kwargs, on, off):
    (tmp_path / "f").write_bytes(b"x")
    ucopy.copy(tmp_path / "f", tmp_path / "g", **kwargs)
    with ucopy.Copier(**kwargs):
        pass
    assert len(flags_set) == 2
    for flags in flags_set:
        assert flags & on == on and flags & off == 0
        assert flags & _c.UCOPY_F_ARCHIVE == _c.UCOPY_F_ARCHIVE


def test_flag_values():
    assert (_c.UCOPY_F_FSYNC, _c.UCOPY_F_NO_DIRECT_IO) == (0x4000, 0x20000)
    assert _c.UCOPY_F_ARCHIVE & (_c.UCOPY_F_FSYNC | _c.UCOPY_F_NO_DIRECT_IO) == 0
