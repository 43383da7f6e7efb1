# SPDX-License-Identifier: MIT
import os
import pathlib

import pytest
import ucopy
from treeutil import NON_UTF8, assert_same_tree


def test_tree_copy_is_exact(sample):
    src, dst = sample
    stats = ucopy.copy(src, dst)
    assert_same_tree(src, dst)
    assert isinstance(stats, ucopy.Stats)
    assert (stats.files, stats.symlinks, stats.dirs, stats.failures) == (7, 3, 4, 0)
    assert stats.bytes == sum(os.path.getsize(os.path.join(src, n))
                              for n in ("a.txt", "zero", "big.bin", "sub/b.txt", "sub/deeper/c.txt", "exec.sh")) \
        + len(b"latin-1 name")
    with pytest.raises(AttributeError):
        stats.files = 0  # frozen


@pytest.mark.parametrize("kind", ["str", "bytes", "pathlib"])
def test_path_types(sample, kind):
    src, dst = sample
    conv = {"str": str, "bytes": os.fsencode, "pathlib": pathlib.Path}[kind]
    ucopy.copy(conv(src), conv(dst))
    assert_same_tree(src, dst)


def test_non_utf8_names_round_trip(tmp_path):
    base = os.fsencode(tmp_path)
    src, dst = os.path.join(base, b"\xff\xfe-dir"), os.path.join(base, b"copy-\xff")
    os.mkdir(src)
    name = b"n\x80\xc3(\xe9"
    with open(os.path.join(src, name), "wb") as f:
        f.write(b"x")
    seen = []
    with ucopy.Copier(on_error=seen.append) as c:
        c.run(os.fsdecode(src), os.fsdecode(dst))  # str with surrogates in, bytes on disk
    with open(os.path.join(dst, name), "rb") as f:
        assert f.read() == b"x"
    assert seen == []
    # Errors report paths that encode back to the exact bytes.
    with pytest.raises(ucopy.PartialCopyError) as info:
        ucopy.copy(src, dst)  # everything exists now: EEXIST for the file
    failure = info.value.failures[0]
    assert failure.src_path_bytes == os.path.join(src, name)
    assert failure.dst_path_bytes == os.path.join(dst, name)
    assert isinstance(failure.src_path, str)


def test_dry_run_writes_nothing(sample):
    src, dst = sample
    ucopy.copy(src, dst, dry_run=True)
    assert not os.path.lexists(dst)


def test_overwrite_modes(tmp_path):
    src, dst = tmp_path / "f", tmp_path / "g"
    src.write_bytes(b"new")
    dst.write_bytes(b"old")
    st = ucopy.copy(src, dst, overwrite="skip")
    assert dst.read_bytes() == b"old" and st.skipped == 1
    ucopy.copy(src, dst, overwrite=ucopy.Overwrite.REPLACE)
    assert dst.read_bytes() == b"new"


def test_copier_reuse_and_close(sample, tmp_path):
    src, dst = sample
    with ucopy.Copier() as c:
        c.run(src, dst)
        c.run(src, str(tmp_path / "again"))
    assert_same_tree(src, str(tmp_path / "again"))
    with pytest.raises(ValueError):
        c.run(src, str(tmp_path / "closed"))
    c.cancel()  # harmless after close


def test_bad_options_raise_value_error():
    with pytest.raises(ValueError):
        ucopy.Copier(buffer_size=1000)
    with pytest.raises(ValueError):
        ucopy.Copier(overwrite="sometimes")
    with pytest.raises(TypeError):
        ucopy.Copier(progress=42)


def test_nul_in_path_is_rejected(tmp_path):
    with pytest.raises(ValueError):
        ucopy.copy("a\0b", str(tmp_path / "x"))


def test_library_version():
    assert ucopy.library_version().count(".") == 2
