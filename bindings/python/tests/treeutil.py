# SPDX-License-Identifier: MIT
"""Test trees: a sample with every kind of entry the binding cares about,
and an exact comparison of two trees."""

import os
import stat

NON_UTF8 = b"caf\xe9.txt"  # Latin-1 "café": not valid UTF-8


def make_tree(root: bytes) -> None:
    """Build the sample tree at root (bytes path; must not exist)."""
    j = os.path.join
    os.makedirs(j(root, b"sub", b"deeper"))
    os.mkdir(j(root, b"empty"), 0o700)
    big = bytes((i * 7 + (i >> 11)) & 0xFF for i in range(3 * 1024 * 1024 + 123))
    files = {
        b"a.txt": b"hello\n",
        b"zero": b"",
        b"big.bin": big,
        b"sub/b.txt": b"bee",
        b"sub/deeper/c.txt": b"c" * 4096,
        b"sub/" + NON_UTF8: b"latin-1 name",
        b"exec.sh": b"#!/bin/sh\necho hi\n",
    }
    for name, data in files.items():
        with open(j(root, name), "wb") as f:
            f.write(data)
    os.chmod(j(root, b"exec.sh"), 0o755)
    os.chmod(j(root, b"sub", b"b.txt"), 0o2600)  # setgid bit too
    os.symlink(b"a.txt", j(root, b"link-rel"))
    os.symlink(b"/nonexistent/target", j(root, b"link-dangling"))
    os.symlink(b"../" + NON_UTF8, j(root, b"sub", b"deeper", b"link-up"))
    set_times(root)


def set_times(root: bytes) -> None:
    """Distinct nanosecond times, bottom-up so that directory times stick."""
    ns = [1_600_000_000_123_456_789]

    def walk(d):
        for e in sorted(os.scandir(d), key=lambda e: e.name):
            if e.is_dir(follow_symlinks=False):
                walk(e.path)
            ns[0] += 1_000_000_007
            os.utime(e.path, ns=(ns[0] - 5000, ns[0]), follow_symlinks=False)

    walk(root)


def tree_listing(root):
    """{relative path: (type, mode, mtime_ns, content or link target)}."""
    root = os.fsencode(root)
    out = {}

    def walk(d):
        for e in os.scandir(d):
            st = e.stat(follow_symlinks=False)
            rel = os.path.relpath(e.path, root)
            if stat.S_ISLNK(st.st_mode):
                payload = os.readlink(e.path)
            elif stat.S_ISREG(st.st_mode):
                with open(e.path, "rb") as f:
                    payload = f.read()
            else:
                payload = None
            out[rel] = (stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode), st.st_mtime_ns, payload)
            if stat.S_ISDIR(st.st_mode):
                walk(e.path)

    walk(root)
    st = os.stat(root)
    out[b"."] = (stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode), st.st_mtime_ns, None)
    return out


def assert_same_tree(a, b) -> None:
    la, lb = tree_listing(a), tree_listing(b)
    assert sorted(la) == sorted(lb), "entry names differ"
    for name in la:
        ta, tb = la[name], lb[name]
        assert ta[0] == tb[0], f"{name!r}: type differs"
        assert ta[1] == tb[1], f"{name!r}: mode {ta[1]:o} vs {tb[1]:o}"
        assert ta[2] == tb[2], f"{name!r}: mtime_ns {ta[2]} vs {tb[2]}"
        assert ta[3] == tb[3], f"{name!r}: contents or link target differ"


def make_big_tree(root: str, files: int = 96, size: int = 4 << 20) -> None:
    """Enough data that a copy lasts well past its first progress tick."""
    os.mkdir(root)
    chunk = b"0123456789abcdef" * (size // 16)
    for i in range(files):
        with open(os.path.join(root, f"f{i:03d}"), "wb") as f:
            f.write(chunk)
