// SPDX-License-Identifier: MIT
// Stats and progress reports tell the truth about a run; dry runs write
// nothing; handles leak no descriptors and can be reused.
#include <fcntl.h>
#include <sys/stat.h>

#include <set>

#include "e2e_fixture.h"
#include "sample_trees.h"
#include "support/fd_count.h"
#include "support/tree_counts.h"

namespace ucopy_e2e {
namespace {

class StatsAndProgress : public E2eTest {};

TEST_F(StatsAndProgress, StatsMatchTheTree) {
  build_mid_tree(src);
  protect_source();
  const ucopy_test::TreeCounts c = ucopy_test::count_tree(src);
  RunRecord r = copy_with_flags(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(r.stats.files, c.files);
  EXPECT_EQ(r.stats.dirs, c.dirs) << "the root directory counts as created";
  EXPECT_EQ(r.stats.symlinks, c.symlinks);
  EXPECT_EQ(r.stats.specials, c.specials);
  EXPECT_EQ(r.stats.bytes, c.bytes);
  EXPECT_EQ(r.stats.skipped, 0u);
  EXPECT_EQ(r.stats.warnings, 0u);
  EXPECT_GT(r.stats.sqes_submitted, 0u);
  EXPECT_GT(r.stats.io_uring_enters, 0u);
  EXPECT_GT(r.stats.elapsed_ns, 0u);
  EXPECT_LE(r.stats.elapsed_ns, r.wall_ns);
  EXPECT_EQ(r.stats.size, sizeof(ucopy_stats));
  // One COPIED event per entry, the root included.
  std::set<std::string> copied;
  for (const RecordedEvent &e : r.events_of_type(UCOPY_EVENT_COPIED)) {
    EXPECT_TRUE(copied.insert(e.src_path).second) << "two COPIED events for " << e.src_path;
  }
  EXPECT_EQ(copied.size(), c.entries());
  EXPECT_TRUE(copied.count(src)) << "no COPIED event for the root directory";
  uint64_t event_bytes = 0;
  for (const RecordedEvent &e : r.events_of_type(UCOPY_EVENT_COPIED)) event_bytes += e.bytes;
  EXPECT_EQ(event_bytes, c.bytes) << "COPIED events' bytes do not add up to the data copied";
  EXPECT_SAME_TREE(src, dst);
}

TEST_F(StatsAndProgress, ProgressNeverGoesBackwardsAndEndsAtTheTotals) {
  build_mid_tree(src);
  protect_source();
  const ucopy_test::TreeCounts c = ucopy_test::count_tree(src);
  CopySession session;
  session.options.progress_interval_ms = UCOPY_PROGRESS_INTERVAL_MIN_MS;
  session.options.buffer_size = 4096;  // a slower copy, so there are calls before the last
  ASSERT_EQ(session.apply(), 0);
  RunRecord r = session.run(src, dst);
  EXPECT_CLEAN_RUN(r);
  ASSERT_FALSE(r.progress.empty()) << "no progress call at all";
  for (size_t i = 1; i < r.progress.size(); ++i) {
    const ucopy_progress &a = r.progress[i - 1], &b = r.progress[i];
    SCOPED_TRACE("progress call " + std::to_string(i));
    EXPECT_GE(b.files_done, a.files_done);
    EXPECT_GE(b.files_total, a.files_total);
    EXPECT_GE(b.bytes_done, a.bytes_done);
    EXPECT_GE(b.bytes_total, a.bytes_total);
    EXPECT_GE(b.elapsed_ns, a.elapsed_ns);
    EXPECT_EQ(a.finished, 0u) << "only the last call may have finished=1";
  }
  for (const ucopy_progress &p : r.progress) {
    EXPECT_LE(p.files_done, p.files_total);
    EXPECT_LE(p.bytes_done, p.bytes_total);
  }
  const ucopy_progress &last = r.progress.back();
  EXPECT_EQ(last.finished, 1u);
  EXPECT_EQ(last.files_done, last.files_total);
  EXPECT_EQ(last.files_total, c.entries()) << "entries = files + dirs + symlinks + specials";
  EXPECT_EQ(last.bytes_done, c.bytes);
  EXPECT_EQ(last.bytes_total, c.bytes);
  EXPECT_EQ(last.bytes_done, r.stats.bytes);
}

TEST_F(StatsAndProgress, ProgressReturningNonZeroAborts) {
  build_many_small(src, 20, 100);
  protect_source();
  CopySession session;
  session.options.progress_interval_ms = UCOPY_PROGRESS_INTERVAL_MIN_MS;
  ASSERT_EQ(session.apply(), 0);
  int calls = 0;
  session.on_progress = [&](const ucopy_progress &) {
    ++calls;
    return 1;  // stop at the first report
  };
  RunRecord r = session.run(src, dst);
  EXPECT_EQ(r.rc, UCOPY_EABORTED) << r.describe_events();
  EXPECT_GE(calls, 1);
}

TEST_F(StatsAndProgress, DryRunWritesNothing) {
  build_mid_tree(src);
  protect_source();
  RunRecord r = copy_with_flags(src, dst, UCOPY_F_ARCHIVE | UCOPY_F_DRY_RUN);
  EXPECT_EQ(r.rc, 0) << r.describe_events();
  struct stat st;
  EXPECT_NE(::lstat(dst.c_str(), &st), 0) << "a dry run created the destination";
  // The plan: stats.bytes is what would be copied, each file's share in
  // its COPIED event.
  uint64_t planned = 0;
  for (const RecordedEvent &e : r.events)
    if (e.type == UCOPY_EVENT_COPIED) planned += e.bytes;
  EXPECT_EQ(r.stats.bytes, ucopy_test::count_tree(src).bytes) << r.describe_events();
  EXPECT_EQ(planned, r.stats.bytes) << r.describe_events();
}

TEST_F(StatsAndProgress, DryRunIntoExistingDirectoryChangesNothing) {
  build_sized_files(src);
  protect_source();
  ASSERT_EQ(::mkdir(dst.c_str(), 0700), 0);
  protect_source(tmp.path());  // now guards src and dst (and their parent) together
  RunRecord r = copy_with_flags(src, dst, UCOPY_F_ARCHIVE | UCOPY_F_DRY_RUN);
  EXPECT_EQ(r.rc, 0) << r.describe_events();
}

TEST_F(StatsAndProgress, FreshHandleCopiesWithTheDefaults) {
  // ucopy_new() promises "default options": a run without ucopy_set_options
  // must behave like UCOPY_OPTIONS_INIT, i.e. copy the whole tree.
  build_mid_tree(src);
  protect_source();
  const ucopy_test::TreeCounts c = ucopy_test::count_tree(src);
  CopySession session(/*apply_defaults=*/false);
  RunRecord r = session.run(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(r.stats.files, c.files) << r.describe_events();
  EXPECT_SAME_TREE(src, dst);
}

TEST_F(StatsAndProgress, NoDescriptorsLeakedAndHandleReusable) {
  build_mid_tree(src);
  protect_source();
  const int before = ucopy_test::count_open_fds();
  {
    CopySession session;
    session.options.overwrite = UCOPY_OVERWRITE_REPLACE;
    ASSERT_EQ(session.apply(), 0);
    for (int i = 0; i < 3; ++i) {
      RunRecord r = session.run(src, dst);
      EXPECT_CLEAN_RUN(r);
      EXPECT_EQ(r.stats.failures, 0u);
    }
    // A failing run must not leak either.
    RunRecord missing = session.run(tmp / "missing", tmp / "x");
    EXPECT_EQ(missing.rc, -ENOENT);
  }
  EXPECT_EQ(ucopy_test::count_open_fds(), before);
  EXPECT_SAME_TREE(src, dst);
}

}  // namespace
}  // namespace ucopy_e2e
