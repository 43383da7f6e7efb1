// SPDX-License-Identifier: MIT
// The top of a copy: what the source is, where the destination goes, and
// the checks that keep a copy from eating itself.
#pragma once

#include <sys/stat.h>

#include <memory>
#include <string>

#include "run/run_context.hpp"

namespace ucopy_impl {

// Sets up the first node of the walk (the source directory, or the parents
// of a single source entry) and pushes it on ctx.dirs. On failure returns a
// negative code and sets `message`.
int prepare_roots(RunContext &ctx, const char *src, const char *dst, std::string &message);

}  // namespace ucopy_impl
