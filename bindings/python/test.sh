#!/bin/sh
# SPDX-License-Identifier: MIT
# Build, install and test the Python binding against an installed libucopy.
#   UCOPY_PREFIX     where libucopy is installed (default /usr/local)
#   UCOPY_PY_BUILD_DIR  scratch space for the venv (default bindings/python/build)
# Needs python3 with venv, swig and pkg-config; pip reaches PyPI for the
# isolated build's setuptools/wheel and, if missing, pytest and mypy.
# Then checks the type hints (mypy, stubtest) and runs the README examples.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${UCOPY_PY_BUILD_DIR:-$here/build}
. "$here/../../scripts/use-installed-ucopy.sh"

# --system-site-packages: reuse an installed pytest when there is one.
python3 -m venv --system-site-packages "$build/venv"
py="$build/venv/bin/python"
# `pip install ./bindings/python` as on a fresh checkout: setuptools builds
# in bindings/python/build, so drop what an earlier build left there.
rm -rf "$here/build/lib."* "$here/build/temp."* "$here/build/bdist."* "$here/src/ucopy.egg-info"
# UCOPY_PY_WHEEL: test a built wheel instead (scripts/check-python-dist.sh).
"$py" -m pip install -q --disable-pip-version-check "${UCOPY_PY_WHEEL:-$here}"
for m in pytest mypy; do
  "$py" -c "import $m" 2>/dev/null ||
    "$py" -m pip install -q --disable-pip-version-check "$m"
done

# From tests/, so that `import ucopy` finds the installed package, not src/.
cd "$here/tests"
"$py" -m pytest -q -p no:cacheprovider

echo "== type hints: stubtest (cucopy.pyi vs the built module), mypy"
# --ignore-missing-stub: what the stub says must be true; a constant the
# header gained since need not be in it yet.
"$py" -m mypy.stubtest --ignore-missing-stub ucopy.cucopy
"$py" -m mypy --cache-dir=/dev/null -p ucopy
"$py" -m mypy --cache-dir=/dev/null --strict check_types.py

PYTHON=$py "$here/../../scripts/check-readme-examples.sh" python
