// SPDX-License-Identifier: MIT
// Pattern files (--exclude-from): rsync's format, read within limits, with
// errors that name the file, the line and the reason.
#include "pattern_file.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace {

using namespace ucopy_cli;

struct Read {
  std::optional<std::string> error;
  std::vector<std::string> patterns;
};

Read read_text(const std::string &text) {
  Read r;
  std::FILE *f = fmemopen(const_cast<char *>(text.data()), text.size(), "r");
  if (text.empty()) f = std::fopen("/dev/null", "re");
  EXPECT_NE(f, nullptr);
  r.error = read_pattern_stream(f, "pats", r.patterns);
  std::fclose(f);
  return r;
}

TEST(PatternFile, OnePatternPerLineWithoutComments) {
  const Read r = read_text("# c\n*.o\n\n; c\n/build/\r\nlast");
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(r.patterns, (std::vector<std::string>{"*.o", "/build/", "last"}));
  EXPECT_TRUE(read_text("").patterns.empty());
}

TEST(PatternFile, NulByteIsAnErrorWithItsLine) {
  const Read r = read_text(std::string("a\nb\nc\0d\n", 8));
  ASSERT_TRUE(r.error);
  EXPECT_EQ(*r.error, "pats:3: NUL byte in pattern");
}

TEST(PatternFile, LongLineIsAnErrorWithItsLine) {
  const std::string longest(kPatternLineMax, 'x');
  Read r = read_text("a\n" + longest + "\r\n" + longest + "\n");
  EXPECT_FALSE(r.error) << *r.error;
  EXPECT_EQ(r.patterns.size(), 3u);
  r = read_text("a\n#\n" + longest + "y\n");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(*r.error, "pats:3: line longer than 4096 bytes");
  r = read_text(longest + "yy\r\n");
  ASSERT_TRUE(r.error);
  EXPECT_EQ(*r.error, "pats:1: line longer than 4096 bytes");
}

TEST(PatternFile, TooManyPatternsIsAnError) {
  std::string text;
  for (size_t i = 0; i <= kPatternsPerFileMax; i++) text += "p\n";
  const Read r = read_text(text);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(*r.error, "pats:100001: more than 100000 patterns");
}

TEST(PatternFile, TooManyBytesIsAnError) {
  const std::string text(kPatternFileBytesMax + 1, '\n');  // only blank lines
  const Read r = read_text(text);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(*r.error, "pats:16777217: more than 16 MiB of patterns");
}

TEST(PatternFile, DevZeroFailsAtOnce) {
  std::vector<std::string> patterns;
  const auto start = std::chrono::steady_clock::now();
  const auto error = read_pattern_file("/dev/zero", patterns);
  ASSERT_TRUE(error);
  EXPECT_EQ(*error, "/dev/zero:1: NUL byte in pattern");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST(PatternFile, MissingFileNamesIt) {
  std::vector<std::string> patterns;
  const auto error = read_pattern_file("/nonexistent/pats", patterns);
  ASSERT_TRUE(error);
  EXPECT_NE(error->find("'/nonexistent/pats'"), std::string::npos) << *error;
}

}  // namespace
