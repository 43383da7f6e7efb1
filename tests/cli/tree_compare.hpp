// SPDX-License-Identifier: MIT
// Compares a copied tree with its source: the same entries with the same
// type, contents, symlink targets, permission bits and (optionally)
// nanosecond mtimes.
#pragma once

#include <string>
#include <vector>

namespace cli_test {

struct CompareRules {
  bool modes = true;   // permission bits incl. setuid/setgid/sticky
  bool mtimes = true;  // st_mtim of files and directories, to the nanosecond
};

// Every difference found, one line each ("" entries: none). An empty result
// means the trees match.
std::vector<std::string> compare_trees(const std::string &source, const std::string &copy,
                                       const CompareRules &rules = {});

// The differences joined for an assertion message.
std::string join_lines(const std::vector<std::string> &lines);

}  // namespace cli_test
