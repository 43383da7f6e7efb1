# SPDX-License-Identifier: MIT
"""Metadata beyond cp -a: xattrs and the xattr filter, the owner policy,
FIFOs with and without ``specials``."""

import os
import stat
import threading

import pytest
import ucopy


def _user_xattrs(path):
    return {n: os.getxattr(path, n, follow_symlinks=False)
            for n in os.listxattr(path, follow_symlinks=False) if n.startswith("user.")}


@pytest.fixture
def xattr_file(tmp_path):
    src = tmp_path / "src"
    src.write_bytes(b"payload")
    os.setxattr(src, "user.keep", b"kept value")
    os.setxattr(src, "user.drop", b"dropped value")
    return src


def test_xattrs_are_copied_by_default(xattr_file, tmp_path):
    stats = ucopy.copy(xattr_file, tmp_path / "dst")
    assert (stats.files, stats.warnings) == (1, 0)
    assert _user_xattrs(tmp_path / "dst") == {"user.keep": b"kept value", "user.drop": b"dropped value"}


def test_xattrs_off_copies_none(xattr_file, tmp_path):
    ucopy.copy(xattr_file, tmp_path / "dst", xattrs=False)
    assert _user_xattrs(tmp_path / "dst") == {}
    ucopy.copy(xattr_file, tmp_path / "dst2", archive=False)
    assert _user_xattrs(tmp_path / "dst2") == {}
    # archive=False, then switched back on alone.
    ucopy.copy(xattr_file, tmp_path / "dst3", archive=False, xattrs=True)
    assert set(_user_xattrs(tmp_path / "dst3")) == {"user.keep", "user.drop"}


def test_xattr_filter_leaves_out_only_the_names_it_rejects(xattr_file, tmp_path):
    asked = []
    caller = threading.get_ident()

    def keep(name):
        assert threading.get_ident() == caller
        asked.append(name)
        return name != "user.drop"

    with ucopy.Copier(xattr_filter=keep) as c:
        c.run(xattr_file, tmp_path / "dst")
    assert _user_xattrs(tmp_path / "dst") == {"user.keep": b"kept value"}
    assert {"user.keep", "user.drop"} <= set(asked)
    assert len(asked) == len(set(asked)), "a name was asked twice in one run"
    assert all(isinstance(n, str) for n in asked)
    # Same through copy(); truthy/falsy answers work.
    ucopy.copy(xattr_file, tmp_path / "dst2", xattr_filter=lambda n: n.endswith("drop"))
    assert _user_xattrs(tmp_path / "dst2") == {"user.drop": b"dropped value"}


def test_exception_in_xattr_filter_aborts_and_is_reraised(xattr_file, tmp_path):
    calls = []

    def boom(name):
        calls.append(name)
        raise LookupError("boom in xattr_filter")

    with pytest.raises(LookupError, match="boom in xattr_filter"):
        ucopy.copy(xattr_file, tmp_path / "dst", xattr_filter=boom)
    assert len(calls) == 1, "the filter ran again after it raised"


def test_xattr_filter_must_be_callable():
    with pytest.raises(TypeError):
        ucopy.Copier(xattr_filter="user.keep")


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a file away (the C tests cover the rest)")
@pytest.mark.parametrize("policy", ["warn", "fail", "ignore", ucopy.OwnerPolicy.FAIL])
def test_owner_is_kept_as_root_under_every_policy(tmp_path, policy):
    src = tmp_path / "src"
    src.write_bytes(b"owned")
    os.chown(src, 1234, 1234)
    stats = ucopy.copy(src, tmp_path / "dst", owner_policy=policy)
    assert (stats.failures, stats.warnings) == (0, 0)
    st = os.stat(tmp_path / "dst")
    assert (st.st_uid, st.st_gid) == (1234, 1234)


@pytest.mark.parametrize("bad", ["fial", 1, None])
def test_invalid_owner_policy_is_rejected(bad):
    with pytest.raises(ValueError, match="owner_policy"):
        ucopy.Copier(owner_policy=bad)


def test_fifo_is_recreated_in_archive_mode(tmp_path):
    (tmp_path / "src").mkdir()
    os.mkfifo(tmp_path / "src" / "fifo", 0o640)
    stats = ucopy.copy(tmp_path / "src", tmp_path / "dst")
    assert (stats.specials, stats.skipped) == (1, 0)
    st = os.lstat(tmp_path / "dst" / "fifo")
    assert stat.S_ISFIFO(st.st_mode)
    assert stat.S_IMODE(st.st_mode) == 0o640


def test_fifo_is_skipped_without_specials(tmp_path):
    (tmp_path / "src").mkdir()
    os.mkfifo(tmp_path / "src" / "fifo", 0o640)
    stats = ucopy.copy(tmp_path / "src", tmp_path / "dst", specials=False)
    assert (stats.specials, stats.skipped, stats.failures) == (0, 1, 0)
    assert (tmp_path / "dst").is_dir()
    assert not os.path.lexists(tmp_path / "dst" / "fifo")


def test_archive_uses_the_library_archive_flags():
    from ucopy import cucopy
    from ucopy._copier import _flags, _parts

    plain = dict(dereference=False, dereference_args=False, dry_run=False, noatime=False)
    assert _flags(True, **plain) == cucopy.UCOPY_F_ARCHIVE
    assert _flags(False, **plain) == 0
    assert _flags(True, **dict(plain, noatime=True)) == cucopy.UCOPY_F_ARCHIVE | cucopy.UCOPY_F_NOATIME
    none = dict(recursive=None, preserve_mode=None, preserve_times=None, preserve_owner=None,
                xattrs=None, acls=None, specials=None, devices=None)
    assert _parts(**none) == (0, 0)
    assert _parts(**dict(none, devices=False)) == (0, cucopy.UCOPY_F_COPY_DEVICES)
    assert _parts(**dict(none, xattrs=True, acls=False)) == \
        (cucopy.UCOPY_F_PRESERVE_XATTRS, cucopy.UCOPY_F_PRESERVE_ACLS)


# Archive mode goes to flags, each part given on its own to flags_set or
# flags_clear; libucopy runs with (flags | flags_set) & ~flags_clear.
_ARCHIVE = ucopy.cucopy.UCOPY_F_ARCHIVE
_XATTRS = ucopy.cucopy.UCOPY_F_PRESERVE_XATTRS
_TIMES = ucopy.cucopy.UCOPY_F_PRESERVE_TIMES


@pytest.mark.parametrize("kwargs, want", [
    (dict(archive=True, xattrs=False), (_ARCHIVE, 0, _XATTRS)),
    (dict(xattrs=False, archive=True), (_ARCHIVE, 0, _XATTRS)),
    (dict(archive=False, preserve_times=True), (0, _TIMES, 0)),
    (dict(preserve_times=True, archive=False), (0, _TIMES, 0)),
    (dict(archive=False), (0, 0, 0)),
    (dict(), (_ARCHIVE, 0, 0)),
])
def test_parts_go_to_flags_set_and_clear(option_flags, tmp_path, kwargs, want):
    with ucopy.Copier(**kwargs):
        pass
    assert option_flags == [want]


def test_archive_and_xattrs_off_in_either_order_copy_no_xattrs(xattr_file, tmp_path, option_flags):
    ucopy.copy(xattr_file, tmp_path / "a", archive=True, xattrs=False)
    ucopy.copy(xattr_file, tmp_path / "b", xattrs=False, archive=True)
    with ucopy.Copier(xattrs=False, archive=True) as c:
        c.run(xattr_file, tmp_path / "c")
    assert option_flags[0] == option_flags[1] == option_flags[2] == (_ARCHIVE, 0, _XATTRS)
    for name in "abc":
        assert (tmp_path / name).read_bytes() == b"payload"
        assert _user_xattrs(tmp_path / name) == {}


def test_part_on_survives_archive_off_in_either_order(tmp_path, option_flags):
    src = tmp_path / "src"
    src.write_bytes(b"old")
    os.utime(src, ns=(1_000_000_123, 2_000_000_456))
    with ucopy.Copier(archive=False, preserve_times=True) as c:
        c.run(src, tmp_path / "a")
    with ucopy.Copier(preserve_times=True, archive=False) as c:
        c.run(src, tmp_path / "b")
    with ucopy.Copier(archive=False) as c:
        c.run(src, tmp_path / "none")
    assert option_flags == [(0, _TIMES, 0), (0, _TIMES, 0), (0, 0, 0)]
    for name in "ab":
        assert os.stat(tmp_path / name).st_mtime_ns == 2_000_000_456
    assert os.stat(tmp_path / "none").st_mtime_ns != 2_000_000_456
