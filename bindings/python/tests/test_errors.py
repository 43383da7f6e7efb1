# SPDX-License-Identifier: MIT
import errno
import shutil

import pytest
import ucopy


def test_missing_source_is_file_not_found(tmp_path):
    src, dst = str(tmp_path / "missing"), str(tmp_path / "dst")
    with pytest.raises(FileNotFoundError) as info:
        ucopy.copy(src, dst)
    e = info.value
    assert e.errno == errno.ENOENT
    assert e.filename == src
    assert e.strerror
    assert "missing" in e.detail


def test_existing_destination_is_file_exists(tmp_path):
    src, dst = tmp_path / "f", tmp_path / "g"
    src.write_bytes(b"f")
    dst.write_bytes(b"g")
    # The library reports EEXIST for the entry; a one-file copy with one
    # failed entry is a partial copy whose failure carries the errno.
    with pytest.raises((FileExistsError, ucopy.PartialCopyError)) as info:
        ucopy.copy(src, dst)
    e = info.value
    if isinstance(e, ucopy.PartialCopyError):
        assert [f.errno for f in e.failures] == [errno.EEXIST]
        assert e.stats.failures == 1
        assert isinstance(e, shutil.Error)
        assert e.args[0][0][0] == str(src)
    assert dst.read_bytes() == b"g"


def test_same_file(tmp_path):
    f = tmp_path / "f"
    f.write_bytes(b"f")
    with pytest.raises(shutil.SameFileError) as info:
        ucopy.copy(f, f)
    assert isinstance(info.value, ucopy.SameFileError)
    assert isinstance(info.value, OSError)


def test_destination_inside_source(sample):
    src, _ = sample
    with pytest.raises(ucopy.DestinationInsideSourceError) as info:
        ucopy.copy(src, src + "/sub/inside")
    assert info.value.errno == errno.EINVAL
    assert info.value.filename == src
