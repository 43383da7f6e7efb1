// SPDX-License-Identifier: MIT
// Write-behind: once 64 MiB have been written through the page cache, the
// library starts write-back of the destination filesystem with syncfs() on
// a thread of its own. This executable interposes syncfs() (libucopy's
// call resolves to the definition here, which the executable exports) to
// count the calls, to fail them, or to make them slow.
#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "e2e_fixture.h"
#include "support/fd_count.h"
#include "support/tree_builder.h"

namespace {

enum class Mode { kPass, kFailEio, kSlow };
std::atomic<Mode> g_mode{Mode::kPass};
std::atomic<int> g_calls{0};
std::atomic<int> g_running{0};  // syncfs() calls in progress

}  // namespace

extern "C" int syncfs(int fd) noexcept {
  static auto real = reinterpret_cast<int (*)(int)>(dlsym(RTLD_NEXT, "syncfs"));
  g_calls.fetch_add(1);
  switch (g_mode.load()) {
    case Mode::kFailEio: errno = EIO; return -1;
    case Mode::kSlow: {
      g_running.fetch_add(1);
      std::this_thread::sleep_for(std::chrono::seconds(2));
      int rc = real(fd);
      g_running.fetch_sub(1);
      return rc;
    }
    case Mode::kPass: break;
  }
  return real(fd);
}

namespace ucopy_e2e {
namespace {

constexpr uint64_t kKiB = 1024;

class WriteBehind : public E2eTest {
 protected:
  // Files small enough for the ring (at most two 128 KiB buffers), which
  // writes through the page cache: `total` bytes in 192 KiB files.
  void make_source(uint64_t total) {
    ucopy_test::make_dir(AT_FDCWD, src);
    uint64_t n = total / (192 * kKiB);
    for (uint64_t i = 0; i < n; i++)
      ucopy_test::write_random_file(AT_FDCWD, src + "/f" + std::to_string(i), 192 * kKiB, i + 1,
                                    0644);
    protect_source();
  }
  void SetUp() override {
    g_calls.store(0);
    g_mode.store(Mode::kPass);
  }
  void TearDown() override {
    g_mode.store(Mode::kPass);
    E2eTest::TearDown();
  }
};

// The interposition reaches this test: without it the counts prove nothing.
TEST_F(WriteBehind, InterpositionWorks) {
  int fd = open(tmp.path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  EXPECT_EQ(syncfs(fd), 0);
  close(fd);
  EXPECT_EQ(g_calls.load(), 1);
}

TEST_F(WriteBehind, StartsOnceEnoughDataIsDirty) {
  make_source(100 * 1024 * kKiB);
  RunRecord r = copy_with_flags(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src, dst);
  // 100 MiB with a step of 64 MiB: one write-back, started when the
  // coordinator's tick first saw 64 MiB or more.
  EXPECT_EQ(g_calls.load(), 1);
}

TEST_F(WriteBehind, SmallCopiesLeaveWriteBackToTheKernel) {
  make_source(8 * 1024 * kKiB);
  RunRecord r = copy_with_flags(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src, dst);
  EXPECT_EQ(g_calls.load(), 0);
}

TEST_F(WriteBehind, FlagTurnsItOff) {
  make_source(100 * 1024 * kKiB);
  RunRecord r = copy_with_flags(src, dst, UCOPY_F_ARCHIVE | UCOPY_F_NO_WRITE_BEHIND);
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src, dst);
  EXPECT_EQ(g_calls.load(), 0);
}

// A failed write-back means data may not have reached the disk: the run
// says so, naming the destination, although every file was copied.
TEST_F(WriteBehind, FailureIsAnErrorNamingTheDestination) {
  make_source(100 * 1024 * kKiB);
  g_mode.store(Mode::kFailEio);
  RunRecord r = copy_with_flags(src, dst);
  EXPECT_EQ(r.rc, UCOPY_EPARTIAL) << r.describe_events();
  auto errs = r.events_of_type(UCOPY_EVENT_ERROR);
  ASSERT_EQ(errs.size(), 1u) << r.describe_events();
  EXPECT_EQ(errs[0].op, "syncfs");
  EXPECT_EQ(errs[0].code, -EIO);
  EXPECT_EQ(errs[0].dst_path, dst);
  EXPECT_NE(errs[0].message.find(dst), std::string::npos) << errs[0].message;
  EXPECT_EQ(r.stats.failures, 1u);
  EXPECT_SAME_TREE(src, dst);
}

// A cancelled run returns without waiting for a slow write-back; the
// handle waits for it when it is freed, and nothing leaks.
TEST_F(WriteBehind, CancelDoesNotWaitForAWriteBackInProgress) {
  make_source(100 * 1024 * kKiB);
  g_mode.store(Mode::kSlow);
  const int fds_before = ucopy_test::count_open_fds();
  uint64_t cancel_at = 0;
  uint64_t returned_at = 0;
  {
    CopySession session;
    session.options.progress_interval_ms = UCOPY_PROGRESS_INTERVAL_MIN_MS;
    ASSERT_EQ(session.apply(), 0);
    session.on_progress = [&](const ucopy_progress &) {
      if (g_running.load() > 0 && cancel_at == 0) {
        cancel_at = now_ns();
        ucopy_cancel(session.handle());
      }
      return 0;
    };
    RunRecord r = session.run(src, dst);
    returned_at = now_ns();
    if (cancel_at == 0) GTEST_SKIP() << "the copy ended before its write-back began";
    EXPECT_EQ(r.rc, -ECANCELED) << r.describe_events();
    EXPECT_LT(returned_at - cancel_at, 1000000000u)
        << "ucopy_run waited " << (returned_at - cancel_at) / 1000000
        << " ms for the write-back after ucopy_cancel";
    EXPECT_EQ(g_running.load(), 1) << "the write-back should still be going on";
  }
  // ucopy_free() waited for it.
  EXPECT_EQ(g_running.load(), 0);
  EXPECT_EQ(ucopy_test::count_open_fds(), fds_before);
}

}  // namespace
}  // namespace ucopy_e2e
