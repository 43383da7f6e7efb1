# SPDX-License-Identifier: MIT
"""Not a test module: `mypy --strict` checks this file (see test.sh), so
that the package's type hints (py.typed, inline and cucopy.pyi) describe
the public API the way a typed caller uses it. Never run."""

import os
import pathlib
import shutil
from typing import List, Optional, Union

import ucopy


def show(p: ucopy.Progress) -> None:
    done: int = p.files_done + p.bytes_done
    print(done, p.finished)
    final: bool = p.totals_final
    phase: Optional[ucopy.Phase] = p.phase
    walking: bool = phase is ucopy.Phase.WALKING
    counts: int = p.bytes_per_sec + p.files_failed + p.files_skipped
    path: Optional[str] = p.current_path
    print(final, walking, counts, path)


def decide(e: ucopy.Event) -> ucopy.Decision:
    raw: bytes = e.src_path_bytes
    errno: Optional[int] = e.errno
    print(raw, errno, e.type, e.file_type, e.op, e.message)
    return ucopy.Decision.SKIP


def keep_xattr(name: str) -> bool:
    return name != "user.secret"


def small_only(path: str, st: os.stat_result) -> Union[bool, ucopy.Decision]:
    if path == "stop":
        return ucopy.Decision.ABORT
    return st.st_size < 1 << 20


def check(src: str, dst: pathlib.Path, raw: bytes) -> None:
    stats: ucopy.Stats = ucopy.copy(src, dst, archive=True, workers=2, progress=show, on_error=decide)
    seconds: float = stats.elapsed
    ucopy.copy(raw, raw + b"-copy", overwrite="replace", on_error=lambda e: "continue")
    with ucopy.Copier(workers=None, progress_interval=0.5, on_error=decide) as c:
        more: ucopy.Stats = c.run(dst, os.path.join(src, "again"))
        c.cancel()
    copied: pathlib.Path = ucopy.copytree(src, dst, symlinks=True, ignore=shutil.ignore_patterns("*.tmp"),
                                          dirs_exist_ok=True)
    copied_str: str = ucopy.copytree(src, "tree")
    try:
        ucopy.copy(src, dst)
    except ucopy.PartialCopyError as e:
        failures: List[ucopy.Event] = e.failures
        print(failures)
    except FileNotFoundError as e:
        name: Union[str, bytes, None] = e.filename
        print(name, e.errno, e.strerror)
    ucopy.copy(src, dst, xattrs=False, acls=True, specials=False, devices=False, noatime=True,
               owner_policy="fail", xattr_filter=lambda name: not name.startswith("user.cache."))
    with ucopy.Copier(owner_policy=ucopy.OwnerPolicy.IGNORE, xattr_filter=keep_xattr) as c2:
        c2.run(src, dst)
    kept: int = ucopy.copy(src, dst, rules=[("include", "*/"), ("exclude", b"*.o")],
                           filter=small_only, one_file_system=True).filtered
    with ucopy.Copier(rules=(("exclude", "/build/"),), filter=lambda p, st: True) as c4:
        c4.run(src, dst)
    big: ucopy.Stats = ucopy.copy(src, dst, copy_method="read_write", reflink=ucopy.Reflink.NEVER,
                                  sparse="auto", verify=True, regions=4, region_threshold=0,
                                  region_size=None)
    moved: int = big.bytes_read_write + big.bytes_copy_file_range + big.bytes_reflinked
    with ucopy.Copier(copy_method=ucopy.CopyMethod.COPY_FILE_RANGE, sparse=ucopy.Sparse.NEVER,
                      region_size=2 << 20) as c3:
        holes: int = c3.run(src, dst).bytes_sparse
    try:
        ucopy.copy(src, dst, verify=True)
    except ucopy.VerifyError as e:
        print(e.filename)
    print(moved, holes, big.files_verified)
    fresh: ucopy.Stats = ucopy.copy(src, dst, update="size-mtime")
    with ucopy.Copier(update=ucopy.Update.CHECKSUM) as c4:
        same: int = c4.run(src, dst).up_to_date
    print(fresh.up_to_date, same)
    mirrored: ucopy.Stats = ucopy.copy(src, dst, update="size-mtime", delete=True)
    with ucopy.Copier(delete=True, dry_run=True) as c5:
        listed: int = c5.run(src, dst).deleted
    kind: ucopy.EventType = ucopy.EventType.DELETED
    print(mirrored.deleted, listed, kind)
    durable: ucopy.Stats = ucopy.copy(src, dst, overwrite="replace", fsync=True, direct_io=False)
    behind: ucopy.Stats = ucopy.copy(src, dst, overwrite="replace", write_behind=False)
    unscanned: ucopy.Stats = ucopy.copy(src, dst, overwrite="replace", prescan=False, progress=show)
    print(unscanned.files)
    with ucopy.Copier(fsync=False, direct_io=True, write_behind=True) as c6:
        cached: int = c6.run(src, dst).bytes_read_write
    print(durable.files, cached, behind.files)
    replaced: ucopy.Stats = ucopy.copy(src, dst, overwrite="replace", atomic=True)
    with ucopy.Copier(atomic=False) as c7:
        plain: int = c7.run(src, dst).files
    print(replaced.files, plain)
    version: str = ucopy.library_version()
    print(seconds, more, copied, copied_str, version)


def events_and_plans(src: str, dst: str) -> None:
    def log(e: ucopy.Event) -> None:
        print(e.type, e.src_path, e.bytes)

    kinds: List[ucopy.EventKindName] = ["copied", "deleted"]
    ucopy.copy(src, dst, on_event=log, events=kinds, on_error=lambda e: ucopy.Decision.SKIP)
    with ucopy.Copier(on_event=log, events=[ucopy.EventType.ERROR, "warning"],
                      owner_policy="warn_each") as c:
        entries: List[ucopy.PlanEntry] = c.plan(src, dst)
    action: ucopy.PlanAction = entries[0].action
    size: int = sum(e.size for e in ucopy.plan(src, dst, update="checksum", delete=True))
    options: ucopy.CopierOptions = {"overwrite": "replace", "workers": 2}
    more: List[ucopy.PlanEntry] = ucopy.plan(src, dst, **options)
    print(action, size, more)


async def singles_and_async(src: str, dst: pathlib.Path) -> None:
    into: Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"] = ucopy.copy2(src, dst)
    same: pathlib.Path = ucopy.copyfile(src, dst / "f", follow_symlinks=False)
    stats: ucopy.Stats = await ucopy.acopy(src, dst, overwrite="skip", progress_interval=0.5, prescan=False)
    async with ucopy.AsyncCopier(update="size-mtime", on_event=print, events=["copied"]) as c:
        again: ucopy.Stats = await c.copy(src, dst)
        c.cancel()
    print(into, same, stats.files, again.bytes)
