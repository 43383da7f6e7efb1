# SPDX-License-Identifier: MIT
"""Command lines of the tools under test. Each copies SRC (a directory) to DST/x."""
import os
import shlex
import shutil

# Peers with cp -a's fidelity, from Debian's packages.
CORE_PEERS = ["cp", "rsync", "tar"]
# Peers from `cargo install xcp fcp` (bench/README.md): they keep less than -a
# (no owner, xattrs or ACLs; fcp no times either), so they are a lower bound
# to beat, not a like-for-like peer. Measured when installed.
CARGO_PEERS = ["xcp", "fcp"]
LESS_METADATA = set(CARGO_PEERS)
PEERS = CORE_PEERS + CARGO_PEERS
ALL = ["ucopy"] + PEERS
LABEL = {"ucopy": "ucopy", "cp": "cp -a", "rsync": "rsync -a", "tar": "tar | tar",
         "xcp": "xcp -r", "fcp": "fcp"}


def find(tool):
    """The tool's path: on PATH, or where `cargo install` puts it; None if absent."""
    cargo_bin = os.path.join(os.path.expanduser("~"), ".cargo", "bin", tool)
    return shutil.which(tool) or (cargo_bin if os.access(cargo_bin, os.X_OK) else None)


def default_tools():
    """ucopy, the Debian peers, and the cargo peers that are installed."""
    return ["ucopy"] + CORE_PEERS + [t for t in CARGO_PEERS if find(t)]


def is_real_ucopy(ucopy_argv):
    """A stand-in (`--ucopy "cp -a"`) gets no ucopy options and yields no JSON stats."""
    return len(ucopy_argv) == 1 and os.path.basename(ucopy_argv[0]).startswith("ucopy")


def argv(tool, src, dst, ucopy_argv, extra_args, ucopy_report="stats"):
    """argv for one copy; `dst` is the target path, which must not exist yet.

    ucopy_report: "stats" (default) asks ucopy for its end-of-run statistics only;
    "json" asks for --json, whose one line per copied entry costs ucopy measurable
    CPU on 100k files (0.5-0.9 s here) that no peer pays.
    """
    src_slash = src.rstrip("/") + "/"
    if tool == "ucopy":
        if is_real_ucopy(ucopy_argv):
            report = ["--json"] if ucopy_report == "json" else ["--stats"]
            return ucopy_argv + ["-a"] + report + extra_args + [src_slash, dst]
        return ucopy_argv + extra_args + [src_slash, dst]
    if tool == "cp":
        return ["cp", "-a", src, dst]
    if tool == "rsync":
        return ["rsync", "-a", src_slash, dst + "/"]
    if tool == "tar":
        q = shlex.quote
        return ["sh", "-c", f"mkdir {q(dst)} && tar -C {q(src)} -cf - . | tar -C {q(dst)} -xf -"]
    if tool == "xcp":
        return [find("xcp") or "xcp", "-r", "--no-progress", src, dst]
    if tool == "fcp":
        return [find("fcp") or "fcp", src, dst]
    raise ValueError(tool)
