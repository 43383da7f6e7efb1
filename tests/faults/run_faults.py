#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The fault matrix: each operation x errno x mode, one fault at a random
position in a 2k-file copy onto ucopy-faultfs, checked against
docs/durability.md. Exits 77 (skipped) where FUSE cannot be mounted."""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

import checks
from faultmount import FaultMount, counts, missing_requirement

OPS = ["write", "fsync", "rename", "create", "mkdir", "setxattr", "chown", "utimens"]
ERRNOS = ["EIO", "ENOSPC", "EDQUOT", "EROFS"]
MODES = {"default": [], "atomic": ["--atomic"], "update": ["--update"]}
# What ucopy calls the failed step, for each faultfs operation.
REPORTED_AS = {"write": {"write"}, "fsync": {"fsync", "syncfs"}, "rename": {"rename"},
               "create": {"create", "open", "symlink"}, "mkdir": {"mkdir"},
               "setxattr": {"setxattr", "xattr", "acl"}, "chown": {"chown"},
               "utimens": {"utimens"}}
DATA_OPS = {"write", "fsync", "create"}
TEMP_PREFIX = ".ucopy-tmp."


def make_source(root, rng, files):
    """`files` small files in 20 directories, one in ten with an xattr,
    some symlinks; mtimes in the past."""
    for i in range(files):
        d = os.path.join(root, f"d{i % 20}")
        os.makedirs(d, exist_ok=True)
        p = os.path.join(d, f"f{i}")
        with open(p, "wb") as f:
            f.write(rng.randbytes(rng.choice([1, 700, 3000, 9000])))
        if i % 10 == 0:
            os.setxattr(p, "user.note", b"v%d" % i)
        os.chown(p, 1000 + i % 3, 1000)
        os.utime(p, ns=(1_600_000_000 * 10**9 + i, 1_600_000_000 * 10**9 + i))
    for i in range(20):
        os.symlink(f"f{i}", os.path.join(root, f"d{i}", f"link{i}"))


def make_old(src, dst, mode):
    """The destination before the run: empty (default); every file in an
    older version (atomic); the source with one file in three outdated
    (update); in both, one directory is missing."""
    if mode == "default":
        os.makedirs(dst)
        return
    shutil.copytree(src, dst, symlinks=True)
    shutil.rmtree(os.path.join(dst, "d19"))  # one directory to make (a mkdir to fail)
    n = 0
    for dirpath, _, names in os.walk(dst):
        for name in sorted(names):
            p = os.path.join(dirpath, name)
            if os.path.islink(p) or (mode == "update" and n % 3):
                n += 1
                continue
            n += 1
            with open(p, "wb") as f:
                f.write(b"old version of " + name.encode())
            os.utime(p, ns=(10**18, 10**18))


def run_ucopy(ucopy, flags, src, dst):
    r = subprocess.run([ucopy, "-a", "--json", *flags, "-T", src, dst],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    events = [json.loads(line) for line in r.stdout.splitlines()]
    return r.returncode, events, r.stderr


def snapshot(root):
    """{relative path: bytes} of the regular files below `root`."""
    out = {}
    for dirpath, _, names in os.walk(root):
        for name in names:
            p = os.path.join(dirpath, name)
            if not os.path.islink(p):
                with open(p, "rb") as f:
                    out[os.path.relpath(p, root)] = f.read()
    return out


def identical(src, dst):
    r = subprocess.run(["rsync", "-aHAX", "--delete", "--dry-run", "--itemize-changes",
                        "--checksum", src + "/", dst + "/"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return [line for line in r.stdout.splitlines()] + (
        [f"rsync status {r.returncode}"] if r.returncode else [])


def one_case(args, rng, op, err, mode, calls):
    """Returns (fired, failures) for one cell of the matrix."""
    work = tempfile.mkdtemp(dir=args.work)
    backing, mnt = os.path.join(work, "b"), os.path.join(work, "m")
    tree, mtree = os.path.join(backing, "tree"), os.path.join(mnt, "tree")
    make_old(args.src, tree, mode)
    before = snapshot(tree)
    flags = MODES[mode] + (["--fsync"] if op == "fsync" else [])
    nth = rng.randint(1, calls[op]) if calls[op] else 0
    log = os.path.join(work, "faults.log")
    m = FaultMount(args.faultfs, backing, mnt, op, nth, err, log=log)
    try:
        rc, events, stderr = run_ucopy(args.ucopy, flags, args.src, mtree)
    finally:
        m.close()
    fired = open(log).read().split() if os.path.exists(log) else []
    bad = []
    if fired:
        logged = fired[1]
        bad += [] if rc != 0 else ["status 0 after a failure"]
        bad += checks.reported(events, mnt, logged, REPORTED_AS[op])
        if not os.path.isdir(backing + logged):
            bad += checks.not_copied(events, mnt, logged)
        if mode != "atomic" and op in DATA_OPS and not os.path.isdir(backing + logged):
            bad += checks.failed_file_gone(tree, mnt, logged)
    elif rc != 0:
        bad.append(f"status {rc} without a fault: {stderr.strip()}")
    bad += checks.no_temporaries(tree)
    if mode == "atomic":
        bad += checks.old_versions_intact(before, snapshot(tree), events, mtree)
    # The rerun goes to the backing directory itself: the same tree without
    # the fault, without FUSE's cost (a 2k-file run: ~0.2 s instead of ~2 s).
    rc, _, stderr = run_ucopy(args.ucopy, MODES[mode], args.src, tree)
    bad += [] if rc == 0 else [f"rerun: status {rc}: {stderr.strip()}"]
    bad += [f"after the rerun: {line}" for line in identical(args.src, tree)]
    shutil.rmtree(work)
    return fired, bad


def calibrate(args, mode):
    """How many calls of each operation a run of `mode` makes (with
    --fsync, which only the fsync row adds)."""
    work = tempfile.mkdtemp(dir=args.work)
    backing, mnt = os.path.join(work, "b"), os.path.join(work, "m")
    make_old(args.src, os.path.join(backing, "tree"), mode)
    path = os.path.join(work, "counts")
    m = FaultMount(args.faultfs, backing, mnt, counts=path)
    try:
        run_ucopy(args.ucopy, MODES[mode] + ["--fsync"], args.src, os.path.join(mnt, "tree"))
    finally:
        m.close()
    out = counts(path)
    shutil.rmtree(work)
    return out


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ucopy", required=True)
    p.add_argument("--faultfs", required=True)
    p.add_argument("--files", type=int, default=2000)
    p.add_argument("--ops", default=",".join(OPS))
    p.add_argument("--errnos", default=",".join(ERRNOS))
    p.add_argument("--modes", default=",".join(MODES))
    p.add_argument("--seed", type=int, default=None)
    args = p.parse_args()
    why = missing_requirement(args.faultfs)
    if why:
        print(f"fault matrix skipped: {why}")
        return 77
    seed = args.seed if args.seed is not None else random.randrange(1 << 32)
    print(f"seed {seed}", flush=True)
    rng = random.Random(seed)
    args.work = tempfile.mkdtemp(prefix="ucopy-faults.", dir="/var/tmp")
    t0 = time.monotonic()
    failures, cases, reached = [], 0, 0
    try:
        args.src = os.path.join(args.work, "src")
        make_source(args.src, rng, args.files)
        for mode in args.modes.split(","):
            calls = calibrate(args, mode)
            print(f"{mode}: calls per run {calls}", flush=True)
            for op in args.ops.split(","):
                for err in args.errnos.split(","):
                    fired, bad = one_case(args, rng, op, err, mode, calls)
                    cases += 1
                    reached += bool(fired)
                    where = f"{fired[1]}" if fired else "(not reached)"
                    print(f"  {mode:7} {op:8} {err:6} {where}: "
                          f"{'ok' if not bad else 'FAILED'}", flush=True)
                    failures += [f"{mode} {op} {err} {where}: {b}" for b in bad]
    finally:
        shutil.rmtree(args.work, ignore_errors=True)
    print(f"\n{cases} cases, {reached} with the fault injected, {len(failures)} failures, "
          f"{time.monotonic() - t0:.0f} s")
    for f in failures:
        print("FAILURE", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
