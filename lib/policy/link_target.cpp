// SPDX-License-Identifier: MIT
#include "policy/link_target.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "ucopy.h"

namespace ucopy_impl {
namespace {

// Without openat2 (before Linux 5.6, or under valgrind 3.19, which answers
// ENOSYS): one openat per component, each O_NOFOLLOW, directories with
// O_DIRECTORY, never "." or "..". The names are our own copies' names.
int open_by_components(int rootfd, const std::string &rel) {
  int cur = rootfd;
  size_t start = 0;
  for (;;) {
    const size_t slash = rel.find('/', start);
    const std::string part = rel.substr(start, slash == std::string::npos ? slash : slash - start);
    const bool last = slash == std::string::npos;
    int next = -1;
    if (part.empty() || part == "." || part == "..") errno = EXDEV;
    else
      next = openat(cur, part.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC | (last ? 0 : O_DIRECTORY));
    const int err = errno;
    if (cur != rootfd) close(cur);
    if (next < 0 || last) {
      errno = err;
      return next;
    }
    cur = next;
    start = slash + 1;
  }
}

int open_beneath(int rootfd, const std::string &rel) {
  open_how how{};
  how.flags = O_PATH | O_NOFOLLOW | O_CLOEXEC;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;
  const long fd = syscall(SYS_openat2, rootfd, rel.c_str(), &how, sizeof how);
  if (fd >= 0 || errno != ENOSYS) return static_cast<int>(fd);
  return open_by_components(rootfd, rel);
}

int link_from_fd(int fd, int dirfd, const char *name) {
  // AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH; /proc/self/fd works for anyone
  // and names the same open inode.
  if (linkat(fd, "", dirfd, name, AT_EMPTY_PATH) == 0) return 0;
  if (errno != ENOENT && errno != EPERM) return -errno;
  const std::string self = "/proc/self/fd/" + std::to_string(fd);
  return linkat(AT_FDCWD, self.c_str(), dirfd, name, AT_SYMLINK_FOLLOW) == 0 ? 0 : -errno;
}

}  // namespace

int link_to_target(int root_fd, const LinkTarget &target, int dirfd, const char *name) {
  if (root_fd < 0) return -EBADF;
  const int fd = open_beneath(root_fd, target.rel);
  if (fd < 0) return errno == ELOOP || errno == EXDEV ? UCOPY_ECHANGED : -errno;
  struct statx st {};
  int rc = statx(fd, "", AT_EMPTY_PATH, STATX_INO | STATX_TYPE, &st) != 0 ? -errno : 0;
  if (rc == 0 && (!S_ISREG(st.stx_mode) || !(InodeKey::of(st) == target.copy)))
    rc = UCOPY_ECHANGED;  // not our copy any more: a user renamed something there
  if (rc == 0) rc = link_from_fd(fd, dirfd, name);
  close(fd);
  return rc;
}

}  // namespace ucopy_impl
