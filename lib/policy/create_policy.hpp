// SPDX-License-Identifier: MIT
// Creating a destination entry under the overwrite policy.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <string>

#include "common/config.hpp"
#include "policy/atomic_names.hpp"
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

// UCOPY_F_ATOMIC: whether the rename that ends a copy may replace an
// existing destination entry. With UCOPY_OVERWRITE_REPLACE, and with
// --update, which copies only entries that are missing or outdated (and,
// unlike a plain copy, leaves the outdated one in place until then).
inline bool atomic_replaces(const Config &cfg) {
  return cfg.overwrite == UCOPY_OVERWRITE_REPLACE || cfg.update != UCOPY_UPDATE_NONE;
}

// UCOPY_F_ATOMIC: the overwrite policy for `name`, looked at before
// anything is written: 0 to go ahead, 1 to skip, -EEXIST to fail. The
// rename (commit_temp) checks again, so a name made meanwhile is not lost.
inline int atomic_policy_check(const Config &cfg, int dirfd, const char *name) {
  if (atomic_replaces(cfg)) return 0;
  struct stat st;
  if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) return 0;
  return cfg.overwrite == UCOPY_OVERWRITE_SKIP ? 1 : -EEXIST;
}

// create_with_policy() for UCOPY_F_ATOMIC: the entry is made by `make`
// (called with the name to create) under a new temporary name, put in
// `tmp`, once the policy allows. Returns 0, 1 for skipped, or -errno.
template <typename Make>
int create_temp_with_policy(const Config &cfg, int dirfd, const char *name, std::string &tmp,
                            Make make) {
  int rc = atomic_policy_check(cfg, dirfd, name);
  if (rc != 0) return rc;
  make_temp_name(name, tmp);
  return make(tmp.c_str()) == 0 ? 0 : -errno;
}

}  // namespace ucopy_impl
