// SPDX-License-Identifier: MIT
// --progress: a live one-line bar on a terminal, plain lines otherwise.
#pragma once

#include <cstdint>
#include <string>

#include "ucopy.h"

namespace ucopy_cli {

class ProgressDisplay {
 public:
  // `live` when stderr is a terminal: the line is redrawn in place with \r.
  explicit ProgressDisplay(bool live) : live_(live) {}

  // Called from the library's progress callback.
  void update(const ucopy_progress &progress);

  // Erases the live bar so that another message can be printed cleanly; the
  // next update() draws it again.
  void clear();

  // The text of one progress report: files, bytes, rate and ETA.
  static std::string describe(const ucopy_progress &progress);

 private:
  void draw_live(const ucopy_progress &progress);

  bool live_;
  bool bar_visible_ = false;
  bool printed_plain_ = false;
  uint64_t last_plain_ns_ = 0;
};

// The C callback that forwards to ProgressDisplay::update(); user is the display.
int progress_callback(const ucopy_progress *progress, void *user);

}  // namespace ucopy_cli
