#!/bin/sh
# SPDX-License-Identifier: MIT
# The Python package as PyPI would carry it: `python -m build` makes the
# sdist and, from it alone, the wheel; both carry LICENSE and say MIT; the
# wheel installs with pip against the installed libucopy and passes the
# Python suite (bindings/python/test.sh run on that wheel).
#   UCOPY_PREFIX  where libucopy is installed (default /usr/local)
set -eu
cd "$(dirname "$0")/.."
. scripts/use-installed-ucopy.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

python3 -m venv "$work/tools"
"$work/tools/bin/python" -m pip install -q --disable-pip-version-check build
# Without --sdist/--wheel, build makes the sdist and then the wheel from
# the unpacked sdist: a file the sdist forgets breaks the wheel.
"$work/tools/bin/python" -m build --outdir "$work/dist" bindings/python >"$work/build.log" 2>&1 ||
  { cat "$work/build.log"; echo "FAIL: python -m build"; exit 1; }
sdist=$(echo "$work"/dist/ucopy-*.tar.gz)
wheel=$(echo "$work"/dist/ucopy-*.whl)
if [ ! -f "$sdist" ] || [ ! -f "$wheel" ]; then ls "$work/dist"; echo "FAIL: no sdist or wheel"; exit 1; fi

tar -tzf "$sdist" >"$work/sdist.list"
for f in LICENSE ucopy.i setup.py pyproject.toml; do
  grep -q "^ucopy-[^/]*/$f\$" "$work/sdist.list" || bad "the sdist lacks $f"
done
"$work/tools/bin/python" - "$wheel" <<'PY' || fail=1
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
text = zipfile.ZipFile(sys.argv[1]).read(meta).decode()
problems = []
if not any(n.endswith("/LICENSE") and ".dist-info/" in n for n in names):
    problems.append("the wheel lacks LICENSE")
if not any(n.startswith("ucopy/_cucopy") and n.endswith(".so") for n in names):
    problems.append("the wheel lacks the extension module")
if "License: MIT" not in text.splitlines():
    problems.append("the wheel's METADATA does not say License: MIT")
for p in problems:
    print("FAIL:", p)
sys.exit(1 if problems else 0)
PY
[ $fail -eq 0 ] || exit 1
echo "== $(basename "$sdist") and $(basename "$wheel") built; testing the wheel"

UCOPY_PY_WHEEL=$wheel UCOPY_PY_BUILD_DIR=$work/test bindings/python/test.sh
echo "OK: sdist and wheel build, install with pip and pass the Python suite"
