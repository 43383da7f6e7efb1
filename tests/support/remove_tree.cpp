// SPDX-License-Identifier: MIT
#include "support/remove_tree.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "support/dir_entries.h"
#include "support/path_text.h"
#include "support/sys_error.h"
#include "support/unique_fd.h"

namespace ucopy_test {

void remove_tree_at(int dirfd, const std::string &name) {
  struct stat st;
  if (::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return;
    throw_errno("fstatat " + printable_path(name));
  }
  if (S_ISDIR(st.st_mode)) {
    // A test may have made the directory unreadable or read-only on purpose.
    if ((st.st_mode & S_IRWXU) != S_IRWXU)
      ::fchmodat(dirfd, name.c_str(), (st.st_mode & 07777) | S_IRWXU, 0);
    UniqueFd sub(::openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!sub.valid()) throw_errno("open dir " + printable_path(name));
    // Collect the names first: unlinking while getdents iterates may skip some.
    for (const std::string &child : list_dir(sub.get())) remove_tree_at(sub.get(), child);
    if (::unlinkat(dirfd, name.c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT)
      throw_errno("rmdir " + printable_path(name));
  } else if (::unlinkat(dirfd, name.c_str(), 0) != 0 && errno != ENOENT) {
    throw_errno("unlink " + printable_path(name));
  }
}

void remove_tree(const std::string &path) { remove_tree_at(AT_FDCWD, path); }

}  // namespace ucopy_test
