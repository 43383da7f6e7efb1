// SPDX-License-Identifier: MIT
// The CLI's ETA: fitted per file and per byte, so that a tree whose first
// half is small files and second half large ones gets an honest estimate at
// 50%, where the byte rate alone is far off.
#include "progress_estimate.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace ucopy_cli {
namespace {

// A run whose cost is `per_file` s per file plus `per_mib` s per MiB, fed
// to the estimate in 100 ms reports; the files come in `segments` of
// different sizes. Returns the ETA (and the truth) when half the bytes are
// done.
struct Segment {
  uint64_t files;
  uint64_t file_bytes;
};

void at_half(const std::vector<Segment> &segments, double per_file, double per_mib, double *eta,
             double *truth) {
  ucopy_progress p{};
  p.size = sizeof p;
  p.totals_final = 1;
  for (const Segment &s : segments) {
    p.files_total += s.files;
    p.bytes_total += s.files * s.file_bytes;
  }
  double total_time = 0;
  for (const Segment &s : segments)
    total_time += double(s.files) * (per_file + per_mib * double(s.file_bytes) / 1048576.0);
  ProgressEstimate e;
  double t = 0;
  *eta = -1;
  for (const Segment &s : segments) {
    const double per = per_file + per_mib * double(s.file_bytes) / 1048576.0;
    const uint64_t per_report = std::max<uint64_t>(1, uint64_t(0.1 / per));
    for (uint64_t done = 0; done < s.files;) {
      const uint64_t n = std::min(per_report, s.files - done);
      done += n;
      t += double(n) * per;
      p.files_done += n;
      p.bytes_done += n * s.file_bytes;
      p.elapsed_ns = uint64_t(t * 1e9);
      e.update(p);
      if (*eta < 0 && p.bytes_done * 2 >= p.bytes_total) {
        *eta = e.eta_seconds(p).value_or(-1);
        *truth = total_time - t;
      }
    }
  }
}

TEST(ProgressEstimate, SmallFilesThenLargeOnes) {
  double eta = 0, truth = 0;
  // 20 µs per file, 5 ms per MiB: 40k files of 16 KiB, then 40 of 16 MiB.
  at_half({{40000, 16384}, {40, 16u << 20}}, 20e-6, 5e-3, &eta, &truth);
  ASSERT_GT(eta, 0);
  EXPECT_NEAR(eta, truth, truth * 0.1) << "the ETA at 50% is " << eta << " s for " << truth;
}

TEST(ProgressEstimate, AUniformTreeFallsBackToTheByteRate) {
  double eta = 0, truth = 0;
  at_half({{20000, 4096}}, 30e-6, 5e-3, &eta, &truth);
  ASSERT_GT(eta, 0);
  EXPECT_NEAR(eta, truth, truth * 0.05);
}

TEST(ProgressEstimate, NoEtaBeforeTheTotalsAreFinal) {
  ProgressEstimate e;
  ucopy_progress p{};
  p.size = sizeof p;
  p.files_total = p.bytes_total = 100;
  p.files_done = p.bytes_done = 10;
  p.elapsed_ns = 1000000000;
  e.update(p);
  EXPECT_FALSE(e.eta_seconds(p).has_value());
  p.totals_final = 1;
  EXPECT_TRUE(e.eta_seconds(p).has_value());
}

TEST(ProgressEstimate, PhaseNames) {
  EXPECT_STREQ(phase_name(UCOPY_PHASE_WALKING), "walking");
  EXPECT_STREQ(phase_name(UCOPY_PHASE_SYNCING), "syncing");
  EXPECT_STREQ(phase_name(0), "");
  EXPECT_STREQ(phase_name(99), "");
}

}  // namespace
}  // namespace ucopy_cli
