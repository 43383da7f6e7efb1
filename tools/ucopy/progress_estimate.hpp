// SPDX-License-Identifier: MIT
// What --progress tells beyond the library's numbers: a rate smoothed over
// a few seconds, the ETA once the totals are final, and the names of
// phases. Shared by the bar and the JSON progress objects.
//
// The ETA does not divide the bytes left by the byte rate: a tree's files
// cost time per file as well as per byte (creating 10,000 small files takes
// longer than writing their bytes), and trees are rarely uniform. On
// /usr/lib (74k entries, 4.2 GB) the byte rate's ETA at 50% was 45% too long,
// because the second half held larger files. Instead the time of each
// interval is fitted as seconds-per-file x files + seconds-per-byte x bytes
// (least squares, recent intervals weighing more); the fit says what share
// of the work is done, and the run's own pace so far gives the time left
// (the fit's own figures, from a few noisy 100 ms intervals, were up to 38%
// off at 50% of the mixed corpus; the pace, 22%).
#pragma once

#include <cstdint>
#include <optional>

#include "ucopy.h"

namespace ucopy_cli {

class ProgressEstimate {
 public:
  // Feeds one report (of one run: a new run starts over).
  void update(const ucopy_progress &p);
  // Bytes per second, smoothed; 0 until there is a rate.
  double rate() const { return rate_; }
  // Seconds left: only once the totals are final and the run has a rate.
  std::optional<double> eta_seconds(const ucopy_progress &p) const;

 private:
  void start(const ucopy_progress &p);
  void fit(double files, double mib, double seconds);

  double rate_ = 0;
  uint64_t last_ns_ = 0;
  uint64_t last_bytes_ = 0;
  uint64_t last_files_ = 0;
  bool started_ = false;
  // Decayed sums of the least-squares fit of seconds on (files, MiB).
  double ff_ = 0, fb_ = 0, bb_ = 0, ft_ = 0, bt_ = 0;
};

// "walking", "copying", ...; "" for 0 or an unknown value.
const char *phase_name(uint32_t phase);

// Fraction of the run done, by bytes when there are any, else by entries.
double fraction_done(const ucopy_progress &p);

}  // namespace ucopy_cli
