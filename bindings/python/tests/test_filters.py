# SPDX-License-Identifier: MIT
"""Filters: rules=[("exclude"|"include", pattern), ...] in the order given
(rsync's patterns, checked against rsync where it is installed), the entry
filter (every entry once, relative path and lstat, on the calling thread;
false prunes a directory, "abort" stops, an exception is re-raised), bad
rules, delete keeping excluded entries, and one_file_system."""

import os
import shutil
import subprocess
import threading

import pytest
import ucopy

LATIN1 = b"caf\xe9.c"  # not UTF-8


@pytest.fixture
def src(tmp_path):
    s = tmp_path / "src"
    for d in ("sub", "build", "deep/build"):
        (s / d).mkdir(parents=True)
    for rel, size in (("main.c", 300), ("main.o", 900), ("sub/a.c", 10), ("sub/a.o", 20),
                      ("build/gen.c", 30), ("deep/build/keep.c", 40)):
        (s / rel).write_bytes(os.urandom(size))
    os.symlink("main.c", s / "link")
    with open(os.path.join(os.fsencode(s), LATIN1), "wb") as f:
        f.write(b"x" * 7)
    return s


def listing(root):
    out = []
    for dirpath, dirnames, filenames in os.walk(os.fsencode(root)):
        for name in dirnames + filenames:
            out.append(os.path.relpath(os.path.join(dirpath, name), os.fsencode(root)))
    return sorted(out)


RULE_SETS = [
    [("include", "*/"), ("include", "*.c"), ("exclude", "*")],
    [("exclude", "/build/"), ("exclude", "*.o")],
    [("exclude", "build")],
    [("exclude", "sub/***")],
    [("exclude", "**/build/*.c")],
    [("exclude", b"caf\xe9*")],
]


@pytest.mark.parametrize("rules", RULE_SETS, ids=lambda r: repr(r))
def test_rules_leave_out_what_rsync_leaves_out(src, tmp_path, rules):
    st = ucopy.copy(src, tmp_path / "dst", rules=rules)
    got = listing(tmp_path / "dst")
    assert st.filtered > 0
    assert len(got) < len(listing(src))
    if shutil.which("rsync") is None:
        pytest.skip("rsync is not installed")
    args = [b"--include=" + os.fsencode(p) if a == "include" else b"--exclude=" + os.fsencode(p)
            for a, p in rules]
    subprocess.run([b"rsync", b"-a", *args, os.fsencode(src) + b"/",
                    os.fsencode(tmp_path / "ref") + b"/"], check=True)
    assert got == listing(tmp_path / "ref")


def test_include_before_exclude_copies_only_c_sources(src, tmp_path):
    ucopy.copy(src, tmp_path / "dst",
               rules=[("include", "*/"), ("include", "*.c"), ("exclude", "*")])
    assert (tmp_path / "dst/sub/a.c").exists()
    assert not (tmp_path / "dst/sub/a.o").exists()
    assert not os.path.lexists(tmp_path / "dst/link")


def test_bad_rules_raise_value_error_naming_them(src, tmp_path):
    with pytest.raises(ValueError, match=r"file\[0-9"):
        ucopy.copy(src, tmp_path / "dst", rules=[("exclude", "file[0-9")])
    with pytest.raises(ValueError, match="ignore"):
        ucopy.Copier(rules=[("ignore", "*.o")])
    with pytest.raises(TypeError):
        ucopy.Copier(rules="*.o")  # type: ignore[arg-type]
    assert not (tmp_path / "dst").exists()


def test_filter_sees_every_entry_once_with_its_lstat_on_the_caller(src, tmp_path):
    seen = {}
    threads = set()

    def keep(path, st):
        assert path not in seen, path
        seen[path] = st
        threads.add(threading.get_ident())
        return True

    st = ucopy.copy(src, tmp_path / "dst", rules=[("exclude", "*.o")], filter=keep)
    assert st.filtered == 2
    want = [os.fsdecode(p) for p in listing(src) if not p.endswith(b".o")]
    assert sorted(seen) == sorted(want)
    for path, got in seen.items():
        real = os.lstat(os.path.join(os.fsencode(src), os.fsencode(path)))
        assert (got.st_mode, got.st_ino, got.st_dev, got.st_uid) == \
               (real.st_mode, real.st_ino, real.st_dev, real.st_uid), path
        assert got.st_mtime_ns == real.st_mtime_ns, path
        if not os.path.isdir(os.path.join(src, path)):
            assert got.st_size == real.st_size, path
    assert os.fsdecode(LATIN1) in seen
    assert threads == {threading.get_ident()}


def test_false_prunes_a_directory_and_abort_stops(src, tmp_path):
    asked = []

    def no_deep(path, st):
        asked.append(path)
        return path != "deep"

    st = ucopy.copy(src, tmp_path / "dst", filter=no_deep)
    assert st.filtered == 1
    assert not (tmp_path / "dst/deep").exists()
    assert not [p for p in asked if p.startswith("deep/")]

    with pytest.raises(ucopy.AbortedError):
        ucopy.copy(src, tmp_path / "dst2",
                   filter=lambda p, st: ucopy.Decision.ABORT if p == "sub" else True)
    assert not (tmp_path / "dst2/sub").exists()


def test_an_exception_in_the_filter_is_raised_by_run(src, tmp_path):
    class Boom(Exception):
        pass

    def explode(path, st):
        if path == "sub":
            raise Boom(path)
        return True

    with ucopy.Copier(filter=explode) as c:
        with pytest.raises(Boom):
            c.run(src, tmp_path / "dst")
    assert not (tmp_path / "dst/sub").exists()


def test_delete_keeps_excluded_destination_entries(src, tmp_path):
    dst = tmp_path / "dst"
    ucopy.copy(src, dst)
    (dst / "stale.o").write_bytes(b"o")
    (dst / "stale.txt").write_bytes(b"t")
    st = ucopy.copy(src, dst, update="size-mtime", delete=True, rules=[("exclude", "*.o")])
    assert (dst / "stale.o").exists()
    assert not (dst / "stale.txt").exists()
    assert st.deleted == 1


def test_one_file_system_sets_its_flag(src, tmp_path):
    # No mount here (the engine's tests mount one): everything is copied.
    st = ucopy.copy(src, tmp_path / "dst", one_file_system=True)
    assert listing(tmp_path / "dst") == listing(src)
    assert st.filtered == 0
