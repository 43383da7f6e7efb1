// SPDX-License-Identifier: MIT
// SIGINT/SIGTERM cancel the running copy instead of killing the process, so
// that the library removes partial files; the CLI then exits 128+signal.
#pragma once

#include "ucopy.h"

namespace ucopy_cli {

// Installs the handlers for `handle` and unblocks both signals (a parent
// may have blocked them; a copy tool must stay interruptible). A second
// signal of the same kind kills the process the default way.
void install_cancel_handlers(ucopy_t *handle);

// The first signal received, or 0.
int received_signal();

}  // namespace ucopy_cli
