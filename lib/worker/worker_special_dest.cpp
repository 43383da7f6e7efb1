// SPDX-License-Identifier: MIT
// A top-level destination that is a device or FIFO (`ucopy FILE /dev/null`,
// `ucopy FILE /dev/sdb`, a named pipe a reader waits on): the file's bytes
// are written into it, as cp does, instead of replacing it with a regular
// file. Plain system calls on this worker thread: one such entry per run.
// No metadata is applied: the node is not the copy's to chown or chmod.
// Nothing here may block for good: the FIFO is opened without waiting for
// its reader and written with poll(), both checking for a stop request
// every 100 ms, so that ucopy_cancel() and SIGTERM end the wait.
#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "ucopy.h"
#include "worker/worker.hpp"

namespace ucopy_impl {
namespace {

constexpr int kPollMs = 100;

// Opens the destination for writing; a FIFO without a reader answers ENXIO
// to a non-blocking open, and is tried again until one comes.
int open_special(const std::atomic<bool> &stop, int dirfd, const char *name) {
  for (;;) {
    const int fd = openat(dirfd, name, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd >= 0 || errno != ENXIO) return fd >= 0 ? fd : -errno;
    if (stop.load(std::memory_order_relaxed)) return -ECANCELED;
    poll(nullptr, 0, kPollMs);
  }
}

int write_all(const std::atomic<bool> &stop, int fd, const char *p, size_t len) {
  while (len > 0) {
    if (stop.load(std::memory_order_relaxed)) return -ECANCELED;
    const ssize_t n = write(fd, p, len);
    if (n > 0) {
      p += n;
      len -= static_cast<size_t>(n);
    } else if (n < 0 && errno == EAGAIN) {
      pollfd pfd{fd, POLLOUT, 0};
      poll(&pfd, 1, kPollMs);
    } else if (n < 0 && errno != EINTR) {
      return -errno;
    }
  }
  return 0;
}

}  // namespace

void Worker::copy_into_special(FileOp &op) {
  DirNode &dir = *op.dir;
  const int sflags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | (op.follow ? 0 : O_NOFOLLOW);
  op.src_fd = openat(dir.src_fd, op.name.c_str(), sflags);
  if (op.src_fd < 0) op.fail(-errno, "open");
  if (op.err == 0 && !check_source(op)) op.err_op = op.err == UCOPY_ECHANGED ? "open" : op.err_op;
  op.helper = false;  // check_source() may have picked the helpers: not for this one
  int dst = -1;
  if (op.err == 0) {
    dst = open_special(ctx_.stop, dir.dst_fd, op.dst_cname());
    if (dst < 0) op.fail(dst, dst == -ECANCELED ? "" : "open");
    op.quiet = dst == -ECANCELED;
  }
  const size_t chunk = ctx_.cfg.buffer_size;
  for (uint64_t off = 0; op.err == 0;) {
    const ssize_t n = pread(op.src_fd, op.buf, chunk, static_cast<off_t>(off));
    if (n < 0) {
      op.fail(-errno, "read");
    } else if (n == 0) {
      break;
    } else if (const int rc = write_all(ctx_.stop, dst, op.buf, static_cast<size_t>(n)); rc != 0) {
      op.fail(rc, rc == -ECANCELED ? "" : "write");
      op.quiet = rc == -ECANCELED;
    } else {
      op.digest.update(op.buf, static_cast<size_t>(n));
      off += static_cast<uint64_t>(n);
      op.written = off;
      Counters::add(cnt_.bytes_moved, static_cast<uint64_t>(n));
    }
  }
  if (dst >= 0 && close(dst) != 0 && op.err == 0) op.fail(-errno, "close");
  if (op.err != 0) {
    if (!op.quiet)
      ctx_.report_error(cnt_, op.err, op.err_op, UCOPY_TYPE_FILE, dir.entry_src_path(ctx_, op.name),
                        dir.entry_dst_path(ctx_, op.dst_cname()));
  } else {
    Counters::add(cnt_.files, 1);
    ctx_.report_copied(
        cnt_, UCOPY_TYPE_FILE, op.written,
        [&](std::string &s, std::string &d) {
          s = dir.entry_src_path(ctx_, op.name);
          d = dir.entry_dst_path(ctx_, op.dst_cname());
        },
        op.digest.finish());
  }
  release_op(op);
}

}  // namespace ucopy_impl
