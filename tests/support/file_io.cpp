// SPDX-License-Identifier: MIT
#include "support/file_io.h"

#include <fcntl.h>
#include <unistd.h>

#include <vector>

#include "support/path_text.h"
#include "support/sys_error.h"

namespace ucopy_test {

UniqueFd open_for_reading(int dirfd, const std::string &name, bool follow) {
  int flags = O_RDONLY | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW);
  int fd = ::openat(dirfd, name.c_str(), flags | O_NOATIME);
  if (fd < 0 && errno == EPERM) fd = ::openat(dirfd, name.c_str(), flags);
  return UniqueFd(fd);
}

ssize_t read_full(int fd, char *buf, size_t len) {
  size_t got = 0;
  while (got < len) {
    ssize_t n = ::read(fd, buf + got, len - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  return static_cast<ssize_t>(got);
}

std::string read_link(int dirfd, const std::string &name) {
  std::vector<char> buf(256);
  for (;;) {
    ssize_t n = ::readlinkat(dirfd, name.c_str(), buf.data(), buf.size());
    if (n < 0) throw_errno("readlink " + printable_path(name));
    if (static_cast<size_t>(n) < buf.size()) return std::string(buf.data(), static_cast<size_t>(n));
    buf.resize(buf.size() * 2);
  }
}

}  // namespace ucopy_test
