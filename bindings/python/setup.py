# SPDX-License-Identifier: MIT
"""Build the `ucopy._cucopy` extension: run SWIG on bindings/ucopy.i, then
compile the wrapper against the installed libucopy found by pkg-config.

Environment:
  UCOPY_SWIG_INTERFACE  path of ucopy.i (default: ../ucopy.i, or ./ucopy.i
                        in an sdist, where `sdist` puts a copy)
  SWIG                  the swig executable (default: swig)
  UCOPY_NO_RPATH=1      do not record libucopy's libdir as the rpath
"""

import os
import shutil
import subprocess
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext as _build_ext
from setuptools.command.sdist import sdist as _sdist

HERE = Path(__file__).resolve().parent


def interface_file() -> Path:
    for candidate in (os.environ.get("UCOPY_SWIG_INTERFACE"), HERE.parent / "ucopy.i", HERE / "ucopy.i"):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    raise SystemExit("ucopy.i not found: set UCOPY_SWIG_INTERFACE")


def pkg_config(*args: str) -> list:
    try:
        out = subprocess.run(["pkg-config", *args, "ucopy"], check=True, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError) as e:
        detail = getattr(e, "stderr", "") or str(e)
        raise SystemExit(
            "pkg-config cannot find libucopy (install it and set PKG_CONFIG_PATH to its "
            f"lib/pkgconfig directory): {detail.strip()}"
        )
    return out.split()


class build_ext(_build_ext):
    """SWIG first (into build_temp), then the usual compile, then put the
    generated Python proxy module next to the extension."""

    def run(self):
        gen = Path(self.build_temp).resolve() / "swig"
        gen.mkdir(parents=True, exist_ok=True)
        includes = pkg_config("--cflags-only-I")
        swig = os.environ.get("SWIG", "swig")
        subprocess.run(
            [swig, "-python", *includes, "-outdir", str(gen), "-o", str(gen / "cucopy_wrap.c"), str(interface_file())],
            check=True,
        )
        libdir = pkg_config("--variable=libdir")
        for ext in self.extensions:
            ext.sources = [str(gen / "cucopy_wrap.c")]
            ext.include_dirs += [f[2:] for f in includes]
            ext.library_dirs += [f[2:] for f in pkg_config("--libs-only-L")]
            ext.libraries += [f[2:] for f in pkg_config("--libs-only-l")]
            if libdir and not os.environ.get("UCOPY_NO_RPATH"):
                ext.runtime_library_dirs += libdir
        super().run()
        # The proxy module belongs to the package: in the wheel (build_lib)
        # or, for `build_ext --inplace` / editable installs, in src/.
        target = HERE / "src" / "ucopy" if self.inplace else Path(self.build_lib) / "ucopy"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(gen / "cucopy.py", target / "cucopy.py")


class sdist(_sdist):
    """Ship a copy of ../ucopy.i so the sdist builds on its own."""

    def make_release_tree(self, base_dir, files):
        super().make_release_tree(base_dir, files)
        shutil.copy2(interface_file(), Path(base_dir) / "ucopy.i")


setup(
    ext_modules=[
        Extension(
            "ucopy._cucopy",
            sources=["cucopy_wrap.c"],  # replaced by build_ext once SWIG ran
            extra_compile_args=["-fno-strict-aliasing"],
        )
    ],
    cmdclass={"build_ext": build_ext, "sdist": sdist},
)
