// SPDX-License-Identifier: MIT
// run/sync_gate.hpp: the shared syncs of UCOPY_F_FSYNC answer every
// waiting batch once, start by themselves once a batch is full or when
// urged, and hand a failed sync's error to everyone it covered.
#include "run/sync_gate.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace ucopy_impl {
namespace {

using namespace std::chrono_literals;

// Counts answers and waits for them.
struct Answers {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<int> results;
  std::function<void(int)> one() {
    return [this](int rc) {
      std::lock_guard<std::mutex> lock(mu);
      results.push_back(rc);
      cv.notify_all();
    };
  }
  bool wait_for(size_t n, std::chrono::milliseconds limit = 30000ms) {
    std::unique_lock<std::mutex> lock(mu);
    return cv.wait_for(lock, limit, [&] { return results.size() >= n; });
  }
};

class SyncGateTest : public ::testing::Test {
 protected:
  // tmpfs where there is one: its syncs cost nothing, and a busy disk
  // would make the timing of these tests the disk's.
  void SetUp() override {
    fd_ = open("/dev/shm", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd_ < 0) fd_ = open("/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    ASSERT_GE(fd_, 0);
  }
  void TearDown() override {
    if (fd_ >= 0) close(fd_);
  }
  int fd_ = -1;
};

TEST_F(SyncGateTest, ASmallBatchWaitsUntilUrged) {
  Answers a;
  SyncGate gate;
  gate.set_fd(fd_);
  gate.after_next_sync(3, a.one());
  EXPECT_FALSE(a.wait_for(1, 300ms)) << "a sync started for 3 files without an urge";
  gate.urge();
  ASSERT_TRUE(a.wait_for(1));
  EXPECT_EQ(a.results, std::vector<int>{0});
  EXPECT_EQ(gate.syncs(), 1u);
}

TEST_F(SyncGateTest, AFullBatchStartsItsSyncAlone) {
  Answers a;
  SyncGate gate;
  gate.set_fd(fd_);
  gate.after_next_sync(SyncGate::kBatchFiles / 2, a.one());
  gate.after_next_sync(SyncGate::kBatchFiles / 2, a.one());
  ASSERT_TRUE(a.wait_for(2));
  EXPECT_EQ(a.results, (std::vector<int>{0, 0}));
}

TEST_F(SyncGateTest, AFailedSyncReachesEveryoneItCovered) {
  Answers a;
  SyncGate gate;
  gate.set_fd(-1);
  gate.after_next_sync(1, a.one());
  gate.after_next_sync(1, a.one());
  gate.urge();
  ASSERT_TRUE(a.wait_for(2));
  EXPECT_EQ(a.results, (std::vector<int>{-EBADF, -EBADF}));
}

// Four threads queue 100 batches each and urge as a worker would when it
// can do nothing else: every batch is answered exactly once, and the syncs
// are shared (fewer than the batches).
TEST_F(SyncGateTest, ManyThreadsShareTheSyncs) {
  std::atomic<int> answered{0};
  {
    SyncGate gate;
    gate.set_fd(fd_);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; t++) {
      threads.emplace_back([&] {
        for (int i = 0; i < 100; i++) {
          std::atomic<bool> mine{false};
          gate.after_next_sync(8, [&answered, &mine](int rc) {
            if (rc == 0) answered++;
            mine = true;
          });
          gate.urge();
          while (!mine.load()) std::this_thread::sleep_for(50us);
        }
      });
    }
    for (auto &t : threads) t.join();
    EXPECT_EQ(answered.load(), 400);
    EXPECT_LT(gate.syncs(), 400u);
    EXPECT_GE(gate.syncs(), 100u);
  }
}

TEST(SyncGateFilesystems, BatchesOnlyWhereASyncfsCommitsEverything) {
  const int proc = open("/proc/self", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ASSERT_GE(proc, 0);
  EXPECT_FALSE(SyncGate::batches_on(proc));
  close(proc);
  EXPECT_FALSE(SyncGate::batches_on(-1));
  const int shm = open("/dev/shm", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (shm >= 0) {
    EXPECT_FALSE(SyncGate::batches_on(shm)) << "tmpfs";
    close(shm);
  }
}

}  // namespace
}  // namespace ucopy_impl
