# SPDX-License-Identifier: MIT
"""Data strategies: copy methods and their stats, holes, verify, and the
checks on the large-file options."""

import os

import pytest
import ucopy
from ucopy import cucopy as _c

MIB = 1 << 20
SIZE = 5 * MIB


def _data(n, seed):
    # Non-repeating enough that a misplaced block shows.
    return (bytes(range(seed, 256)) + bytes(range(seed))) * (n // 256)


@pytest.fixture
def five_mib(tmp_path):
    src = tmp_path / "src"
    src.write_bytes(_data(SIZE, 7))
    return src


def test_read_write_counts_every_byte_under_read_write(five_mib, tmp_path):
    dst = tmp_path / "dst"
    st = ucopy.copy(five_mib, dst, copy_method="read_write")
    assert dst.read_bytes() == five_mib.read_bytes()
    assert (st.files, st.bytes) == (1, SIZE)
    assert (st.files_read_write, st.bytes_read_write) == (1, SIZE)
    assert st.files_copy_file_range == st.bytes_copy_file_range == 0
    assert st.files_reflinked == st.bytes_reflinked == 0


def test_copy_file_range_counts_sum_to_the_bytes(five_mib, tmp_path):
    dst = tmp_path / "dst"
    st = ucopy.copy(five_mib, dst, copy_method=ucopy.CopyMethod.COPY_FILE_RANGE)
    assert dst.read_bytes() == five_mib.read_bytes()
    # The kernel may serve copy_file_range or the file falls back to
    # read/write; either way each byte counts once, and nothing is cloned.
    assert st.files_copy_file_range + st.files_read_write == 1
    assert st.bytes_copy_file_range + st.bytes_read_write == SIZE
    assert st.files_reflinked == st.bytes_reflinked == 0


def test_holes_stay_holes(tmp_path):
    src, dst = tmp_path / "sparse", tmp_path / "copy"
    with open(src, "wb") as f:
        f.write(_data(MIB, 1))
        f.seek(32 * MIB)
        f.write(_data(MIB, 2))
        f.truncate(64 * MIB)
    st = ucopy.copy(src, dst, sparse="auto")
    info = os.stat(dst)
    assert info.st_size == 64 * MIB
    assert info.st_blocks * 512 < 4 * MIB, f"holes filled: {info.st_blocks} blocks"
    assert st.bytes_sparse > 0
    assert dst.read_bytes() == src.read_bytes()


def test_verify_counts_files(five_mib, tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    os.link(five_mib, tree / "big")
    (tree / "small").write_bytes(b"small")
    with ucopy.Copier(verify=True) as c:
        st = c.run(tree, tmp_path / "verified")
    assert st.files == 2 and st.files_verified == 2
    assert (tmp_path / "verified" / "small").read_bytes() == b"small"
    assert ucopy.copy(tree, tmp_path / "unverified").files_verified == 0


def test_region_options_are_accepted(five_mib, tmp_path):
    dst = tmp_path / "dst"
    st = ucopy.copy(five_mib, dst, regions=3, region_threshold=2 * MIB, region_size=2 * MIB,
                    reflink=ucopy.Reflink.NEVER)
    assert st.bytes == SIZE
    assert dst.read_bytes() == five_mib.read_bytes()


@pytest.mark.parametrize("options, field", [
    (dict(region_size=3 * MIB), "region_size"),
    (dict(regions=_c.UCOPY_REGIONS_MAX + 1), "regions"),
    (dict(reflink="always", copy_method="read_write"), "reflink"),
    (dict(copy_method="splice"), "copy_method"),
    (dict(reflink="sometimes"), "reflink"),
    (dict(sparse=True), "sparse"),
    (dict(region_threshold=-1), "region_threshold"),
])
def test_bad_large_file_options_raise_value_error(options, field):
    with pytest.raises(ValueError, match=field):
        ucopy.Copier(**options)


def test_verify_error_mapping(tmp_path):
    # A mismatch cannot be provoked from here; the mapping itself is checked.
    from ucopy._errors import error_from_code

    exc = error_from_code(_c.UCOPY_EVERIFY, tmp_path / "a", tmp_path / "b", "differs", [], None)
    assert isinstance(exc, ucopy.VerifyError) and isinstance(exc, ucopy.Error)
    assert exc.code == _c.UCOPY_EVERIFY
    assert (exc.filename, exc.filename2) == (str(tmp_path / "a"), str(tmp_path / "b"))
    assert _c.ucopy_error_name(_c.UCOPY_EVERIFY) == "UCOPY_EVERIFY"
