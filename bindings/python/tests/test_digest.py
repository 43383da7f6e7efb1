# SPDX-License-Identifier: MIT
"""digest=: each copied regular file's event carries its content digest,
equal to hashlib's of the file; other entries carry none; a bad value is
a ValueError naming it."""

import hashlib
import os

import pytest
import ucopy

MIB = 1 << 20


def _tree(root):
    os.makedirs(os.path.join(root, "sub"))
    with open(os.path.join(root, "small"), "wb") as f:
        f.write(b"hello")
    with open(os.path.join(root, "empty"), "wb"):
        pass
    with open(os.path.join(root, "sub", "big"), "wb") as f:
        f.write(os.urandom(3 * MIB + 5))
    os.symlink("small", os.path.join(root, "link"))


def _copied(src, dst, **options):
    events = []
    stats = ucopy.copy(src, dst, on_event=events.append, events=["copied"], **options)
    return stats, events


def test_sha256_matches_hashlib(tmp_path):
    src, dst = str(tmp_path / "src"), str(tmp_path / "dst")
    _tree(src)
    _, events = _copied(src, dst, digest="sha256")
    files = [e for e in events if e.file_type == ucopy.FileType.FILE]
    assert len(files) == 3
    for e in files:
        with open(e.dst_path, "rb") as f:
            want = hashlib.sha256(f.read()).digest()
        assert e.digest == want, e.dst_path
        assert e.digest_hex == want.hex()
    assert all(e.digest is None for e in events if e.file_type != ucopy.FileType.FILE)


def test_xxh128_has_sixteen_bytes_and_none_means_none(tmp_path):
    src = str(tmp_path / "src")
    _tree(src)
    _, events = _copied(src, str(tmp_path / "a"), digest=ucopy.Digest.XXH128)
    assert {len(e.digest) for e in events if e.file_type == ucopy.FileType.FILE} == {16}
    # "hello" as xxhsum -H2 prints it.
    small = [e for e in events if e.dst_path.endswith("/small")][0]
    assert small.digest_hex == "b5e9c1ad071b3e7fc779cfaa5e523818"
    _, plain = _copied(src, str(tmp_path / "b"))
    assert all(e.digest is None for e in plain)


def test_bad_digest_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="digest"):
        ucopy.Copier(digest="md5")
