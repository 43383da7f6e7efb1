# SPDX-License-Identifier: MIT
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))  # for treeutil

from treeutil import make_big_tree, make_tree  # noqa: E402
from ucopy import _copier  # noqa: E402
from ucopy import cucopy as _c  # noqa: E402


@pytest.fixture
def sample(tmp_path):
    """(src, dst) as str: src is the sample tree, dst does not exist."""
    src = os.path.join(tmp_path, "src")
    make_tree(os.fsencode(src))
    return src, os.path.join(tmp_path, "dst")


@pytest.fixture(scope="session")
def big_tree(tmp_path_factory):
    src = str(tmp_path_factory.mktemp("big") / "src")
    make_big_tree(src)
    return src


@pytest.fixture
def flags_set(monkeypatch):
    """The flags of each ucopy_options the bindings hand to the library."""
    seen = []
    real = _c.ucopy_set_options

    def spy(h, o):
        seen.append(o.flags)
        return real(h, o)

    monkeypatch.setattr(_copier._c, "ucopy_set_options", spy)
    return seen


@pytest.fixture
def option_flags(monkeypatch):
    """(flags, flags_set, flags_clear) of each ucopy_options the bindings
    hand to the library."""
    seen = []
    real = _c.ucopy_set_options

    def spy(h, o):
        seen.append((o.flags, o.flags_set, o.flags_clear))
        return real(h, o)

    monkeypatch.setattr(_copier._c, "ucopy_set_options", spy)
    return seen
