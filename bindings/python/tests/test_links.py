# SPDX-License-Identifier: MIT
"""Hard links: the groups of names come out as in the source, also when
``link_map_limit`` bounds the map (its oldest entries then move to a
temporary file)."""

import os

import pytest
import ucopy
from ucopy import cucopy as _c


def _repository(root, dirs=20, files=100):
    """Three snapshots of one tree: every file has a name in each."""
    for d in range(dirs):
        for s in ("s1", "s2", "s3"):
            os.makedirs(root / s / f"d{d}")
        for k in range(files):
            first = root / "s1" / f"d{d}" / f"f{k}"
            first.write_bytes(f"{d}/{k}".encode())
            for s in ("s2", "s3"):
                os.link(first, root / s / f"d{d}" / f"f{k}")


def _groups(root):
    by_inode = {}
    for dirpath, _, names in os.walk(root):
        for n in names:
            p = os.path.join(dirpath, n)
            by_inode.setdefault(os.lstat(p).st_ino, set()).add(os.path.relpath(p, root))
    return {frozenset(g) for g in by_inode.values()}


def test_unlimited_keeps_the_groups(tmp_path):
    _repository(tmp_path / "src")
    st = ucopy.copy(tmp_path / "src", tmp_path / "dst")
    assert st.files == 6000 and st.warnings == 0
    assert _groups(tmp_path / "dst") == _groups(tmp_path / "src")


def test_past_the_limit_the_groups_are_kept_through_the_spill_file(tmp_path):
    _repository(tmp_path / "src")
    seen = []
    st = ucopy.copy(tmp_path / "src", tmp_path / "dst", link_map_limit=_c.UCOPY_LINK_MAP_LIMIT_MIN,
                    events=["warning"], on_event=seen.append)
    assert st.files == 6000 and st.failures == 0 and seen == []
    assert _groups(tmp_path / "dst") == _groups(tmp_path / "src")


@pytest.mark.parametrize("value", [1, _c.UCOPY_LINK_MAP_LIMIT_MIN - 1, -1, 1 << 64])
def test_bad_limits_raise_value_error(value):
    with pytest.raises(ValueError, match="link_map_limit"):
        ucopy.Copier(link_map_limit=value)
