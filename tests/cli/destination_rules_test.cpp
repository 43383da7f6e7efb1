// SPDX-License-Identifier: MIT
// cp's destination rules: into an existing directory, create DST, several
// sources, trailing slashes, and directories without -r.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_runner.hpp"
#include "temp_tree.hpp"

using namespace cli_test;

namespace {

class DestinationRules : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(tmp / "f1", "one");
    write_file(tmp / "f2", "two");
    make_dir(tmp / "dir");
    write_file(tmp / "dir/inner", "inner");
    make_dir(tmp / "existing");
  }
  TempDir tmp;
};

TEST_F(DestinationRules, FileIntoExistingDirectory) {
  const RunResult r = run_ucopy({tmp / "f1", tmp / "existing"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(read_file(tmp / "existing/f1"), "one");
}

TEST_F(DestinationRules, FileToNewName) {
  const RunResult r = run_ucopy({tmp / "f1", tmp / "copy"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(read_file(tmp / "copy"), "one");
}

TEST_F(DestinationRules, DirectoryToNewNameIsCreatedWithItsContents) {
  const RunResult r = run_ucopy({"-r", tmp / "dir", tmp / "newdir"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(read_file(tmp / "newdir/inner"), "inner");
  EXPECT_FALSE(exists(tmp / "newdir/dir"));
}

TEST_F(DestinationRules, DirectoryIntoExistingDirectory) {
  const RunResult r = run_ucopy({"-R", tmp / "dir", tmp / "existing"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(read_file(tmp / "existing/dir/inner"), "inner");
}

TEST_F(DestinationRules, TrailingSlashesAreIgnoredForTheName) {
  const RunResult r = run_ucopy({"-r", tmp / "dir//", tmp / "existing/"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(read_file(tmp / "existing/dir/inner"), "inner");
}

TEST_F(DestinationRules, SeveralSourcesGoIntoTheDirectory) {
  const RunResult r =
      run_ucopy({"--recursive", tmp / "f1", tmp / "f2", tmp / "dir", tmp / "existing"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(read_file(tmp / "existing/f1"), "one");
  EXPECT_EQ(read_file(tmp / "existing/f2"), "two");
  EXPECT_EQ(read_file(tmp / "existing/dir/inner"), "inner");
}

TEST_F(DestinationRules, SeveralSourcesNeedAnExistingDirectory) {
  const RunResult missing = run_ucopy({tmp / "f1", tmp / "f2", tmp / "nowhere"});
  EXPECT_EQ(missing.exit_code, 2) << missing.describe();
  EXPECT_FALSE(exists(tmp / "nowhere"));
  EXPECT_EQ(missing.err.rfind("ucopy: ", 0), 0u) << missing.err;

  const RunResult file = run_ucopy({tmp / "f1", tmp / "f2", tmp / "f1"});
  EXPECT_EQ(file.exit_code, 2) << file.describe();
  EXPECT_NE(file.err.find("is not a directory"), std::string::npos) << file.err;
  EXPECT_EQ(read_file(tmp / "f1"), "one");
}

TEST_F(DestinationRules, DirectoryWithoutRecursiveIsOmittedAndCountedAsFailure) {
  const RunResult r = run_ucopy({tmp / "f1", tmp / "dir", tmp / "existing"});
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  EXPECT_NE(r.err.find("omitting directory '" + tmp / "dir" + "'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("ucopy: 1 entry could not be copied"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(tmp / "existing/f1"), "one") << "the other source is still copied";
  EXPECT_FALSE(exists(tmp / "existing/dir"));
}

TEST_F(DestinationRules, MissingSourceFailsWithItsName) {
  const RunResult r = run_ucopy({tmp / "absent", tmp / "f1", tmp / "existing"});
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  EXPECT_NE(r.err.find("absent"), std::string::npos) << r.err;
  EXPECT_EQ(read_file(tmp / "existing/f1"), "one");
}

// -t DIR: every operand is a source, DIR must be a directory (cp).
TEST_F(DestinationRules, TargetDirectoryOption) {
  make_dir(tmp / "into");
  write_file(tmp / "f2", "two");
  const RunResult r = run_ucopy({"-t", tmp / "into", tmp / "f1", tmp / "f2"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(read_file(tmp / "into/f1"), "one");
  EXPECT_EQ(read_file(tmp / "into/f2"), "two");
  const RunResult one = run_ucopy({"--target-directory=" + tmp / "into", tmp / "f1"});
  EXPECT_EQ(one.exit_code, 0) << one.describe();
  const RunResult not_dir = run_ucopy({"-t", tmp / "f2", tmp / "f1"});
  EXPECT_EQ(not_dir.exit_code, 2) << not_dir.describe();
  EXPECT_NE(not_dir.err.find("is not a directory"), std::string::npos) << not_dir.err;
  const RunResult both = run_ucopy({"-t", tmp / "into", "-T", tmp / "f1"});
  EXPECT_EQ(both.exit_code, 2) << both.describe();
}

// ucopy a/1 b/1 c: b/1 would replace the c/1 just made from a/1. Refused
// as cp refuses it; the rest of the operands are still copied.
TEST_F(DestinationRules, WillNotOverwriteJustCreated) {
  make_dir(tmp / "a");
  make_dir(tmp / "b");
  make_dir(tmp / "c");
  write_file(tmp / "a/1", "from a");
  write_file(tmp / "b/1", "from b");
  write_file(tmp / "b/2", "two");
  const RunResult r = run_ucopy({tmp / "a/1", tmp / "b/1", tmp / "b/2", tmp / "c"});
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  EXPECT_NE(r.err.find("will not overwrite just-created '" + tmp / "c/1" + "' with '" +
                       tmp / "b/1" + "'"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(read_file(tmp / "c/1"), "from a");
  EXPECT_EQ(read_file(tmp / "c/2"), "two");
}

// cp will not write through a symlink that points nowhere; the library
// would replace it. The CLI refuses, as cp, and leaves the link alone.
TEST_F(DestinationRules, NotWritingThroughDanglingSymlink) {
  make_symlink("nowhere", tmp / "dangling");
  const RunResult r = run_ucopy({tmp / "f1", tmp / "dangling"});
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  EXPECT_NE(r.err.find("not writing through dangling symlink '" + tmp / "dangling" + "'"),
            std::string::npos)
      << r.err;
  char target[16] = {};
  EXPECT_EQ(readlink((tmp / "dangling").c_str(), target, sizeof target - 1), 7);
  EXPECT_FALSE(exists(tmp / "nowhere"));
}

// As cp: without -r a symlink named on the command line is followed; -P
// copies it as a link.
TEST_F(DestinationRules, SymlinkSourceIsFollowedWithoutRecursiveAsInCp) {
  make_symlink("f1", tmp / "link");
  const RunResult plain = run_ucopy({tmp / "link", tmp / "as_file"});
  ASSERT_EQ(plain.exit_code, 0) << plain.describe();
  char target[16] = {};
  EXPECT_EQ(readlink((tmp / "as_file").c_str(), target, sizeof target - 1), -1);
  EXPECT_EQ(read_file(tmp / "as_file"), "one");

  const RunResult p = run_ucopy({"-P", tmp / "link", tmp / "as_link"});
  ASSERT_EQ(p.exit_code, 0) << p.describe();
  EXPECT_EQ(readlink((tmp / "as_link").c_str(), target, sizeof target - 1), 2);
  EXPECT_STREQ(target, "f1");
}

// echo d>f; ln -s f s; ucopy -P s f: copying the link over the file it
// points to would leave f -> f and the data gone. Refused, as cp does.
TEST_F(DestinationRules, LinkOverTheFileItPointsToIsRefused) {
  make_symlink("f1", tmp / "s");
  for (const char *mode : {"-P", "-a"}) {
    const RunResult r = run_ucopy({mode, tmp / "s", tmp / "f1"});
    EXPECT_EQ(r.exit_code, 1) << r.describe();
    EXPECT_NE(r.err.find("are the same file"), std::string::npos) << r.err;
    EXPECT_EQ(read_file(tmp / "f1"), "one") << mode;
  }
  // Followed (cp's default without -r), it is the file onto itself.
  const RunResult plain = run_ucopy({tmp / "s", tmp / "f1"});
  EXPECT_EQ(plain.exit_code, 1) << plain.describe();
  EXPECT_EQ(read_file(tmp / "f1"), "one");
}

}  // namespace

namespace {

// -P copies a symlinked SRC as a link, -H follows it but not the links
// inside, -L follows every link.
TEST_F(DestinationRules, DereferenceModesDifferForArgumentsAndInnerLinks) {
  make_symlink("../f1", tmp / "dir/inner_link");
  make_symlink("dir", tmp / "dir_link");
  const auto is_link = [](const std::string &path) {
    struct stat st;
    return lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
  };

  const RunResult p = run_ucopy({"-r", tmp / "dir_link", tmp / "by_p"});
  ASSERT_EQ(p.exit_code, 0) << p.describe();
  EXPECT_TRUE(is_link(tmp / "by_p"));

  const RunResult h = run_ucopy({"-r", "-H", tmp / "dir_link", tmp / "by_h"});
  ASSERT_EQ(h.exit_code, 0) << h.describe();
  EXPECT_TRUE(is_dir(tmp / "by_h"));
  EXPECT_TRUE(is_link(tmp / "by_h/inner_link"));

  const RunResult l = run_ucopy({"-r", "-L", tmp / "dir_link", tmp / "by_l"});
  ASSERT_EQ(l.exit_code, 0) << l.describe();
  EXPECT_TRUE(is_dir(tmp / "by_l"));
  EXPECT_FALSE(is_link(tmp / "by_l/inner_link"));
  EXPECT_EQ(read_file(tmp / "by_l/inner_link"), "one");

  // The last of -L/-P/-H wins.
  const RunResult last = run_ucopy({"-r", "-L", "-P", tmp / "dir_link", tmp / "by_last"});
  ASSERT_EQ(last.exit_code, 0) << last.describe();
  EXPECT_TRUE(is_link(tmp / "by_last"));
}

TEST_F(DestinationRules, NoTargetDirectoryMergesIntoDstItself) {
  const RunResult first = run_ucopy({"-r", tmp / "dir", tmp / "copy"});
  ASSERT_EQ(first.exit_code, 0) << first.describe();
  write_file(tmp / "dir/added", "added");
  // Without -T the second run would make copy/dir; with it, copy is the copy.
  const RunResult again = run_ucopy({"-r", "-T", tmp / "dir", tmp / "copy"});
  ASSERT_EQ(again.exit_code, 0) << again.describe();
  EXPECT_EQ(read_file(tmp / "copy/added"), "added");
  EXPECT_EQ(read_file(tmp / "copy/inner"), "inner");
  EXPECT_FALSE(exists(tmp / "copy/dir")) << "copied into DST instead of onto it";
}

TEST_F(DestinationRules, NoTargetDirectoryTakesOneSource) {
  const RunResult r = run_ucopy({"-T", tmp / "f1", tmp / "f2", tmp / "existing"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();  // a usage error
  EXPECT_NE(r.err.find("extra operand"), std::string::npos) << r.describe();
}

}  // namespace
