/* SPDX-License-Identifier: MIT */
// What a victim file outside the trees looks like, so that a test can tell
// whether a run touched it: mode, owner, link count, size, times, and every
// xattr (POSIX ACLs included, as system.posix_acl_*).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>

namespace ucopy_security {

struct FileState {
  bool exists = false;
  mode_t mode = 0;
  uid_t uid = 0;
  gid_t gid = 0;
  nlink_t nlink = 0;
  off_t size = 0;
  int64_t mtime_ns = 0;
  int64_t atime_ns = 0;
  std::map<std::string, std::string> xattrs;
};

// lstat and the xattrs of `path` (never through a symlink at its end).
FileState file_state(const std::string &path);

// What differs between two states ("" when nothing), e.g.
// "mode 0100600 -> 0100644; xattr system.posix_acl_access added".
std::string state_change(const FileState &before, const FileState &after);

}  // namespace ucopy_security
