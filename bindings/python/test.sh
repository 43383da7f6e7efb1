#!/bin/sh
# Build, install and test the Python binding against an installed libucopy.
#   UCOPY_PREFIX     where libucopy is installed (default /usr/local)
#   UCOPY_BUILD_DIR  scratch space for the venv (default bindings/python/build)
# Needs python3 with venv, swig and pkg-config; pip reaches PyPI for the
# isolated build's setuptools/wheel and, if missing, pytest.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${UCOPY_BUILD_DIR:-$here/build}
. "$here/../../scripts/use-installed-ucopy.sh"

# --system-site-packages: reuse an installed pytest when there is one.
python3 -m venv --system-site-packages "$build/venv"
py="$build/venv/bin/python"
"$py" -m pip install -q --disable-pip-version-check "$here"
"$py" -c 'import pytest' 2>/dev/null ||
  "$py" -m pip install -q --disable-pip-version-check pytest

# From tests/, so that `import ucopy` finds the installed package, not src/.
cd "$here/tests"
exec "$py" -m pytest -q -p no:cacheprovider
