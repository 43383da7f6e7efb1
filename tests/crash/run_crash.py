#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Power cuts during ucopy runs, checked against docs/durability.md.

For each mode, runs of a few thousand small files and some medium ones are
cut at random instants (and at the start of the metadata phase and of the
final sync); each cut is mounted as after a reboot, checked, repaired with
ucopy -a --update and compared with rsync. Exits 77 (skipped) where the
machine lacks what the laboratory needs."""
import argparse
import os
import random
import shutil
import subprocess
import sys
import time

import contract
import copyrun
import lab
import tree

MODES = {"default": [], "fsync": ["--fsync"], "atomic": ["--atomic"],
         "atomic-fsync": ["--atomic", "--fsync"]}


def plan(rng, duration, per_run, fsync):
    """Instants (seconds after the start) and targets of a run's cuts: one
    waits for a directory's metadata, one (--fsync) for the final sync, the
    others at random instants. A cut stalls the copy for ~20 ms: a short
    run gets fewer of them."""
    targets = [(rng.uniform(0.0, 1.0) * duration, "meta")]
    if fsync:
        targets.append((duration * 0.9, "sync"))
    n = max(1, min(per_run, int(duration / 0.15)) - len(targets))
    cuts = sorted(rng.uniform(0.02, 1.0) * duration for _ in range(n))
    return sorted([(t, "time") for t in cuts] + targets[:1]) + targets[1:]


def one_run(args, L, mode, cuts, files_total):
    """Runs a copy onto a fresh destination holding the older tree, taking
    the planned cuts; returns (the run's length, [(image, phase, reported,
    instant)])."""
    L.fresh_destination()
    dst_tree = os.path.join(L.dst, "tree")
    subprocess.run(["cp", "-a", args.old, dst_tree], check=True)
    subprocess.run(["sync"], check=True)
    run = copyrun.CopyRun([args.ucopy, "-a", "--json", "--workers=1", "--files-in-flight=4",
                           *MODES[mode], "-T", args.src, dst_tree])
    taken = []
    for i, (when, target) in enumerate(cuts):
        copyrun.wait_until(run, when, files_total, target)
        if target != "exit" and not run.running():
            break  # planned past the end of this run: the next run cuts
        at = time.monotonic() - run.start
        phase = run.phase(files_total)
        reported = [os.path.relpath(p, dst_tree) for p in run.copied_files()]
        taken.append((L.cut(f"cut{i}.img"), phase, reported, at))
    rc, err = run.wait()
    if rc != 0:
        raise SystemExit(f"{mode}: ucopy failed ({rc}): {err}")
    return run.end - run.start, taken


def check_cut(args, image, mode, phase, reported, old):
    cut = lab.MountedCut(image, os.path.join(args.work, "cut"))
    try:
        root = os.path.join(cut.where, "tree")
        found = tree.manifest(root)
        atomic, fsync = "atomic" in mode, "fsync" in mode
        bad = contract.names(found, args.manifest, old, atomic)
        if atomic and fsync:
            bad += contract.whole_files(found, args.manifest, old)
        if fsync:
            bad += contract.reported(found, args.manifest, reported)
        if fsync and phase == "done":
            bad += contract.complete(found, args.manifest)
        # Without syncs a size and times can reach the disk before the
        # data: only a comparison of contents finds such a file.
        bad += contract.repaired(args.ucopy, args.src, root, atomic, checksum=not fsync)
        temps = sum(1 for rel in found if tree.is_temp(rel))
        return bad, temps
    finally:
        cut.close()


def run_mode(args, L, mode, rng, old, summary):
    files_total = sum(1 for e in args.manifest.values() if e["type"] == "file")
    # The first run measures the run's length; its one cut is after exit.
    duration, taken = one_run(args, L, mode, [(0.0, "exit")], files_total)
    run_length = duration
    cuts = -1
    violations = []
    while True:
        for image, phase, reported, at in taken:
            bad, temps = check_cut(args, image, mode, phase, reported, old)
            cuts += phase != "done"
            summary.setdefault(mode, {}).setdefault(phase, 0)
            summary[mode][phase] += 1
            violations += [f"{mode} cut at {at:.3f}s ({phase}): {b}" for b in bad]
            print(f"  {mode}: cut at {at:.3f}s of a {run_length:.3f}s run, {phase}, "
                  f"{len(reported)} reported, {temps} temporaries, {len(bad)} violations",
                  flush=True)
        if cuts >= args.cuts:
            return violations
        per_run = min(args.per_run, max(3, args.cuts - cuts))
        cut_plan = plan(rng, duration, per_run, "fsync" in mode)
        run_length, taken = one_run(args, L, mode, cut_plan, files_total)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--ucopy", required=True)
    p.add_argument("--modes", default=",".join(MODES))
    p.add_argument("--cuts", type=int, default=20, help="cuts per mode")
    p.add_argument("--per-run", type=int, default=6, help="cuts per copy run")
    p.add_argument("--small", type=int, default=3000)
    p.add_argument("--seed", type=int, default=None)
    args = p.parse_args()
    why = lab.missing_requirement()
    if why:
        print(f"crash harness skipped: {why}")
        return 77
    seed = args.seed if args.seed is not None else random.randrange(1 << 32)
    print(f"seed {seed}", flush=True)
    rng = random.Random(seed)
    args.work = lab.workdir()
    L = lab.Lab(args.work)
    t0 = time.monotonic()
    try:
        args.src = os.path.join(L.xfs, "src")
        tree.make_source(args.src, rng, small=args.small)
        args.manifest = tree.manifest(args.src)
        args.old = os.path.join(L.xfs, "old")
        old = tree.make_old(args.manifest, args.old, rng)
        summary, violations = {}, []
        for mode in args.modes.split(","):
            violations += run_mode(args, L, mode, rng, old, summary)
    finally:
        L.close()
        shutil.rmtree(args.work, ignore_errors=True)
    print(f"\ncuts per phase ({time.monotonic() - t0:.0f} s):")
    for mode, phases in summary.items():
        print(f"  {mode:13} " + ", ".join(f"{k} {v}" for k, v in sorted(phases.items())))
    for v in violations:
        print("VIOLATION", v)
    print(f"{len(violations)} contract violations")
    return 1 if violations else 0


if __name__ == "__main__":
    sys.exit(main())
