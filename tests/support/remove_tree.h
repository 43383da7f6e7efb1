/* SPDX-License-Identifier: MIT */
// Removing whatever a test left behind: read-only and mode-0 directories,
// trees far deeper than PATH_MAX, odd names. Works only through dirfds.
#pragma once

#include <string>

namespace ucopy_test {

// Removes the entry `name` (file, link or whole directory tree) in dirfd.
// Directories get u+rwx before they are opened, so it also works for their
// owner when not root. Missing entries are fine. Throws on other errors.
void remove_tree_at(int dirfd, const std::string &name);

// The same for a path (relative to the cwd or absolute).
void remove_tree(const std::string &path);

}  // namespace ucopy_test
