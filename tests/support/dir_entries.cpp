// SPDX-License-Identifier: MIT
#include "support/dir_entries.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "support/sys_error.h"

namespace ucopy_test {

namespace {
// The kernel's record layout for getdents64 (glibc 2.36 has no wrapper we can
// rely on everywhere).
struct LinuxDirent64 {
  ino64_t d_ino;
  off64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};
}  // namespace

std::vector<std::string> list_dir(int dirfd) {
  if (::lseek(dirfd, 0, SEEK_SET) < 0) throw_errno("lseek(dirfd)");
  std::vector<std::string> names;
  alignas(8) char buf[64 * 1024];
  for (;;) {
    long n = ::syscall(SYS_getdents64, dirfd, buf, sizeof buf);
    if (n < 0) throw_errno("getdents64");
    if (n == 0) break;
    for (long off = 0; off < n;) {
      auto *d = reinterpret_cast<LinuxDirent64 *>(buf + off);
      if (std::strcmp(d->d_name, ".") != 0 && std::strcmp(d->d_name, "..") != 0)
        names.emplace_back(d->d_name);
      off += d->d_reclen;
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace ucopy_test
