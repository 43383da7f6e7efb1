// SPDX-License-Identifier: MIT
// ucopy_cancel() from another thread in the middle of a large tree: the run
// returns -ECANCELED within a second, leaks no descriptors, and leaves no
// partial file that looks complete (source mtime but not the full content).
#include <fcntl.h>
#include <time.h>

#include <atomic>
#include <cstdio>

#include "e2e_fixture.h"
#include "sample_trees.h"
#include "support/fd_count.h"
#include "support/tree_builder.h"
#include "support/tree_counts.h"

namespace ucopy_e2e {
namespace {

class Cancel : public E2eTest {};

TEST_F(Cancel, MidTreeStopsQuicklyWithoutLeaksOrCompleteLookingPartials) {
  build_large_tree(src);
  protect_source();
  const ucopy_test::TreeCounts counts = ucopy_test::count_tree(src);
  const int fds_before = ucopy_test::count_open_fds();
  RunRecord r;
  uint64_t cancel_at = 0, returned_at = 0;
  {
    CopySession session;
    session.options.progress_interval_ms = UCOPY_PROGRESS_INTERVAL_MIN_MS;
    ASSERT_EQ(session.apply(), 0);
    r = session.run_cancelled_after(src, dst, 20, &cancel_at);
    returned_at = now_ns();
  }
  ASSERT_NE(cancel_at, 0u) << "the copy finished before progress showed 20 files done\n"
                           << r.describe_events();
  std::printf("cancelled after %llu of %llu files; run returned %llu ms after the cancel\n",
              static_cast<unsigned long long>(r.stats.files),
              static_cast<unsigned long long>(counts.files),
              static_cast<unsigned long long>((returned_at - cancel_at) / 1000000));
  EXPECT_EQ(r.rc, -ECANCELED) << r.describe_events();
  EXPECT_LT(returned_at - cancel_at, 1000000000u)
      << "ucopy_run returned " << (returned_at - cancel_at) / 1000000 << " ms after ucopy_cancel";
  EXPECT_LT(r.stats.files, counts.files) << "everything was copied despite the cancel";
  EXPECT_EQ(ucopy_test::count_open_fds(), fds_before) << "descriptors leaked by a cancelled run";

  ucopy_test::CompareOptions opts;
  opts.partial_destination = true;
  EXPECT_SAME_TREE(src, dst, opts);
  // The header goes further: "partial destination files are removed".
  opts.partial_files_complete = true;
  EXPECT_SAME_TREE(src, dst, opts);
}

// A cancel reaches only the run active when it is called: one that comes
// right after a run returned (before 0.2 it was kept) never stops the next.
TEST_F(Cancel, CancelAfterARunNeverStopsTheNext) {
  build_sized_files(src);
  protect_source();
  CopySession session;
  ASSERT_EQ(session.apply(), 0);
  RunRecord first = session.run(src, dst);
  EXPECT_CLEAN_RUN(first);
  ASSERT_EQ(ucopy_cancel(session.handle()), 0);
  const std::string second_dst = dst + "-2";
  RunRecord second = session.run(src, second_dst);
  EXPECT_CLEAN_RUN(second);
  EXPECT_SAME_TREE(src, second_dst);
}

// A run started with ucopy_start() is active when that returns, so a
// cancel issued at once reaches it, and only it.
TEST_F(Cancel, CancelRightAfterStartStopsThatRunOnly) {
  build_sized_files(src);
  protect_source();
  CopySession session;
  session.options.overwrite = UCOPY_OVERWRITE_REPLACE;
  ASSERT_EQ(session.apply(), 0);
  ucopy_t *h = session.handle();
  ASSERT_EQ(ucopy_start(h, src.c_str(), dst.c_str()), 0) << ucopy_last_error(h);
  ASSERT_EQ(ucopy_cancel(h), 0);
  EXPECT_EQ(ucopy_finish(h), -ECANCELED) << ucopy_last_error(h);
  RunRecord second = session.run(src, dst);
  EXPECT_CLEAN_RUN(second);
  EXPECT_SAME_TREE(src, dst);
}

}  // namespace
}  // namespace ucopy_e2e
