// --exclude-from=FILE: one pattern per line, as rsync reads them.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ucopy_cli {

// Appends the patterns of `path` ("-" is standard input) to `out`: one per
// line, without its line ending; blank lines and lines starting with '#' or
// ';' are comments. Returns a message when the file cannot be read.
std::optional<std::string> read_pattern_file(const std::string &path,
                                             std::vector<std::string> &out);

}  // namespace ucopy_cli
