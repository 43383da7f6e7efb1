// SPDX-License-Identifier: MIT
// The shared syncs of UCOPY_F_FSYNC; see sync_gate.hpp.
#include "run/sync_gate.hpp"

#include <linux/magic.h>
#include <pthread.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace ucopy_impl {

bool SyncGate::batches_on(int fd) {
  struct statfs fs {};
  if (fd < 0 || fstatfs(fd, &fs) != 0) return false;
  switch (static_cast<unsigned long>(fs.f_type)) {
    case EXT4_SUPER_MAGIC:  // also ext2 and ext3, which commit as well
    case XFS_SUPER_MAGIC:
    case BTRFS_SUPER_MAGIC: return true;
    default: return false;
  }
}

SyncGate::~SyncGate() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    quit_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SyncGate::after_next_sync(unsigned files, std::function<void(int)> done) {
  std::unique_lock<std::mutex> lock(mu_);
  if (!thread_.joinable()) {
    try {
      thread_ = std::thread([this] { loop(); });
    } catch (const std::system_error &e) {
      lock.unlock();
      done(-e.code().value());
      return;
    }
  }
  queued_.push_back(std::move(done));
  queued_files_ += files;
  if (queued_files_ >= kBatchFiles) cv_.notify_one();
}

void SyncGate::urge() {
  std::lock_guard<std::mutex> lock(mu_);
  if (urged_ || queued_.empty()) return;
  urged_ = true;
  cv_.notify_one();
}

// Takes everything queued so far, syncs once, and answers it all; what is
// queued meanwhile waits for the next round.
void SyncGate::loop() {
  pthread_setname_np(pthread_self(), kThreadName);  // for ps, gdb and the tests
  std::vector<std::function<void(int)>> batch;
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] {
      return quit_ || (!queued_.empty() && (urged_ || queued_files_ >= kBatchFiles));
    });
    if (queued_.empty()) return;  // quit_, and nothing left
    batch.swap(queued_);
    queued_files_ = 0;
    urged_ = false;
    lock.unlock();
    const int rc = syncfs(fd_) == 0 ? 0 : -errno;
    syncs_.fetch_add(1, std::memory_order_relaxed);
    for (auto &done : batch) done(rc);
    batch.clear();
    lock.lock();
  }
}

uint64_t SyncGate::syncs() const { return syncs_.load(std::memory_order_relaxed); }

}  // namespace ucopy_impl
