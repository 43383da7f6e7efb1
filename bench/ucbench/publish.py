# SPDX-License-Identifier: MIT
"""Write the results JSON, its chart, and regenerate bench/RESULTS.md + bench/results.png."""
import json
import os
import shutil

from . import chart, corpus, results_md

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(BENCH, "out")


def save(results, stamp, prefix="results"):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, f"{prefix}-{stamp}.json")
    with open(path, "w") as f:
        json.dump(results, f, indent=1)
    return path


def render(json_path, update_results_md=True):
    """Chart next to the JSON; with update_results_md, also the committed RESULTS.md/PNG."""
    with open(json_path) as f:
        results = json.load(f)
    png = chart.render(results, os.path.splitext(json_path)[0] + ".png")
    # The metadata corpus has its own page, so that it never replaces the
    # main results.
    names = set(results.get("corpora", {}))
    suffix = "-metadata" if names and names <= set(corpus.GROUPS["meta"]) else ""
    md, chart_name = f"RESULTS{suffix}.md", f"results{suffix}.png"
    if update_results_md:
        if png:
            shutil.copyfile(png, os.path.join(BENCH, chart_name))
        elif os.path.exists(os.path.join(BENCH, chart_name)):
            os.unlink(os.path.join(BENCH, chart_name))  # never pair a stale chart
        with open(os.path.join(BENCH, md), "w") as f:
            f.write(results_md.render(results, os.path.basename(json_path),
                                      chart_name if png else None))
    return png
