#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""What honest progress costs and how honest it is.

  sudo bench/progress/run.py [--ucopy PATH] [--runs 5] [--scale 1] [--tree /usr/lib]

1. Cost: ucopy -a with and without the counting walk (--no-prescan),
   alternating, each copy into a fresh ext4, warm and cold, on the small
   corpus; medians.
2. Honesty: ucopy -a --progress=json on the mixed corpus and on a system
   tree, warm. Each progress object is read as it comes, and the copy's own
   write_bytes (/proc/PID/io: data and metadata it dirtied) is sampled at
   that moment. Reported: when the totals became final (share of the run's
   time), the largest gap between the reported percentage and the share of
   the run's writes done, and the ETA given at 50% against the time the run
   then really took.

Writes bench/RESULTS-progress.md (or prints it with --no-publish).
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from ucbench import cache, corpus, helpers, measure  # noqa: E402
from ucbench.loopfs import LoopFs  # noqa: E402


def log(msg):
    print(f"progress-bench: {msg}", file=sys.stderr, flush=True)


def fresh_dest(workdir, size, inodes):
    return LoopFs(os.path.join(workdir, "dst.img"), size, "ext4",
                  os.path.join(workdir, "mnt", "dst"), inodes=inodes).create()


def cost(args, src, s, rusage_run):
    """Median wall seconds (to synced) with and without the counting walk."""
    size = int(corpus.fs_size_for([s]) * 1.5) + (512 << 20)
    rows = {}
    for state in ("warm", "cold"):
        times = {"prescan": [], "no-prescan": []}
        for i in range(args.runs):
            for variant in (("prescan", "no-prescan") if i % 2 == 0 else ("no-prescan", "prescan")):
                extra = ["--no-prescan"] if variant == "no-prescan" else []
                with fresh_dest(args.workdir, size, corpus.inodes_for([s])) as fs:
                    cache.prepare(state, src)
                    argv = [args.ucopy, "-a"] + extra + [src, os.path.join(fs.mountpoint, "x")]
                    prefix = os.path.join(args.workdir, f"progress-{state}-{variant}-{i}")
                    r = measure.timed(argv, fs.mountpoint, prefix, rusage_run)
                    if r["rc"] != 0:
                        raise SystemExit(f"ucopy failed: {r['stderr_tail']}")
                    for ext in (".out", ".err"):
                        os.unlink(prefix + ext)
                    times[variant].append(r["wall_s"])
                    log(f"{state} {variant} run {i + 1}: {r['wall_s']:.3f} s")
        rows[state] = {k: statistics.median(v) for k, v in times.items()}
        rows[state]["all"] = times
    return rows


def write_bytes(pid):
    try:
        with open(f"/proc/{pid}/io") as f:
            for line in f:
                if line.startswith("write_bytes:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def honesty(args, src, label, size, inodes):
    """One --progress=json run, sampled; returns the figures of its docstring."""
    with fresh_dest(args.workdir, size, inodes) as fs:
        cache.prepare("warm", src)
        argv = [args.ucopy, "-a", "--progress=json", src, os.path.join(fs.mountpoint, "x")]
        t0 = time.monotonic()
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
        samples = []
        for line in proc.stdout:
            obj = json.loads(line)
            if obj.get("type") != "progress":
                continue
            samples.append((time.monotonic() - t0, obj, write_bytes(proc.pid)))
        proc.wait()
        t_end = time.monotonic() - t0
    if proc.returncode != 0:
        raise SystemExit(f"ucopy failed on {src}: {proc.returncode}")
    written_all = max(w for _, _, w in samples if w is not None)
    final_at = next(t for t, o, _ in samples if o["totals_final"])
    last = samples[-1][1]
    # write_bytes counts the metadata blocks each new entry dirties too; its
    # share per entry, spread evenly, is taken off to leave the data.
    per_entry = max(0.0, (written_all - last["bytes_total"]) / max(1, last["files_total"]))
    worst, eta_row = 0.0, None
    for t, o, w in samples:
        if not o["totals_final"] or o["finished"] or w is None or not o["bytes_total"]:
            continue
        reported = 100.0 * o["bytes_done"] / o["bytes_total"]
        data = max(0.0, w - per_entry * o["files_done"])
        worst = max(worst, abs(reported - 100.0 * data / last["bytes_total"]))
        if eta_row is None and reported >= 50.0 and o["eta_ms"] is not None:
            eta_row = (reported, o["eta_ms"] / 1000.0, t_end - t)
    return {"label": label, "entries": last["files_total"], "bytes": last["bytes_total"],
            "run_s": t_end, "final_s": final_at, "final_share": final_at / t_end,
            "worst_gap": worst, "eta": eta_row, "reports": len(samples)}


def render(cost_rows, s, honest):
    out = ["# Progress: cost and honesty", "",
           "Made by `bench/progress/run.py`; each copy into a fresh ext4 on a loop device,",
           "the clock stopped once the destination is synced.", "",
           f"## What the counting walk costs (small corpus: {s['files']} files, "
           f"{s['dirs']} directories)", "",
           "| cache | with the walk | --no-prescan | ratio |", "|---|---|---|---|"]
    for state, r in cost_rows.items():
        out.append(f"| {state} | {r['prescan']:.3f} s | {r['no-prescan']:.3f} s | "
                   f"{r['prescan'] / r['no-prescan']:.3f} |")
    out += ["", "Medians; the runs alternate between the two. All runs (s): " +
            "; ".join(f"{st} " + ", ".join(f"{k} " + " ".join(f"{x:.3f}" for x in v)
                                        for k, v in r["all"].items())
                      for st, r in cost_rows.items()), "",
            "## How honest it is (warm)", "",
            "| tree | entries | bytes | run | totals final at | worst gap | at 50%: ETA / real |",
            "|---|---|---|---|---|---|---|"]
    for h in honest:
        eta = h["eta"]
        eta_text = (f"{eta[1]:.2f} s / {eta[2]:.2f} s ({100.0 * (eta[1] - eta[2]) / eta[2]:+.0f}%)"
                    if eta else "no report at 50%")
        out.append(f"| {h['label']} | {h['entries']} | {h['bytes']} | {h['run_s']:.2f} s | "
                   f"{h['final_s']:.2f} s ({100 * h['final_share']:.0f}%) | "
                   f"{h['worst_gap']:.1f} points | {eta_text} |")
    out += ["", "Worst gap: the largest difference, once the totals are final, between the",
            "reported percentage and the share of the data really written at that moment:",
            "`write_bytes` of /proc/PID/io (what the process dirtied or wrote directly),",
            "less the metadata it dirties per entry (the run's excess over its data,",
            "spread evenly over its entries).", ""]
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ucopy", default=os.path.join(HERE, "..", "..", "build", "tools", "ucopy", "ucopy"))
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--tree", default="/usr/lib,/usr/share",
                   help="system trees for the honesty part, comma-separated")
    p.add_argument("--workdir", default="/var/tmp/ucopy-bench")
    p.add_argument("--no-publish", action="store_true")
    p.add_argument("--honesty-only", action="store_true", help="skip the cost part")
    args = p.parse_args()
    args.ucopy = os.path.abspath(args.ucopy)
    os.makedirs(args.workdir, exist_ok=True)
    rusage_run = helpers.build("rusage_run", args.workdir)
    gen = helpers.build("gen_tree", args.workdir)
    source = corpus.Source(args.workdir, "copy", args.scale, log).open(["small", "mixed"], gen)
    try:
        s = source.info["small"]
        cost_rows = {} if args.honesty_only else cost(args, source.path("small"),
                                                      corpus.spec("small", args.scale), rusage_run)
        mixed = corpus.spec("mixed", args.scale)
        honest = [honesty(args, source.path("mixed"), "mixed corpus",
                          int(corpus.fs_size_for([mixed]) * 1.5) + (512 << 20),
                          corpus.inodes_for([mixed]))]
        for tree in args.tree.split(","):
            used = int(subprocess.check_output(["du", "-sb", tree]).split()[0])
            honest.append(honesty(args, tree, tree, used * 2 + (1 << 30), None))
    finally:
        source.close()
    text = render(cost_rows, s, honest)
    if args.no_publish:
        print(text)
    else:
        with open(os.path.join(HERE, "..", "RESULTS-progress.md"), "w") as f:
            f.write(text)
        print(text)


if __name__ == "__main__":
    main()
