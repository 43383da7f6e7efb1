# SPDX-License-Identifier: MIT
"""--update-scan: a second run over a tree that has not changed.

Backup and sync tools call ucopy again and again over a tree that mostly has
not changed, so the run that finds nothing to do must cost a small fraction of
a full copy, and less than rsync's own quick check. Per tool and run: a fresh
destination filesystem, a full copy (timed), then the same tool once more over
the unchanged source (timed): `ucopy -a --update` (size and mtime) and
`rsync -a` (whose default is the same quick check). The no-op run's cache
state is --cache: warm (both trees just read or written) or cold (caches
dropped before the no-op run).
"""
import os
import statistics

from . import cache, corpus, measure, peers
from .suite import Bench

TOOLS = ["ucopy", "rsync"]
NOOP_OF_FULL_LIMIT = 0.15  # ucopy's no-op run, as a fraction of its full copy


def noop_argv(tool, src, dst, ucopy_argv, extra_args):
    """The second run over an existing destination (peers.argv wants a new one)."""
    src_slash = src.rstrip("/") + "/"
    if tool == "ucopy":
        # -T: dst is the copy itself, not a directory to copy into.
        return ucopy_argv + ["-a", "--update", "--stats", "-T"] + extra_args + [src_slash, dst]
    if tool == "rsync":
        return ["rsync", "-a", src_slash, dst + "/"]
    raise ValueError(f"--update-scan compares ucopy and rsync only, not {tool}")


def run(args, source, log):
    b = Bench(args, log)
    fs = args.fs[0]
    name = args.corpus[0]
    s = corpus.spec(name, args.scale)
    src = source.path(name)
    files = source.info[name]["files"]
    out = {"scan_fs": fs, "corpus": name, "files": files, "rows": [],
           "limit_noop_of_full": NOOP_OF_FULL_LIMIT}
    for cache_state in args.cache:
        for i in range(args.runs):
            for tool in args.tools:  # alternate: A B A B ...
                tag = f"update-{name}-{cache_state}-{i}-{tool}"
                dst = os.path.join(b.mnt_dst, "x")
                with b.fresh_dest(fs, s):
                    cache.prepare("warm", src)
                    full_argv = peers.argv(tool, src, dst, args.ucopy_argv, args.extra_args)
                    full = measure.timed(full_argv, b.mnt_dst, os.path.join(b.logdir, tag + "-full"),
                                         b.rusage_run, args.timeout)
                    cache.prepare(cache_state, src)
                    noop_prefix = os.path.join(b.logdir, tag + "-noop")
                    noop = measure.timed(noop_argv(tool, src, dst, args.ucopy_argv, args.extra_args),
                                         b.mnt_dst, noop_prefix, b.rusage_run, args.timeout)
                    summary = measure.ucopy_summary(noop["stdout_path"]) if tool == "ucopy" else None
                row = {"tool": tool, "cache": cache_state, "run": i,
                       "full_s": full["wall_s"], "noop_s": noop["wall_s"],
                       "noop_cpu_s": noop["cpu_s"], "rc": full["rc"] or noop["rc"],
                       "stderr_tail": (full["stderr_tail"] + "\n" + noop["stderr_tail"]).strip()}
                if summary is not None:
                    # A no-op run that copied anything is not a no-op: it fails the scan.
                    row["noop_files_copied"] = summary.get("files")
                    if summary.get("files"):
                        row["rc"] = row["rc"] or 1
                for r in (full, noop):
                    for ext in (".out", ".err"):
                        p = r["stdout_path"][:-4] + ext
                        if row["rc"] == 0 and os.path.exists(p):
                            os.unlink(p)
                out["rows"].append(row)
                log(f"update {name}/{cache_state} run {i + 1} {peers.LABEL[tool]:<9} "
                    f"full {full['wall_s']:7.3f} s  no-op {noop['wall_s']:7.3f} s" +
                    (f"  ({row.get('noop_files_copied')} files copied by the no-op run)"
                     if tool == "ucopy" else "") +
                    (f"  EXIT {row['rc']}: {row['stderr_tail'][-200:]}" if row["rc"] else ""))
    b.finish()
    return out


def verdict(out):
    """(text, ok): medians per tool and cache state, and the two ratios the
    issue asks for, checked against their limits."""
    lines, ok = [], True
    lines.append(f"{'cache':<6} {'tool':<9} {'full copy s':>12} {'no-op s':>9} "
                 f"{'no-op CPU s':>12} {'no-op/full':>11}")
    out["summary"] = {}
    for cache_state in dict.fromkeys(r["cache"] for r in out["rows"]):
        med = {}
        for tool in dict.fromkeys(r["tool"] for r in out["rows"]):
            rs = [r for r in out["rows"] if r["tool"] == tool and r["cache"] == cache_state]
            failed = any(r["rc"] for r in rs)
            good = [r for r in rs if not r["rc"]] or rs
            m = {k: statistics.median(r[k] for r in good) for k in ("full_s", "noop_s", "noop_cpu_s")}
            med[tool] = m
            lines.append(f"{cache_state:<6} {peers.LABEL[tool]:<9} {m['full_s']:>12.3f} "
                         f"{m['noop_s']:>9.3f} {m['noop_cpu_s']:>12.3f} "
                         f"{m['noop_s'] / m['full_s']:>11.3f}" + ("  (a run FAILED)" if failed else ""))
            if failed and tool == "ucopy":
                ok = False
        if "ucopy" not in med:
            continue
        # The limits are for the warm case, the one a tool calling ucopy again
        # and again meets; a cold no-op run reads every inode of both trees
        # from disk and is reported for information.
        judged = cache_state == "warm"
        u = med["ucopy"]
        of_full = u["noop_s"] / u["full_s"]
        passed = of_full <= NOOP_OF_FULL_LIMIT
        s = {"noop_of_full": of_full}
        lines.append(f"{cache_state}: ucopy no-op / ucopy full copy = {of_full:.3f}  " +
                     (f"{'PASS' if passed else 'FAIL'} (limit {NOOP_OF_FULL_LIMIT})"
                      if judged else "(not judged)"))
        if judged:
            ok = ok and passed
        if "rsync" in med:
            vs = u["noop_s"] / med["rsync"]["noop_s"]
            faster = vs < 1.0
            s["noop_vs_rsync"] = vs
            lines.append(f"{cache_state}: ucopy no-op / rsync -a no-op = {vs:.3f}  " +
                         (f"{'PASS' if faster else 'FAIL'} (must be below 1)"
                          if judged else "(not judged)"))
            if judged:
                ok = ok and faster
        out["summary"][cache_state] = s
    out["ok"] = ok
    return "\n".join(lines), ok


def render_md(out, json_name):
    """bench/RESULTS-update.md: regenerated from the JSON by the harness."""
    text, _ = verdict(out)
    m = out.get("machine", {})
    fs = out["scan_fs"]
    load = out.get("load_avg", {}).get("start", [None])[0]
    return "\n".join([
        "# ucopy benchmark: a second run over an unchanged tree",
        "",
        "Generated by `bench/run.py --update-scan` from "
        f"`bench/out/{json_name}`; do not edit by hand.",
        "",
        f"- Command: `{' '.join(out.get('argv', []))}`",
        f"- Started {out.get('started')}, {out.get('runs')} alternating runs per tool and cache "
        f"state, each on a fresh {fs} loop filesystem.",
        "- Judged (warm no-op runs, the case of a tool that calls ucopy again and again): "
        f"ucopy's no-op run at most {NOOP_OF_FULL_LIMIT}x its full copy, and faster than "
        "rsync's. Cold no-op runs read every inode of both trees from disk; they are shown "
        "for information.",
        f"- Corpus `{out['corpus']}`: {out['files']} files.",
        "- Per run: the tool copies the tree into the fresh filesystem (full copy, timed), "
        "then runs again over the unchanged source (no-op, timed): `ucopy -a --update` "
        "(size and mtime) and `rsync -a` (its default quick check is the same). Each clock "
        "stops after `syncfs` of the destination. A ucopy no-op run that copies any file "
        "counts as failed.",
        f"- Machine: {m.get('cpu', '?')}, {m.get('cores', '?')} CPUs, kernel {m.get('kernel', '?')}; "
        f"load average at start {load:.2f}." if load is not None else "",
        "",
        "```",
        text,
        "```",
        "",
    ])
