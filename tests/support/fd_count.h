/* SPDX-License-Identifier: MIT */
// Counting this process's open descriptors, for leak checks around a run.
#pragma once

namespace ucopy_test {

// Entries in /proc/self/fd, not counting the descriptor used to read it.
int count_open_fds();

}  // namespace ucopy_test
