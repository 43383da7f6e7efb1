# SPDX-License-Identifier: MIT
"""Incremental update: a second run leaves up-to-date files alone, copies
again only what changed, and only the known update checks are accepted."""

import errno
import os

import pytest
import ucopy
from ucopy import cucopy as _c

# Relative paths and sizes of the regular files of the sample tree.
FILES = {"top": 50, "docs/a.bin": 300_000, "docs/b.txt": 1000, "docs/deep/c.txt": 1}


@pytest.fixture
def tree(tmp_path):
    src = tmp_path / "src"
    for i, (rel, size) in enumerate(FILES.items()):
        path = src / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(os.urandom(size) if i % 2 else bytes([i]) * size)
    return src


def test_size_mtime_leaves_an_unchanged_tree_alone_and_copies_what_changed(tree, tmp_path):
    dst = tmp_path / "dst"
    first = ucopy.copy(tree, dst)
    assert (first.files, first.up_to_date) == (len(FILES), 0)

    again = ucopy.copy(tree, dst, update="size-mtime")
    assert again.up_to_date == len(FILES)
    assert again.skipped == len(FILES)
    assert (again.files, again.bytes) == (0, 0)

    changed = tree / "docs/b.txt"
    with open(changed, "ab") as f:
        f.write(b"!")
    size = changed.stat().st_size
    with ucopy.Copier(update=ucopy.Update.SIZE_MTIME) as c:
        third = c.run(tree, dst)
        assert (third.files, third.bytes) == (1, size)
        assert third.up_to_date == len(FILES) - 1
        assert (dst / "docs/b.txt").read_bytes() == changed.read_bytes()
        # The same handle again: now everything is up to date.
        fourth = c.run(tree, dst)
        assert (fourth.up_to_date, fourth.bytes) == (len(FILES), 0)


def test_checksum_compares_contents(tree, tmp_path):
    dst = tmp_path / "dst"
    ucopy.copy(tree, dst)
    st = ucopy.copy(tree, dst, update=ucopy.Update.CHECKSUM)
    assert (st.up_to_date, st.bytes) == (len(FILES), 0)


def test_never_leaves_it_to_overwrite(tree, tmp_path):
    dst = tmp_path / "dst"
    ucopy.copy(tree, dst)
    with pytest.raises(ucopy.PartialCopyError) as info:
        ucopy.copy(tree, dst, update="never")
    assert info.value.stats.up_to_date == 0


@pytest.mark.parametrize("value", ["always", "size_mtime", "", 3, True, None])
def test_an_unknown_update_value_raises_value_error(value):
    with pytest.raises(ValueError, match="update"):
        ucopy.Copier(update=value)


def test_the_library_rejects_an_unknown_update_value():
    # Below the Pythonic layer: the raw field, checked by libucopy itself.
    h = _c.ucopy_new()
    try:
        o = _c.ucopy_options()
        assert o.update == _c.UCOPY_UPDATE_NONE
        assert not hasattr(o, "reserved1"), "reserved1 stays hidden, like reserved0"
        o.update = _c.UCOPY_UPDATE_CHECKSUM + 1
        assert _c.ucopy_set_options(h, o) == -errno.EINVAL
        assert "update" in _c.ucopy_last_error(h)
    finally:
        _c.ucopy_free(h)
