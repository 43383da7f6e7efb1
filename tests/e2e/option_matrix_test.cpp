// SPDX-License-Identifier: MIT
// The mid-size tree copied exactly under tuning knobs at their edges: one or
// several workers, one or many files in flight, tiny or large buffers, the
// smallest queue.
#include "e2e_fixture.h"
#include "sample_trees.h"
#include "support/tree_counts.h"

namespace ucopy_e2e {
namespace {

struct Knobs {
  uint32_t workers, files_in_flight, buffer_size, queue_depth;
};

std::string knob_name(const Knobs &k) {
  return "w" + std::to_string(k.workers) + "_f" + std::to_string(k.files_in_flight) + "_b" +
         std::to_string(k.buffer_size) + "_q" + std::to_string(k.queue_depth);
}

class OptionMatrix : public E2eTest, public ::testing::WithParamInterface<Knobs> {};

TEST_P(OptionMatrix, MidTreeCopiedExactly) {
  const Knobs &k = GetParam();
  build_mid_tree(src);
  protect_source();
  const ucopy_test::TreeCounts c = ucopy_test::count_tree(src);
  CopySession session;
  session.options.workers = k.workers;
  session.options.files_in_flight = k.files_in_flight;
  session.options.buffer_size = k.buffer_size;
  session.options.queue_depth = k.queue_depth;
  ASSERT_EQ(session.apply(), 0) << ucopy_last_error(session.handle());
  RunRecord r = session.run(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(r.stats.files, c.files);
  EXPECT_EQ(r.stats.bytes, c.bytes);
  EXPECT_SAME_TREE(src, dst);
}

constexpr uint32_t kMiB = 1u << 20;

INSTANTIATE_TEST_SUITE_P(Knobs, OptionMatrix,
                         ::testing::Values(Knobs{1, 1, 4096, 8}, Knobs{1, 256, kMiB, 8},
                                           Knobs{4, 1, kMiB, 8}, Knobs{4, 256, 4096, 8},
                                           Knobs{1, 1, kMiB, 8}, Knobs{4, 256, kMiB, 8},
                                           Knobs{0, 0, 0, 0}),
                         [](const auto &p) { return knob_name(p.param); });

}  // namespace
}  // namespace ucopy_e2e
