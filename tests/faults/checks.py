# SPDX-License-Identifier: MIT
"""docs/durability.md's promises about a failed destination operation,
checked on one run of the fault matrix. Each returns a list of failures."""
import os

TEMP_PREFIX = ".ucopy-tmp."


def final_name(mount, logged):
    """The destination path ucopy reports for the faulted path: a
    temporary's directory stands for its final name."""
    path = mount + logged
    if os.path.basename(path).startswith(TEMP_PREFIX):
        return os.path.dirname(path), True
    return path, False


def reported(events, mount, logged, ops):
    """The failure is reported with the path and the operation."""
    path, temp = final_name(mount, logged)
    for e in events:
        if e["type"] != "error" or e["op"] not in ops:
            continue
        if e["dst"] == path or (temp and os.path.dirname(e["dst"]) == path):
            return []
    errors = [f"{e['op']} {e['dst']}" for e in events if e["type"] == "error"]
    return [f"no error event for {ops} on {path}; errors: {errors[:3]}"]


def not_copied(events, mount, logged):
    """A file whose step failed is never reported copied."""
    path, temp = final_name(mount, logged)
    if temp:
        return []  # the error event names the file (see reported)
    bad = [e for e in events if e["type"] == "copied" and e["file_type"] == "file"
           and e["dst"] == path]
    return [f"{path}: reported copied although its {logged} failed"] if bad else []


def no_temporaries(root):
    out = []
    for dirpath, dirnames, names in os.walk(root):
        out += [f"left over: {os.path.join(dirpath, n)}" for n in names + dirnames
                if n.startswith(TEMP_PREFIX)]
    return out


def old_versions_intact(before, after, events, tree_in_mount):
    """--atomic: a file not reported copied holds exactly what it held."""
    copied = {os.path.relpath(e["dst"], tree_in_mount) for e in events
              if e["type"] == "copied" and e["file_type"] == "file"}
    return [f"{rel}: the old version was changed or lost" for rel, data in before.items()
            if rel not in copied and after.get(rel) != data]


def failed_file_gone(tree, mount, logged):
    """Without --atomic a file whose data failed is removed."""
    path, _ = final_name(mount, logged)
    rel = os.path.relpath(path, mount)
    real = os.path.join(os.path.dirname(tree), rel)
    if os.path.isfile(real) and not os.path.islink(real):
        return [f"{rel}: a file whose data failed was kept"]
    return []
