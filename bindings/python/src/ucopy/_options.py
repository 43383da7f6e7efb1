# SPDX-License-Identifier: MIT
"""CopierOptions: the keyword arguments of :class:`ucopy.Copier`, as one
TypedDict, so that the functions that pass them on (``plan``, ``acopy``,
``AsyncCopier``) are typed by ``**options: Unpack[CopierOptions]``: a
misspelt option name or value fails a type check there too."""

from __future__ import annotations

from typing import Iterable, Optional, Sequence, TypedDict, Union

from ._copier import EntryFilter, ErrorCallback, EventCallback, FilterRule, ProgressCallback, XattrFilter
from ._literals import (
    CopyMethodName,
    EventKindName,
    OverwriteName,
    OwnerPolicyName,
    ReflinkName,
    SparseName,
    UpdateName,
    DigestName,
)
from ._types import CopyMethod, Digest, EventType, OwnerPolicy, Overwrite, Reflink, Sparse, Update



class CopierOptions(TypedDict, total=False):
    """Every option is optional; :class:`ucopy.Copier` documents them."""

    archive: bool
    recursive: Optional[bool]
    overwrite: Union[Overwrite, OverwriteName]
    dereference: bool
    dereference_args: bool
    dry_run: bool
    preserve_mode: Optional[bool]
    preserve_times: Optional[bool]
    preserve_owner: Optional[bool]
    xattrs: Optional[bool]
    acls: Optional[bool]
    specials: Optional[bool]
    devices: Optional[bool]
    noatime: bool
    owner_policy: Union[OwnerPolicy, OwnerPolicyName]
    copy_method: Union[CopyMethod, CopyMethodName]
    reflink: Union[Reflink, ReflinkName]
    sparse: Union[Sparse, SparseName]
    verify: bool
    regions: Optional[int]
    region_threshold: Optional[int]
    region_size: Optional[int]
    link_map_limit: Optional[int]
    update: Union[Update, UpdateName]
    digest: Union[Digest, DigestName]
    delete: bool
    fsync: bool
    direct_io: bool
    one_file_system: bool
    rules: Sequence[FilterRule]
    filter: Optional[EntryFilter]
    atomic: bool
    write_behind: bool
    prescan: bool
    workers: Optional[int]
    files_in_flight: Optional[int]
    queue_depth: Optional[int]
    buffer_size: Optional[int]
    progress_interval: Optional[float]
    progress: Optional[ProgressCallback]
    on_error: Optional[ErrorCallback]
    xattr_filter: Optional[XattrFilter]
    on_event: Optional[EventCallback]
    events: Optional[Iterable[Union[EventType, EventKindName]]]
