# SPDX-License-Identifier: MIT
"""ucopy: fast, faithful file and tree copies on io_uring (libucopy).

>>> import ucopy
>>> stats = ucopy.copy("src", "dst")               # like cp -a src dst
>>> ucopy.copy2("src/a.txt", "dst")                 # like shutil.copy2
>>> stats = await ucopy.acopy("src", "dst4")        # on an asyncio loop
>>> ucopy.copytree("src", "dst2", ignore=shutil.ignore_patterns("*.pyc"))
>>> [e.path for e in ucopy.plan("src", "dst3") if e.action == "copy"]  # a dry run

Paths may be str, bytes or os.PathLike; names that are not UTF-8 survive
(str paths are encoded like os.fsencode, event paths decoded like
os.fsdecode). Failures raise OSError subclasses: FileNotFoundError,
PermissionError, FileExistsError... with errno, filename and strerror, or
one of ucopy's own: PartialCopyError, CancelledError, AbortedError,
SameFileError, DestinationInsideSourceError, VerifyError.
"""

from . import cucopy as _c
from ._async import AsyncCopier, acopy
from ._copier import Copier, copy
from ._copytree import copytree
from ._literals import (
    CopyMethodName,
    DecisionName,
    EventKindName,
    OverwriteName,
    OwnerPolicyName,
    PlanAction,
    ReflinkName,
    SparseName,
    UpdateName,
    DigestName,
)
from ._options import CopierOptions
from ._plan import plan
from ._single import copy2, copyfile
from ._errors import (
    AbortedError,
    CancelledError,
    DestinationInsideSourceError,
    Error,
    PartialCopyError,
    SameFileError,
    SourceChangedError,
    VerifyError,
)
from ._types import (
    CopyMethod,
    Decision,
    Event,
    EventType,
    FileType,
    OwnerPolicy,
    Overwrite,
    Phase,
    PlanEntry,
    Progress,
    Reflink,
    Sparse,
    Stats,
    Update,
    Digest,
)

__version__ = "0.2.0"


def library_version() -> str:
    """The version of the libucopy in use, e.g. "0.1.0"."""
    return _c.ucopy_version_string()


__all__ = [
    "AbortedError",
    "AsyncCopier",
    "CancelledError",
    "Copier",
    "CopierOptions",
    "CopyMethod",
    "CopyMethodName",
    "Decision",
    "DecisionName",
    "DestinationInsideSourceError",
    "Error",
    "Event",
    "EventKindName",
    "EventType",
    "FileType",
    "Overwrite",
    "OverwriteName",
    "OwnerPolicy",
    "OwnerPolicyName",
    "PartialCopyError",
    "Phase",
    "PlanAction",
    "PlanEntry",
    "Progress",
    "Reflink",
    "ReflinkName",
    "SameFileError",
    "SourceChangedError",
    "Sparse",
    "SparseName",
    "Stats",
    "Update",
    "Digest",
    "DigestName",
    "UpdateName",
    "VerifyError",
    "acopy",
    "copy",
    "copy2",
    "copyfile",
    "copytree",
    "library_version",
    "plan",
]
