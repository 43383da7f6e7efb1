// SPDX-License-Identifier: MIT
#include "e2e_fixture.h"

namespace ucopy_e2e {

void E2eTest::protect_source(const std::string &path) {
  protected_path_ = path;
  source_before_ = ucopy_test::snapshot_tree(path);
}

void E2eTest::TearDown() {
  if (!source_before_) return;
  auto diffs =
      ucopy_test::diff_snapshots(*source_before_, ucopy_test::snapshot_tree(protected_path_));
  EXPECT_TRUE(diffs.empty()) << "the copy modified its source:\n" << ucopy_test::describe(diffs);
}

}  // namespace ucopy_e2e
