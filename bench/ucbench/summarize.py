# SPDX-License-Identifier: MIT
"""Turn the raw runs of a results JSON into table rows (shared by console and RESULTS.md).

Rows are computed from the raw runs at render time, so an old JSON can be
re-rendered after this code changes.
"""
import statistics

from .peers import LABEL, LESS_METADATA, PEERS


def _ok_runs(cell):
    return [r for r in cell["runs"] if r["rc"] == 0]


def _median(xs):
    return statistics.median(xs) if xs else None


def groups(results):
    """Ordered (fs, corpus, cache) keys present in the results."""
    seen = []
    for c in results["cells"]:
        k = (c["fs"], c["corpus"], c["cache"])
        if k not in seen:
            seen.append(k)
    return seen


def rows(results, key):
    fs, corpus, cache = key
    cells = [c for c in results["cells"] if (c["fs"], c["corpus"], c["cache"]) == key]
    files = results["corpora"][corpus]["info"]["files"]
    medians = {c["tool"]: _median([r["wall_s"] for r in _ok_runs(c)]) for c in cells}
    cp = medians.get("cp")
    peer_times = [medians[t] for t in PEERS if medians.get(t)]
    best_peer = min(peer_times) if peer_times else None
    strace = {(s["fs"], s["corpus"], s["tool"]): s for s in results.get("strace", [])}
    verify = {(v["fs"], v["corpus"]): v for v in results.get("verify", [])}
    out = []
    for c in cells:
        ok = _ok_runs(c)
        walls = [r["wall_s"] for r in ok]
        med = medians[c["tool"]]
        notes = []
        failed = len(c["runs"]) - len(ok)
        if failed:
            rcs = sorted({r["rc"] for r in c["runs"] if r["rc"] != 0})
            notes.append(f"FAILED {failed}/{len(c['runs'])} runs (exit {rcs})")
        if c["tool"] in LESS_METADATA:
            notes.append("keeps less than -a: a lower bound")
        if c["tool"] == "ucopy":
            v = verify.get((fs, corpus))
            if v is not None and not v["ok"]:
                notes.append(f"VERIFY FAILED ({v['count']} differences)")
            elif v is None:
                notes.append("not verified")
        fails = [r["ucopy_summary"].get("failures", 0) for r in c["runs"]
                 if r.get("ucopy_summary")]
        counted = {r["ucopy_summary"].get("files") for r in ok if r.get("ucopy_summary")}
        if counted - {None, files}:
            notes.append(f"ucopy counted {sorted(counted - {None})} files of {files}")
        if any(fails):
            notes.append(f"ucopy reported failures ({max(fails)} in one run)")
        spe = [r["sqes_per_enter"] for r in ok if r.get("sqes_per_enter") is not None]
        st = strace.get((fs, corpus, c["tool"]))
        out.append({
            "tool": c["tool"],
            "label": results.get("tool_labels", LABEL).get(c["tool"], c["tool"]),
            "median_s": med,
            "min_s": min(walls) if walls else None,
            "max_s": max(walls) if walls else None,
            "n": len(ok),
            "vs_cp": med / cp if med and cp else None,
            "vs_best_peer": med / best_peer if med and best_peer else None,
            "cpu_s": _median([r["cpu_s"] for r in ok]),
            "rss_mib": _median([r["maxrss_kib"] / 1024 for r in ok]),
            "syscalls_per_file": st["total"] / max(1, files) if st else None,
            "sqes_per_enter": _median(spe),
            "notes": "; ".join(notes),
        })
    return out


COLUMNS = [  # (header, key, format)
    ("tool", "label", "{}"),
    ("median s", "median_s", "{:.3f}"),
    ("min-max s", None, None),
    ("x cp -a", "vs_cp", "{:.2f}"),
    ("x best peer", "vs_best_peer", "{:.2f}"),
    ("CPU s", "cpu_s", "{:.2f}"),
    ("peak RSS MiB", "rss_mib", "{:.1f}"),
    ("syscalls/file", "syscalls_per_file", "{:.1f}"),
    ("SQEs/enter", "sqes_per_enter", "{:.1f}"),
    ("notes", "notes", "{}"),
]


def cells_text(row):
    """The row as a list of strings, one per COLUMNS entry."""
    out = []
    for _, key, fmt in COLUMNS:
        if key is None:
            out.append("-" if row["min_s"] is None else f"{row['min_s']:.3f}-{row['max_s']:.3f}")
        elif row[key] is None or row[key] == "":
            out.append("-")
        else:
            out.append(fmt.format(row[key]))
    return out
