// SPDX-License-Identifier: MIT
// Files too large for the ring's small-file path are copied on a pool of
// helper threads, with system calls io_uring has no opcode for (FICLONE,
// copy_file_range, SEEK_DATA/SEEK_HOLE, fallocate) or that would block it.
//
// One job per file: its lead task opens both files, tries a clone, sizes
// and preallocates the destination, then splits the file into regions
// (multiples of UCOPY_REGION_ALIGN) that up to `regions` threads copy at
// once, each through its own source descriptor (its own readahead). The
// last participant to finish verifies (UCOPY_F_VERIFY), closes, and posts
// the FileOp back to its worker's mailbox: an eventfd the worker's ring
// reads, so the ring keeps moving other files meanwhile.
//
// Memory: each helper thread holds at most one 1 MiB chunk buffer (two
// under UCOPY_F_VERIFY), so the pool holds at most regions x 1 MiB
// (x 2): bounded by configuration, whatever the file sizes.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "common/counters.hpp"
#include "large/data.hpp"

namespace ucopy_impl {

struct FileOp;
struct RunContext;

// Where helper threads hand finished FileOps back to one worker.
class Mailbox {
 public:
  // Room for `capacity` ops (the worker's pool), so post() never allocates.
  explicit Mailbox(size_t capacity);
  ~Mailbox();
  Mailbox(const Mailbox &) = delete;
  Mailbox &operator=(const Mailbox &) = delete;

  bool ok() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  void post(FileOp *op);
  void take(std::vector<FileOp *> &out);
  // The 8 bytes the worker's ring reads from the eventfd.
  uint64_t sink = 0;

 private:
  int fd_ = -1;
  std::mutex mu_;
  std::vector<FileOp *> done_;
};

class HelperPool {
 public:
  // The threads start on first need and stay for later runs of the
  // handle that holds the pool; each run binds it first.
  HelperPool() = default;
  ~HelperPool();
  // For the run `ctx`, between runs only; `cnt` is the helpers' own counter
  // block (written with atomic adds).
  void bind(RunContext &ctx, Counters &cnt) {
    ctx_ = &ctx;
    cnt_ = &cnt;
  }
  // Threads started so far (at most the `regions` of the runs it served).
  size_t threads() const { return threads_.size(); }
  HelperPool(const HelperPool &) = delete;
  HelperPool &operator=(const HelperPool &) = delete;

  // Copies the file of `op` (dir, names and statx set) and posts `op` to
  // `mb` when done, with op.err/err_op/skipped/written/changed filled in.
  // Returns -errno (nothing posted) when no helper thread can be started.
  int submit(FileOp &op, Mailbox &mb);

 private:
  struct Job;
  struct Task {
    std::shared_ptr<Job> job;
    bool lead = false;
  };
  struct Scratch;
  struct SourceFds {
    int fd;      // buffered, with its own readahead
    int direct;  // O_DIRECT, or -1
  };

  void thread_main() noexcept;
  bool open_source(Job &job) const;
  bool create_temporary(Job &job) const;
  bool create_destination(Job &job) const;
  bool open_files(Job &job) const;
  bool size_destination(Job &job, bool prealloc) const;
  bool try_clone(Job &job, Scratch &sc);
  void digest_clone_source(Job &job, Scratch &sc);
  void open_direct_destination(Job &job) const;
  void plan_regions(Job &job) const;
  static bool worth_preallocating(const Job &job);
  void add_region_helpers(const std::shared_ptr<Job> &job_ptr);
  void lead(const std::shared_ptr<Job> &job_ptr, Scratch &sc);
  void participate(Job &job, Scratch &sc, bool own_fd);
  void copy_region(Job &job, Scratch &sc, const SourceFds &src, uint64_t start, uint64_t end);
  void copy_piece(Job &job, Scratch &sc, const SourceFds &src, uint64_t start, uint64_t end);
  bool cfr_step(Job &job, int src_fd, uint64_t &off, uint64_t end);
  bool rw_step(Job &job, Scratch &sc, const SourceFds &src, uint64_t &off, uint64_t end);
  void account_copy(Job &job);
  void verify(Job &job, Scratch &sc, uint64_t size);
  void finish(Job &job, Scratch &sc);

  RunContext *ctx_ = nullptr;
  Counters *cnt_ = nullptr;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Task> tasks_;
  std::vector<std::thread> threads_;
  bool quit_ = false;
};

}  // namespace ucopy_impl
