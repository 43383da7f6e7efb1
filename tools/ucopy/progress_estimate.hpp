// SPDX-License-Identifier: MIT
// What --progress tells beyond the library's numbers: a rate smoothed over
// a few seconds, the ETA from it once the totals are final, and the names
// of phases. Shared by the bar and the JSON progress objects.
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
  // Seconds left: only once the totals are final and a rate is known.
  std::optional<double> eta_seconds(const ucopy_progress &p) const;

 private:
  double rate_ = 0;
  uint64_t last_ns_ = 0;
  uint64_t last_bytes_ = 0;
  bool started_ = false;
};

// "walking", "copying", ...; "" for 0 or an unknown value.
const char *phase_name(uint32_t phase);

// Fraction of the run done, by bytes when there are any, else by entries.
double fraction_done(const ucopy_progress &p);

}  // namespace ucopy_cli
