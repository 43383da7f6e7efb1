// SPDX-License-Identifier: MIT
// Process-wide settings made once at start-up.
#pragma once

namespace ucopy_cli {

// Raises the soft RLIMIT_NOFILE to the hard limit: the engine keeps many
// files open at once. Failure is harmless (the library copes with fewer).
void raise_open_file_limit();

// With preserve-mode on, files can be created with their final mode only
// when the umask is 0; that saves one chmod per file. The library is
// correct under any umask, so this is purely a speed-up.
void clear_umask_for_preserved_modes(bool preserve_mode);

}  // namespace ucopy_cli
