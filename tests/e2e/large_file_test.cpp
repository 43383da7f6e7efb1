// SPDX-License-Identifier: MIT
// One 1 GiB file of random content, compared by streaming both files. Its
// own executable and ctest label "large", so quick runs can leave it out
// (ctest -LE large).
#include <fcntl.h>

#include "e2e_fixture.h"
#include "support/tree_builder.h"

namespace ucopy_e2e {
namespace {

class Large : public E2eTest {};

TEST_F(Large, OneGiB) {
  const uint64_t size = 1ull << 30;
  {
    ucopy_test::UniqueFd root = ucopy_test::make_dir(AT_FDCWD, src);
    ucopy_test::write_random_file(root.get(), "one-gib", size, 0x1d1d, 0640);
    ucopy_test::write_file(root.get(), "small-neighbour", "next to a giant\n");
  }
  ucopy_test::stamp_tree_times(src, 41);
  protect_source();  // hashes the GiB once more; the source must stay untouched
  RunRecord r = copy_with_flags(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(r.stats.bytes, size + 16);
  EXPECT_SAME_TREE(src, dst);  // streams both files block by block
}

}  // namespace
}  // namespace ucopy_e2e
