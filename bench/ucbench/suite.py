# SPDX-License-Identifier: MIT
"""The copy benchmark: every tool x corpus x cache x run, each into a fresh filesystem."""
import datetime
import os
import shutil

from . import cache, corpus, helpers, measure, peers, verify
from .loopfs import LoopFs


class Bench:
    """Shared plumbing for the copy benchmark and the RSS scan."""

    def __init__(self, args, log):
        self.args, self.log = args, log
        self.mnt_dst = os.path.join(args.workdir, "mnt", "dst")
        self.dst_img = os.path.join(args.workdir, "dst.img")
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        self.logdir = os.path.join(args.workdir, "logs", stamp)
        os.makedirs(self.logdir, exist_ok=True)
        self.rusage_run = helpers.build("rusage_run", args.workdir)

    def fresh_dest(self, fs, s):
        """A brand-new destination filesystem sized for corpus spec s."""
        size = int(corpus.fs_size_for([s]) * 1.5) + (512 << 20)
        return LoopFs(self.dst_img, size, fs, self.mnt_dst,
                      inodes=corpus.inodes_for([s])).create()

    def copy_once(self, tool, fs, s, src, cache_state, tag, check=None):
        """One timed copy into a fresh fs; `check(dst)` runs before teardown."""
        argv = peers.argv(tool, src, os.path.join(self.mnt_dst, "x"),
                          self.args.ucopy_argv, self.args.extra_args,
                          self.args.ucopy_report)
        with self.fresh_dest(fs, s):
            cache.prepare(cache_state, src)
            prefix = os.path.join(self.logdir, tag)
            r = measure.timed(argv, self.mnt_dst, prefix, self.rusage_run, self.args.timeout)
            summary = measure.ucopy_summary(r["stdout_path"]) if tool == "ucopy" else None
            r["ucopy_summary"] = summary
            if summary and summary.get("io_uring_enters"):
                r["sqes_per_enter"] = summary["sqes_submitted"] / summary["io_uring_enters"]
            if r["rc"] == 0:  # keep logs of failures only
                for ext in (".out", ".err"):
                    os.unlink(prefix + ext)
            del r["stdout_path"]
            extra = check(os.path.join(self.mnt_dst, "x")) if check and r["rc"] == 0 else None
        return r, extra

    def finish(self):
        """Drop the log dir when no run left anything worth reading in it."""
        if not os.listdir(self.logdir):
            shutil.rmtree(self.logdir)
        else:
            self.log(f"logs kept in {self.logdir}")

    def strace_once(self, tool, fs, s, src, tag):
        argv = peers.argv(tool, src, os.path.join(self.mnt_dst, "x"),
                          self.args.ucopy_argv, self.args.extra_args,
                          self.args.ucopy_report)
        with self.fresh_dest(fs, s):
            cache.prepare("warm", src)
            return measure.strace_count(argv, os.path.join(self.logdir, tag), self.args.timeout)


def run(args, source, log):
    b = Bench(args, log)
    results = {"cells": [], "strace": [], "verify": []}
    total = len(args.fs) * len(args.corpus) * len(args.cache) * args.runs * len(args.tools)
    done = 0
    for fs in args.fs:
        for name in args.corpus:
            s = corpus.spec(name, args.scale)
            src = source.path(name)
            files = max(1, source.info[name]["files"])
            for cache_state in args.cache:
                cells = {t: {"fs": fs, "corpus": name, "cache": cache_state, "tool": t,
                             "runs": []} for t in args.tools}
                for i in range(args.runs):
                    for tool in args.tools:  # alternate: A B C D A B C D ...
                        done += 1
                        check = None
                        if tool == "ucopy" and not any(
                                v["fs"] == fs and v["corpus"] == name for v in results["verify"]):
                            check = lambda dst, src=src, m=bool(s.get("meta")): verify.diff(src, dst, m)
                        r, diff = b.copy_once(tool, fs, s, src, cache_state,
                                              f"{fs}-{name}-{cache_state}-{i}-{tool}", check)
                        cells[tool]["runs"].append(r)
                        msg = (f"[{done}/{total}] {name}/{cache_state}/{fs} run {i + 1} "
                               f"{peers.LABEL[tool]:<9} {r['wall_s']:8.3f} s")
                        if r["rc"] != 0:
                            msg += f"  EXIT {r['rc']}: {r['stderr_tail'][-200:]}"
                        if diff is not None:
                            results["verify"].append({"fs": fs, "corpus": name,
                                                      "ok": not diff, "count": len(diff),
                                                      "head": diff[:20]})
                            msg += "  verified OK" if not diff else \
                                f"  VERIFY FAILED: {len(diff)} differences, e.g. {diff[:3]}"
                        log(msg)
                results["cells"] += cells.values()
            if args.strace:
                for tool in args.tools:
                    st = b.strace_once(tool, fs, s, src, f"{fs}-{name}-strace-{tool}")
                    if st:
                        st.update({"fs": fs, "corpus": name, "tool": tool})
                        results["strace"].append(st)
                        log(f"strace {name}/{fs} {peers.LABEL[tool]}: {st['total']} syscalls, "
                            f"{st['total'] / files:.1f}/file")
    b.finish()
    return results
