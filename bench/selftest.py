#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Tests of the harness's pure parts (no root, no loop devices): parsing, summaries,
RESULTS.md rendering, corpus scaling. Run: python3 bench/selftest.py"""
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ucbench import corpus, measure, peers, results_md, summarize, update_scan  # noqa: E402


def run(wall, rc=0, cpu=1.0, rss_kib=2048, summary=None):
    r = {"wall_s": wall, "cpu_s": cpu, "maxrss_kib": rss_kib, "rc": rc,
         "ucopy_summary": summary}
    if summary:
        r["sqes_per_enter"] = summary["sqes_submitted"] / summary["io_uring_enters"]
    return r


def fake_results(ucopy_runs, verify_ok=True):
    cell = lambda tool, runs: {"fs": "ext4", "corpus": "small", "cache": "warm",
                               "tool": tool, "runs": runs}
    return {
        "started": "2026-01-01T00:00:00", "quick": True, "scale": 0.01, "runs": 3,
        "fs": ["ext4"], "tools": ["ucopy", "cp", "rsync", "tar"], "tool_labels": peers.LABEL,
        "ucopy_cmd": "ucopy", "real_ucopy": True, "extra_args": [], "ucopy_report": "stats",
        "machine": {"cpu": "X", "cores": 2, "memory_gib": 1.0, "kernel": "k", "os": "o",
                    "versions": {}},
        "corpora": {"small": {"spec": corpus.spec("small", 0.01),
                              "info": {"files": 1000, "dirs": 11, "bytes": 4096000}}},
        "cells": [cell("ucopy", ucopy_runs),
                  cell("cp", [run(4.0), run(2.0), run(3.0)]),
                  cell("rsync", [run(6.0), run(6.0), run(6.0)]),
                  cell("tar", [run(2.5), run(2.5), run(2.5)])],
        "strace": [{"fs": "ext4", "corpus": "small", "tool": "cp", "total": 21000, "top": {}}],
        "verify": [{"fs": "ext4", "corpus": "small", "ok": verify_ok,
                    "count": 0 if verify_ok else 2, "head": []}],
    }


SUMMARY = {"files": 1000, "sqes_submitted": 3000, "io_uring_enters": 100, "failures": 0}


class Summaries(unittest.TestCase):
    def rows(self, results):
        return {r["tool"]: r for r in summarize.rows(results, ("ext4", "small", "warm"))}

    def test_medians_and_ratios(self):
        rows = self.rows(fake_results([run(1.0, summary=SUMMARY), run(1.5, summary=SUMMARY),
                                       run(9.0, summary=SUMMARY)]))
        self.assertEqual(rows["ucopy"]["median_s"], 1.5)
        self.assertAlmostEqual(rows["ucopy"]["vs_cp"], 0.5)           # cp median 3.0
        self.assertAlmostEqual(rows["ucopy"]["vs_best_peer"], 0.6)    # tar 2.5 is best
        self.assertAlmostEqual(rows["ucopy"]["sqes_per_enter"], 30.0)
        self.assertAlmostEqual(rows["cp"]["syscalls_per_file"], 21.0)
        self.assertEqual(rows["ucopy"]["notes"], "")

    def test_failures_are_flagged_and_excluded(self):
        rows = self.rows(fake_results([run(1.0, summary=SUMMARY), run(0.1, rc=1)],
                                      verify_ok=False))
        self.assertEqual(rows["ucopy"]["median_s"], 1.0)
        self.assertIn("FAILED 1/2", rows["ucopy"]["notes"])
        self.assertIn("VERIFY FAILED", rows["ucopy"]["notes"])

    def test_short_file_count_is_flagged(self):
        rows = self.rows(fake_results([run(1.0, summary=dict(SUMMARY, files=999))]))
        self.assertIn("999", rows["ucopy"]["notes"])


class Parsing(unittest.TestCase):
    def parse(self, text):
        with tempfile.NamedTemporaryFile("w", delete=False) as f:
            f.write(text)
        try:
            return measure.ucopy_summary(f.name)
        finally:
            os.unlink(f.name)

    def test_json_summary_is_last_summary_line(self):
        s = self.parse('{"type":"copied","src":"a"}\n'
                       '{"type":"summary","files":7,"sqes_submitted":9,"io_uring_enters":3}\n')
        self.assertEqual((s["files"], s["sqes_submitted"]), (7, 9))

    def test_stats_text(self):  # the format of tools/ucopy/stats_report.cpp
        s = self.parse("files: 100000, directories: 1001, symlinks: 0, special files: 0\n"
                       "bytes: 409600000 (390.6 MiB) in 4.123 s, 94.7 MiB/s\n"
                       "failures: 0, skipped: 0, warnings: 0\n"
                       "io_uring: 3200000 SQEs in 100000 io_uring_enter calls, "
                       "32.0 SQEs per io_uring_enter\n")
        self.assertEqual(s["files"], 100000)
        self.assertEqual(s["io_uring_enters"], 100000)
        self.assertEqual(s["failures"], 0)

    def test_no_statistics(self):
        self.assertIsNone(self.parse("cp: nothing to say\n"))

    def test_strace_summary(self):
        text = ("% time     seconds  usecs/call     calls    errors syscall\n"
                "------ ----------- ----------- --------- --------- ----------------\n"
                " 60.00    0.600000           6    100000           openat\n"
                " 40.00    0.400000           4    100000        12 close\n"
                "------ ----------- ----------- --------- --------- ----------------\n"
                "100.00    1.000000           5    200000        12 total\n")
        s = measure.parse_strace_summary(text)
        self.assertEqual(s["total"], 200000)
        self.assertEqual(s["top"]["close"], 100000)


class Rendering(unittest.TestCase):
    def test_results_md(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump([{"lever": "queue depth", "setting": "64", "figure": "0.9x cp",
                        "kept": False}], f)
        saved, results_md.LEVERS = results_md.LEVERS, f.name
        try:
            md = results_md.render(fake_results([run(1.0, summary=SUMMARY)]), "r.json", "c.png")
        finally:
            results_md.LEVERS = saved
            os.unlink(f.name)
        self.assertTrue(md.startswith("<!-- GENERATED"))
        self.assertIn("Quick run", md)
        self.assertIn("| queue depth | 64 | 0.9x cp | dropped |", md)
        self.assertIn("| tar \\| tar |", md)
        self.assertIn("![median wall time per tool](c.png)", md)


class Corpora(unittest.TestCase):
    def test_scale(self):
        self.assertEqual(corpus.spec("small", 1)["files"], 100_000)
        self.assertEqual(corpus.spec("small", 0.01)["files"], 1000)
        self.assertEqual(corpus.spec("small", 0.01)["dirs"], 10)
        self.assertEqual(corpus.spec("large", 0.5)["size"], 2 << 30)
        mixed = corpus.expected_bytes(corpus.spec("mixed", 1))
        self.assertTrue(1.1e9 < mixed < 1.3e9, mixed)


class UpdateScan(unittest.TestCase):
    @staticmethod
    def scan(ucopy_noop, rsync_noop, copied=0, cache="warm"):
        row = lambda tool, noop, **kw: dict({"tool": tool, "cache": cache, "run": 0,
                                            "full_s": 10.0, "noop_s": noop,
                                            "noop_cpu_s": 0.1, "rc": 0}, **kw)
        return {"scan_fs": "ext4", "corpus": "small", "files": 1000,
                "rows": [row("ucopy", ucopy_noop, rc=1 if copied else 0,
                             noop_files_copied=copied),
                         row("rsync", rsync_noop)]}

    def test_pass_needs_both_ratios(self):
        self.assertTrue(update_scan.verdict(self.scan(1.0, 2.0))[1])
        out = self.scan(1.0, 2.0)
        update_scan.verdict(out)
        self.assertAlmostEqual(out["summary"]["warm"]["noop_of_full"], 0.1)
        self.assertAlmostEqual(out["summary"]["warm"]["noop_vs_rsync"], 0.5)
        self.assertFalse(update_scan.verdict(self.scan(2.0, 3.0))[1])   # 0.2 of the full copy
        self.assertFalse(update_scan.verdict(self.scan(1.0, 0.9))[1])   # slower than rsync

    def test_a_noop_run_that_copied_fails(self):
        text, ok = update_scan.verdict(self.scan(1.0, 2.0, copied=5))
        self.assertFalse(ok)
        self.assertIn("FAILED", text)

    def test_cold_is_reported_not_judged(self):
        text, ok = update_scan.verdict(self.scan(5.0, 2.0, cache="cold"))
        self.assertTrue(ok)
        self.assertIn("not judged", text)

    def test_noop_argv_names_dst_itself(self):
        argv = update_scan.noop_argv("ucopy", "/s", "/d/x", ["ucopy"], [])
        self.assertEqual(argv[-3:], ["-T", "/s/", "/d/x"])
        self.assertIn("--update", argv)
        self.assertEqual(update_scan.noop_argv("rsync", "/s", "/d/x", [], []),
                         ["rsync", "-a", "/s/", "/d/x/"])


class CargoPeers(unittest.TestCase):
    def test_argv_copies_src_to_dst_itself(self):
        xcp = peers.argv("xcp", "/s", "/d/x", ["ucopy"], [])
        self.assertEqual(xcp[1:], ["-r", "--no-progress", "/s", "/d/x"])
        self.assertTrue(xcp[0].endswith("xcp"))
        fcp = peers.argv("fcp", "/s", "/d/x", ["ucopy"], [])
        self.assertEqual(fcp[1:], ["/s", "/d/x"])

    def test_default_tools_take_only_installed_cargo_peers(self):
        tools = peers.default_tools()
        self.assertEqual(tools[:4], ["ucopy", "cp", "rsync", "tar"])
        for t in peers.CARGO_PEERS:
            self.assertEqual(t in tools, peers.find(t) is not None)

    def test_lower_bound_is_noted_and_counts_as_best_peer(self):
        results = fake_results([run(1.5, summary=SUMMARY)])
        results["cells"].append({"fs": "ext4", "corpus": "small", "cache": "warm",
                                 "tool": "fcp", "runs": [run(1.0), run(1.0)]})
        rows = {r["tool"]: r for r in summarize.rows(results, ("ext4", "small", "warm"))}
        self.assertIn("lower bound", rows["fcp"]["notes"])
        self.assertNotIn("lower bound", rows["tar"]["notes"])
        self.assertAlmostEqual(rows["ucopy"]["vs_best_peer"], 1.5)  # fcp 1.0 is best


if __name__ == "__main__":
    unittest.main()
