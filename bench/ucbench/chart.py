"""PNG bar chart with gnuplot: median wall time per tool, grouped by corpus/cache."""
import os
import subprocess

from . import summarize


def render(results, png_path):
    keys = summarize.groups(results)
    tools = results["tools"]
    labels = results.get("tool_labels", {})
    multi_fs = len({k[0] for k in keys}) > 1
    medians = {k: {r["tool"]: r["median_s"] for r in summarize.rows(results, k)} for k in keys}
    if not any(v is not None for m in medians.values() for v in m.values()):
        return None  # no successful run anywhere: nothing to draw
    data_path = png_path + ".dat"
    with open(data_path, "w") as f:
        f.write("group " + " ".join(f'"{labels.get(t, t)}"' for t in tools) + "\n")
        for key in keys:
            fs, corpus, cache = key
            med = medians[key]
            name = f"{corpus}/{cache}" + (f"/{fs}" if multi_fs else "")
            f.write(f'"{name}" ' + " ".join(
                "NaN" if med.get(t) is None else f"{med[t]:.4f}" for t in tools) + "\n")
    title = "ucopy vs peers: median wall time to synced destination"
    if results.get("quick"):
        title += f" (quick run, scale {results['scale']:g})"
    script = f"""
set terminal pngcairo size 1000,520 font "sans,10"
set output '{png_path}'
set title '{title}'
set ylabel 'seconds (lower is better)'
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set key top left
set grid ytics
set yrange [0:*]
set xrange [-0.5:{len(keys) - 0.5}]
set datafile missing 'NaN'
plot for [i=2:{len(tools) + 1}] '{data_path}' using i:xtic(1) title columnheader(i)
"""
    p = subprocess.run(["gnuplot"], input=script, text=True, capture_output=True)
    os.unlink(data_path)
    if p.returncode != 0:
        raise RuntimeError(f"gnuplot failed: {p.stderr.strip()}")
    return png_path
