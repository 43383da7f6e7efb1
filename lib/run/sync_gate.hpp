// SPDX-License-Identifier: MIT
// UCOPY_F_FSYNC on ext4, xfs and btrfs: files are synced in batches by one
// syncfs() of the destination on a thread of its own, while the workers go
// on copying, instead of one fsync() each. On a fresh ext4 on a direct-I/O
// loop device, 100,000 small files took 70 s with a fsync per file (each
// waits for a journal commit, and io_uring runs only a few at once)
// against 4.6 s for the copy without syncs. A syncfs() costs about 20 us
// per small file written since the last one (the data's write-back) and a
// few ms more (the commit and the device flush); run by the workers
// themselves, the syncs added their whole time to the copy's (9.7 s, under
// load); on this thread, --atomic --fsync takes 1.8x the copy without
// syncs (4.5 s against 2.5 s, bench/RESULTS-durability.md).
//
// Whatever was queued while one sync ran is covered by the next one: the
// batches of all workers share each sync (a group commit).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace ucopy_impl {

class SyncGate {
 public:
  SyncGate() = default;
  ~SyncGate();  // waits for the thread; nothing may be queued any more
  SyncGate(const SyncGate &) = delete;
  SyncGate &operator=(const SyncGate &) = delete;

  // Whether the filesystem of `fd` commits everything written before a
  // syncfs() of it, data and metadata, so that a batch needs nothing
  // else: ext4, xfs and btrfs. Elsewhere (FUSE, NFS, ...) a syncfs may not
  // reach the storage, and each file keeps its own fsync.
  static bool batches_on(int fd);

  // The filesystem to sync, through a descriptor held for the run. Before
  // the first after_next_sync().
  void set_fd(int fd) { fd_ = fd; }

  // Calls `done`, on the gate's thread, with the result (0 or -errno) of a
  // syncfs() that started after this call; when the thread cannot be
  // started, at once on the caller's, with that error. `files`: how many
  // files `done` waits for. A sync starts once kBatchFiles are queued, or
  // on urge().
  void after_next_sync(unsigned files, std::function<void(int)> done);
  // A caller can do nothing more until what it queued is synced: sync now.
  void urge();

  uint64_t syncs() const;  // syncfs() calls made, for the figures

  static constexpr const char *kThreadName = "ucopy-sync";
  // Files per sync unless a worker is waiting: each sync also commits the
  // journal and flushes the device, which stalls the workers' creates.
  static constexpr unsigned kBatchFiles = 512;

 private:
  void loop();

  int fd_ = -1;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::function<void(int)>> queued_;
  unsigned queued_files_ = 0;
  bool urged_ = false;
  std::atomic<uint64_t> syncs_{0};
  bool quit_ = false;
  std::thread thread_;
};

}  // namespace ucopy_impl
