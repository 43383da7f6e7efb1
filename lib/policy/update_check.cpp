// SPDX-License-Identifier: MIT
#include "policy/update_check.hpp"

#include "ucopy.h"

#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

namespace ucopy_impl {
namespace {

struct Fd {
  int fd;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd &) = delete;
  Fd &operator=(const Fd &) = delete;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
  bool valid() const { return fd >= 0; }
  int get() const { return fd; }
};

bool same_time(const statx_timestamp &a, const statx_timestamp &b) {
  return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

// Reads both files to the end and compares them; -errno if one cannot be
// read. Runs on the worker thread: --update=checksum is the slow, explicit
// choice, as rsync -c is.
int same_contents(int src_dirfd, const char *src_name, bool follow, int dst_dirfd,
                  const char *dst_name, const std::atomic<bool> &stop) {
  // O_NONBLOCK and a type check: a FIFO or device swapped in on either side
  // must neither block the open nor be read as if it were the file.
  Fd a(openat(src_dirfd, src_name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | (follow ? 0 : O_NOFOLLOW)));
  if (!a.valid()) return -errno;
  Fd b(openat(dst_dirfd, dst_name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW));
  if (!b.valid()) return -errno;
  struct stat sa {};
  struct stat sb {};
  if (fstat(a.get(), &sa) != 0 || fstat(b.get(), &sb) != 0) return -errno;
  if (!S_ISREG(sa.st_mode)) return UCOPY_ECHANGED;
  if (!S_ISREG(sb.st_mode)) return 0;  // not the same: copied anew
  constexpr size_t kChunk = size_t{256} * 1024;
  thread_local std::vector<char> x(kChunk);
  thread_local std::vector<char> y(kChunk);
  for (off_t off = 0;;) {
    if (stop.load(std::memory_order_relaxed)) return -ECANCELED;
    ssize_t n = pread(a.get(), x.data(), kChunk, off);
    if (n < 0) return -errno;
    ssize_t got = 0;
    while (got < n) {
      ssize_t m = pread(b.get(), y.data() + got, static_cast<size_t>(n - got), off + got);
      if (m < 0) return -errno;
      if (m == 0) return 0;  // destination shorter
      got += m;
    }
    if (n == 0) {
      char extra;
      ssize_t m = pread(b.get(), &extra, 1, off);
      return m == 0 ? 1 : (m < 0 ? -errno : 0);
    }
    if (memcmp(x.data(), y.data(), static_cast<size_t>(n)) != 0) return 0;
    off += n;
  }
}

bool same_link_target(int src_dirfd, const char *src_name, int dst_dirfd, const char *dst_name) {
  char a[4096];
  char b[4096];
  ssize_t n = readlinkat(src_dirfd, src_name, a, sizeof a);
  ssize_t m = readlinkat(dst_dirfd, dst_name, b, sizeof b);
  // A target longer than the buffers is taken as changed: it is recreated.
  return n >= 0 && n == m && n < static_cast<ssize_t>(sizeof a) && memcmp(a, b, n) == 0;
}

}  // namespace

DstCheck check_destination(const Config &cfg, int src_dirfd, const char *src_name, bool follow,
                           const struct statx &src, int dst_dirfd, const char *dst_name,
                           const std::atomic<bool> &stop) {
  DstCheck c;
  if (statx(dst_dirfd, dst_name, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &c.st) != 0) {
    if (errno != ENOENT) c.err = -errno;
    c.state = errno == ENOENT ? DstState::kMissing : DstState::kOutdated;
    return c;
  }
  c.state = DstState::kOutdated;
  if ((c.st.stx_mode & S_IFMT) != (src.stx_mode & S_IFMT)) return c;
  if (S_ISREG(src.stx_mode)) {
    if (c.st.stx_size != src.stx_size) return c;
    if (cfg.update == UCOPY_UPDATE_CHECKSUM) {
      int same = same_contents(src_dirfd, src_name, follow, dst_dirfd, dst_name, stop);
      if (same < 0) c.err = same;
      if (same != 1) return c;
    } else if (!same_time(c.st.stx_mtime, src.stx_mtime)) {
      return c;
    }
  } else if (S_ISLNK(src.stx_mode)) {
    if (!same_link_target(src_dirfd, src_name, dst_dirfd, dst_name)) return c;
  } else if (S_ISCHR(src.stx_mode) || S_ISBLK(src.stx_mode)) {
    if (c.st.stx_rdev_major != src.stx_rdev_major || c.st.stx_rdev_minor != src.stx_rdev_minor)
      return c;
  }
  c.state = DstState::kUpToDate;
  return c;
}

bool metadata_differs(const Config &cfg, bool may_chown, const struct statx &src,
                      const struct statx &dst) {
  if (cfg.has(UCOPY_F_PRESERVE_MODE) && !S_ISLNK(src.stx_mode) &&
      (src.stx_mode & 07777) != (dst.stx_mode & 07777))
    return true;
  if (cfg.has(UCOPY_F_PRESERVE_OWNER) && may_chown &&
      (src.stx_uid != dst.stx_uid || src.stx_gid != dst.stx_gid))
    return true;
  return cfg.has(UCOPY_F_PRESERVE_TIMES) && !same_time(src.stx_mtime, dst.stx_mtime);
}

}  // namespace ucopy_impl
