/* SPDX-License-Identifier: MIT */
// What a tree holds, counted the way ucopy_stats counts it, so a test can
// check the stats of a run against the source it copied.
#pragma once

#include <cstdint>
#include <string>

namespace ucopy_test {

struct TreeCounts {
  uint64_t files = 0;  // regular files
  uint64_t dirs = 0;   // directories, the root included
  uint64_t symlinks = 0;
  uint64_t specials = 0;  // fifos, sockets, devices
  uint64_t bytes = 0;     // sum of regular file sizes
  uint64_t entries() const { return files + dirs + symlinks + specials; }
};

// Walks `path` through dirfds without following symlinks.
TreeCounts count_tree(const std::string &path);

}  // namespace ucopy_test
