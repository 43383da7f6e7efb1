// SPDX-License-Identifier: MIT
// The filter matcher against the plain backtracking reference of
// reference_glob.cpp, on random small patterns and paths made of the bytes
// that matter ('/', wildcards, class syntax, escapes): the same answer for
// every one, as a glob and as a whole rule (anchoring, "dir/", "dir/***",
// name-boundary tails).
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>

#include "policy/filter_rules.hpp"
#include "reference_glob.hpp"

namespace {

using ucopy_impl::FilterRules;
using ucopy_impl::glob_match;
using ucopy_test::reference_glob;
using ucopy_test::reference_rule_matches;

std::string random_text(std::mt19937 &rng, std::string_view alphabet, size_t max_len) {
  std::string s(rng() % (max_len + 1), '\0');
  for (char &c : s) c = alphabet[rng() % alphabet.size()];
  return s;
}

TEST(FilterMatcherDiff, GlobAgreesWithReferenceOnSmallInputs) {
  std::mt19937 rng(12345);
  size_t matched = 0;
  for (int i = 0; i < 50000; i++) {
    std::string pattern = random_text(rng, "ab/*?[]!^-\\:", 9);
    if (i % 8 == 0) pattern.insert(rng() % (pattern.size() + 1), "[[:alpha:]x]");
    const std::string text = random_text(rng, "ab/*?[]-\\x", 10);
    const bool want = reference_glob(pattern, text);
    ASSERT_EQ(glob_match(pattern, text), want)
        << "pattern '" << pattern << "' text '" << text << "'";
    matched += want ? 1 : 0;
  }
  // Not a vacuous test: a fair share of the pairs match.
  EXPECT_GT(matched, 500u);
}

TEST(FilterMatcherDiff, RulesAgreeWithReferenceOnSmallInputs) {
  std::mt19937 rng(777);
  size_t rules = 0;
  size_t excluded = 0;
  for (int i = 0; i < 50000; i++) {
    const std::string pattern = random_text(rng, "ab/*?[]!\\", 9);
    FilterRules r;
    std::string err;
    if (!r.add(false, pattern, err)) continue;
    rules++;
    const std::string path = random_text(rng, "ab/*?[]\\", 12);
    for (const bool is_dir : {false, true}) {
      const bool want = reference_rule_matches(pattern, path, is_dir);
      ASSERT_EQ(r.excludes(path, is_dir), want)
          << "pattern '" << pattern << "' path '" << path << "' dir " << is_dir;
      excluded += want ? 1 : 0;
    }
  }
  EXPECT_GT(rules, 25000u);
  EXPECT_GT(excluded, 2000u);
}

// Patterns of more than 64 positions span several words of the state set:
// a long common stem with a few wildcards and a few changed bytes.
TEST(FilterMatcherDiff, LongPatternsAgreeWithReference) {
  std::mt19937 rng(4242);
  size_t matched = 0;
  for (int i = 0; i < 5000; i++) {
    const std::string stem = random_text(rng, "aab/", 200);
    std::string pattern = stem;
    std::string path = stem;
    static const char *const kWild[] = {"*", "**", "?", "[ab]", "[!a]"};
    for (unsigned k = rng() % 4; k > 0 && !pattern.empty(); k--)
      pattern.replace(rng() % pattern.size(), rng() % 3, kWild[rng() % 5]);
    if (!path.empty() && rng() % 3 == 0) path[rng() % path.size()] = "ab/"[rng() % 3];
    if (rng() % 2 == 0) path.insert(0, "x/y/");
    FilterRules r;
    std::string err;
    if (!r.add(false, pattern, err)) continue;
    const bool want = reference_rule_matches(pattern, path, false);
    ASSERT_EQ(r.excludes(path, false), want) << "pattern '" << pattern << "' path '" << path << "'";
    ASSERT_EQ(glob_match(pattern, path), reference_glob(pattern, path))
        << "pattern '" << pattern << "' path '" << path << "'";
    matched += want ? 1 : 0;
  }
  EXPECT_GT(matched, 500u);
}

}  // namespace
