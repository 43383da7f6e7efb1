# SPDX-License-Identifier: MIT
# Type stubs for the SWIG-generated module (built from bindings/ucopy.i).
from typing import Callable, Optional, Tuple, Union
import os

_Path = Union[str, bytes, os.PathLike]

class _Handle: ...  # an opaque `ucopy_t *`

UCOPY_VERSION_MAJOR: int
UCOPY_VERSION_MINOR: int
UCOPY_VERSION_PATCH: int
UCOPY_VERSION_NUMBER: int
UCOPY_OK: int
UCOPY_EPARTIAL: int
UCOPY_EABORTED: int
UCOPY_ECHANGED: int
UCOPY_ESAMEFILE: int
UCOPY_EDSTINSIDE: int
UCOPY_EVERIFY: int
UCOPY_F_RECURSIVE: int
UCOPY_F_PRESERVE_MODE: int
UCOPY_F_PRESERVE_TIMES: int
UCOPY_F_PRESERVE_OWNER: int
UCOPY_F_PRESERVE_HARDLINKS: int
UCOPY_F_DEREFERENCE: int
UCOPY_F_DEREFERENCE_ARGS: int
UCOPY_F_DRY_RUN: int
UCOPY_F_PRESERVE_XATTRS: int
UCOPY_F_PRESERVE_ACLS: int
UCOPY_F_COPY_SPECIALS: int
UCOPY_F_COPY_DEVICES: int
UCOPY_F_NOATIME: int
UCOPY_F_DELETE: int
UCOPY_F_FSYNC: int
UCOPY_F_VERIFY: int
UCOPY_F_NO_DIRECT_IO: int
UCOPY_F_ONE_FILE_SYSTEM: int
UCOPY_FILTER_EXCLUDE: int
UCOPY_FILTER_INCLUDE: int
UCOPY_F_ATOMIC: int
UCOPY_F_NO_WRITE_BEHIND: int
UCOPY_F_NO_PRESCAN: int
UCOPY_F_ARCHIVE: int
UCOPY_OVERWRITE_FAIL: int
UCOPY_OVERWRITE_REPLACE: int
UCOPY_OVERWRITE_SKIP: int
UCOPY_OWNER_WARN: int
UCOPY_OWNER_FAIL: int
UCOPY_OWNER_IGNORE: int
UCOPY_OWNER_WARN_EACH: int
UCOPY_COPY_AUTO: int
UCOPY_COPY_REFLINK: int
UCOPY_COPY_FILE_RANGE: int
UCOPY_COPY_READ_WRITE: int
UCOPY_REFLINK_AUTO: int
UCOPY_REFLINK_ALWAYS: int
UCOPY_REFLINK_NEVER: int
UCOPY_SPARSE_AUTO: int
UCOPY_SPARSE_ALWAYS: int
UCOPY_SPARSE_NEVER: int
UCOPY_REGION_THRESHOLD_DEFAULT: int
UCOPY_REGION_ALIGN: int
UCOPY_REGIONS_MAX: int
UCOPY_LINK_MAP_LIMIT_MIN: int
UCOPY_UPDATE_NONE: int
UCOPY_UPDATE_SIZE_MTIME: int
UCOPY_UPDATE_CHECKSUM: int
UCOPY_DIGEST_NONE: int
UCOPY_DIGEST_XXH128: int
UCOPY_DIGEST_SHA256: int
UCOPY_DIGEST_MAX_LEN: int
UCOPY_OPTIONS_VERSION: int
UCOPY_WORKERS_MAX: int
UCOPY_FILES_IN_FLIGHT_MAX: int
UCOPY_QUEUE_DEPTH_MIN: int
UCOPY_QUEUE_DEPTH_MAX: int
UCOPY_BUFFER_SIZE_MIN: int
UCOPY_BUFFER_SIZE_MAX: int
UCOPY_PROGRESS_INTERVAL_MIN_MS: int
UCOPY_PROGRESS_INTERVAL_MAX_MS: int
UCOPY_PHASE_WALKING: int
UCOPY_PHASE_COPYING: int
UCOPY_PHASE_DELETING: int
UCOPY_PHASE_VERIFYING: int
UCOPY_PHASE_SYNCING: int
UCOPY_EVENT_ERROR: int
UCOPY_EVENT_WARNING: int
UCOPY_EVENT_SKIPPED: int
UCOPY_EVENT_COPIED: int
UCOPY_EVENT_DELETED: int
UCOPY_RUNNING: int
UCOPY_EVENT_MASK_ERROR: int
UCOPY_EVENT_MASK_WARNING: int
UCOPY_EVENT_MASK_SKIPPED: int
UCOPY_EVENT_MASK_COPIED: int
UCOPY_EVENT_MASK_DELETED: int
UCOPY_EVENT_MASK_ALL: int
UCOPY_TYPE_UNKNOWN: int
UCOPY_TYPE_FILE: int
UCOPY_TYPE_DIR: int
UCOPY_TYPE_SYMLINK: int
UCOPY_TYPE_SPECIAL: int
UCOPY_CONTINUE: int
UCOPY_SKIP: int
UCOPY_ABORT: int

class ucopy_options:
    thisown: bool
    __swig_destroy__: Callable[[ucopy_options], None]
    @property
    def size(self) -> int: ...  # read-only: set by ucopy_options_init
    @property
    def version(self) -> int: ...
    flags: int
    overwrite: int
    workers: int
    files_in_flight: int
    queue_depth: int
    buffer_size: int
    progress_interval_ms: int
    owner_policy: int
    copy_method: int
    reflink: int
    sparse: int
    regions: int
    region_threshold: int
    region_size: int
    link_map_limit: int
    update: int
    flags_set: int
    flags_clear: int
    digest: int
    def __init__(self) -> None: ...

class ucopy_stats:
    thisown: bool
    __swig_destroy__: Callable[[ucopy_stats], None]
    size: int
    reserved: int
    files: int
    dirs: int
    symlinks: int
    specials: int
    bytes: int
    failures: int
    skipped: int
    warnings: int
    elapsed_ns: int
    sqes_submitted: int
    io_uring_enters: int
    files_reflinked: int
    bytes_reflinked: int
    files_copy_file_range: int
    bytes_copy_file_range: int
    files_read_write: int
    bytes_read_write: int
    bytes_sparse: int
    files_verified: int
    up_to_date: int
    deleted: int
    filtered: int
    def __init__(self) -> None: ...

def ucopy_version() -> int: ...
def ucopy_version_string() -> str: ...
def ucopy_strerror(code: int) -> str: ...
def ucopy_error_name(code: int) -> str: ...
def ucopy_options_init(opts: ucopy_options, size: int) -> int: ...
def ucopy_new() -> Optional[_Handle]: ...
def ucopy_free(h: Optional[_Handle]) -> None: ...
def ucopy_set_options(h: _Handle, opts: ucopy_options) -> int: ...
def ucopy_run(h: _Handle, src: _Path, dst: _Path) -> int: ...
def ucopy_cancel(h: _Handle) -> int: ...
def ucopy_fd(h: _Handle) -> int: ...
def ucopy_trim(h: _Handle) -> int: ...
def ucopy_get_stats(h: _Handle, stats: ucopy_stats, size: int) -> int: ...
def ucopy_last_error(h: _Handle) -> str: ...
def ucopy_add_filter_rule(h: _Handle, action: int, pattern: _Path) -> int: ...
def ucopy_clear_filter_rules(h: _Handle) -> int: ...

# progress(finished, files_done, files_total, bytes_done, bytes_total, elapsed_ns,
#          totals_final, phase, bytes_per_sec, files_failed, files_skipped,
#          current_path); the 0.2 fields are 0 / None when the library left them out
_ProgressTramp = Callable[
    [int, int, int, int, int, int, int, int, int, int, int, Optional[bytes]], object]
# event(type, code, file_type, src, dst, op, message, bytes) -> decision
_EventTramp = Callable[[int, int, int, bytes, bytes, str, bytes, int], int]
# xattr_filter(name) -> truthy to copy the attribute
_XattrFilterTramp = Callable[[bytes], object]
# entry_filter(path, mode, ino, dev, nlink, uid, gid, size, atime, atime_ns,
#              mtime, mtime_ns, ctime, ctime_ns, blksize, blocks, rdev) -> decision
_EntryFilterTramp = Callable[..., int]

def pyucopy_run(
    h: _Handle,
    src: _Path,
    dst: _Path,
    progress: Optional[_ProgressTramp],
    event: Optional[_EventTramp],
    mask: int,
    xattr_filter: Optional[_XattrFilterTramp],
    entry_filter: Optional[_EntryFilterTramp],
) -> int: ...

class _StartedRun: ...  # a capsule: the state of a run pyucopy_start() started

def pyucopy_start(
    h: _Handle,
    src: _Path,
    dst: _Path,
    progress: Optional[_ProgressTramp],
    event: Optional[_EventTramp],
    mask: int,
    xattr_filter: Optional[_XattrFilterTramp],
    entry_filter: Optional[_EntryFilterTramp],
) -> Tuple[int, Optional[_StartedRun]]: ...
def pyucopy_poll(run: _StartedRun) -> int: ...
def pyucopy_finish(run: _StartedRun) -> int: ...
