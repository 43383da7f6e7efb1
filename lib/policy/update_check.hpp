// SPDX-License-Identifier: MIT
// Incremental update: is the destination entry already what a copy of the
// source would give? rsync's quick check (same type, size and mtime) or a
// full comparison of the contents, decided before any byte is read.
#pragma once

#include <atomic>

#include <fcntl.h>
#include <sys/stat.h>

#include "common/config.hpp"

namespace ucopy_impl {

enum class DstState {
  kMissing,   // nothing there: copy
  kUpToDate,  // leave the data alone
  kOutdated,  // there but different: replace it
};

struct DstCheck {
  DstState state = DstState::kMissing;
  struct statx st {};  // the destination, unless missing
  int err = 0;         // a failure to look (-errno); state is then kOutdated
};

// Compares the source entry `src_name` in `src_dirfd` (stat `src`) with
// `dst_name` in `dst_dirfd` under cfg.update (not UCOPY_UPDATE_NONE). A
// comparison of contents gives up with -ECANCELED once `stop` is set, so
// that a cancel never waits for a whole large file to be read.
DstCheck check_destination(const Config &cfg, int src_dirfd, const char *src_name, bool follow,
                           const struct statx &src, int dst_dirfd, const char *dst_name,
                           const std::atomic<bool> &stop);

// Whether owner, mode or times of an up-to-date entry still need setting.
// The owner counts only for a caller that may change it: otherwise every
// run would try again and fail again.
bool metadata_differs(const Config &cfg, bool may_chown, const struct statx &src,
                      const struct statx &dst);

}  // namespace ucopy_impl
