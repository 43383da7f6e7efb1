/* SPDX-License-Identifier: MIT */
// Paths in test output: names may hold newlines, 0xff bytes or run past
// PATH_MAX, so they are escaped and shortened before anyone reads them.
#pragma once

#include <string>
#include <string_view>

namespace ucopy_test {

// Printable ASCII stays; everything else becomes \n, \t or \xNN.
std::string printable(std::string_view bytes);

// printable(), with the middle elided when the result is longer than max_len.
std::string printable_path(std::string_view path, size_t max_len = 240);

// "a" + "/" + "b", treating an empty parent as the tree's root.
std::string join_rel(const std::string &parent, const std::string &name);

}  // namespace ucopy_test
