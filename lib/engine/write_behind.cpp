// SPDX-License-Identifier: MIT
#include "engine/write_behind.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace ucopy_impl {

namespace {

// A descriptor on the destination's filesystem: the destination directory
// itself (it may be a mount point), else its parent (a single file's copy
// does not exist yet when write-back is first wanted).
int open_on_destination(const std::string &dst) {
  int fd = open(dst.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) return fd;
  const size_t slash = dst.find_last_of('/');
  const std::string parent =
      slash == std::string::npos ? "." : (slash == 0 ? "/" : dst.substr(0, slash));
  return open(parent.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

}  // namespace

void WriteBehind::written(uint64_t total) {
  if (total - started_at_ < threshold_ || failed_to_start_) return;
  started_at_ = total;
  if (!thread_.joinable() && !start()) return;
  {
    std::lock_guard<std::mutex> lk(shared_->mu);
    shared_->requested = true;  // one still running takes this as "once more"
  }
  shared_->cv.notify_one();
}

bool WriteBehind::start() {
  auto s = std::make_unique<Shared>();
  s->fd = open_on_destination(dst_);
  if (s->fd < 0) {
    failed_to_start_ = true;  // the kernel's own write-back still happens
    return false;
  }
  try {
    Shared *p = s.get();
    thread_ = std::thread([p] { loop(*p); });
  } catch (const std::system_error &) {
    close(s->fd);
    failed_to_start_ = true;
    return false;
  }
  shared_ = std::move(s);
  return true;
}

void WriteBehind::loop(Shared &s) {
  std::unique_lock<std::mutex> lk(s.mu);
  for (;;) {
    s.cv.wait(lk, [&] { return s.requested || s.quit; });
    // Asked for just before the end of a finished run: still done, since
    // the run's data is what it is for.
    if (!s.requested) break;
    s.requested = false;
    lk.unlock();
    const int rc = syncfs(s.fd) == 0 ? 0 : -errno;
    lk.lock();
    if (rc != 0 && s.err == 0) s.err = rc;
  }
  close(s.fd);
  s.fd = -1;
}

int WriteBehind::finish(bool wait) {
  if (!thread_.joinable()) return 0;
  {
    std::lock_guard<std::mutex> lk(shared_->mu);
    shared_->quit = true;
    if (!wait) shared_->requested = false;  // a stopped run starts no more
  }
  shared_->cv.notify_one();
  if (!wait) return 0;
  thread_.join();
  return shared_->err;
}

}  // namespace ucopy_impl
