# SPDX-License-Identifier: MIT
"""copyfile()/copy2(): shutil's results, destination rules and errors;
one handle per thread and kind, its options set once; usable after fork."""

import os
import shutil
import stat
import threading

import pytest
import ucopy
from ucopy import _single


@pytest.fixture
def src(tmp_path):
    p = tmp_path / "src.bin"
    p.write_bytes(os.urandom(4096))
    os.chmod(p, 0o751)
    os.utime(p, ns=(1_500_000_000_111_111_111, 1_600_000_000_222_222_222))
    try:
        os.setxattr(p, "user.origin", b"test")
    except OSError:
        pass  # a filesystem without user xattrs: the rest still holds
    return p


def meta(p):
    st = os.stat(p, follow_symlinks=False)
    xattrs = {}
    if not stat.S_ISLNK(st.st_mode):
        try:
            xattrs = {n: os.getxattr(p, n) for n in os.listxattr(p) if n.startswith("user.")}
        except OSError:
            pass
    with open(p, "rb") as f:
        data = f.read()
    return stat.S_IMODE(st.st_mode), st.st_mtime_ns, xattrs, data


@pytest.mark.parametrize("into_dir", [False, True])
def test_copy2_gives_what_shutil_copy2_gives(src, tmp_path, into_dir):
    want_dir, got_dir = tmp_path / "want", tmp_path / "got"
    want_dir.mkdir()
    got_dir.mkdir()
    want_dst = want_dir if into_dir else want_dir / "copy"
    got_dst = got_dir if into_dir else got_dir / "copy"
    want = shutil.copy2(src, want_dst)
    got = ucopy.copy2(src, got_dst)
    assert os.path.relpath(got, got_dir) == os.path.relpath(want, want_dir)
    assert meta(got) == meta(want)
    if not into_dir:
        assert got is got_dst  # dst as passed, as shutil returns it


def test_copyfile_copies_contents_only_like_shutil(src, tmp_path):
    want = shutil.copyfile(src, tmp_path / "want")
    got = ucopy.copyfile(src, tmp_path / "got")
    assert got == tmp_path / "got"
    w, g = meta(want), meta(got)
    umask = os.umask(0)
    os.umask(umask)
    # The documented difference: src's bits less the umask (as cp), where
    # shutil gives 0o666 less the umask.
    assert g[0] == 0o751 & ~umask and w[0] == 0o666 & ~umask
    assert g[3] == w[3]
    assert g[1] != meta(src)[1], "copyfile kept the mtime"


def test_an_existing_destination_file_is_replaced(src, tmp_path):
    dst = tmp_path / "dst"
    dst.write_bytes(b"old and longer than nothing")
    ucopy.copy2(src, dst)
    assert dst.read_bytes() == src.read_bytes()


def test_follow_symlinks_false_copies_the_link(src, tmp_path):
    link = tmp_path / "link"
    link.symlink_to(src.name)
    ucopy.copy2(link, tmp_path / "l2", follow_symlinks=False)
    assert os.readlink(tmp_path / "l2") == src.name
    ucopy.copyfile(link, tmp_path / "l3")
    assert not os.path.islink(tmp_path / "l3") and (tmp_path / "l3").read_bytes() == src.read_bytes()


def test_errors_are_shutils(src, tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    with pytest.raises(IsADirectoryError):
        ucopy.copyfile(src, d)  # copyfile has no directory rule
    with pytest.raises(IsADirectoryError):
        ucopy.copy2(d, tmp_path / "e")
    with pytest.raises(shutil.SameFileError):
        ucopy.copy2(src, src)
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(shutil.SpecialFileError):
        ucopy.copyfile(tmp_path / "fifo", tmp_path / "f2")
    assert not os.path.lexists(tmp_path / "f2")
    with pytest.raises(FileNotFoundError) as info:
        ucopy.copy2(tmp_path / "missing", tmp_path / "x")
    assert info.value.filename == str(tmp_path / "missing")
    ucopy.copy2(src, tmp_path / "after-errors")  # the handle still works
    assert (tmp_path / "after-errors").read_bytes() == src.read_bytes()


def test_one_handle_per_thread_with_options_set_once(src, tmp_path, option_flags):
    def copier():
        return _single._local.by_kind[(True, True)].copier

    ucopy.copy2(src, tmp_path / "first")
    mine = copier()
    sets = len(option_flags)
    for i in range(20):
        ucopy.copy2(src, tmp_path / f"c{i}")
    assert copier() is mine
    assert len(option_flags) == sets, "options were set again for a later copy"
    other = []
    t = threading.Thread(target=lambda: (ucopy.copy2(src, tmp_path / "t"), other.append(copier())))
    t.start()
    t.join()
    assert other and other[0] is not mine


def test_threads_copy_at_once(src, tmp_path):
    errors = []

    def work(n):
        try:
            for i in range(30):
                ucopy.copy2(src, tmp_path / f"t{n}-{i}")
        except Exception as e:  # noqa: BLE001 -- reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    data = src.read_bytes()
    assert all((tmp_path / f"t{n}-{i}").read_bytes() == data for n in range(4) for i in range(30))


def test_a_forked_child_copies_with_handles_of_its_own(src, tmp_path):
    ucopy.copy2(src, tmp_path / "parent")  # the parent has a handle now
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            ucopy.copy2(src, tmp_path / "child")
            code = 0
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert (tmp_path / "child").read_bytes() == src.read_bytes()
    ucopy.copy2(src, tmp_path / "parent-again")
