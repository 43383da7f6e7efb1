# SPDX-License-Identifier: MIT
"""The strings each enumerated option accepts, as ``Literal`` types, so
that a type checker rejects a typo such as ``overwrite="replase"``.

Each alias lists exactly the values of the matching ``str`` enum in
_types.py (tests/test_literals.py checks that they agree); the options
take either. At run time a bad value still raises ValueError naming the
option, the value and the allowed ones."""

from __future__ import annotations

from typing import Literal  # Python >= 3.8, as pyproject.toml requires

OverwriteName = Literal["fail", "replace", "skip"]
OwnerPolicyName = Literal["warn", "warn_each", "fail", "ignore"]
CopyMethodName = Literal["auto", "reflink", "copy_file_range", "read_write"]
ReflinkName = Literal["auto", "always", "never"]
SparseName = Literal["auto", "always", "never"]
UpdateName = Literal["never", "size-mtime", "checksum"]
DigestName = Literal["none", "xxh128", "sha256"]
DecisionName = Literal["continue", "skip", "abort"]
FilterAction = Literal["exclude", "include"]
#: The event kinds ``on_event`` may ask for (``events=``), by name.
EventKindName = Literal["error", "warning", "skipped", "copied", "deleted"]
#: What a dry run says would happen to an entry (PlanEntry.action).
PlanAction = Literal["copy", "skip", "delete"]
