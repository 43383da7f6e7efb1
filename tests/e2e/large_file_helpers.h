/* SPDX-License-Identifier: MIT */
// Helpers of the large-file tests: sparse files made of given data
// segments, content comparison of two paths, and a run with edited options.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "copy_session.h"

namespace ucopy_e2e {

constexpr uint64_t kMiB = 1ull << 20;

struct Segment {
  uint64_t off;
  uint64_t len;
};

// A file of `size` bytes whose only data are `segments` (pseudo-random
// bytes from `seed`); everything else is a hole.
void write_sparse_file(const std::string &path, uint64_t size, const std::vector<Segment> &segments,
                       uint64_t seed);

// "" when the two files hold the same bytes, else where they differ.
std::string content_difference(const std::string &a, const std::string &b);

// A run from the library defaults with `edit` applied to the options.
RunRecord copy_with(const std::string &src, const std::string &dst,
                    const std::function<void(ucopy_options &)> &edit);

// The events of `r` whose type is ERROR and whose source path ends in `name`.
std::vector<RecordedEvent> errors_for(const RunRecord &r, const std::string &name);

}  // namespace ucopy_e2e
