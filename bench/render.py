#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Regenerate bench/RESULTS.md and bench/results.png from a results JSON (no root needed).

usage: bench/render.py bench/out/results-YYYYmmdd-HHMMSS.json
Use it after editing bench/levers.json or the report code.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ucbench import publish  # noqa: E402

if len(sys.argv) != 2:
    sys.exit(__doc__.strip())
publish.render(sys.argv[1])
print("wrote bench/RESULTS.md and bench/results.png")
