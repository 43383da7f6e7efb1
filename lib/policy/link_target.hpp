// SPDX-License-Identifier: MIT
// Making a hard link to the first copy of an inode through descriptors.
#pragma once

#include "policy/hardlinks.hpp"

namespace ucopy_impl {

// Links `name` in directory `dirfd` to `target`'s copy: the copy is opened
// O_PATH beneath the held destination root without following any symlink,
// checked to be the inode the first copy made, and linked from that
// descriptor (AT_EMPTY_PATH as root, else its /proc/self/fd link). Returns 0
// or -errno; UCOPY_ECHANGED when another inode is found at the path.
int link_to_target(int root_fd, const LinkTarget &target, int dirfd, const char *name);

}  // namespace ucopy_impl
