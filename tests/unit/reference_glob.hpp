// SPDX-License-Identifier: MIT
// A reference for the filter matcher, written for clarity, not speed: the
// plain recursive backtracking over pattern and text that the rules
// describe (memoized, so that the fuzzer can use it on inputs of a few
// hundred bytes). The unit tests and the fuzz target compare the library's
// matcher with it.
#pragma once

#include <string_view>

namespace ucopy_test {

// Whether the whole of `text` matches the wildcard `pattern`.
bool reference_glob(std::string_view pattern, std::string_view text);

// Whether one exclude rule `pattern` (as FilterRules::add takes it) matches
// the entry `path`. The pattern must be one that add() accepts.
bool reference_rule_matches(std::string_view pattern, std::string_view path, bool is_dir);

}  // namespace ucopy_test
