# SPDX-License-Identifier: MIT
"""What docs/durability.md promises a reader finds after a power cut,
checked on one mounted cut. Each check returns a list of violations."""
import os
import subprocess

import tree

ATTRS = ("type", "size", "hash", "mode", "uid", "gid", "mtime", "target")


def names(found, src, old, atomic):
    """Every name is one the source or the older tree has, of its type;
    temporaries only with --atomic."""
    out = []
    for rel, e in found.items():
        if tree.is_temp(rel):
            if not atomic:
                out.append(f"{rel}: a temporary name without --atomic")
            continue
        want = src.get(rel) or old.get(rel)
        if want is None:
            out.append(f"{rel}: a name neither tree has")
        elif e["type"] != want["type"]:
            out.append(f"{rel}: a {e['type']} where the source has a {want['type']}")
    return out


def whole_files(found, src, old):
    """--atomic --fsync: a final name holds a complete old or new version."""
    out = []
    for rel, e in found.items():
        if e["type"] != "file" or tree.is_temp(rel) or rel not in src:
            continue
        good = {src[rel]["hash"]} | ({old[rel]["hash"]} if rel in old else set())
        if e["hash"] not in good:
            out.append(f"{rel}: {e['size']} bytes, neither the old nor the new version")
    return out


def reported(found, src, done):
    """--fsync: a file reported copied before the cut holds its data under
    its final name (its directory was synced before the report)."""
    out = []
    for rel in done:
        if rel not in src or src[rel]["type"] != "file":
            continue
        e = found.get(rel)
        if e is None:
            out.append(f"{rel}: reported copied before the cut, missing after it")
        elif e.get("hash") != src[rel]["hash"]:
            out.append(f"{rel}: reported copied before the cut, {e['size']} bytes after it"
                       " that are not the new version")
    return out


def complete(found, src):
    """--fsync, cut after ucopy returned: the whole tree, metadata too."""
    out = []
    for rel, want in src.items():
        e = found.get(rel)
        if e is None:
            out.append(f"{rel}: missing after a successful --fsync run")
            continue
        for a in ATTRS:
            if a == "mtime" and want["type"] == "link":
                continue
            if e.get(a) != want.get(a):
                out.append(f"{rel}: {a} {e.get(a)!r}, the source has {want.get(a)!r}")
                break
    out += [f"{rel}: left over" for rel in found if rel not in src]
    return out


def repaired(ucopy, src_root, dst_root, atomic, checksum=False):
    """ucopy -a --update (--atomic, =checksum as docs/durability.md says
    for runs without --fsync) onto the cut makes it identical to the
    source, with no temporary names left."""
    update = "--update=checksum" if checksum else "--update"
    argv = [ucopy, "-a", update, "-T", src_root, dst_root]
    if atomic:
        argv.insert(2, "--atomic")
    run = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if run.returncode != 0:
        return [f"repair run: status {run.returncode}: {run.stderr.strip()}"]
    diff = subprocess.run(["rsync", "-aHAX", "--delete", "--dry-run", "--itemize-changes",
                           "--checksum", src_root + "/", dst_root + "/"],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out = [f"after the repair run: rsync: {line}" for line in diff.stdout.splitlines()]
    if diff.returncode != 0:
        out.append(f"rsync: status {diff.returncode}: {diff.stderr.strip()}")
    return out
