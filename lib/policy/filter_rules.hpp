// SPDX-License-Identifier: MIT
// Include/exclude patterns with rsync's rules: checked in order, the first
// match decides, no match keeps the entry. Paths are relative to the source
// root ("a/b/c"), bytes as on disk.
//
//  - a leading '/' anchors the pattern at the root;
//  - a trailing '/' matches directories only;
//  - a pattern without an inner '/' or "**" matches the last name only;
//    one with them matches the path's end at a name boundary, and one that
//    starts with "**" matches "/" + path (so "**/core" matches "core" too);
//  - '*' is any run of non-'/' bytes, "**" anything, '?' one non-'/' byte,
//    "[...]" a class ('!' or '^' negates), '\' escapes the next byte (only
//    in patterns with a wildcard: otherwise it is literal, as in rsync);
//  - "dir/***" matches dir itself (as "dir/") and everything below it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "policy/glob_matcher.hpp"
#include "ucopy.h"

namespace ucopy_impl {

// The wildcard match of a whole `text` against `pattern` (no anchoring
// logic): exposed for the unit tests.
bool glob_match(std::string_view pattern, std::string_view text);

// The longest pattern add() takes, in bytes: PATH_MAX, rsync's limit too.
// Matching costs time in proportion to pattern x path length and memory in
// proportion to the pattern; the bound keeps both small whatever a caller
// or a pattern file passes.
constexpr size_t kFilterPatternMax = UCOPY_FILTER_PATTERN_MAX;

class FilterRules {
 public:
  // Appends a rule; `include` false excludes. Returns false and says why in
  // `err` for an empty pattern, one longer than kFilterPatternMax or an
  // unclosed '['.
  bool add(bool include, std::string_view pattern, std::string &err);
  void clear() { rules_.clear(); }
  bool empty() const { return rules_.empty(); }
  // Whether some rule only matches directories: callers that cannot tell
  // an entry's type for free need to look only then.
  bool needs_type() const { return needs_type_; }

  // Whether the entry at `path` is left out.
  bool excludes(std::string_view path, bool is_dir) const;

 private:
  struct Rule {
    bool include = false;
    bool anchored = false;       // leading '/'
    bool dir_only = false;       // trailing '/'
    bool full_path = false;      // inner '/' or "**": matched against the path
    bool star_prefix = false;    // starts with "**" (not anchored)
    bool wildcard = false;       // has '*', '?' or '['
    bool dir_and_below = false;  // "stem/***"
    GlobMatcher stem;            // without the leading '/', trailing '/' or "/***"
    GlobMatcher below;           // "stem/**" for dir_and_below
  };
  static bool matches(const Rule &r, std::string_view path, bool is_dir);
  static bool matches_text(const Rule &r, const GlobMatcher &glob, std::string_view path);

  std::vector<Rule> rules_;
  bool needs_type_ = false;
};

}  // namespace ucopy_impl
