// SPDX-License-Identifier: MIT
#include "overwrite_setup.h"

#include <fcntl.h>

#include "support/tree_builder.h"

namespace ucopy_e2e {

ExistingDestination build_conflicting_trees(const std::string &src, const std::string &dst,
                                            int dirs, int files_per_dir, int conflicts_per_dir) {
  ExistingDestination out;
  ucopy_test::UniqueFd s = ucopy_test::make_dir(AT_FDCWD, src);
  ucopy_test::UniqueFd d = ucopy_test::make_dir(AT_FDCWD, dst);
  uint64_t seed = 300;
  for (int i = 0; i < dirs; ++i) {
    std::string dir = "dir" + std::to_string(i);
    ucopy_test::UniqueFd sd = ucopy_test::make_dir(s.get(), dir);
    ucopy_test::UniqueFd dd = ucopy_test::make_dir(d.get(), dir);
    for (int f = 0; f < files_per_dir; ++f) {
      std::string name = "f" + std::to_string(f);
      ucopy_test::write_random_file(sd.get(), name, 1000 + 977 * f, seed++);
      if (f < conflicts_per_dir) {
        std::string rel = dir + "/" + name;
        ucopy_test::write_file(dd.get(), name, "old:" + rel);
        out.conflicts.push_back(rel);
      }
    }
  }
  ucopy_test::write_file(d.get(), "dst-only", "unrelated\n");
  ucopy_test::stamp_tree_times(src, 31);
  return out;
}

}  // namespace ucopy_e2e
