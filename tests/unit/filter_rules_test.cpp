// SPDX-License-Identifier: MIT
// The include/exclude matcher, case by case from rsync's manual ("INCLUDE/
// EXCLUDE PATTERN RULES"): anchoring, '*' against "**", trailing '/',
// "dir/***", classes, escapes, and names that are not UTF-8.
#include "policy/filter_rules.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using ucopy_impl::FilterRules;
using ucopy_impl::glob_match;

struct Rule {
  bool include;
  const char *pattern;
};

FilterRules rules_of(const std::vector<Rule> &list) {
  FilterRules r;
  for (const Rule &x : list) {
    std::string err;
    EXPECT_TRUE(r.add(x.include, x.pattern, err)) << x.pattern << ": " << err;
  }
  return r;
}

// Whether a lone exclude rule `pattern` leaves out `path`.
bool excl(const char *pattern, const std::string &path, bool is_dir = false) {
  return rules_of({{false, pattern}}).excludes(path, is_dir);
}

TEST(GlobMatch, StarStaysWithinOneName) {
  EXPECT_TRUE(glob_match("*.c", "main.c"));
  EXPECT_TRUE(glob_match("*.c", ".c"));
  EXPECT_FALSE(glob_match("*.c", "src/main.c"));
  EXPECT_TRUE(glob_match("a*b*c", "aXXbYYc"));
  EXPECT_FALSE(glob_match("a*b*c", "aXXbYYd"));
  EXPECT_TRUE(glob_match("*", "anything"));
  EXPECT_FALSE(glob_match("*", "a/b"));
}

TEST(GlobMatch, DoubleStarCrossesSlashes) {
  EXPECT_TRUE(glob_match("**.c", "src/deep/main.c"));
  EXPECT_TRUE(glob_match("src/**", "src/a/b/c"));
  EXPECT_FALSE(glob_match("src/**", "src"));
  EXPECT_TRUE(glob_match("a/**/z", "a/b/c/z"));
  EXPECT_FALSE(glob_match("a/**/z", "a/z"));  // rsync: "**" is not "zero or more dirs"
  EXPECT_TRUE(glob_match("**", "x/y"));
}

TEST(GlobMatch, QuestionMarkIsOneByteButSlash) {
  EXPECT_TRUE(glob_match("?.o", "a.o"));
  EXPECT_FALSE(glob_match("?.o", "ab.o"));
  EXPECT_FALSE(glob_match("a?b", "a/b"));
  EXPECT_FALSE(glob_match("?", ""));
}

TEST(GlobMatch, Classes) {
  EXPECT_TRUE(glob_match("file[0-9]", "file7"));
  EXPECT_FALSE(glob_match("file[0-9]", "filex"));
  EXPECT_TRUE(glob_match("file[!0-9]", "filex"));
  EXPECT_TRUE(glob_match("file[^0-9]", "filex"));
  EXPECT_FALSE(glob_match("file[^0-9]", "file3"));
  EXPECT_TRUE(glob_match("[]x]", "]"));
  EXPECT_TRUE(glob_match("[!]]", "a"));
  EXPECT_FALSE(glob_match("[!]]", "]"));
  EXPECT_TRUE(glob_match("[[:digit:]]x", "5x"));
  EXPECT_FALSE(glob_match("[[:digit:]]x", "ax"));
  EXPECT_TRUE(glob_match("[[:upper:]_]", "_"));
  EXPECT_FALSE(glob_match("a[/]b", "a/b"));  // a class never matches '/'
  EXPECT_TRUE(glob_match("[\\]]", "]"));
  EXPECT_TRUE(glob_match("[a\\-z]", "-"));
  EXPECT_FALSE(glob_match("[a\\-z]", "m"));
}

TEST(GlobMatch, BackslashEscapes) {
  EXPECT_TRUE(glob_match("\\*", "*"));
  EXPECT_FALSE(glob_match("\\*", "x"));
  EXPECT_TRUE(glob_match("a\\?", "a?"));
  EXPECT_FALSE(glob_match("a\\?", "ab"));
  EXPECT_TRUE(glob_match("\\[x]", "[x]"));
}

TEST(GlobMatch, NonUtf8Bytes) {
  const std::string name = "caf\xe9.txt";  // Latin-1, not valid UTF-8
  EXPECT_TRUE(glob_match("caf?.txt", name));
  EXPECT_TRUE(glob_match("*.txt", name));
  EXPECT_TRUE(glob_match("caf[\xe0-\xff].txt", name));
  EXPECT_TRUE(glob_match("caf\xe9*", name));
  EXPECT_FALSE(glob_match("caf\xe8*", name));
}

TEST(FilterRules, PatternWithoutSlashMatchesTheLastName) {
  EXPECT_TRUE(excl("*.o", "main.o"));
  EXPECT_TRUE(excl("*.o", "deep/dir/main.o"));
  EXPECT_FALSE(excl("*.o", "main.o/x.c"));
  EXPECT_TRUE(excl("foo", "a/b/foo"));
  EXPECT_FALSE(excl("foo", "a/foobar"));
  EXPECT_FALSE(excl("foo", "foo/bar"));  // the dir itself matches; below it is not asked
}

TEST(FilterRules, LeadingSlashAnchorsAtTheRoot) {
  EXPECT_TRUE(excl("/foo", "foo"));
  EXPECT_FALSE(excl("/foo", "sub/foo"));
  EXPECT_TRUE(excl("/sub/foo", "sub/foo"));
  EXPECT_FALSE(excl("/sub/foo", "x/sub/foo"));
  EXPECT_TRUE(excl("/*.c", "main.c"));
  EXPECT_FALSE(excl("/*.c", "src/main.c"));
}

TEST(FilterRules, InnerSlashMatchesThePathEndAtANameBoundary) {
  EXPECT_TRUE(excl("foo/bar", "foo/bar"));
  EXPECT_TRUE(excl("foo/bar", "x/y/foo/bar"));
  EXPECT_FALSE(excl("foo/bar", "xfoo/bar"));
  EXPECT_FALSE(excl("foo/bar", "foo/bar/baz"));
  // rsync's example: "*/foo" needs at least one directory above foo.
  EXPECT_TRUE(excl("*/foo", "a/foo"));
  EXPECT_TRUE(excl("*/foo", "a/b/foo"));  // matched at the "b/foo" boundary
  EXPECT_FALSE(excl("*/foo", "foo"));
}

TEST(FilterRules, DoubleStarMatchesTheFullPath) {
  EXPECT_TRUE(excl("dir/**", "dir/a"));
  EXPECT_TRUE(excl("dir/**", "dir/a/b"));
  EXPECT_TRUE(excl("dir/**", "x/dir/a"));
  EXPECT_FALSE(excl("dir/**", "dir", true));
  EXPECT_TRUE(excl("/dir/**", "dir/a/b"));
  EXPECT_FALSE(excl("/dir/**", "x/dir/a"));
  EXPECT_TRUE(excl("**/core", "a/b/core"));
  // A leading "**" is matched against "/" + path, as rsync does, so it
  // matches at the root too.
  EXPECT_TRUE(excl("**/core", "core"));
  EXPECT_TRUE(excl("**core", "core"));
  EXPECT_TRUE(excl("**core", "a/bcore"));
  EXPECT_FALSE(excl("**/core", "a/bcore"));
}

TEST(FilterRules, TrailingSlashMatchesDirectoriesOnly) {
  EXPECT_TRUE(excl("build/", "build", true));
  EXPECT_FALSE(excl("build/", "build", false));
  EXPECT_TRUE(excl("build/", "x/build", true));
  EXPECT_TRUE(excl("/build/", "build", true));
  EXPECT_FALSE(excl("/build/", "x/build", true));
  EXPECT_TRUE(excl("*/", "anything", true));
  EXPECT_FALSE(excl("*/", "anything", false));
  EXPECT_TRUE(rules_of({{false, "build/"}}).needs_type());
  EXPECT_FALSE(rules_of({{false, "build"}}).needs_type());
}

TEST(FilterRules, TripleStarMatchesTheDirAndEverythingBelow) {
  EXPECT_TRUE(excl("dir/***", "dir", true));
  EXPECT_FALSE(excl("dir/***", "dir", false));  // "as if dir/ had been given"
  EXPECT_TRUE(excl("dir/***", "dir/a"));
  EXPECT_TRUE(excl("dir/***", "dir/a/b", true));
  EXPECT_TRUE(excl("dir/***", "up/dir/a"));
  EXPECT_FALSE(excl("/dir/***", "up/dir/a"));
  EXPECT_FALSE(excl("dir/***", "dirx/a"));
}

TEST(FilterRules, FirstMatchWinsAndNoMatchIncludes) {
  // rsync's "--include='*/' --include='*.c' --exclude='*'".
  FilterRules r = rules_of({{true, "*/"}, {true, "*.c"}, {false, "*"}});
  EXPECT_FALSE(r.excludes("src", true));
  EXPECT_FALSE(r.excludes("src/main.c", false));
  EXPECT_TRUE(r.excludes("src/main.o", false));
  EXPECT_TRUE(r.excludes("README", false));
  // Order matters: the exclude first hides everything.
  FilterRules reversed = rules_of({{false, "*"}, {true, "*.c"}});
  EXPECT_TRUE(reversed.excludes("main.c", false));
  FilterRules none;
  EXPECT_TRUE(none.empty());
  EXPECT_FALSE(none.excludes("anything", false));
  FilterRules only_exclude = rules_of({{false, "*.o"}});
  EXPECT_FALSE(only_exclude.excludes("main.c", false));
}

TEST(FilterRules, BackslashIsLiteralWithoutWildcards) {
  // As rsync: escapes work only in patterns that have a wildcard.
  EXPECT_TRUE(excl("a\\b", "a\\b"));
  EXPECT_FALSE(excl("a\\b", "ab"));
  EXPECT_TRUE(excl("\\*x", "*x"));
  EXPECT_FALSE(excl("\\*x", "yx"));
}

TEST(FilterRules, NonUtf8Names) {
  EXPECT_TRUE(excl("\xff\xfe*", "dir/\xff\xfe\x01name"));
  EXPECT_TRUE(excl("/d\xe9j\xe0/", "d\xe9j\xe0", true));
  EXPECT_FALSE(excl("/d\xe9j\xe0/", "dej\xe0", true));
}

TEST(FilterRules, BadPatternsAreRefusedWithTheirText) {
  FilterRules r;
  std::string err;
  EXPECT_FALSE(r.add(false, "", err));
  EXPECT_NE(err.find("empty"), std::string::npos) << err;
  EXPECT_FALSE(r.add(false, "file[0-9", err));
  EXPECT_NE(err.find("'file[0-9'"), std::string::npos) << err;
  EXPECT_FALSE(r.add(true, "[!", err));
  EXPECT_FALSE(r.add(false, "/", err));
  EXPECT_NE(err.find("'/'"), std::string::npos) << err;
  EXPECT_TRUE(r.empty());
  EXPECT_TRUE(r.add(false, "\\[literal", err)) << err;  // an escaped '[' needs no ']'
  EXPECT_TRUE(r.add(false, "[]]", err)) << err;
  r.clear();
  EXPECT_TRUE(r.empty());
}

}  // namespace
