// SPDX-License-Identifier: MIT
// --exclude, --include, --exclude-from and -x on the command line: rules
// reach the library in command-line order, pattern files are read as rsync
// reads them, and bad patterns are usage errors.
#include <gtest/gtest.h>

#include "cli_runner.hpp"
#include "temp_tree.hpp"

using namespace cli_test;

namespace {

class FilterOptions : public ::testing::Test {
 protected:
  void SetUp() override {
    make_dir(tmp / "src");
    write_file(tmp / "src/a.c", "a");
    write_file(tmp / "src/a.o", "object");
    write_file(tmp / "src/notes", "n");
    make_dir(tmp / "src/build");
    write_file(tmp / "src/build/x.c", "x");
    make_dir(tmp / "src/sub");
    make_dir(tmp / "src/sub/build");
    write_file(tmp / "src/sub/build/y.c", "y");
    write_file(tmp / "src/sub/z.o", "z");
  }
  TempDir tmp;
};

TEST_F(FilterOptions, ExcludeFromReadsOnePatternPerLineSkippingComments) {
  write_file(tmp / "patterns",
             "# objects\n"
             "*.o\n"
             "\n"
             "; only the top-level build directory\n"
             "/build/\r\n"
             "notes");  // no final newline
  const RunResult r =
      run_ucopy({"-a", "--exclude-from=" + (tmp / "patterns"), tmp / "src", tmp / "dst"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_TRUE(exists(tmp / "dst/a.c"));
  EXPECT_FALSE(exists(tmp / "dst/a.o"));
  EXPECT_FALSE(exists(tmp / "dst/sub/z.o"));
  EXPECT_FALSE(exists(tmp / "dst/notes"));
  EXPECT_FALSE(exists(tmp / "dst/build"));
  EXPECT_EQ(read_file(tmp / "dst/sub/build/y.c"), "y");  // anchored: only the top one
}

TEST_F(FilterOptions, IncludesAndExcludesApplyInCommandLineOrder) {
  const RunResult r = run_ucopy(
      {"-a", "--stats", "--include=*/", "--include=*.c", "--exclude=*", tmp / "src", tmp / "dst"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.out.find("filtered: 3\n"), std::string::npos) << r.out;  // a.o, notes, z.o
  EXPECT_TRUE(exists(tmp / "dst/a.c"));
  EXPECT_TRUE(exists(tmp / "dst/build/x.c"));
  EXPECT_TRUE(exists(tmp / "dst/sub/build/y.c"));
  EXPECT_FALSE(exists(tmp / "dst/a.o"));
  EXPECT_FALSE(exists(tmp / "dst/notes"));
  EXPECT_FALSE(exists(tmp / "dst/sub/z.o"));

  // The other way round the exclude matches first and nothing but the
  // root is copied.
  const RunResult reversed =
      run_ucopy({"-a", "--exclude=*", "--include=*.c", tmp / "src", tmp / "dst2"});
  ASSERT_EQ(reversed.exit_code, 0) << reversed.describe();
  EXPECT_TRUE(is_dir(tmp / "dst2"));
  EXPECT_EQ(count_entries(tmp / "dst2"), 0u);
}

TEST_F(FilterOptions, ExcludeFromAndExcludeMixInOrder) {
  write_file(tmp / "patterns", "*.c\n");
  const RunResult r = run_ucopy(
      {"-a", "--include=x.c", "--exclude-from=" + (tmp / "patterns"), tmp / "src", tmp / "dst"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_TRUE(exists(tmp / "dst/build/x.c"));
  EXPECT_FALSE(exists(tmp / "dst/a.c"));
  EXPECT_FALSE(exists(tmp / "dst/sub/build/y.c"));
}

TEST_F(FilterOptions, BadPatternIsAUsageErrorNamingIt) {
  const RunResult r = run_ucopy({"-a", "--exclude=file[0-9", tmp / "src", tmp / "dst"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("file[0-9"), std::string::npos) << r.err;
  EXPECT_FALSE(exists(tmp / "dst"));
}

TEST_F(FilterOptions, UnreadableExcludeFromIsAUsageError) {
  const RunResult r =
      run_ucopy({"-a", "--exclude-from=" + (tmp / "missing"), tmp / "src", tmp / "dst"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find(tmp / "missing"), std::string::npos) << r.err;
  EXPECT_FALSE(exists(tmp / "dst"));
}

TEST_F(FilterOptions, OneFileSystemWithoutMountsCopiesEverything) {
  const RunResult r = run_ucopy({"-ax", tmp / "src", tmp / "dst"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(read_file(tmp / "dst/sub/build/y.c"), "y");
  EXPECT_EQ(read_file(tmp / "dst/a.o"), "object");
}

}  // namespace
