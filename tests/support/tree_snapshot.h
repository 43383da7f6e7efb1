/* SPDX-License-Identifier: MIT */
// A record of a tree's metadata and content hashes, taken before a copy and
// compared after it: the copy must never modify its source.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ucopy_test {

struct EntrySnapshot {
  mode_t mode = 0;  // type and permission bits
  uid_t uid = 0;
  gid_t gid = 0;
  ino_t ino = 0;
  nlink_t nlink = 0;
  off_t size = 0;
  int64_t mtime_ns = 0;
  // ctime catches chmod/chown/utimens on the source; atime is left out
  // because reading a file legitimately updates it (relatime).
  int64_t ctime_ns = 0;
  uint64_t content_hash = 0;  // regular files
  std::string link_target;    // symlinks
};

// Relative path ("" is the root) -> entry.
using TreeSnapshot = std::map<std::string, EntrySnapshot>;

// Walks the tree at `path` through dirfds, reading every file.
TreeSnapshot snapshot_tree(const std::string &path);

// What changed between two snapshots, one line per difference.
std::vector<std::string> diff_snapshots(const TreeSnapshot &before, const TreeSnapshot &after,
                                        size_t max_differences = 100);

}  // namespace ucopy_test
