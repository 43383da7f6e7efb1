// SPDX-License-Identifier: MIT
#include "policy/entry_filter.hpp"

#include <sys/sysmacros.h>

#include <algorithm>
#include <chrono>

namespace ucopy_impl {

void stat_from_statx(const struct statx &in, struct stat &out) {
  out = {};
  out.st_dev = makedev(in.stx_dev_major, in.stx_dev_minor);
  out.st_ino = in.stx_ino;
  out.st_mode = in.stx_mode;
  out.st_nlink = in.stx_nlink;
  out.st_uid = in.stx_uid;
  out.st_gid = in.stx_gid;
  out.st_rdev = makedev(in.stx_rdev_major, in.stx_rdev_minor);
  out.st_size = static_cast<off_t>(in.stx_size);
  out.st_blksize = static_cast<blksize_t>(in.stx_blksize);
  out.st_blocks = static_cast<blkcnt_t>(in.stx_blocks);
  out.st_atim = {in.stx_atime.tv_sec, in.stx_atime.tv_nsec};
  out.st_mtim = {in.stx_mtime.tv_sec, in.stx_mtime.tv_nsec};
  out.st_ctim = {in.stx_ctime.tv_sec, in.stx_ctime.tv_nsec};
}

bool EntryFilter::decide(std::vector<FilterQuery> &batch, const std::atomic<bool> &stop,
                         EventQueue &wake) {
  Request req{&batch};
  std::unique_lock<std::mutex> lk(mu_);
  pending_.push_back(&req);
  lk.unlock();
  wake.notify();
  lk.lock();
  while (!req.done) {
    if (stop.load(std::memory_order_relaxed) && !req.taken) {
      pending_.erase(std::find(pending_.begin(), pending_.end(), &req));
      return false;
    }
    answered_.wait_for(lk, std::chrono::milliseconds(50));
  }
  return true;
}

bool EntryFilter::answer_pending() {
  std::vector<Request *> ask;
  {
    std::lock_guard<std::mutex> lk(mu_);
    if (pending_.empty()) return aborted_;
    ask.swap(pending_);
    for (Request *r : ask) r->taken = true;
  }
  // The callback runs without the lock: it may take its time. The workers
  // that posted these batches wait and do not touch them meanwhile.
  for (Request *r : ask) {
    for (FilterQuery &q : *r->batch) {
      int d = aborted_ ? UCOPY_SKIP : cb_(q.path.c_str(), &q.st, user_);
      if (d == UCOPY_ABORT) aborted_ = true;
      q.decision = (d == UCOPY_SKIP || d == UCOPY_ABORT) ? UCOPY_SKIP : UCOPY_CONTINUE;
    }
  }
  {
    std::lock_guard<std::mutex> lk(mu_);
    for (Request *r : ask) r->done = true;
  }
  answered_.notify_all();
  return aborted_;
}

}  // namespace ucopy_impl
