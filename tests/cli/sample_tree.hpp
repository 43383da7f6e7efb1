// SPDX-License-Identifier: MIT
// The source tree most CLI tests copy: files of awkward sizes and modes,
// nested directories, a symlink, and nanosecond timestamps.
#pragma once

#include <string>

namespace cli_test {

// Creates `root` (which must not exist) and fills it.
void build_sample_tree(const std::string &root);

// Number of regular files build_sample_tree() creates.
constexpr int kSampleTreeFiles = 7;

}  // namespace cli_test
