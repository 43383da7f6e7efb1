# SPDX-License-Identifier: MIT
"""--rss-scan: ucopy's peak RSS on trees of 100k and 1M empty files.

Memory must be bounded by configuration, not by tree size (ARCHITECTURE.md), so
the 1M-file tree may cost at most 1.5x the peak RSS of the 100k-file tree.
"""
from . import corpus, peers
from .suite import Bench

LIMIT = 1.5


def run(args, source, log):
    b = Bench(args, log)
    fs = args.fs[0]
    out = {"fs": fs, "limit": LIMIT, "rows": []}
    for name in corpus.GROUPS["rss"]:
        s = corpus.spec(name, args.scale)
        for i in range(args.runs):
            for tool in args.tools:
                r, _ = b.copy_once(tool, fs, s, source.path(name), "warm",
                                   f"rss-{name}-{i}-{tool}")
                out["rows"].append({"tree": name, "files": source.info[name]["files"],
                                    "tool": tool, "run": i, **r})
                log(f"{name} {peers.LABEL[tool]:<9} {r['wall_s']:8.3f} s  "
                    f"peak RSS {r['maxrss_kib'] / 1024:.1f} MiB" +
                    (f"  EXIT {r['rc']}" if r["rc"] else ""))
    b.finish()
    return out


def verdict(out):
    """(text, ok): per tool the peak RSS of each tree and the big/small ratio."""
    small, big = corpus.GROUPS["rss"]
    lines, ok = [], True
    tools = list(dict.fromkeys(r["tool"] for r in out["rows"]))
    lines.append(f"{'tool':<10} {'tree':<8} {'files':>8} {'peak RSS MiB':>13} {'wall s':>8}")
    for tool in tools:
        peak = {}
        for tree in (small, big):
            rs = [r for r in out["rows"] if r["tool"] == tool and r["tree"] == tree]
            peak[tree] = max(r["maxrss_kib"] for r in rs) / 1024
            failed = any(r["rc"] for r in rs)
            lines.append(f"{peers.LABEL[tool]:<10} {tree:<8} {rs[0]['files']:>8} "
                         f"{peak[tree]:>13.1f} {min(r['wall_s'] for r in rs):>8.3f}"
                         + ("  (a run FAILED)" if failed else ""))
            if failed and tool == "ucopy":
                ok = False
        ratio = peak[big] / peak[small] if peak[small] else float("inf")
        passed = ratio <= LIMIT
        if tool == "ucopy":
            ok = ok and passed
            out["ucopy_ratio"] = ratio
        lines.append(f"{'':<10} ratio {big}/{small} = {ratio:.2f}"
                     + (f"  {'PASS' if passed else 'FAIL'} (limit {LIMIT}x)"
                        if tool == "ucopy" else ""))
    out["ok"] = ok
    return "\n".join(lines), ok
