// SPDX-License-Identifier: MIT
#include "process_setup.hpp"

#include <sys/resource.h>
#include <sys/stat.h>

namespace ucopy_cli {

void raise_open_file_limit() {
  struct rlimit limit;
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
}

void clear_umask_for_preserved_modes(bool preserve_mode) {
  if (preserve_mode) umask(0);
}

}  // namespace ucopy_cli
