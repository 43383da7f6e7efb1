// SPDX-License-Identifier: MIT
// Progress that means something: the counting walk makes the totals final
// early and exactly, the percentage follows the bytes really written, and
// each report says what the run is doing and on which file.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "e2e_fixture.h"
#include "sample_trees.h"
#include "support/tree_builder.h"
#include "support/tree_counts.h"

namespace ucopy_e2e {
namespace {

using ucopy_test::count_tree;

class ProgressTotals : public E2eTest {
 protected:
  // A tree the workers cannot finish while the first events wait: the event
  // queue holds 1024, so a callback that sleeps on the first one stalls the
  // copy while the counting walk goes on.
  RunRecord run_stalled(CopySession &session) {
    bool slept = false;
    session.on_event = [&](const RecordedEvent &) {
      if (!slept) std::this_thread::sleep_for(std::chrono::milliseconds(300));
      slept = true;
      return UCOPY_CONTINUE;
    };
    return session.run(src, dst);
  }

  // The first report with final totals before the last one.
  static const ucopy_progress *first_final_before_end(const RunRecord &r) {
    for (size_t i = 0; i + 1 < r.progress.size(); i++)
      if (r.progress[i].totals_final) return &r.progress[i];
    return nullptr;
  }
};

TEST_F(ProgressTotals, CountingWalkFindsExactlyWhatTheCopyWillMeet) {
  // Deeper than the walk keeps directories open (it reopens them by name),
  // with entries the rules leave out and a symlink to a directory.
  build_many_small(src, 10, 500);
  build_deep_chain(src + "/deep", 80, "level");
  ASSERT_EQ(::mkdir((src + "/skipped").c_str(), 0755), 0);
  {
    ucopy_test::UniqueFd d = ucopy_test::open_dir(src + "/skipped");
    for (int i = 0; i < 50; i++) ucopy_test::write_file(d.get(), "f" + std::to_string(i), "data");
  }
  ASSERT_EQ(::symlink("deep", (src + "/link-to-deep").c_str()), 0);
  protect_source();
  ucopy_test::TreeCounts c = count_tree(src);
  const ucopy_test::TreeCounts left_out = count_tree(src + "/skipped");
  CopySession session;
  session.options.progress_interval_ms = UCOPY_PROGRESS_INTERVAL_MIN_MS;
  ASSERT_EQ(session.apply(), 0);
  ASSERT_EQ(ucopy_add_filter_rule(session.handle(), UCOPY_FILTER_EXCLUDE, "/skipped"), 0);
  RunRecord r = run_stalled(session);
  EXPECT_CLEAN_RUN(r);
  const ucopy_progress *p = first_final_before_end(r);
  ASSERT_NE(p, nullptr) << "totals were final only at the end";
  EXPECT_EQ(p->files_total, c.entries() - left_out.entries());
  EXPECT_EQ(p->bytes_total, c.bytes - left_out.bytes);
  EXPECT_LT(p->files_done, p->files_total) << "the copy was not stalled: nothing was tested";
  const ucopy_progress &last = r.progress.back();
  EXPECT_EQ(last.files_total, c.entries() - left_out.entries());
  EXPECT_EQ(last.files_done, last.files_total);
}

TEST_F(ProgressTotals, FollowingSymlinksCountsWhatTheCopyFollows) {
  // -L: a symlink to a directory is copied as that directory, and a link
  // back up the tree is a loop the copy refuses (one failed entry).
  build_many_small(src, 4, 400);
  ASSERT_EQ(::symlink("d000", (src + "/again").c_str()), 0);
  ASSERT_EQ(::symlink("..", (src + "/d001/up").c_str()), 0);
  protect_source();
  const ucopy_test::TreeCounts d000 = count_tree(src + "/d000");
  const ucopy_test::TreeCounts c = count_tree(src);  // "again" and "up" as symlinks
  CopySession session;
  session.options.progress_interval_ms = UCOPY_PROGRESS_INTERVAL_MIN_MS;
  session.options.flags_set = UCOPY_F_DEREFERENCE;
  ASSERT_EQ(session.apply(), 0);
  RunRecord r = run_stalled(session);
  EXPECT_EQ(r.stats.failures, 1u) << r.describe_events();
  const ucopy_progress *p = first_final_before_end(r);
  ASSERT_NE(p, nullptr) << "totals were final only at the end";
  // "again" is counted once as a symlink by count_tree; followed, it is a
  // directory with d000's entries below it.
  EXPECT_EQ(p->files_total, c.entries() + d000.entries() - 1);
  EXPECT_EQ(p->bytes_total, c.bytes + d000.bytes);
  EXPECT_EQ(r.progress.back().files_total, p->files_total);
  EXPECT_EQ(r.progress.back().files_done, p->files_total);
}

TEST_F(ProgressTotals, HardLinkedFilesCountTheirBytesOnce) {
  ASSERT_EQ(::mkdir(src.c_str(), 0755), 0);
  {
    ucopy_test::UniqueFd d = ucopy_test::open_dir(src);
    for (int i = 0; i < 2000; i++) {
      const std::string name = "f" + std::to_string(i);
      ucopy_test::write_random_file(d.get(), name, 1000 + i, i);
      ucopy_test::make_hardlink(d.get(), name, name + ".b");
      ucopy_test::make_hardlink(d.get(), name, name + ".c");
    }
  }
  protect_source();
  uint64_t inode_bytes = 0;
  for (int i = 0; i < 2000; i++) inode_bytes += 1000 + i;
  CopySession session;
  session.options.progress_interval_ms = UCOPY_PROGRESS_INTERVAL_MIN_MS;
  ASSERT_EQ(session.apply(), 0);
  RunRecord r = run_stalled(session);
  EXPECT_CLEAN_RUN(r);
  const ucopy_progress *p = first_final_before_end(r);
  ASSERT_NE(p, nullptr) << "totals were final only at the end";
  EXPECT_EQ(p->files_total, 6001u);
  EXPECT_EQ(p->bytes_total, inode_bytes);
  EXPECT_EQ(r.progress.back().bytes_done, inode_bytes);
}

TEST_F(ProgressTotals, WithoutThePrescanTotalsAreFinalOnlyAtTheEnd) {
  build_many_small(src, 10, 500);
  protect_source();
  CopySession session;
  session.options.progress_interval_ms = UCOPY_PROGRESS_INTERVAL_MIN_MS;
  session.options.flags_set = UCOPY_F_NO_PRESCAN;
  ASSERT_EQ(session.apply(), 0);
  RunRecord r = run_stalled(session);
  EXPECT_CLEAN_RUN(r);
  ASSERT_GE(r.progress.size(), 2u);
  EXPECT_EQ(first_final_before_end(r), nullptr);
  EXPECT_EQ(r.progress.back().totals_final, 1u);
}

TEST_F(ProgressTotals, UpToDateFilesCountAsDone) {
  build_many_small(src, 5, 200);
  protect_source();
  ASSERT_EQ(copy_with_flags(src, dst).rc, 0);
  CopySession session;
  session.options.update = UCOPY_UPDATE_SIZE_MTIME;
  ASSERT_EQ(session.apply(), 0);
  RunRecord r = session.run(src, dst);
  EXPECT_CLEAN_RUN(r);
  const ucopy_progress &last = r.progress.back();
  EXPECT_EQ(last.bytes_done, last.bytes_total);
  EXPECT_EQ(last.bytes_total, count_tree(src).bytes);
  EXPECT_EQ(last.files_skipped, r.stats.skipped);
  EXPECT_GT(last.files_skipped, 0u);
}

TEST_F(ProgressTotals, ReportsSayWhatAndWhere) {
  build_many_small(src, 10, 500);
  protect_source();
  CopySession session;
  session.options.progress_interval_ms = UCOPY_PROGRESS_INTERVAL_MIN_MS;
  session.options.files_in_flight = 1;  // slow enough for several reports
  session.options.buffer_size = 4096;
  ASSERT_EQ(session.apply(), 0);
  std::vector<std::string> paths;
  std::vector<uint32_t> phases;
  session.on_progress = [&](const ucopy_progress &p) {
    EXPECT_EQ(p.size, sizeof(ucopy_progress));
    phases.push_back(p.phase);
    if (p.current_path != nullptr) paths.emplace_back(p.current_path);
    return 0;
  };
  RunRecord r = session.run(src, dst);
  EXPECT_CLEAN_RUN(r);
  ASSERT_GE(r.progress.size(), 3u) << "too fast to judge";
  EXPECT_FALSE(paths.empty()) << "no report named a file in flight";
  for (const std::string &path : paths) EXPECT_EQ(path.rfind(src + "/", 0), 0u) << path;
  for (uint32_t phase : phases) {
    EXPECT_GE(phase, uint32_t{UCOPY_PHASE_WALKING});
    EXPECT_LE(phase, uint32_t{UCOPY_PHASE_SYNCING});
  }
  EXPECT_EQ(r.progress.back().current_path, nullptr);
  EXPECT_EQ(r.progress.back().files_failed, 0u);
  bool some_rate = false;
  for (const ucopy_progress &p : r.progress) some_rate = some_rate || p.bytes_per_sec > 0;
  EXPECT_TRUE(some_rate) << "no report gave a rate";
}

TEST_F(ProgressTotals, FsyncRunsReportSyncingLast) {
  build_many_small(src, 4, 100);
  protect_source();
  CopySession session;
  session.options.flags_set = UCOPY_F_FSYNC;
  ASSERT_EQ(session.apply(), 0);
  RunRecord r = session.run(src, dst);
  EXPECT_CLEAN_RUN(r);
  ASSERT_GE(r.progress.size(), 2u);
  EXPECT_EQ(r.progress[r.progress.size() - 2].phase, uint32_t{UCOPY_PHASE_SYNCING});
}

}  // namespace
}  // namespace ucopy_e2e
