# SPDX-License-Identifier: MIT
"""Console table: one block per fs x corpus x cache."""
from . import summarize


def render(results):
    lines = []
    heads = [h for h, _, _ in summarize.COLUMNS]
    for key in summarize.groups(results):
        fs, corpus, cache = key
        body = [summarize.cells_text(r) for r in summarize.rows(results, key)]
        widths = [max(len(x) for x in col) for col in zip(heads, *body)]
        lines.append(f"\n== {corpus} / {cache} ({fs}) ==")
        fmt = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
        lines.append(fmt(heads))
        lines.append(fmt(["-" * w for w in widths]))
        lines += [fmt(b) for b in body]
    return "\n".join(lines)
