# SPDX-License-Identifier: MIT
"""PNG bar chart with gnuplot: median wall time per tool, grouped by corpus/cache,
with min-max whiskers (the machine is noisy; the spread is part of the figure)."""
import os
import subprocess

from . import summarize


def render(results, png_path):
    keys = summarize.groups(results)
    tools = results["tools"]
    labels = results.get("tool_labels", {})
    multi_fs = len({k[0] for k in keys}) > 1
    rows = {k: {r["tool"]: r for r in summarize.rows(results, k)} for k in keys}
    if not any(r["median_s"] is not None for by_tool in rows.values() for r in by_tool.values()):
        return None  # no successful run anywhere: nothing to draw
    data_path = png_path + ".dat"
    with open(data_path, "w") as f:
        # one line per group: name, then median min max for each tool
        for key in keys:
            fs, corpus, cache = key
            name = f"{corpus}/{cache}" + (f"/{fs}" if multi_fs else "")
            cells = []
            for t in tools:
                r = rows[key].get(t)
                if r is None or r["median_s"] is None:
                    cells += ["NaN"] * 3
                else:
                    cells += [f"{r['median_s']:.4f}", f"{r['min_s']:.4f}", f"{r['max_s']:.4f}"]
            f.write(f'"{name}" ' + " ".join(cells) + "\n")
    title = "ucopy vs peers: median wall time to synced destination (whiskers: min-max)"
    if results.get("quick"):
        title += f", quick run, scale {results['scale']:g}"
    # one clause per tool: columns median:min:max, group names from the first
    clauses = [f"'{data_path}' using {2 + 3 * i}:{3 + 3 * i}:{4 + 3 * i}"
               + (":xtic(1)" if i == 0 else "") + f" title '{labels.get(t, t)}'"
               for i, t in enumerate(tools)]
    script = f"""
set terminal pngcairo size 1000,520 font "sans,10"
set output '{png_path}'
set title '{title}'
set ylabel 'seconds (lower is better)'
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set key top left
set grid ytics
set yrange [0:*]
set xrange [-0.5:{len(keys) - 0.5}]
set datafile missing 'NaN'
plot {", ".join(clauses)}
"""
    p = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    os.unlink(data_path)
    if p.returncode != 0:
        raise RuntimeError(f"gnuplot failed: {p.stderr.strip()}")
    return png_path
