# SPDX-License-Identifier: MIT
"""Option strings: the Literal types list exactly the enum values, a bad
value is a ValueError naming option, value and the allowed ones, and mypy
rejects a misspelt one."""

import os
import subprocess
import sys
import textwrap
import typing

import pytest
import ucopy

PAIRS = {
    "overwrite": (ucopy.Overwrite, ucopy.OverwriteName),
    "owner_policy": (ucopy.OwnerPolicy, ucopy.OwnerPolicyName),
    "copy_method": (ucopy.CopyMethod, ucopy.CopyMethodName),
    "reflink": (ucopy.Reflink, ucopy.ReflinkName),
    "sparse": (ucopy.Sparse, ucopy.SparseName),
    "update": (ucopy.Update, ucopy.UpdateName),
    "digest": (ucopy.Digest, ucopy.DigestName),
}


@pytest.mark.parametrize("option", sorted(PAIRS))
def test_literal_lists_the_enum_values(option):
    enum, literal = PAIRS[option]
    assert set(typing.get_args(literal)) == {m.value for m in enum}


def test_event_kind_names_are_the_event_types():
    assert set(typing.get_args(ucopy.EventKindName)) == {t.name.lower() for t in ucopy.EventType}


@pytest.mark.parametrize("option", sorted(PAIRS))
def test_bad_value_names_option_value_and_allowed(option):
    enum = PAIRS[option][0]
    with pytest.raises(ValueError) as info:
        ucopy.Copier(**{option: "bogus"})
    text = str(info.value)
    assert option in text and "'bogus'" in text
    for m in enum:
        assert repr(m.value) in text, text


def test_warn_each_reaches_the_library(option_flags):
    with ucopy.Copier(owner_policy="warn_each") as c:
        assert c._options.owner_policy == ucopy.cucopy.UCOPY_OWNER_WARN_EACH == 3


TYPOS = textwrap.dedent("""
    import ucopy
    ucopy.copy("a", "b", overwrite="replase")
    ucopy.Copier(owner_policy="warn-each")
    ucopy.plan("a", "b", copy_method="copy-file-range")
    ucopy.copy("a", "b", on_event=print, events=["copyed"])
    ucopy.plan("a", "b", sparce="auto")
""")


def test_mypy_rejects_misspelt_option_values(tmp_path):
    pytest.importorskip("mypy")
    path = tmp_path / "typos.py"
    path.write_text(TYPOS)
    out = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", os.devnull, str(path)],
                         capture_output=True, text=True).stdout
    bad_lines = {int(line.split(":")[1]) for line in out.splitlines() if ": error:" in line}
    assert bad_lines == {3, 4, 5, 6, 7}, out
