# SPDX-License-Identifier: MIT
"""Check a copy against its source: `rsync -a --dry-run --itemize-changes --checksum`
must print nothing (content by checksum, plus modes, owners, times, links; with
xattrs and ACLs too, -AX, for corpora that carry them)."""
import subprocess


def diff(src, dst, meta=False):
    """Return the itemized differences (empty list when the copy is faithful)."""
    p = subprocess.run(["rsync", "-aAX" if meta else "-a", "--dry-run", "--itemize-changes", "--checksum",
                        src.rstrip("/") + "/", dst.rstrip("/") + "/"],
                       capture_output=True, text=True)
    lines = [l for l in p.stdout.splitlines() if l.strip()]
    if p.returncode != 0:
        lines.append(f"rsync exit {p.returncode}: {p.stderr.strip()[:500]}")
    return lines
