// SPDX-License-Identifier: MIT
#include "support/tree_counts.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "support/dir_entries.h"
#include "support/path_text.h"
#include "support/sys_error.h"
#include "support/unique_fd.h"

namespace ucopy_test {

namespace {

void count_entry(int dirfd, const std::string &name, TreeCounts &c) {
  struct stat st;
  if (::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
    throw_errno("fstatat " + printable_path(name));
  if (S_ISREG(st.st_mode)) {
    ++c.files;
    c.bytes += static_cast<uint64_t>(st.st_size);
  } else if (S_ISLNK(st.st_mode)) {
    ++c.symlinks;
  } else if (S_ISDIR(st.st_mode)) {
    ++c.dirs;
    UniqueFd sub(::openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!sub.valid()) throw_errno("open dir " + printable_path(name));
    for (const std::string &child : list_dir(sub.get())) count_entry(sub.get(), child, c);
  } else {
    ++c.specials;
  }
}

}  // namespace

TreeCounts count_tree(const std::string &path) {
  TreeCounts c;
  count_entry(AT_FDCWD, path, c);
  return c;
}

}  // namespace ucopy_test
