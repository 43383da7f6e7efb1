// SPDX-License-Identifier: MIT
// --progress: a live one-line bar on a terminal (only a final line
// otherwise); --progress=json: one JSON object per report on stdout.
#pragma once

#include <cstdint>
#include <string>

#include "cli_options.hpp"
#include "progress_estimate.hpp"
#include "ucopy.h"

namespace ucopy_cli {

class ProgressDisplay {
 public:
  // `live` when stderr is a terminal: the line is redrawn in place with \r.
  ProgressDisplay(ProgressMode mode, bool live) : mode_(mode), live_(live) {}

  // Called from the library's progress callback.
  void update(const ucopy_progress &progress);

  // Erases the live bar so that another message can be printed cleanly; the
  // next update() draws it again.
  void clear();

  // The numbers of one report: files, bytes, rate and ETA, or "done in".
  std::string describe(const ucopy_progress &progress) const;
  // The live line for a terminal `width` columns wide, never wider.
  std::string live_line(const ucopy_progress &progress, size_t width) const;
  // The JSON object of one report (without a newline).
  std::string json(const ucopy_progress &progress) const;

 private:
  void draw_live(const ucopy_progress &progress);

  ProgressMode mode_;
  bool live_;
  bool bar_visible_ = false;
  uint64_t last_draw_ns_ = 0;
  bool drawn_ = false;
  ProgressEstimate estimate_;
};

// The C callback that forwards to ProgressDisplay::update(); user is the display.
int progress_callback(const ucopy_progress *progress, void *user);

}  // namespace ucopy_cli
