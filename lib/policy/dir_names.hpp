// SPDX-License-Identifier: MIT
// Listing the names of a directory by descriptor, from its start, without
// "." and "..": for the passes over a destination directory (--delete, and
// the removal of temporary names an interrupted --atomic run left).
#pragma once

#include <dirent.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ucopy_impl {

// Calls fn(const dirent64 &) for each entry of `fd`. 0 or -errno.
template <typename Fn>
int for_each_dir_name(int fd, Fn fn) {
  if (lseek(fd, 0, SEEK_SET) < 0) return -errno;
  alignas(8) char buf[16384];
  for (;;) {
    long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
    if (n < 0) return -errno;
    if (n == 0) return 0;
    for (long off = 0; off < n;) {
      auto *d = reinterpret_cast<struct dirent64 *>(buf + off);
      off += d->d_reclen;
      if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0) continue;
      fn(*d);
    }
  }
}

}  // namespace ucopy_impl
