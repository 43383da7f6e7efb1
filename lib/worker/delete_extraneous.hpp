// SPDX-License-Identifier: MIT
// --delete: after a directory's entries are copied, the entries of its
// destination that the source directory does not have are removed, like
// rsync --delete-after per directory. Everything happens through the
// destination directory's fd, and symlinks are removed, never followed, so
// nothing outside the destination tree can be touched; a mount point below
// the destination is not descended into. Entries the filter rules exclude
// are kept (rsync's default).
#pragma once

#include "common/counters.hpp"

namespace ucopy_impl {

struct RunContext;
struct DirNode;

void delete_extraneous(RunContext &ctx, Counters &cnt, DirNode &node);

}  // namespace ucopy_impl
