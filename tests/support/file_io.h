/* SPDX-License-Identifier: MIT */
// Small read helpers shared by the comparator and the snapshot.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <string>

#include "support/unique_fd.h"

namespace ucopy_test {

// Opens a file for reading without bumping its atime where the kernel lets
// us (O_NOATIME needs ownership or CAP_FOWNER), so checking a source does not
// change it. follow=false refuses to open through a symlink.
UniqueFd open_for_reading(int dirfd, const std::string &name, bool follow = false);

// read() until len bytes or EOF; returns the count, -1 on error (errno set).
ssize_t read_full(int fd, char *buf, size_t len);

// readlinkat() into a string of any length; throws on failure.
std::string read_link(int dirfd, const std::string &name);

}  // namespace ucopy_test
