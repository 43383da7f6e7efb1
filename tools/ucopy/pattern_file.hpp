// SPDX-License-Identifier: MIT
// --exclude-from=FILE: one pattern per line, as rsync reads them, within
// limits: a hostile or mistaken file (/dev/zero, a binary, a huge list)
// fails fast with a message naming the file, the line and the reason
// instead of growing one line until memory runs out.
#pragma once

#include <cstddef>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "ucopy.h"

namespace ucopy_cli {

// The longest line: the library's longest pattern, plus a "\r" ending.
constexpr size_t kPatternLineMax = UCOPY_FILTER_PATTERN_MAX;
// Patterns per file: each one is checked against every entry of the tree,
// so a list this long already costs more than the copy.
constexpr size_t kPatternsPerFileMax = 100000;
// Bytes per file, comments included.
constexpr size_t kPatternFileBytesMax = size_t{16} << 20;

// Appends the patterns of `path` ("-" is standard input) to `out`: one per
// line, without its line ending; blank lines and lines starting with '#' or
// ';' are comments. Returns a message when the file cannot be read or
// breaks a limit: "FILE:LINE: reason".
std::optional<std::string> read_pattern_file(const std::string &path,
                                             std::vector<std::string> &out);

// The same from an open stream; `name` is the file's name for messages.
std::optional<std::string> read_pattern_stream(std::FILE *f, const std::string &name,
                                               std::vector<std::string> &out);

}  // namespace ucopy_cli
