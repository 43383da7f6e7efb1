# SPDX-License-Identifier: MIT
"""The source tree of the power-cut runs, an older version of part of it
for the destination, and manifests: type, size, content hash, mode, owner
and mtime of every entry, keyed by relative path."""
import hashlib
import os
import random
import stat

TEMP_PREFIX = ".ucopy-tmp."  # lib/policy/atomic_names.hpp, kTempPrefix


def _write(path, size, rng, mode, owner, mtime):
    with open(path, "wb") as f:
        f.write(rng.randbytes(size))
    os.chown(path, *owner)
    os.chmod(path, mode)
    os.utime(path, ns=(mtime, mtime))


def make_source(root, rng, small=3000, medium=12, dirs=60):
    """`small` files of 0-16 KiB in `dirs` directories two levels deep,
    `medium` files of 1-3 MiB, symlinks and a hard-link pair."""
    os.makedirs(root)
    dir_paths = []
    for i in range(dirs):
        d = os.path.join(root, f"d{i % 8}", f"sub{i}")
        os.makedirs(d, exist_ok=True)
        dir_paths.append(d)
    for i in range(small):
        d = dir_paths[i % dirs]
        _write(os.path.join(d, f"f{i}.dat"), rng.choice([0, 1, 100, 4096, 9000, 16384]),
               rng, rng.choice([0o644, 0o600, 0o755, 0o640]),
               (rng.choice([0, 1000, 1234]), rng.choice([0, 100, 4321])),
               rng.randrange(10**9, 1.7 * 10**9) * 10**9 + rng.randrange(10**9))
    for i in range(medium):
        _write(os.path.join(root, f"d{i % 8}", f"medium{i}.bin"),
               rng.randrange(1 << 20, 3 << 20), rng, 0o644, (0, 0), 1_600_000_000 * 10**9)
    for i in range(20):
        os.symlink(f"../sub{i}/f{i}.dat", os.path.join(dir_paths[i], f"link{i}"))
    os.link(os.path.join(dir_paths[0], "f0.dat"), os.path.join(dir_paths[1], "hard0.dat"))
    for d in sorted(dir_paths, reverse=True):
        os.utime(d, ns=(1_500_000_000 * 10**9, 1_500_000_000 * 10**9))


def make_old(src_manifest, root, rng, share=3):
    """One in `share` regular files of the source, with other contents and
    an older mtime: what --atomic must keep intact until replaced."""
    old = {}
    for rel, e in sorted(src_manifest.items()):
        if e["type"] != "file" or rng.randrange(share) or "hard" in rel:
            continue
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        _write(path, rng.choice([10, 5000, 20000]), rng, 0o644, (0, 0), 10**18)
        old[rel] = entry(path)
    return old


def entry(path):
    st = os.lstat(path)
    e = {"mode": stat.S_IMODE(st.st_mode), "uid": st.st_uid, "gid": st.st_gid,
         "mtime": st.st_mtime_ns, "size": st.st_size}
    if stat.S_ISREG(st.st_mode):
        e["type"] = "file"
        h = hashlib.sha256()
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                h.update(chunk)
        e["hash"] = h.hexdigest()
    elif stat.S_ISDIR(st.st_mode):
        e.update(type="dir", size=0)
    elif stat.S_ISLNK(st.st_mode):
        e.update(type="link", target=os.readlink(path))
    else:
        e["type"] = "other"
    return e


def manifest(root):
    """{relative path: entry} for every entry below `root`."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            out[os.path.relpath(path, root)] = entry(path)
    return out


def is_temp(rel):
    return os.path.basename(rel).startswith(TEMP_PREFIX)
