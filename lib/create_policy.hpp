// Creating a destination entry under the overwrite policy.
#pragma once

#include <unistd.h>

#include <cerrno>
#include <cstdint>

#include "ucopy.h"

namespace ucopy_impl {

// Runs `make` (a creating call returning 0 or -1 with errno). When the name
// exists: UCOPY_OVERWRITE_SKIP returns 1, _REPLACE unlinks it and tries once
// more, _FAIL returns -EEXIST. Otherwise returns 0 or -errno.
template <typename Make>
int create_with_policy(uint32_t overwrite, int dirfd, const char *name, Make make) {
  if (make() == 0) return 0;
  if (errno != EEXIST) return -errno;
  switch (overwrite) {
    case UCOPY_OVERWRITE_SKIP: return 1;
    case UCOPY_OVERWRITE_REPLACE:
      if (unlinkat(dirfd, name, 0) != 0) return -errno;
      return make() == 0 ? 0 : -errno;
    default: return -EEXIST;
  }
}

}  // namespace ucopy_impl
