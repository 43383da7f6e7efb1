// SPDX-License-Identifier: MIT
#include "large/data.hpp"

#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "ucopy.h"

namespace ucopy_impl {

namespace {
constexpr size_t kBlock = 4096;

bool block_is_zero(const char *p, size_t n) {
  // Compare with itself shifted: zero iff the first byte is zero and every
  // byte equals the one before it.
  return n == 0 || (p[0] == 0 && std::memcmp(p, p + 1, n - 1) == 0);
}
}  // namespace

bool method_unsupported(int err) {
  return err == EXDEV || err == EOPNOTSUPP || err == ENOSYS || err == EINVAL || err == ENOTTY ||
         err == EBADF;
}

bool is_destination_error(int err) {
  return err == ENOSPC || err == EDQUOT || err == EFBIG || err == EROFS;
}

int clone_file(int dst, int src) {
  if (ioctl(dst, FICLONE, src) == 0) return 0;
  return -errno;
}

ssize_t read_full(int fd, char *buf, size_t len, uint64_t off) {
  size_t got = 0;
  while (got < len) {
    ssize_t n = pread(fd, buf + got, len - got, static_cast<off_t>(off + got));
    if (n < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  return static_cast<ssize_t>(got);
}

int write_all(int fd, const char *buf, size_t len, uint64_t off) {
  size_t done = 0;
  while (done < len) {
    ssize_t n = pwrite(fd, buf + done, len - done, static_cast<off_t>(off + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    if (n == 0) return -EIO;  // no progress and no error: never loop on it
    done += static_cast<size_t>(n);
  }
  return 0;
}

int write_skipping_zeros(int fd, const char *buf, size_t len, uint64_t off, uint64_t &holes) {
  size_t i = 0;
  while (i < len) {
    // A run of zero blocks is skipped; a run of other blocks is written.
    size_t j = i;
    while (j < len && block_is_zero(buf + j, std::min(kBlock, len - j))) j += kBlock;
    if (j > len) j = len;
    holes += j - i;
    i = j;
    while (j < len && !block_is_zero(buf + j, std::min(kBlock, len - j))) j += kBlock;
    if (j > len) j = len;
    if (j > i) {
      int rc = write_all(fd, buf + i, j - i, off + i);
      if (rc != 0) return rc;
    }
    i = j;
  }
  return 0;
}

int compare_files(int a, int b, uint64_t size, char *buf_a, char *buf_b, size_t chunk,
                  const std::atomic<bool> &stop, const char **which) {
  struct stat sa {};
  struct stat sb {};
  if (fstat(a, &sa) != 0) {
    *which = "read";
    return -errno;
  }
  if (fstat(b, &sb) != 0) {
    *which = "verify";
    return -errno;
  }
  if (static_cast<uint64_t>(sb.st_size) != size) return UCOPY_EVERIFY;
  for (uint64_t off = 0; off < size;) {
    if (stop.load(std::memory_order_relaxed)) return -ECANCELED;
    size_t len = size - off < chunk ? static_cast<size_t>(size - off) : chunk;
    ssize_t na = read_full(a, buf_a, len, off);
    if (na < 0) {
      *which = "read";
      return static_cast<int>(na);
    }
    ssize_t nb = read_full(b, buf_b, len, off);
    if (nb < 0) {
      *which = "verify";
      return static_cast<int>(nb);
    }
    if (na != nb || std::memcmp(buf_a, buf_b, static_cast<size_t>(na)) != 0) return UCOPY_EVERIFY;
    if (static_cast<size_t>(na) < len) return UCOPY_EVERIFY;  // shorter than it should be
    off += len;
  }
  return 0;
}

}  // namespace ucopy_impl
