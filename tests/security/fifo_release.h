/* SPDX-License-Identifier: MIT */
// Unblocking a copy stuck in open() on a FIFO: opening the FIFO for writing
// (without blocking) completes the reader's open, and the reads that follow
// see end of file. Lets a race test record a hang and still end cleanly.
#pragma once

#include <string>
#include <vector>

namespace ucopy_security {

// Opens every FIFO directly in `dirs` for writing and closes it again.
void poke_fifos(const std::vector<std::string> &dirs);

// Makes `count` FIFOs "p000".. in `pool` (made afresh, attacker-owned).
void fill_fifo_pool(const std::string &pool, int count);

}  // namespace ucopy_security
