/* SPDX-License-Identifier: MIT */
// A source tree and a destination that already holds some of its files with
// other content: the setup for overwrite policies and event decisions.
#pragma once

#include <string>
#include <vector>

namespace ucopy_e2e {

struct ExistingDestination {
  // Relative paths of the files present in both, destination content "old:<path>".
  std::vector<std::string> conflicts;
};

// Builds src (nested dirs, files) and dst with `conflicts` files of the same
// names in the same directories, plus an unrelated file "dst-only".
ExistingDestination build_conflicting_trees(const std::string &src, const std::string &dst,
                                            int dirs = 3, int files_per_dir = 6,
                                            int conflicts_per_dir = 2);

}  // namespace ucopy_e2e
