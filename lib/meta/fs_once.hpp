// SPDX-License-Identifier: MIT
// Notices that concern a whole destination filesystem ("xattrs are not
// supported here") are reported once per run, not once per entry.
#pragma once

#include <sys/types.h>

#include <mutex>
#include <set>
#include <string>
#include <utility>

namespace ucopy_impl {

class OncePerFilesystem {
 public:
  // True the first time `what` is seen for the filesystem holding `fd`.
  // Called only on failure paths, so the fstat it costs does not matter.
  bool first(int fd, const std::string &what);

 private:
  std::mutex mu_;
  std::set<std::pair<dev_t, std::string>> seen_;
};

}  // namespace ucopy_impl
