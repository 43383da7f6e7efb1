// SPDX-License-Identifier: MIT
// A run whose source is one small regular file, copied on the thread that
// serves the run with plain system calls: waking a worker and going
// through its ring costs more than such a copy (a 4 KiB file took 5 ms per
// run before handles kept their engine; libucopy(3), "Cost model").
//
// It follows the rules of the workers' path: the source opened O_NOFOLLOW
// and O_NONBLOCK relative to its parent's descriptor and type-checked
// through its own descriptor, whose statx is the one the copy carries; the
// copy created O_EXCL|O_NOFOLLOW relative to its parent's descriptor with
// at most its final permission bits (create_mode()); metadata through the
// copy's descriptor (apply_entry_meta()); a copy whose data failed removed.
// Whatever it does not take (a larger or sparse file, an existing
// destination, a failure before the copy exists, the options in
// single_file.cpp) is left untouched for the workers, which report it as
// they would any file.
#pragma once

#include "run/run_context.hpp"

namespace ucopy_impl {

// True when it took the run's single entry (copied it, or failed it and
// reported why): the run is then over. False when it left everything as it
// was, the entry still on ctx.dirs.
bool copy_single_file(RunContext &ctx, Counters &cnt);

}  // namespace ucopy_impl
