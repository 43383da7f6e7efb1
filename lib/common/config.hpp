// SPDX-License-Identifier: MIT
// The validated, defaulted form of ucopy_options that the engine runs with.
#pragma once

#include <cstdint>
#include <string>

#include "ucopy.h"

namespace ucopy_impl {

struct Config {
  uint64_t flags = UCOPY_F_ARCHIVE;
  uint32_t overwrite = UCOPY_OVERWRITE_FAIL;
  uint32_t owner_policy = UCOPY_OWNER_WARN;
  uint32_t workers = 0;          // resolved: >= 1
  uint32_t files_in_flight = 0;  // resolved: >= 1, per worker
  uint32_t queue_depth = 0;      // resolved: >= UCOPY_QUEUE_DEPTH_MIN
  uint32_t buffer_size = 0;      // resolved: multiple of 4096
  uint32_t progress_interval_ms = 0;
  uint32_t copy_method = UCOPY_COPY_AUTO;
  uint32_t reflink = UCOPY_REFLINK_AUTO;
  uint32_t sparse = UCOPY_SPARSE_AUTO;
  uint32_t regions = 0;           // resolved: helper threads, >= 1
  uint64_t region_threshold = 0;  // 0: no region split
  uint64_t region_size = 0;       // 0: file size / regions, rounded up to UCOPY_REGION_ALIGN
  uint32_t update = UCOPY_UPDATE_NONE;
  uint32_t digest = UCOPY_DIGEST_NONE;  // UCOPY_DIGEST_*: each copied file's digest
  uint64_t link_map_limit = 0;          // bytes of the hard-link map; 0: unlimited

  bool has(uint64_t f) const { return (flags & f) != 0; }
};

// The defaults that ucopy_options_init() and UCOPY_OPTIONS_INIT describe.
void default_options(ucopy_options *opts);

// Reads the part of `in` that in->size covers (defaults for the rest),
// checks every value and fills `out` with defaults resolved. On a bad value
// returns false and describes it in `err`.
bool resolve_options(const ucopy_options *in, Config &out, std::string &err);

}  // namespace ucopy_impl
