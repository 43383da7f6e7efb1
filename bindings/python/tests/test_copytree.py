# SPDX-License-Identifier: MIT
"""ucopy.copytree must build the same tree as shutil.copytree."""

import os
import shutil

import pytest
import ucopy
from treeutil import assert_same_tree, set_times


def make_linky(tmp_path, dangling=False):
    """A tree with symlinks to a file, to a directory (inside and outside),
    optionally a dangling one, and files an ignore pattern should drop."""
    src = tmp_path / "src"
    outside = tmp_path / "outside"
    (src / "pkg" / "__pycache__").mkdir(parents=True)
    (src / "tmp-scratch").mkdir()
    outside.mkdir()
    (outside / "o.txt").write_text("outside")
    (src / "pkg" / "mod.py").write_text("x = 1\n")
    (src / "pkg" / "mod.pyc").write_bytes(b"\0pyc")
    (src / "pkg" / "__pycache__" / "m.pyc").write_bytes(b"\0pyc")
    (src / "tmp-scratch" / "junk").write_text("junk")
    (src / "top.txt").write_text("top")
    os.chmod(src / "top.txt", 0o640)
    os.symlink("top.txt", src / "link-file")
    os.symlink("pkg", src / "link-dir")
    os.symlink(str(outside), src / "link-outside")
    if dangling:
        os.symlink("no-such-target", src / "pkg" / "link-dangling")
    set_times(os.fsencode(tmp_path))
    return src


@pytest.fixture
def linky(tmp_path):
    return make_linky(tmp_path)


IGNORES = {
    "none": None,
    "patterns": shutil.ignore_patterns("*.pyc", "tmp*", "__pycache__"),
}


def outcome(fn, *args, **kwargs):
    """(return value, None) or (None, the exception fn raised)."""
    try:
        return fn(*args, **kwargs), None
    except Exception as e:  # noqa: BLE001 -- compared below
        return None, e


@pytest.mark.parametrize("dangling", [False, True], ids=["", "dangling"])
@pytest.mark.parametrize("symlinks", [False, True])
@pytest.mark.parametrize("ignore", sorted(IGNORES))
def test_same_tree_as_shutil(tmp_path, symlinks, ignore, dangling):
    src = make_linky(tmp_path, dangling)
    want, got = tmp_path / "want", tmp_path / "got"
    want_ret, want_err = outcome(shutil.copytree, src, want, symlinks=symlinks, ignore=IGNORES[ignore])
    got_ret, got_err = outcome(ucopy.copytree, src, got, symlinks=symlinks, ignore=IGNORES[ignore])
    # Following a dangling link fails that entry (shutil.Error at the end,
    # after the rest was copied); copying it as a link does not.
    assert (want_err is None) == (not dangling or symlinks), want_err
    if want_err is None:
        assert got_err is None, got_err
        assert got_ret is got and want_ret is want  # dst itself, as passed
    else:
        assert isinstance(got_err, shutil.Error), got_err
        assert sorted(e[0] for e in got_err.args[0]) == sorted(e[0] for e in want_err.args[0])
        assert sorted(os.path.relpath(e[1], got) for e in got_err.args[0]) == \
            sorted(os.path.relpath(e[1], want) for e in want_err.args[0])
    # Names, types, permission bits, mtimes, bytes and link targets.
    assert_same_tree(want, got)


def test_ignore_is_called_like_shutil(linky, tmp_path):
    def recorder(log):
        def ignore(d, names):
            log.append((os.path.relpath(d, linky), sorted(names)))
            return {"mod.pyc"}
        return ignore

    want_log, got_log = [], []
    shutil.copytree(linky, tmp_path / "want", ignore=recorder(want_log))
    ucopy.copytree(linky, tmp_path / "got", ignore=recorder(got_log))
    assert sorted(got_log) == sorted(want_log)


@pytest.mark.parametrize("existing", ["dir", "file", "symlink"])
@pytest.mark.parametrize("ignore", sorted(IGNORES))
def test_existing_dst_fails_like_shutil(linky, tmp_path, ignore, existing):
    dst = tmp_path / "dst"
    {"dir": dst.mkdir, "file": dst.touch, "symlink": lambda: dst.symlink_to("nowhere")}[existing]()
    with pytest.raises(OSError) as want:
        shutil.copytree(linky, dst, ignore=IGNORES[ignore])
    with pytest.raises(OSError) as got:
        ucopy.copytree(linky, dst, ignore=IGNORES[ignore])
    w, g = want.value, got.value
    assert (type(g), g.errno, g.strerror, g.filename) == (type(w), w.errno, w.strerror, w.filename)
    assert type(g) is FileExistsError
    if existing == "dir":
        assert os.listdir(dst) == [], "copied something although dst existed"


@pytest.mark.parametrize("ignore", sorted(IGNORES))
def test_dirs_exist_ok(linky, tmp_path, ignore):
    dst = tmp_path / "dst"
    dst.mkdir()
    (dst / "top.txt").write_text("stale")
    (dst / "extra").write_text("kept")
    ucopy.copytree(linky, dst, ignore=IGNORES[ignore], dirs_exist_ok=True)
    assert (dst / "top.txt").read_text() == "top"
    assert (dst / "extra").read_text() == "kept"


def ignore_log(log, result=("mod.pyc",)):
    def ignore(d, names):
        log.append((d, list(names)))
        return set(result)
    return ignore


@pytest.mark.parametrize("symlinks", [False, True])
def test_ignore_gets_the_dirs_and_names_shutil_passes(tmp_path, symlinks):
    # Exact paths and name lists (in listing order), empty directories and
    # directories reached through a symlink included; each directory once.
    src = make_linky(tmp_path)
    (src / "empty").mkdir()
    (src / "pkg" / "deeper" / "deepest").mkdir(parents=True)
    want_log, got_log = [], []
    shutil.copytree(str(src), tmp_path / "want", symlinks=symlinks, ignore=ignore_log(want_log))
    ucopy.copytree(str(src), tmp_path / "got", symlinks=symlinks, ignore=ignore_log(got_log))
    assert sorted(got_log) == sorted(want_log)
    assert len({d for d, _ in got_log}) == len(got_log), "a directory was asked about twice"
    assert_same_tree(tmp_path / "want", tmp_path / "got")


def test_bytes_src_gives_ignore_bytes_like_shutil(linky, tmp_path):
    want_log, got_log = [], []
    shutil.copytree(os.fsencode(linky), os.fsencode(tmp_path / "want"), ignore=ignore_log(want_log, [b"mod.pyc"]))
    ucopy.copytree(os.fsencode(linky), os.fsencode(tmp_path / "got"), ignore=ignore_log(got_log, [b"mod.pyc"]))
    assert sorted(got_log) == sorted(want_log)
    assert all(isinstance(d, bytes) for d, _ in got_log)
    assert_same_tree(tmp_path / "want", tmp_path / "got")


def test_copytree_with_ignore_is_one_library_run(linky, tmp_path, monkeypatch):
    from ucopy import _copier
    runs = []
    real = _copier._c.pyucopy_run
    monkeypatch.setattr(_copier._c, "pyucopy_run", lambda *a: runs.append(a[1:3]) or real(*a))
    ucopy.copytree(linky, tmp_path / "got", ignore=shutil.ignore_patterns("*.pyc", "tmp*"))
    assert len(runs) == 1, runs
    assert not (tmp_path / "got" / "pkg" / "mod.pyc").exists()
    assert (tmp_path / "got" / "pkg" / "mod.py").exists()


def test_an_ignored_dangling_symlink_is_left_out_like_shutil(tmp_path):
    src = make_linky(tmp_path, dangling=True)
    ignore = shutil.ignore_patterns("link-dangling")
    shutil.copytree(src, tmp_path / "want", ignore=ignore)  # no error: never looked at
    ucopy.copytree(src, tmp_path / "got", ignore=ignore)
    assert_same_tree(tmp_path / "want", tmp_path / "got")


def test_an_exception_in_ignore_stops_the_copy_and_is_reraised(linky, tmp_path):
    class Boom(Exception):
        pass

    def ignore(d, names):
        if d.endswith("pkg"):
            raise Boom(d)
        return ()

    with pytest.raises(Boom):
        ucopy.copytree(linky, tmp_path / "got", ignore=ignore)


def test_a_filter_is_asked_about_what_ignore_keeps(linky, tmp_path):
    asked = []
    ucopy.copytree(linky, tmp_path / "got", ignore=shutil.ignore_patterns("*.pyc"),
                   filter=lambda p, st: asked.append(p) or p != "top.txt")
    assert not [p for p in asked if p.endswith(".pyc")]
    assert not (tmp_path / "got" / "top.txt").exists()
    assert (tmp_path / "got" / "pkg" / "mod.py").exists()


def test_ignore_patterns_become_library_rules():
    """shutil.ignore_patterns() runs as the library's exclude rules (no call
    into Python per entry) when its patterns mean the same to fnmatch and to
    the library; anything else stays a callback."""
    from ucopy._copytree import ignore_patterns_as_rules
    assert ignore_patterns_as_rules(shutil.ignore_patterns("*.pyc", "tmp*", "__pycache__", "?x")) == [
        ("exclude", b"*.pyc"), ("exclude", b"tmp*"), ("exclude", b"__pycache__"), ("exclude", b"?x")]
    for kept_as_callback in (shutil.ignore_patterns("[^a]*"), shutil.ignore_patterns("*.pyc", "a\\b"),
                             shutil.ignore_patterns("a/b"), shutil.ignore_patterns(""),
                             lambda d, names: set()):
        assert ignore_patterns_as_rules(kept_as_callback) is None


@pytest.mark.parametrize("patterns", [("*.pyc", "tmp*"), ("[!m]*",), (".*", "*~")])
def test_ignore_patterns_same_tree_as_shutil(tmp_path, patterns):
    """Rules or callback, the names left out are shutil's, dotfiles and
    names with brackets included."""
    src = tmp_path / "src"
    for rel in ("a/mod.pyc", "a/mod.py", "tmpx/f", ".hidden", "b/.x~", "b/[m]", "b/x~", "m.c"):
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_text(rel)
    ignore = shutil.ignore_patterns(*patterns)
    shutil.copytree(src, tmp_path / "want", ignore=ignore)
    ucopy.copytree(src, tmp_path / "got", ignore=ignore)
    def names(root):
        return sorted(str(p.relative_to(root)) for p in root.rglob("*"))
    assert names(tmp_path / "got") == names(tmp_path / "want")

