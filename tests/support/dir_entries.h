/* SPDX-License-Identifier: MIT */
// Listing a directory through its fd with getdents64, so callers never need
// the directory's full path (which may exceed PATH_MAX).
#pragma once

#include <string>
#include <vector>

namespace ucopy_test {

// The names in the directory open at dirfd, without "." and "..", sorted
// bytewise. The fd's offset is rewound first, so a dirfd can be listed twice.
// Throws on error.
std::vector<std::string> list_dir(int dirfd);

}  // namespace ucopy_test
