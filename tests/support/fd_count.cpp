// SPDX-License-Identifier: MIT
#include "support/fd_count.h"

#include <fcntl.h>

#include "support/dir_entries.h"
#include "support/sys_error.h"
#include "support/unique_fd.h"

namespace ucopy_test {

int count_open_fds() {
  UniqueFd dir(::open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir.valid()) throw_errno("open /proc/self/fd");
  // The listing includes the descriptor we opened to read it.
  return static_cast<int>(list_dir(dir.get()).size()) - 1;
}

}  // namespace ucopy_test
