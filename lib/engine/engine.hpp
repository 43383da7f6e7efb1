// SPDX-License-Identifier: MIT
// One ucopy_run(): checks the arguments, sets up the roots, runs the workers
// and, on the calling thread, delivers callbacks until they are done.
#pragma once

#include "engine/handle.hpp"

namespace ucopy_impl {

int run_copy(ucopy &h, const char *src, const char *dst);

}  // namespace ucopy_impl
