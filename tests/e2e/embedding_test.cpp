// SPDX-License-Identifier: MIT
// What embedders rely on (issue "embedding that is cheap and native"): a
// run driven only by poll(2) on ucopy_fd() with callbacks on the polling
// thread; a handle that keeps its threads and rings between runs and
// follows option changes; the single-file path, which copies one small
// file on the calling thread with the same results as the workers.
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <set>
#include <string>
#include <thread>

#include "e2e_fixture.h"
#include "sample_trees.h"
#include "support/tree_builder.h"
#include "support/tree_counts.h"

namespace ucopy_e2e {
namespace {

class Embedding : public E2eTest {};

// Threads of this process, from /proc/self/task, without the kernel's
// io_uring workers (iou-wrk-*, iou-sqp-*), which come and go on their own.
size_t thread_count() {
  size_t n = 0;
  if (DIR *d = opendir("/proc/self/task")) {
    while (dirent *e = readdir(d)) {
      if (e->d_name[0] == '.') continue;
      const std::string comm =
          ucopy_test::read_file(AT_FDCWD, std::string("/proc/self/task/") + e->d_name + "/comm");
      if (comm.rfind("iou-", 0) != 0) n++;
    }
    closedir(d);
  }
  return n;
}

// The count before a test's handle exists, once the process has started
// a thread of its own (ThreadSanitizer starts a helper thread then).
size_t baseline_thread_count() {
  std::thread([] {}).join();
  return thread_count();
}

TEST_F(Embedding, RunDrivenFromPollOnlyDeliversEverythingOnThePollingThread) {
  build_mid_tree(src);
  protect_source();
  CopySession session;
  ASSERT_EQ(session.apply(), 0);
  std::set<std::thread::id> threads;
  session.on_event = [&](const RecordedEvent &) {
    threads.insert(std::this_thread::get_id());
    return UCOPY_CONTINUE;
  };
  unsigned wakeups = 0;
  RunRecord r = session.run_polled(src, dst, &wakeups);
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src, dst);
  EXPECT_EQ(threads, std::set<std::thread::id>{std::this_thread::get_id()});
  EXPECT_EQ(r.events_of_type(UCOPY_EVENT_COPIED).size(), ucopy_test::count_tree(src).entries());
  ASSERT_FALSE(r.progress.empty());
  EXPECT_EQ(r.progress.back().finished, 1u);
  EXPECT_GE(wakeups, 1u);
}

TEST_F(Embedding, StartedRunStopsOnCancelAndTheHandleStaysUsable) {
  build_large_tree(src);
  protect_source();
  CopySession session;
  session.options.progress_interval_ms = UCOPY_PROGRESS_INTERVAL_MIN_MS;
  ASSERT_EQ(session.apply(), 0);
  ucopy_t *h = session.handle();
  session.on_progress = [h](const ucopy_progress &p) {
    if (p.files_done >= 10) ucopy_cancel(h);
    return 0;
  };
  RunRecord r = session.run_polled(src, dst);
  ASSERT_EQ(r.rc, -ECANCELED) << r.describe_events();
  EXPECT_LT(r.stats.files, ucopy_test::count_tree(src).files);
  session.on_progress = nullptr;
  session.options.overwrite = UCOPY_OVERWRITE_REPLACE;
  ASSERT_EQ(session.apply(), 0);
  RunRecord again = session.run(src, dst);
  EXPECT_CLEAN_RUN(again);
  EXPECT_SAME_TREE(src, dst);
}

TEST_F(Embedding, OneRunAtATimeAndNoPollWithoutARun) {
  build_large_tree(src);
  protect_source();
  CopySession session;
  ASSERT_EQ(session.apply(), 0);
  ucopy_t *h = session.handle();
  EXPECT_EQ(ucopy_poll(h), -EINVAL);
  EXPECT_EQ(ucopy_finish(h), -EINVAL);
  const int fd = ucopy_fd(h);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(ucopy_start(h, src.c_str(), dst.c_str()), 0) << ucopy_last_error(h);
  EXPECT_EQ(ucopy_start(h, src.c_str(), (dst + "-2").c_str()), -EBUSY);
  EXPECT_EQ(ucopy_run(h, src.c_str(), (dst + "-2").c_str()), -EBUSY);
  EXPECT_EQ(ucopy_trim(h), -EBUSY);
  EXPECT_EQ(ucopy_fd(h), fd) << "the descriptor changed during the handle's life";
  EXPECT_EQ(ucopy_finish(h), 0) << ucopy_last_error(h);
  EXPECT_EQ(ucopy_poll(h), -EINVAL) << "the result was returned twice";
  EXPECT_SAME_TREE(src, dst);
}

// Threads and rings stay for later runs, follow changed options (fewer
// workers stop theirs) and go at ucopy_trim() and ucopy_free().
TEST_F(Embedding, ReusedHandleKeepsItsThreadsAndFollowsOptionChanges) {
  build_mid_tree(src);
  protect_source();
  const size_t base = baseline_thread_count();
  constexpr unsigned kRegions = 2;
  {
    CopySession session;
    struct Shape {
      unsigned workers, in_flight, buffer;
    };
    int i = 0;
    for (const Shape &s : {Shape{2, 64, 0}, Shape{2, 64, 0}, Shape{1, 8, 65536}, Shape{2, 4, 0}}) {
      session.options.workers = s.workers;
      session.options.files_in_flight = s.in_flight;
      session.options.buffer_size = s.buffer;
      session.options.regions = kRegions;
      ASSERT_EQ(session.apply(), 0);
      const std::string out = dst + std::to_string(i++);
      RunRecord r = session.run(src, out);
      EXPECT_CLEAN_RUN(r);
      EXPECT_SAME_TREE(src, out);
      // The tree's large files start the helper threads in the first run.
      EXPECT_EQ(thread_count(), base + s.workers + kRegions) << "after run " << i;
    }
    for (int k = 0; k < 10; k++) session.run(src, dst + "-again" + std::to_string(k));
    EXPECT_EQ(thread_count(), base + 2 + kRegions) << "threads grew with the number of runs";
    ASSERT_EQ(ucopy_trim(session.handle()), 0);
    EXPECT_EQ(thread_count(), base) << "ucopy_trim() left threads";
    RunRecord after = session.run(src, dst + "-after-trim");
    EXPECT_CLEAN_RUN(after);
    EXPECT_SAME_TREE(src, dst + "-after-trim");
  }
  EXPECT_EQ(thread_count(), base) << "ucopy_free() left threads";
}

TEST_F(Embedding, FreeDuringAStartedRunStopsItAndLeavesNoThread) {
  build_large_tree(src);
  protect_source();
  const size_t base = baseline_thread_count();
  ucopy_t *h = ucopy_new();
  ASSERT_NE(h, nullptr);
  ASSERT_EQ(ucopy_start(h, src.c_str(), dst.c_str()), 0) << ucopy_last_error(h);
  ucopy_free(h);
  EXPECT_EQ(thread_count(), base);
}

// The single-file path (no ring: no SQE submitted) keeps what the workers
// keep: bytes, mode with setuid, owner, ns times, xattrs.
TEST_F(Embedding, SingleSmallFileIsCopiedOnTheCallingThreadWithAllItsMetadata) {
  ucopy_test::make_dir(AT_FDCWD, src, 0755);
  ucopy_test::make_dir(AT_FDCWD, dst, 0755);
  ucopy_test::UniqueFd d = ucopy_test::open_dir(src);
  ucopy_test::write_random_file(d.get(), "f", 6000, 7, 0644);
  const std::string f = src + "/f";
  ASSERT_EQ(::setxattr(f.c_str(), "user.origin", "here", 4, 0), 0);
  if (geteuid() == 0) {
    ASSERT_EQ(::chown(f.c_str(), 65534, 65534), 0);
  }
  ASSERT_EQ(::chmod(f.c_str(), geteuid() == 0 ? 04751 : 0751), 0);
  ucopy_test::set_times(d.get(), "f", timespec{1000, 123456789}, timespec{2000, 987654321});
  CopySession session;
  ASSERT_EQ(session.apply(), 0);
  for (int i = 0; i < 3; i++) {  // the first run on the handle, and later ones
    const std::string out = dst + "/f" + std::to_string(i);
    RunRecord r = session.run(f, out);
    EXPECT_CLEAN_RUN(r);
    EXPECT_SAME_TREE(f, out);
    EXPECT_EQ(r.stats.files, 1u);
    EXPECT_EQ(r.stats.bytes, 6000u);
    EXPECT_EQ(r.stats.sqes_submitted, 0u) << "not the single-file path";
    char value[16] = {};
    EXPECT_EQ(::getxattr(out.c_str(), "user.origin", value, sizeof value), 4);
    EXPECT_STREQ(value, "here");
    ASSERT_EQ(r.events_of_type(UCOPY_EVENT_COPIED).size(), 1u);
    EXPECT_EQ(r.events_of_type(UCOPY_EVENT_COPIED)[0].bytes, 6000u);
  }
}

// An existing destination is left to the workers, which apply the policy.
TEST_F(Embedding, SingleFileOntoAnExistingOneFollowsTheOverwritePolicy) {
  ucopy_test::make_dir(AT_FDCWD, src, 0755);
  ucopy_test::make_dir(AT_FDCWD, dst, 0755);
  ucopy_test::UniqueFd s = ucopy_test::open_dir(src);
  ucopy_test::UniqueFd d = ucopy_test::open_dir(dst);
  ucopy_test::write_file(s.get(), "f", "new\n", 0644);
  ucopy_test::write_file(d.get(), "f", "old\n", 0644);
  const std::string from = src + "/f";
  const std::string to = dst + "/f";
  CopySession session;
  session.options.overwrite = UCOPY_OVERWRITE_FAIL;
  ASSERT_EQ(session.apply(), 0);
  RunRecord fail = session.run(from, to);
  EXPECT_EQ(fail.rc, UCOPY_EPARTIAL) << fail.describe_events();
  ASSERT_EQ(fail.events_of_type(UCOPY_EVENT_ERROR).size(), 1u);
  EXPECT_EQ(fail.events_of_type(UCOPY_EVENT_ERROR)[0].code, -EEXIST);
  EXPECT_EQ(ucopy_test::read_file(AT_FDCWD, to), "old\n");
  session.options.overwrite = UCOPY_OVERWRITE_SKIP;
  ASSERT_EQ(session.apply(), 0);
  RunRecord skip = session.run(from, to);
  EXPECT_EQ(skip.rc, 0) << skip.describe_events();
  EXPECT_EQ(skip.stats.skipped, 1u);
  EXPECT_EQ(ucopy_test::read_file(AT_FDCWD, to), "old\n");
  session.options.overwrite = UCOPY_OVERWRITE_REPLACE;
  ASSERT_EQ(session.apply(), 0);
  RunRecord replace = session.run(from, to);
  EXPECT_CLEAN_RUN(replace);
  EXPECT_SAME_TREE(from, to);
}

}  // namespace
}  // namespace ucopy_e2e
