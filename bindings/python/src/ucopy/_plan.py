# SPDX-License-Identifier: MIT
"""plan(): a dry run of copy() returned as data."""

from __future__ import annotations

from typing import TYPE_CHECKING, List

from ._copier import Copier, PathArg
from ._types import PlanEntry

if TYPE_CHECKING:  # typing_extensions is only needed by the type checker
    from typing_extensions import Unpack

    from ._options import CopierOptions


def plan(src: PathArg, dst: PathArg, **options: Unpack[CopierOptions]) -> List[PlanEntry]:
    """What ``ucopy.copy(src, dst, **options)`` would do, without writing
    anything: one :class:`PlanEntry` per entry that would be copied, left
    alone or (``delete=True``) removed. See :meth:`Copier.plan`."""
    with Copier(**options) as c:
        return c.plan(src, dst)
