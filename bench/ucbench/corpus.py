# SPDX-License-Identifier: MIT
"""Corpus shapes (BENCHMARKING.md) and their generation into the cached source fs.

The source image lives under the work dir and is reused by later invocations with
the same scale: each generated corpus is recorded in a stamp file next to the image
together with its spec, so a changed spec regenerates it.
"""
import json
import math
import os
import shutil

from . import sh
from .loopfs import LoopFs


# Shapes at scale 1. Seeds are fixed so every machine copies the same bytes.
BASE = {
    "small": {"kind": "fixed", "dirs": 1000, "files": 100_000, "size": 4096, "seed": 1},
    # median 100 KiB, sigma 0.6: mean ~120 KiB, ~1.2 GB for 10k files.
    "mixed": {"kind": "lognormal", "dirs": 1000, "files": 10_000, "size": 100 * 1024,
              "sigma": 0.6, "seed": 2},
    "large": {"kind": "big", "dirs": 0, "files": 1, "size": 4 << 30, "seed": 3},
    # `small` with a user xattr and a POSIX ACL on every file: what keeping
    # everything costs (cp -a copies both too).
    "smallmeta": {"kind": "fixed", "dirs": 1000, "files": 100_000, "size": 4096, "seed": 1,
                  "meta": True},
    # Four 1 GiB files copied at once: where queue depth and region concurrency matter.
    "large4": {"kind": "big", "dirs": 0, "files": 4, "size": 1 << 30, "seed": 6},
    # --rss-scan: zero-byte files, 100 per directory like `small`.
    "rss100k": {"kind": "fixed", "dirs": 1000, "files": 100_000, "size": 0, "seed": 4},
    "rss1m": {"kind": "fixed", "dirs": 10_000, "files": 1_000_000, "size": 0, "seed": 5},
}
GROUPS = {"copy": ["small", "mixed", "large", "large4"], "meta": ["smallmeta"],
          "rss": ["rss100k", "rss1m"]}


def group_of(names):
    """The source image a set of corpora lives in; one group per invocation."""
    groups = {g for g, members in GROUPS.items() for n in names if n in members}
    if len(groups) != 1:
        raise ValueError("corpora from different groups cannot share a run: " + ",".join(names))
    return groups.pop()


def spec(name, scale):
    """The shape of corpus `name` at `scale`: counts scale, file sizes stay (except large)."""
    s = dict(BASE[name])
    if s["kind"] == "big":
        s["size"] = max(1 << 20, int(s["size"] * scale) // 4096 * 4096)
    else:
        s["files"] = max(1, round(s["files"] * scale))
        s["dirs"] = max(1, round(s["dirs"] * scale))
    return s


def expected_bytes(s):
    if s["kind"] == "lognormal":
        return s["files"] * s["size"] * math.exp(s["sigma"] ** 2 / 2)
    return s["files"] * s["size"]


def fs_size_for(specs):
    """Image size that holds these corpora with room for metadata and slack."""
    data = sum(expected_bytes(s) * 1.15 + s["files"] * 8192 + s["dirs"] * 8192 for s in specs)
    return int(data) + (256 << 20)


def inodes_for(specs):
    return int(sum(s["files"] + s["dirs"] + 1 for s in specs) * 1.1) + 10_000


def _generate(helper, root, s, threads):
    if s["kind"] == "big":
        os.makedirs(root)
        infos = []
        for i in range(s["files"]):
            name = "big.bin" if s["files"] == 1 else f"big-{i}.bin"
            infos.append(json.loads(sh.out([helper, "big", os.path.join(root, name),
                                            str(s["size"]), str(s["seed"] + i), str(threads)])))
        if len(infos) == 1:
            return infos[0]
        merged = dict(infos[0])
        for k, v in merged.items():
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                merged[k] = sum(i[k] for i in infos)
        return merged
    elif s["kind"] == "lognormal":
        argv = [helper, "tree", root, str(s["dirs"]), str(s["files"]), "lognormal",
                str(s["size"]), str(s["sigma"])]
    else:
        argv = [helper, "tree", root, str(s["dirs"]), str(s["files"]), "fixed", str(s["size"])]
    argv += [str(s["seed"]), str(threads)]
    if s.get("meta"):
        argv.append("meta")
    return json.loads(sh.out(argv))


class Source:
    """The source filesystem: mounted for the whole invocation, image kept as cache."""

    def __init__(self, workdir, group, scale, log):
        self.workdir, self.scale, self.log = workdir, scale, log
        self.names = GROUPS[group]
        tag = f"src-{group}-x{scale:g}"
        self.image = os.path.join(workdir, tag + ".img")
        self.stamp_path = os.path.join(workdir, tag + ".json")
        self.mnt = os.path.join(workdir, "mnt", "src")
        specs = [spec(n, scale) for n in self.names]
        # noatime: reading the source must not write to it.
        self.fs = LoopFs(self.image, fs_size_for(specs), "ext4", self.mnt,
                         inodes=inodes_for(specs), keep_image=True, mount_opts="noatime")
        self.info = {}

    def path(self, name):
        return os.path.join(self.mnt, name)

    def open(self, wanted, helper):
        """Mount the source (making it if needed) and make sure `wanted` corpora exist."""
        stamp = {}
        if os.path.exists(self.image) and os.path.exists(self.stamp_path):
            with open(self.stamp_path) as f:
                stamp = json.load(f)
            if stamp.get("image_size") != self.fs.size:
                stamp = {}
        if stamp:
            self.fs.reuse()
        else:
            self.log(f"making source filesystem {self.image}")
            self.fs.create()
            stamp = {"image_size": self.fs.size, "corpora": {}}
        threads = max(2, 2 * (os.cpu_count() or 1))
        for name in wanted:
            s = spec(name, self.scale)
            have = stamp["corpora"].get(name)
            if have and have["spec"] == s and os.path.isdir(self.path(name)):
                self.info[name] = have["info"]
                continue
            self.log(f"generating corpus {name}: {s}")
            if os.path.exists(self.path(name)):
                shutil.rmtree(self.path(name))
            info = _generate(helper, self.path(name), s, threads)
            os.sync()
            stamp["corpora"][name] = {"spec": s, "info": info}
            self.info[name] = info
            with open(self.stamp_path, "w") as f:  # saved per corpus: a Ctrl-C keeps the rest
                json.dump(stamp, f, indent=1)
        return self

    def close(self):
        self.fs.close()
