// SPDX-License-Identifier: MIT
// Fuzzes the filter rules: the input is "FLAGS PATTERN \0 PATH" (FLAGS: one
// byte, bit 0 include). Whatever the bytes, add() either refuses the
// pattern with a message or takes it, matching never crashes, and on
// inputs small enough for it the backtracking reference agrees with the
// automaton (any disagreement aborts: a finding).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "policy/filter_rules.hpp"
#include "reference_glob.hpp"

namespace {

// The reference is memoized but still cubic; beyond this it is too slow
// for a fuzzer's pace.
constexpr size_t kReferenceMax = 96;

void disagree(const char *what, std::string_view pattern, std::string_view path, bool is_dir) {
  std::fprintf(stderr, "%s disagrees with the reference: pattern '%.*s' path '%.*s' dir %d\n", what,
               static_cast<int>(pattern.size()), pattern.data(), static_cast<int>(path.size()),
               path.data(), is_dir ? 1 : 0);
  std::abort();
}

void check_against_reference(const ucopy_impl::FilterRules &rules, std::string_view pattern,
                             std::string_view path) {
  if (pattern.size() > kReferenceMax || path.size() > kReferenceMax) return;
  if (ucopy_impl::glob_match(pattern, path) != ucopy_test::reference_glob(pattern, path))
    disagree("glob_match", pattern, path, false);
  for (const bool is_dir : {false, true})
    if (rules.excludes(path, is_dir) != ucopy_test::reference_rule_matches(pattern, path, is_dir))
      disagree("FilterRules", pattern, path, is_dir);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  const bool include = (data[0] & 1) != 0;
  const std::string_view rest(reinterpret_cast<const char *>(data + 1), size - 1);
  const size_t nul = rest.find('\0');
  const std::string_view pattern = rest.substr(0, nul);
  const std::string_view path = nul == std::string_view::npos ? "" : rest.substr(nul + 1);

  ucopy_impl::FilterRules rules;
  std::string err;
  if (!rules.add(include, pattern, err)) {
    if (err.empty()) std::abort();  // a refusal always says why
    return 0;
  }
  // Include rules answer the other way round; compare as an exclude.
  if (include) {
    ucopy_impl::FilterRules excl;
    if (!excl.add(false, pattern, err)) std::abort();
    check_against_reference(excl, pattern, path);
    return 0;
  }
  check_against_reference(rules, pattern, path);
  return 0;
}
