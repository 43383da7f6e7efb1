// SPDX-License-Identifier: MIT
// Totals over all runs of one invocation: --stats text and the --json summary.
#pragma once

#include <cstdint>
#include <cstdio>

#include "ucopy.h"

namespace ucopy_cli {

struct RunTotals {
  ucopy_stats stats{};          // field-wise sum of every run's ucopy_stats
  uint64_t runs = 0;            // ucopy_run() calls made
  uint64_t failed_entries = 0;  // what the "could not be copied" line counts
  int return_code = 0;          // first non-zero ucopy_run() result, else 0

  void add_run(const ucopy_stats &run_stats, int run_code);
};

// Human-readable statistics, several lines.
void print_stats_text(FILE *out, const RunTotals &totals);

// {"type":"summary", every ucopy_stats field, exit_status, return_code, ...}
void print_json_summary(FILE *out, const RunTotals &totals, int exit_status);

}  // namespace ucopy_cli
