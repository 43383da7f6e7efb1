// SPDX-License-Identifier: MIT
#include "support/xattr_list.h"

#include <fcntl.h>
#include <sys/xattr.h>

#include <cerrno>
#include <vector>

#include "support/sys_error.h"

namespace ucopy_test {

std::string fd_relative_path(int dirfd, const std::string &name) {
  if (dirfd == AT_FDCWD || (!name.empty() && name[0] == '/')) return name;
  return "/proc/self/fd/" + std::to_string(dirfd) + "/" + name;
}

std::map<std::string, std::string> read_xattrs(int dirfd, const std::string &name, bool follow) {
  const std::string path = fd_relative_path(dirfd, name);
  auto list = [&](char *buf, size_t size) {
    return follow ? ::listxattr(path.c_str(), buf, size) : ::llistxattr(path.c_str(), buf, size);
  };
  auto get = [&](const char *attr, char *buf, size_t size) {
    return follow ? ::getxattr(path.c_str(), attr, buf, size)
                  : ::lgetxattr(path.c_str(), attr, buf, size);
  };
  std::map<std::string, std::string> out;
  ssize_t len = list(nullptr, 0);
  if (len < 0 && errno == ENOTSUP) return out;
  if (len < 0) throw_errno("listxattr " + path);
  std::vector<char> names(static_cast<size_t>(len) + 1);
  len = list(names.data(), names.size());
  if (len < 0) throw_errno("listxattr " + path);
  for (ssize_t off = 0; off < len;) {
    std::string attr(names.data() + off);
    off += static_cast<ssize_t>(attr.size()) + 1;
    ssize_t n = get(attr.c_str(), nullptr, 0);
    if (n < 0) throw_errno("getxattr " + attr + " of " + path);
    std::string value(static_cast<size_t>(n), '\0');
    n = get(attr.c_str(), value.data(), value.size());
    if (n < 0) throw_errno("getxattr " + attr + " of " + path);
    value.resize(static_cast<size_t>(n));
    out.emplace(std::move(attr), std::move(value));
  }
  return out;
}

}  // namespace ucopy_test
