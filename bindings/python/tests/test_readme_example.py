# SPDX-License-Identifier: MIT
"""The example in README.md must run as written."""

import os
import re
import subprocess
import sys

README = os.path.join(os.path.dirname(__file__), os.pardir, "README.md")


def test_readme_example_runs(tmp_path):
    with open(README) as f:
        blocks = re.findall(r"```python\n(.*?)```", f.read(), re.S)
    assert blocks, "no python example in README.md"
    out = subprocess.run([sys.executable, "-c", blocks[0]], cwd=tmp_path, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "copied 1 files, 2 dirs, 1 symlinks" in out.stdout, out.stdout
    assert "missing:" in out.stdout
