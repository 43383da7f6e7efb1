# SPDX-License-Identifier: MIT
"""Atomic replace: atomic=True copies a tree over an older copy, equal to its
source and without temporary names left, and the keyword reaches the
library as UCOPY_F_ATOMIC."""

import os

import ucopy
from ucopy import cucopy as _c

FILES = {"top": 100, "sub/middle": 70_000, "sub/large": 3 << 20, "sub/empty": 0}


def test_atomic_replaces_an_older_copy(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "dst"
    (src / "sub").mkdir(parents=True)
    (dst / "sub").mkdir(parents=True)
    for rel, n in FILES.items():
        (src / rel).write_bytes(os.urandom(n))
        (dst / rel).write_bytes(b"old")
    st = ucopy.copy(src, dst, atomic=True, overwrite="replace")
    assert (st.files, st.failures) == (len(FILES), 0)
    for rel in FILES:
        assert (dst / rel).read_bytes() == (src / rel).read_bytes(), rel
    left = [p for p in dst.rglob("*") if p.name.startswith(".ucopy-tmp.")]
    assert left == []


def test_atomic_keyword_sets_the_flag(flags_set, tmp_path):
    seen = flags_set
    (tmp_path / "f").write_bytes(b"x")
    ucopy.copy(tmp_path / "f", tmp_path / "g", atomic=True)
    with ucopy.Copier():
        pass
    assert len(seen) == 2
    assert seen[0] & _c.UCOPY_F_ATOMIC
    assert not seen[1] & _c.UCOPY_F_ATOMIC
