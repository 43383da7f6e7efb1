#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""ucopy benchmark: ucopy vs cp -a, rsync -a and a tar pipe, each copy into a fresh
loop filesystem. See bench/README.md. Needs root, loop devices and gnuplot.

  sudo bench/run.py --quick                # plumbing check, under 2 minutes
  sudo bench/run.py --corpus small --cache warm --runs 5
  sudo bench/run.py --rss-scan             # ucopy peak RSS, 100k vs 1M empty files
  sudo bench/run.py --update-scan          # no-op second run: ucopy --update vs rsync -a
"""
import argparse
import datetime
import glob
import os
import shlex
import shutil
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, BENCH)
from ucbench import (cleanup, corpus, helpers, machine, peers, preflight,  # noqa: E402
                     publish, rss_scan, sh, stale, suite, table,
                     update_scan)


def default_ucopy():
    """The repo's CLI: build-bench/ (the Release build README suggests), then build/,
    then the newest other build*/ (which may be a debug or sanitizer build), else PATH."""
    root = os.path.dirname(BENCH)
    exe = lambda d: os.path.join(root, d, "tools", "ucopy", "ucopy")
    for d in ("build-bench", "build"):
        if os.access(exe(d), os.X_OK):
            return exe(d)
    built = [p for p in glob.glob(exe("build*")) if os.access(p, os.X_OK)]
    if built:
        return max(built, key=os.path.getmtime)
    return shutil.which("ucopy") or "ucopy"


def build_ucopy():
    """Release build of the CLI in build-bench/ (git-ignored), tests off."""
    root, out = os.path.dirname(BENCH), os.path.join(os.path.dirname(BENCH), "build-bench")
    gen = ["-G", "Ninja"] if shutil.which("ninja") else []
    for argv in (["cmake", "-S", root, "-B", out] + gen +
                 ["-DUCOPY_BUILD_TESTS=OFF", "-DCMAKE_BUILD_TYPE=Release"],
                 ["cmake", "--build", out, "-j2", "--target", "ucopy-cli"]):
        log(" ".join(argv))
        if subprocess.run(argv, stdout=subprocess.DEVNULL).returncode != 0:
            sys.exit("bench: building ucopy failed (see the output above)")


def csv(choices):
    def parse(text):
        items = [x.strip() for x in text.split(",") if x.strip()]
        bad = [x for x in items if x not in choices]
        if bad or not items:
            raise argparse.ArgumentTypeError(f"choose from {','.join(choices)}")
        return items
    return parse


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true",
                   help="tiny corpora (scale 0.01) and 2 runs: checks the plumbing")
    p.add_argument("--corpus", type=csv(corpus.GROUPS["copy"] + corpus.GROUPS["meta"]),
                   default=corpus.GROUPS["copy"],
                   help="comma list of small,mixed,large (default: all), or smallmeta alone "
                   "(small with an xattr and an ACL on every file)")
    p.add_argument("--fs", type=csv(["ext4", "xfs", "btrfs"]), default=["ext4"],
                   help="destination filesystem(s), comma list (default: ext4)")
    p.add_argument("--cache", type=csv(["warm", "cold"]), default=["warm", "cold"],
                   help="comma list of warm,cold (default: both)")
    p.add_argument("--runs", type=int, help="timed runs per tool (default 5; --quick 2)")
    p.add_argument("--scale", type=float, help="multiply corpus counts/sizes (--quick: 0.01)")
    p.add_argument("--tools", type=csv(peers.ALL), default=None,
                   help="comma list of ucopy,cp,rsync,tar,xcp,fcp (default: all, xcp and fcp "
                   "when installed: cargo install xcp fcp)")
    p.add_argument("--ucopy", help="ucopy command; a non-ucopy command such as \"cp -a\" "
                   "is run as a stand-in (default: newest build*/tools/ucopy/ucopy, else PATH)")
    p.add_argument("--ucopy-report", choices=["stats", "json"], default="stats",
                   help="how ucopy reports its statistics: --stats text (default) or --json "
                   "(one line per entry: costs ucopy CPU that peers do not pay)")
    p.add_argument("--build", action="store_true",
                   help="first (re)build the Release CLI in build-bench/ and use it")
    p.add_argument("--extra-args", default="", help="options passed to ucopy, one string")
    p.add_argument("--workdir", default="/var/tmp/ucopy-bench",
                   help="images, mounts, cached source (default /var/tmp/ucopy-bench)")
    p.add_argument("--rss-scan", action="store_true",
                   help="instead of the benchmark: peak RSS on 100k vs 1M empty files")
    p.add_argument("--update-scan", action="store_true",
                   help="instead of the benchmark: a full copy, then a timed no-op second run "
                   "(ucopy -a --update vs rsync -a) over the unchanged small corpus; "
                   "writes bench/RESULTS-update.md")
    p.add_argument("--timeout", type=float, default=3600,
                   help="kill a copy after this many seconds, recorded as failed (default 3600)")
    p.add_argument("--no-strace", dest="strace", action="store_false",
                   help="skip the syscall-count runs")
    p.add_argument("--no-publish", dest="publish", action="store_false",
                   help="write bench/out/ only; leave bench/RESULTS.md and results.png alone")
    p.add_argument("--clean", action="store_true",
                   help="delete the cached source images in the work dir and exit")
    p.add_argument("-v", "--verbose", action="store_true", help="echo plumbing commands")
    a = p.parse_args(argv)
    if a.scale is None:
        a.scale = 0.01 if a.quick else 1.0
    if a.runs is None:
        a.runs = 1 if a.rss_scan else (2 if a.quick else 5)
    tools_given = a.tools is not None
    if not tools_given:
        a.tools = peers.default_tools()
    if a.rss_scan and not tools_given:
        a.tools = ["ucopy"]
    if a.update_scan:
        if a.rss_scan:
            p.error("--update-scan and --rss-scan are separate runs")
        if not tools_given:
            a.tools = list(update_scan.TOOLS)
        if a.corpus == corpus.GROUPS["copy"]:
            a.corpus = ["small"]
        if len(a.corpus) != 1 or a.corpus[0] not in corpus.GROUPS["copy"]:
            p.error("--update-scan takes one corpus of small,mixed,large,large4")
        if set(a.tools) - set(update_scan.TOOLS):
            p.error("--update-scan compares " + ",".join(update_scan.TOOLS) + " only")
    try:
        corpus.group_of(a.corpus)
    except ValueError as e:
        p.error(str(e))
    if a.scale <= 0 or a.runs < 1:
        p.error("--scale must be > 0 and --runs >= 1")
    a.workdir = os.path.abspath(a.workdir)
    if a.build:
        build_ucopy()
    a.ucopy_argv = shlex.split(a.ucopy) if a.ucopy else [default_ucopy()]
    if os.path.exists(a.ucopy_argv[0]):
        a.ucopy_argv[0] = os.path.abspath(a.ucopy_argv[0])
    a.extra_args = shlex.split(a.extra_args)
    if not shutil.which("strace"):
        a.strace = False
    return a


def space_needed(args):
    """Bytes the work dir must have free: the source image unless cached, plus the
    largest destination (data written into a sparse image), plus slack."""
    wanted = corpus.GROUPS["rss"] if args.rss_scan else args.corpus
    specs = [corpus.spec(n, args.scale) for n in wanted]
    group = "rss" if args.rss_scan else corpus.group_of(args.corpus)
    cached = os.path.exists(os.path.join(args.workdir, f"src-{group}-x{args.scale:g}.img"))
    source = 0 if cached else sum(corpus.expected_bytes(s) * 1.1 + s["files"] * 4096
                                  for s in specs)
    dest = max(corpus.expected_bytes(s) * 1.2 + s["files"] * 4096 for s in specs)
    return int(source + dest) + (1 << 30)


def log(msg):
    print(f"{time.strftime('%H:%M:%S')} {msg}", flush=True)


def main(argv):
    args = parse_args(argv)
    sh.VERBOSE = args.verbose
    try:
        if args.clean:  # deleting the cache needs root (images may be root-owned), no tools
            preflight.check([], [], False, [], need_tools=False)
        else:
            preflight.check(args.fs, args.tools, "cold" in args.cache and not args.rss_scan,
                            args.ucopy_argv)
    except preflight.Refuse as e:
        print(e, file=sys.stderr)
        return 2
    preflight.warn_optional(log)
    os.makedirs(args.workdir, exist_ok=True)
    if not stale.lock(args.workdir):
        print(f"bench: cannot run: another bench run is using {args.workdir} "
              "(use another --workdir)", file=sys.stderr)
        return 2
    cleanup.install()
    stale.clean(args.workdir, log)
    if args.clean:
        for f in glob.glob(os.path.join(args.workdir, "src-*")):
            os.unlink(f)
        log(f"removed cached source images from {args.workdir}")
        return 0
    try:
        preflight.check_space(args.workdir, space_needed(args))
    except preflight.Refuse as e:
        print(e, file=sys.stderr)
        return 2
    load_start = os.getloadavg()
    started = datetime.datetime.now()
    stamp = started.strftime("%Y%m%d-%H%M%S")
    group = "rss" if args.rss_scan else corpus.group_of(args.corpus)
    wanted = corpus.GROUPS["rss"] if args.rss_scan else args.corpus
    t0 = time.monotonic()
    source = corpus.Source(args.workdir, group, args.scale, log)
    try:
        source.open(wanted, helpers.build("gen_tree", args.workdir))
        log(f"source ready: " + ", ".join(f"{n} {source.info[n]}" for n in wanted))
        if args.rss_scan:
            out = rss_scan.run(args, source, log)
        elif args.update_scan:
            out = update_scan.run(args, source, log)
        else:
            out = suite.run(args, source, log)
    except KeyboardInterrupt:
        print("\nbench: interrupted; cleaning up", file=sys.stderr)
        return 130
    finally:
        source.close()
        cleanup.run_all()

    out.update({
        "mode": "rss-scan" if args.rss_scan else ("update-scan" if args.update_scan else "copy"),
        "started": started.isoformat(timespec="seconds"),
        "duration_s": round(time.monotonic() - t0, 1),
        "argv": ["bench/run.py"] + argv, "quick": args.quick, "scale": args.scale,
        "runs": args.runs, "fs": args.fs, "tools": args.tools,
        "tool_labels": peers.LABEL, "ucopy_cmd": " ".join(args.ucopy_argv),
        "real_ucopy": peers.is_real_ucopy(args.ucopy_argv), "extra_args": args.extra_args,
        "ucopy_report": args.ucopy_report,
        "machine": machine.describe(),
        "load_avg": {"start": load_start, "end": os.getloadavg()},
        "ucopy_build": machine.ucopy_build(args.ucopy_argv, os.path.dirname(BENCH)),
        "corpora": {n: {"spec": corpus.spec(n, args.scale), "info": source.info[n]}
                    for n in wanted},
    })
    if args.update_scan:
        text, ok = update_scan.verdict(out)
        path = publish.save(out, stamp, prefix="update")
        print("\n" + text)
        if args.publish:
            with open(os.path.join(BENCH, "RESULTS-update.md"), "w") as f:
                f.write(update_scan.render_md(out, os.path.basename(path)))
        log(f"wrote {path}" + (" and regenerated bench/RESULTS-update.md" if args.publish else ""))
        if args.quick:  # tiny trees check the plumbing; the ratios mean nothing there
            ok = not any(r["rc"] for r in out["rows"])
        return 0 if ok else 1
    if args.rss_scan:
        text, ok = rss_scan.verdict(out)
        path = publish.save(out, stamp, prefix="rss")
        print("\n" + text)
        log(f"wrote {path}")
        return 0 if ok else 1
    path = publish.save(out, stamp)
    print(table.render(out))
    png = publish.render(path, update_results_md=args.publish)
    log(f"wrote {path}" + (f" and {png}" if png else " (no chart: no successful run)") +
        (" and regenerated bench/RESULTS.md, bench/results.png" if args.publish else ""))
    bad = [v for v in out["verify"] if not v["ok"]]
    if bad:
        print("\n!!! ucopy VERIFY FAILED for " + ", ".join(
            f"{v['corpus']}/{v['fs']}" for v in bad) + ": see the table and the JSON",
            file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
