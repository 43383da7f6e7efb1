"""ucopy.copytree must build the same tree as shutil.copytree."""

import os
import shutil

import pytest
import ucopy
from treeutil import assert_same_tree, set_times


@pytest.fixture
def linky(tmp_path):
    """A tree with symlinks to a file, to a directory (inside and outside)
    and files an ignore pattern should drop."""
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
    set_times(os.fsencode(tmp_path))
    return src


IGNORES = {
    "none": None,
    "patterns": shutil.ignore_patterns("*.pyc", "tmp*", "__pycache__"),
}


@pytest.mark.parametrize("symlinks", [False, True])
@pytest.mark.parametrize("ignore", sorted(IGNORES))
def test_same_tree_as_shutil(linky, tmp_path, symlinks, ignore):
    want, got = tmp_path / "want", tmp_path / "got"
    shutil.copytree(linky, want, symlinks=symlinks, ignore=IGNORES[ignore])
    assert ucopy.copytree(linky, got, symlinks=symlinks, ignore=IGNORES[ignore]) == str(got)
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


@pytest.mark.parametrize("ignore", sorted(IGNORES))
def test_dirs_exist_ok(linky, tmp_path, ignore):
    dst = tmp_path / "dst"
    dst.mkdir()
    with pytest.raises(FileExistsError):
        ucopy.copytree(linky, dst, ignore=IGNORES[ignore])
    (dst / "top.txt").write_text("stale")
    (dst / "extra").write_text("kept")
    ucopy.copytree(linky, dst, ignore=IGNORES[ignore], dirs_exist_ok=True)
    assert (dst / "top.txt").read_text() == "top"
    assert (dst / "extra").read_text() == "kept"


@pytest.mark.parametrize("ignore", sorted(IGNORES))
def test_dangling_symlink_error_like_shutil(tmp_path, ignore):
    src = tmp_path / "src"
    src.mkdir()
    (src / "ok").write_text("ok")
    os.symlink("missing", src / "dangling")
    with pytest.raises(shutil.Error) as want:
        shutil.copytree(src, tmp_path / "want", ignore=IGNORES[ignore])
    with pytest.raises(shutil.Error) as got:
        ucopy.copytree(src, tmp_path / "got", ignore=IGNORES[ignore])
    assert [e[0] for e in got.value.args[0]] == [e[0] for e in want.value.args[0]]
    assert (tmp_path / "got" / "ok").read_text() == "ok"
