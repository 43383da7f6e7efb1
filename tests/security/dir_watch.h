/* SPDX-License-Identifier: MIT */
// inotify for the attacker: it reacts to the copy's creates within
// microseconds, which is what makes a window of a few system calls wide
// enough to hit.
#pragma once

#include <sys/inotify.h>

#include <cstdint>
#include <functional>
#include <string>

#include "support/unique_fd.h"

namespace ucopy_security {

class DirWatch {
 public:
  DirWatch();  // throws if inotify is unavailable

  // Watches directory `path` for the events in `mask`; returns the watch id.
  int add(const std::string &path, uint32_t mask);

  // Waits up to `ms` milliseconds for an event (0: just looks); blocking
  // here leaves the CPU to the copy, and the wake-up takes microseconds.
  bool wait_ms(int ms) const;

  // Calls fn(watch id, event mask, name) for every event queued now;
  // returns how many there were (0 when none: never blocks).
  using Handler = std::function<void(int wd, uint32_t mask, const char *name)>;
  int drain(const Handler &fn);

 private:
  ucopy_test::UniqueFd fd_;
};

}  // namespace ucopy_security
