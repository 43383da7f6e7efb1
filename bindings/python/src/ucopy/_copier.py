# SPDX-License-Identifier: MIT
"""Copier: one libucopy handle, its options and callbacks; and copy()."""

from __future__ import annotations

import os
import threading
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from . import cucopy as _c
from ._errors import error_from_code
from ._literals import (
    CopyMethodName,
    DecisionName,
    EventKindName,
    FilterAction,
    OverwriteName,
    OwnerPolicyName,
    PlanAction,
    ReflinkName,
    SparseName,
    UpdateName,
    DigestName,
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

PathArg = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]
ProgressCallback = Callable[[Progress], object]
ErrorCallback = Callable[[Event], Union[Decision, DecisionName, None]]
#: Gets every event of the kinds asked for (``events=``); what it returns is
#: ignored: it observes, ``on_error`` decides. Raising stops the copy.
EventCallback = Callable[[Event], object]
#: Gets an xattr name such as "user.origin" (str, decoded like os.fsdecode,
#: as os.listxattr gives them); returns true to copy that attribute.
XattrFilter = Callable[[str], bool]
#: ("exclude" or "include", pattern): rsync's include/exclude rules.
FilterRule = Tuple[FilterAction, Union[str, bytes]]
#: Gets an entry's path relative to the source (str, decoded like
#: os.fsdecode) and its os.stat_result (lstat); returns true to copy it,
#: false to leave it out, or a Decision ("continue", "skip", "abort").
EntryFilter = Callable[[str, os.stat_result], Union[bool, Decision, DecisionName, None]]

_FILTER_ACTION = {"exclude": _c.UCOPY_FILTER_EXCLUDE, "include": _c.UCOPY_FILTER_INCLUDE}

_OVERWRITE = {
    Overwrite.FAIL: _c.UCOPY_OVERWRITE_FAIL,
    Overwrite.REPLACE: _c.UCOPY_OVERWRITE_REPLACE,
    Overwrite.SKIP: _c.UCOPY_OVERWRITE_SKIP,
}
_OWNER_POLICY = {
    OwnerPolicy.WARN: _c.UCOPY_OWNER_WARN,
    OwnerPolicy.WARN_EACH: _c.UCOPY_OWNER_WARN_EACH,
    OwnerPolicy.FAIL: _c.UCOPY_OWNER_FAIL,
    OwnerPolicy.IGNORE: _c.UCOPY_OWNER_IGNORE,
}
_COPY_METHOD = {
    CopyMethod.AUTO: _c.UCOPY_COPY_AUTO,
    CopyMethod.REFLINK: _c.UCOPY_COPY_REFLINK,
    CopyMethod.COPY_FILE_RANGE: _c.UCOPY_COPY_FILE_RANGE,
    CopyMethod.READ_WRITE: _c.UCOPY_COPY_READ_WRITE,
}
_REFLINK = {
    Reflink.AUTO: _c.UCOPY_REFLINK_AUTO,
    Reflink.ALWAYS: _c.UCOPY_REFLINK_ALWAYS,
    Reflink.NEVER: _c.UCOPY_REFLINK_NEVER,
}
_SPARSE = {
    Sparse.AUTO: _c.UCOPY_SPARSE_AUTO,
    Sparse.ALWAYS: _c.UCOPY_SPARSE_ALWAYS,
    Sparse.NEVER: _c.UCOPY_SPARSE_NEVER,
}
_UPDATE = {
    Update.NEVER: _c.UCOPY_UPDATE_NONE,
    Update.SIZE_MTIME: _c.UCOPY_UPDATE_SIZE_MTIME,
    Update.CHECKSUM: _c.UCOPY_UPDATE_CHECKSUM,
}
_DIGEST = {
    Digest.NONE: _c.UCOPY_DIGEST_NONE,
    Digest.XXH128: _c.UCOPY_DIGEST_XXH128,
    Digest.SHA256: _c.UCOPY_DIGEST_SHA256,
}
_EVENT_KIND = {kind.name.lower(): kind for kind in EventType}
_DECISION = {
    Decision.CONTINUE: _c.UCOPY_CONTINUE,
    Decision.SKIP: _c.UCOPY_SKIP,
    Decision.ABORT: _c.UCOPY_ABORT,
}


def _flags(archive, *, dereference, dereference_args, dry_run, noatime, verify=False,
           delete=False, fsync=False, direct_io=True, one_file_system=False, atomic=False,
           write_behind=True, prescan=True) -> int:
    """ucopy_options.flags: UCOPY_F_ARCHIVE (whatever the library counts as
    archive mode) or nothing, plus the flags outside archive mode. The parts
    of archive mode set on their own are not folded in: see _parts()."""
    flags = _c.UCOPY_F_ARCHIVE if archive else 0
    for on, bit in ((dereference, _c.UCOPY_F_DEREFERENCE),
                    (dereference_args, _c.UCOPY_F_DEREFERENCE_ARGS),
                    (dry_run, _c.UCOPY_F_DRY_RUN),
                    (noatime, _c.UCOPY_F_NOATIME),
                    (verify, _c.UCOPY_F_VERIFY),
                    (delete, _c.UCOPY_F_DELETE),
                    (fsync, _c.UCOPY_F_FSYNC),
                    (one_file_system, _c.UCOPY_F_ONE_FILE_SYSTEM),
                    (not direct_io, _c.UCOPY_F_NO_DIRECT_IO),
                    (atomic, _c.UCOPY_F_ATOMIC),
                    (not write_behind, _c.UCOPY_F_NO_WRITE_BEHIND),
                    (not prescan, _c.UCOPY_F_NO_PRESCAN)):
        if on:
            flags |= bit
    return flags


def _parts(**archive_parts: Optional[bool]) -> Tuple[int, int]:
    """(flags_set, flags_clear): the bits of the parts of archive mode given
    as True and as False (None: as archive mode says). libucopy runs with
    (flags | flags_set) & ~flags_clear, so these win over ``archive``
    whatever the order of the keyword arguments."""
    on = off = 0
    for name, value in archive_parts.items():
        if value is not None:
            bit = _ARCHIVE_PARTS[name]
            if value:
                on, off = on | bit, off & ~bit
            else:
                on, off = on & ~bit, off | bit
    return on, off


# The keyword arguments that override one part of archive mode.
_ARCHIVE_PARTS = {
    "recursive": _c.UCOPY_F_RECURSIVE,
    "preserve_mode": _c.UCOPY_F_PRESERVE_MODE,
    "preserve_times": _c.UCOPY_F_PRESERVE_TIMES,
    "preserve_owner": _c.UCOPY_F_PRESERVE_OWNER,
    "xattrs": _c.UCOPY_F_PRESERVE_XATTRS,
    "acls": _c.UCOPY_F_PRESERVE_ACLS,
    "specials": _c.UCOPY_F_COPY_SPECIALS,
    "devices": _c.UCOPY_F_COPY_DEVICES,
}


def _choice(field: str, cls, table, value) -> int:
    """The library's value for an enum option given as a member or its string."""
    try:
        return table[cls(value)]
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in cls)
        raise ValueError(f"{field} must be one of {allowed}, not {value!r}") from None


def _owner_policy(value) -> int:
    return _choice("owner_policy", OwnerPolicy, _OWNER_POLICY, value)


def _event_mask(kinds) -> int:
    """The UCOPY_EVENT_MASK_* bits of ``events=``: EventType members or
    their lower-case names; None means every kind."""
    if kinds is None:
        return sum(1 << kind for kind in EventType)
    if isinstance(kinds, (str, int)):
        kinds = (kinds,)  # one kind given bare, not a string to iterate
    mask = 0
    for kind in kinds:
        try:
            mask |= 1 << EventType(_EVENT_KIND[kind] if isinstance(kind, str) else kind)
        except (KeyError, ValueError):
            allowed = ", ".join(repr(name) for name in _EVENT_KIND)
            raise ValueError(f"events must hold EventType members or {allowed}, not {kind!r}") from None
    return mask


def _decision_code(answer) -> int:
    if answer is None:  # a handler that only logs: carry on
        return _c.UCOPY_CONTINUE
    try:
        return _DECISION[Decision(answer)]
    except ValueError:
        raise ValueError(f"on_error must return 'continue', 'skip' or 'abort', not {answer!r}") from None


def _filter_code(answer) -> int:
    """The entry filter's answer: a Decision (or its string) as it says,
    anything else by its truth, like the filter() builtin."""
    if isinstance(answer, str):
        return _decision_code(answer)
    return _c.UCOPY_CONTINUE if answer else _c.UCOPY_SKIP


def _stat_result(mode, ino, dev, nlink, uid, gid, size, atime, atime_ns, mtime, mtime_ns,
                 ctime, ctime_ns, blksize, blocks, rdev) -> os.stat_result:
    """An os.stat_result like os.lstat's from the fields the library gave."""
    return os.stat_result(
        (mode, ino, dev, nlink, uid, gid, size, atime, mtime, ctime),
        {"st_atime": atime + atime_ns / 1e9, "st_mtime": mtime + mtime_ns / 1e9,
         "st_ctime": ctime + ctime_ns / 1e9, "st_atime_ns": atime * 10**9 + atime_ns,
         "st_mtime_ns": mtime * 10**9 + mtime_ns, "st_ctime_ns": ctime * 10**9 + ctime_ns,
         "st_blksize": blksize, "st_blocks": blocks, "st_rdev": rdev})


def _enum(cls, value):
    # A newer library may report values this binding does not know yet;
    # keep them as plain ints rather than failing inside the callback.
    try:
        return cls(value)
    except ValueError:
        return value


def _event(type_, code, file_type, src, dst, op, message, nbytes, digest=b"") -> Event:
    return Event(_enum(EventType, type_), code, _enum(FileType, file_type), os.fsdecode(src),
                 os.fsdecode(dst), op, os.fsdecode(message), nbytes, digest or None)


#: The event kinds a plan is made of, and the action each means.
_PLAN_ACTION: Dict[int, PlanAction] = {
    EventType.COPIED: "copy", EventType.SKIPPED: "skip", EventType.DELETED: "delete"}
_PLAN_MASK = sum(1 << kind for kind in _PLAN_ACTION)


def _event_tramp(observer, observed: int, on_error, failures: List[Event]):
    """The event callback handed to the library: ``observer`` gets the
    kinds in the ``observed`` mask (on_event), then errors go to
    ``on_error`` for a decision and, unless skipped, into ``failures``.
    It captures no Copier, so a Copier holds no reference cycle."""

    def tramp(kind, *raw):
        event = _event(kind, *raw)
        if observed >> kind & 1:
            observer(event)
        if kind != _c.UCOPY_EVENT_ERROR:
            return _c.UCOPY_CONTINUE  # other kinds are not decided on
        decision = _c.UCOPY_CONTINUE if on_error is None else _decision_code(on_error(event))
        if decision != _c.UCOPY_SKIP:  # skipped entries are not failures
            failures.append(event)
        return decision

    return tramp


class Copier:
    """A reusable copier: options and callbacks set once, ``run()`` many
    times. Use it as a context manager (or call ``close()``).

    ``run()`` releases the GIL while it copies; ``cancel()`` may be called
    from any other thread and makes the running ``run()`` raise
    :class:`ucopy.CancelledError` soon (well within a second). A cancel
    reaches only the run active when it is called: with no run active it
    does nothing (libucopy >= 0.2), so it never stops a later run.

    Callbacks run on the thread that called ``run()``, with the GIL held.
    An exception raised in one stops the copy and is re-raised by ``run()``;
    so is KeyboardInterrupt (Ctrl-C), noticed at each progress tick.

    Events: ``on_event(event)`` receives every :class:`Event` of the kinds
    in ``events`` (:class:`EventType` members or "error", "warning",
    "skipped", "copied", "deleted"; None, the default, means all of them);
    what it returns is ignored. ``on_error(event)`` decides about errors
    ("continue", "skip", "abort"). Both may be set: an error event goes to
    ``on_event`` first (when it asks for errors), then to ``on_error``.
    Asking for "copied" costs a Python call per entry copied.

    ``archive=True`` (the default) is libucopy's archive mode: ``cp -a``
    plus xattrs and ACLs (``rsync -aHAX``): recursive, keeping mode, times,
    owner, hard links, xattrs and ACLs, recreating FIFOs, sockets and
    devices. ``recursive``, ``preserve_mode``, ``preserve_times``,
    ``preserve_owner``, ``xattrs``, ``acls``, ``specials`` (FIFOs and
    sockets) and ``devices`` override one part each (None: as ``archive``
    says), whatever the order of the keyword arguments: ``archive=True,
    xattrs=False`` copies no xattrs, and ``archive=False, recursive=True``
    copies directories (libucopy's ``flags_set``/``flags_clear`` rule); FIFOs, sockets and devices not copied are skipped, counted in
    ``Stats.skipped``. ``noatime=True`` reads sources without updating their
    access times where permitted. ``owner_policy`` ("warn", "fail",
    "warn_each", "ignore" or :class:`OwnerPolicy`) says what an owner that
    cannot be kept means: by default ("warn") one warning event per run, for
    the first such entry; "warn_each" one per entry. ``xattr_filter(name)`` is asked once per distinct xattr name in a
    run (``str``; ``os.fsencode(name)`` gives the bytes) and returns true to
    copy the attribute.

    How file data moves: ``copy_method`` ("auto", "reflink",
    "copy_file_range", "read_write" or :class:`CopyMethod`; a file falls
    back to the next method down when the filesystem cannot do it),
    ``reflink`` ("auto", "always", "never" or :class:`Reflink`, like ``cp
    --reflink``) and ``sparse`` ("auto" keeps holes, "always" also punches
    zero blocks, "never" fills them; or :class:`Sparse`). ``verify=True``
    reads each file and its copy again and compares them; a difference fails
    the file (:class:`VerifyError` events in a :class:`PartialCopyError`).
    Large files: ``regions`` (helper threads, 1 to 64), ``region_threshold``
    (files of at least this many bytes are split into regions copied at
    once; 0 disables; default 64 MiB) and ``region_size`` (a multiple of 2
    MiB; 0 splits evenly). ``None`` leaves a knob at the library's default.
    Stats count files and bytes per method, holes and verified files.

    Digests: ``digest`` ("none", the default, "xxh128" or "sha256", or
    :class:`Digest`) gives each copied regular file's :class:`Event` its
    content digest (``Event.digest``, ``Event.digest_hex``), computed from
    the bytes as they are copied: no source is read a second time for it.
    Data that would move inside the kernel (splice, copy_file_range) is
    read and written through the library's buffers instead and large files
    are copied in 1 MiB chunks digested in file order; a cloned file's source is
    read once for its digest. Ask for copied events (``on_event`` with
    ``events=["copied"]``) to receive them.

    Hard links: ``link_map_limit`` bounds the memory of the map of files
    with several names (about 60 bytes each until their last name is
    linked; ``None`` or 0: unlimited, else at least
    ``UCOPY_LINK_MAP_LIMIT_MIN``, 64 KiB). Past it, the oldest entries move
    to an unlinked temporary file and links are kept; only if that file
    cannot be used are such files copied unlinked (all data, not the
    links), with one warning event (op "link").

    Incremental update: ``update`` ("never", the default, leaves it to
    ``overwrite``; "size-mtime", rsync's quick check: same type, size and
    mtime; "checksum": same contents; or :class:`Update`) leaves up-to-date
    destination files alone and replaces outdated ones whatever
    ``overwrite`` says. ``Stats.up_to_date`` counts the files left alone
    (also in ``skipped``); each is a skipped event with op "update".

    Mirroring: ``delete=True`` removes destination entries the source lacks
    (``rsync --delete``; off by default, not part of archive mode). Each
    directory is cleaned after its own entries are copied, only through the
    destination directory's descriptors: a symlink is removed as a link,
    never followed, and a filesystem mounted below the destination is not
    entered. ``Stats.deleted`` counts the removed entries (each an
    :attr:`EventType.DELETED` event with op "delete"); with ``dry_run=True``
    they are counted and nothing is removed.

    Filters: ``rules`` is a sequence of ("exclude" or "include", pattern)
    pairs with rsync's include/exclude pattern rules, checked in order (the
    first match wins; an entry none matches is copied): the path matched is
    relative to the source, a leading "/" anchors the pattern there, a
    trailing "/" matches only directories, "*" does not cross "/" but "**"
    does, "dir/***" is dir and everything below it. An excluded directory is
    not entered, and with ``delete=True`` excluded destination entries are
    kept. A bad pattern raises ValueError naming it. ``filter(path, st)``
    then decides on each remaining entry from its path relative to the
    source (str) and its ``os.stat_result`` (lstat; stat with
    ``dereference=True``): true copies it, false leaves it out (a directory
    with everything below it), and a :class:`Decision` may also say
    "abort". ``Stats.filtered`` counts what was left out.
    ``one_file_system=True`` does not copy what is mounted below the source
    (``cp -x``): a mount point is created, empty.

    Durability: ``fsync=True`` syncs each file's data before it is closed,
    each directory after its entries and its own metadata, and at the end
    the destination filesystem (``syncfs``), all before ``run()`` returns
    (off by default, not part of archive mode). Page cache: files of 8 MiB
    and more that are read and written bypass it (``O_DIRECT``) where the
    filesystems allow it; ``direct_io=False`` keeps them in it. Write-behind:
    each time 64 MiB of copied data sits unwritten in the page cache, the
    library starts write-back of the destination filesystem (``syncfs``) so
    that the disk writes during the copy; the run returns later but its data
    is on disk sooner. ``write_behind=False`` leaves write-back to the kernel.

    Progress: ``progress(p)`` gets a :class:`Progress` at most once per
    ``progress_interval`` seconds and once more at the end (``finished``).
    Besides the counts it tells the :class:`Phase`, the rate
    (``bytes_per_sec``), the failed and skipped entries so far and a file
    in flight (``current_path``). A counting walk runs ahead of the copy on
    a thread of its own (directory listings and a stat per entry, nothing
    read or written), so that ``files_total`` and ``bytes_total`` are
    complete long before the copy ends and ``totals_final`` says so;
    ``prescan=False`` turns it off: the totals are then what the copy has
    found so far, final only at the end.

    Atomic replace: ``atomic=True`` writes each file under a temporary name
    (``.ucopy-tmp.*``) in its destination directory and renames it into
    place once its data and metadata are complete, so that a reader sees the
    old file or the whole new one, never a partial file; a file that fails
    leaves the old one untouched (off by default, not part of archive mode).

    Invalid values raise ValueError naming the option.
    """

    def __init__(
        self,
        *,
        archive: bool = True,
        recursive: Optional[bool] = None,
        overwrite: Union[Overwrite, OverwriteName] = Overwrite.FAIL,
        dereference: bool = False,
        dereference_args: bool = False,
        dry_run: bool = False,
        preserve_mode: Optional[bool] = None,
        preserve_times: Optional[bool] = None,
        preserve_owner: Optional[bool] = None,
        xattrs: Optional[bool] = None,
        acls: Optional[bool] = None,
        specials: Optional[bool] = None,
        devices: Optional[bool] = None,
        noatime: bool = False,
        owner_policy: Union[OwnerPolicy, OwnerPolicyName] = OwnerPolicy.WARN,
        copy_method: Union[CopyMethod, CopyMethodName] = CopyMethod.AUTO,
        reflink: Union[Reflink, ReflinkName] = Reflink.AUTO,
        sparse: Union[Sparse, SparseName] = Sparse.AUTO,
        verify: bool = False,
        regions: Optional[int] = None,
        region_threshold: Optional[int] = None,
        region_size: Optional[int] = None,
        link_map_limit: Optional[int] = None,
        update: Union[Update, UpdateName] = Update.NEVER,
        digest: Union[Digest, DigestName] = Digest.NONE,
        delete: bool = False,
        fsync: bool = False,
        direct_io: bool = True,
        one_file_system: bool = False,
        rules: Sequence[FilterRule] = (),
        filter: Optional[EntryFilter] = None,
        atomic: bool = False,
        write_behind: bool = True,
        prescan: bool = True,
        workers: Optional[int] = None,
        files_in_flight: Optional[int] = None,
        queue_depth: Optional[int] = None,
        buffer_size: Optional[int] = None,
        progress_interval: Optional[float] = None,
        progress: Optional[ProgressCallback] = None,
        on_error: Optional[ErrorCallback] = None,
        xattr_filter: Optional[XattrFilter] = None,
        on_event: Optional[EventCallback] = None,
        events: Optional[Iterable[Union[EventType, EventKindName]]] = None,
    ) -> None:
        for name, cb in (("progress", progress), ("on_error", on_error), ("xattr_filter", xattr_filter),
                         ("filter", filter), ("on_event", on_event)):
            if cb is not None and not callable(cb):
                raise TypeError(f"{name} must be callable or None")
        self._progress = progress
        self._on_error = on_error
        self._xattr_filter = xattr_filter
        self._filter = filter
        self._on_event = on_event
        # Errors are always asked for: they make PartialCopyError. Other
        # kinds only when someone listens, since each costs a Python call.
        self._observed = _event_mask(events) if on_event is not None else 0
        self._mask = _c.UCOPY_EVENT_MASK_ERROR | self._observed
        self._failures: List[Event] = []  # the running run's, for PartialCopyError
        # Built once: a run only hands them to the library (cheap repeated runs).
        self._tramps = (self._progress_tramp(), self._event_tramp(), self._xattr_filter_tramp())
        self._filter_tramp = self._entry_filter_tramp()
        self._run_lock = threading.Lock()  # one run at a time per handle
        self._state_lock = threading.Lock()  # guards _h against close() vs cancel()
        self._h = _c.ucopy_new()
        if self._h is None:
            raise MemoryError("ucopy_new")
        h = self._h
        try:
            o = _c.ucopy_options()
            o.flags = _flags(archive, dereference=dereference, dereference_args=dereference_args,
                             dry_run=dry_run, noatime=noatime, verify=verify, delete=delete,
                             fsync=fsync, direct_io=direct_io, one_file_system=one_file_system,
                             atomic=atomic, write_behind=write_behind, prescan=prescan)
            o.flags_set, o.flags_clear = _parts(
                recursive=recursive, preserve_mode=preserve_mode, preserve_times=preserve_times,
                preserve_owner=preserve_owner, xattrs=xattrs, acls=acls, specials=specials,
                devices=devices)
            o.overwrite = _choice("overwrite", Overwrite, _OVERWRITE, overwrite)
            o.owner_policy = _owner_policy(owner_policy)
            o.copy_method = _choice("copy_method", CopyMethod, _COPY_METHOD, copy_method)
            o.reflink = _choice("reflink", Reflink, _REFLINK, reflink)
            o.sparse = _choice("sparse", Sparse, _SPARSE, sparse)
            o.update = _choice("update", Update, _UPDATE, update)
            o.digest = _choice("digest", Digest, _DIGEST, digest)
            self._options = o  # plan() runs with its dry-run bit set
            self._set_options(h, o, progress_interval, workers=workers,
                              files_in_flight=files_in_flight, queue_depth=queue_depth,
                              buffer_size=buffer_size, regions=regions,
                              region_threshold=region_threshold, region_size=region_size,
                              link_map_limit=link_map_limit)
            self._add_rules(h, rules)
        except BaseException:
            self.close()
            raise

    # Bits of the integer knobs: the C fields' widths.
    _KNOB_BITS = {"workers": 32, "files_in_flight": 32, "queue_depth": 32, "buffer_size": 32,
                  "regions": 32, "region_threshold": 64, "region_size": 64,
                  "link_map_limit": 64}

    @staticmethod
    def _set_options(h, o, progress_interval, **knobs: Optional[int]) -> None:
        for field, value in knobs.items():
            if value is not None:
                limit = 1 << Copier._KNOB_BITS[field]
                if not isinstance(value, int) or not 0 <= value < limit:
                    raise ValueError(f"{field} must be a non-negative int, not {value!r}")
                setattr(o, field, value)
        if progress_interval is not None:
            o.progress_interval_ms = max(1, round(progress_interval * 1000))
        if _c.ucopy_set_options(h, o) != 0:
            raise ValueError(_c.ucopy_last_error(h))

    @staticmethod
    def _add_rules(h, rules: Sequence[FilterRule]) -> None:
        if isinstance(rules, (str, bytes)):
            raise TypeError("rules must be a sequence of (action, pattern) pairs, not a string")
        for rule in rules:
            try:
                action, pattern = rule
                code = _FILTER_ACTION[action]
            except (TypeError, ValueError, KeyError):
                raise ValueError(f"filter rule {rule!r} is not ('exclude' or 'include', pattern)") from None
            if _c.ucopy_add_filter_rule(h, code, pattern) != 0:
                raise ValueError(_c.ucopy_last_error(h))

    def run(self, src: PathArg, dst: PathArg) -> Stats:
        """Copy ``src`` to ``dst`` (the name the copy gets; an existing
        directory there is merged into) and return the statistics."""
        return self._run_filtered(src, dst, self._filter_tramp)

    def _run_filtered(self, src, dst, entry_filter) -> Stats:
        """run() with a raw entry filter of the caller's (copytree's ignore)."""
        h = self._begin()
        try:
            return self._run(h, src, dst, entry_filter)
        finally:
            self._run_lock.release()

    def plan(self, src: PathArg, dst: PathArg) -> List[PlanEntry]:
        """What ``run(src, dst)`` would do, as data: a dry run (nothing is
        written) whose events become one :class:`PlanEntry` per entry that
        would be copied ("copy", ``size`` its data bytes), left alone
        ("skip": an up-to-date or kept destination, a special file not
        copied) or removed ("delete", with ``delete=True``), in the order the
        library reports them. ``on_event`` and ``on_error`` are called as in
        a run; entries that fail raise as ``run()`` does."""
        entries: List[PlanEntry] = []
        root = os.fsdecode(os.fspath(dst))
        user, observed = self._on_event, self._observed

        def note(event: Event) -> None:
            if observed >> event.type & 1:
                user(event)  # type: ignore[misc]  # set whenever observed is
            action = _PLAN_ACTION.get(event.type)
            if action is not None:
                size = event.bytes if action == "copy" else 0
                entries.append(PlanEntry(os.path.relpath(event.dst_path, root), action,
                                         event.file_type, size))

        h = self._begin()
        try:
            flags = self._options.flags
            self._options.flags = flags | _c.UCOPY_F_DRY_RUN
            _c.ucopy_set_options(h, self._options)
            try:
                tramp = _event_tramp(note, _PLAN_MASK | observed, self._on_error, self._failures)
                self._run(h, src, dst, self._filter_tramp, tramp, _PLAN_MASK | self._mask)
            finally:
                self._options.flags = flags
                _c.ucopy_set_options(h, self._options)
        finally:
            self._run_lock.release()
        return entries

    def _begin(self):
        """Take the run lock and return the handle (release the lock after)."""
        if not self._run_lock.acquire(blocking=False):
            raise RuntimeError("this Copier is already running in another thread")
        if self._h is None:
            self._run_lock.release()
            raise ValueError("Copier is closed")
        return self._h

    def _run(self, h, src, dst, entry_filter, event_tramp=None, mask=None) -> Stats:
        """One blocking run with this Copier's callbacks (or the ones given)."""
        progress, event, xattr_filter = self._tramps
        del self._failures[:]
        rc = _c.pyucopy_run(h, src, dst, progress, event_tramp or event,
                            self._mask if mask is None else mask, xattr_filter, entry_filter)
        return self._result(h, rc, src, dst)

    def _run_quick(self, src, dst) -> None:
        """run() without the Stats (building them costs more than a small
        file's copy): for copyfile()/copy2(), which return the path."""
        h = self._begin()
        try:
            progress, event, xattr_filter = self._tramps
            del self._failures[:]
            rc = _c.pyucopy_run(h, src, dst, progress, event, self._mask, xattr_filter, self._filter_tramp)
            if rc != 0:
                self._result(h, rc, src, dst)
        finally:
            self._run_lock.release()

    def _result(self, h, rc: int, src, dst) -> Stats:
        """The run's stats, or the exception for its status."""
        stats = self._stats(h)
        if rc == 0:
            return stats
        raise error_from_code(rc, src, dst, _c.ucopy_last_error(h), list(self._failures), stats)

    def _progress_tramp(self):
        user = self._progress
        if user is None:
            return None

        def tramp(finished, files_done, files_total, bytes_done, bytes_total, elapsed_ns,
                  totals_final, phase, bytes_per_sec, files_failed, files_skipped, current_path):
            user(Progress(bool(finished), files_done, files_total, bytes_done, bytes_total, elapsed_ns,
                          bool(totals_final), _enum(Phase, phase) if phase else None, bytes_per_sec,
                          files_failed, files_skipped,
                          None if current_path is None else os.fsdecode(current_path)))

        return tramp

    def _xattr_filter_tramp(self):
        user = self._xattr_filter
        if user is None:
            return None

        def tramp(name: bytes) -> bool:
            return bool(user(os.fsdecode(name)))

        return tramp

    def _entry_filter_tramp(self):
        user = self._filter
        if user is None:
            return None

        def tramp(path: bytes, *st: int) -> int:
            return _filter_code(user(os.fsdecode(path), _stat_result(*st)))

        return tramp

    def _event_tramp(self):
        # Installed even without on_error: the failures make PartialCopyError.
        return _event_tramp(self._on_event, self._observed, self._on_error, self._failures)

    @staticmethod
    def _stats(h) -> Stats:
        s = _c.ucopy_stats()
        _c.ucopy_get_stats(h, s, s.size)
        return Stats(**{name: getattr(s, name) for name in Stats.__dataclass_fields__})

    def cancel(self) -> None:
        """Ask the active run to stop; with no run active, do nothing (a
        cancel never reaches a later run). Thread-safe."""
        with self._state_lock:
            if self._h is not None:
                _c.ucopy_cancel(self._h)

    @property
    def last_error(self) -> str:
        """libucopy's message for the last failure ("" if none)."""
        return "" if self._h is None else _c.ucopy_last_error(self._h)

    def close(self) -> None:
        """Free the handle. Not allowed while ``run()`` is running."""
        if not self._run_lock.acquire(blocking=False):
            raise RuntimeError("cannot close a Copier while it runs; cancel() it first")
        try:
            with self._state_lock:
                h, self._h = self._h, None
            if h is not None:
                _c.ucopy_free(h)
        finally:
            self._run_lock.release()

    def __enter__(self) -> "Copier":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self) -> None:
        h = getattr(self, "_h", None)
        if h is not None:
            _c.ucopy_free(h)


def copy(
    src: PathArg,
    dst: PathArg,
    *,
    archive: bool = True,
    recursive: Optional[bool] = None,
    overwrite: Union[Overwrite, OverwriteName] = Overwrite.FAIL,
    dereference: bool = False,
    dry_run: bool = False,
    xattrs: Optional[bool] = None,
    acls: Optional[bool] = None,
    specials: Optional[bool] = None,
    devices: Optional[bool] = None,
    noatime: bool = False,
    owner_policy: Union[OwnerPolicy, OwnerPolicyName] = OwnerPolicy.WARN,
    copy_method: Union[CopyMethod, CopyMethodName] = CopyMethod.AUTO,
    reflink: Union[Reflink, ReflinkName] = Reflink.AUTO,
    sparse: Union[Sparse, SparseName] = Sparse.AUTO,
    verify: bool = False,
    regions: Optional[int] = None,
    region_threshold: Optional[int] = None,
    region_size: Optional[int] = None,
    link_map_limit: Optional[int] = None,
    update: Union[Update, UpdateName] = Update.NEVER,
    digest: Union[Digest, DigestName] = Digest.NONE,
    delete: bool = False,
    fsync: bool = False,
    direct_io: bool = True,
    one_file_system: bool = False,
    rules: Sequence[FilterRule] = (),
    filter: Optional[EntryFilter] = None,
    atomic: bool = False,
    write_behind: bool = True,
    prescan: bool = True,
    workers: Optional[int] = None,
    files_in_flight: Optional[int] = None,
    queue_depth: Optional[int] = None,
    buffer_size: Optional[int] = None,
    progress: Optional[ProgressCallback] = None,
    on_error: Optional[ErrorCallback] = None,
    progress_interval: Optional[float] = None,
    xattr_filter: Optional[XattrFilter] = None,
    on_event: Optional[EventCallback] = None,
    events: Optional[Iterable[Union[EventType, EventKindName]]] = None,
) -> Stats:
    """Copy ``src`` to ``dst`` like ``cp -a`` plus xattrs and ACLs (by
    default) and return the statistics. See :class:`Copier` for the
    options, threads, callbacks and errors."""
    with Copier(archive=archive, recursive=recursive, overwrite=overwrite,
                dereference=dereference, dry_run=dry_run, xattrs=xattrs, acls=acls,
                specials=specials, devices=devices, noatime=noatime,
                owner_policy=owner_policy, copy_method=copy_method, reflink=reflink,
                sparse=sparse, verify=verify, regions=regions,
                region_threshold=region_threshold, region_size=region_size,
                link_map_limit=link_map_limit, update=update,
                digest=digest, delete=delete, fsync=fsync, direct_io=direct_io, atomic=atomic,
                write_behind=write_behind, prescan=prescan,
                one_file_system=one_file_system, rules=rules, filter=filter, workers=workers,
                files_in_flight=files_in_flight, queue_depth=queue_depth,
                buffer_size=buffer_size, progress_interval=progress_interval,
                progress=progress, on_error=on_error, xattr_filter=xattr_filter,
                on_event=on_event, events=events) as c:
        return c.run(src, dst)
