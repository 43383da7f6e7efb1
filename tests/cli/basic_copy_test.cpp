// SPDX-License-Identifier: MIT
// Successful copies: exit status 0, a faithful tree, and the output options.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "cli_runner.hpp"
#include "sample_tree.hpp"
#include "support/tree_compare.h"
#include "temp_tree.hpp"

using namespace cli_test;

namespace {

class BasicCopy : public ::testing::Test {
 protected:
  void SetUp() override { build_sample_tree(src); }
  TempDir tmp;
  const std::string src = tmp / "src";
  const std::string dst = tmp / "dst";
};

TEST_F(BasicCopy, ArchiveCopyIsIdenticalAndExitsZero) {
  const RunResult r = run_ucopy({"-a", src, dst});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(r.err, "") << r.describe();
  EXPECT_EQ(r.out, "") << "no output without -v";
  const auto problems = ucopy_test::compare_trees(src, dst);
  EXPECT_TRUE(problems.empty()) << ucopy_test::describe(problems);
}

TEST_F(BasicCopy, SmallestKnobsStillCopyEverything) {
  const RunResult r = run_ucopy({"-a", "--workers=1", "--queue-depth=8", "--files-in-flight=1",
                                 "--buffer-size=4K", src, dst});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  const auto problems = ucopy_test::compare_trees(src, dst);
  EXPECT_TRUE(problems.empty()) << ucopy_test::describe(problems);
}

TEST_F(BasicCopy, VerboseListsEachCopiedEntry) {
  const RunResult r = run_ucopy({"-a", "-v", src, dst});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.out.find("'" + src + "/small.txt' -> '" + dst + "/small.txt'"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("'" + src + "/sub/deep/note.txt' -> '" + dst + "/sub/deep/note.txt'"),
            std::string::npos)
      << r.out;
}

// -n is cp's --no-clobber: existing files are kept, new ones copied.
TEST_F(BasicCopy, NoClobberKeepsExistingFiles) {
  make_dir(dst);
  write_file(dst + "/small.txt", "mine");
  const RunResult r = run_ucopy({"-n", src + "/small.txt", src + "/big.bin", dst});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(read_file(dst + "/small.txt"), "mine");
  EXPECT_EQ(read_file(dst + "/big.bin"), read_file(src + "/big.bin"));
}

TEST_F(BasicCopy, DryRunListsButWritesNothing) {
  const RunResult r = run_ucopy({"-a", "--dry-run", src, dst});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_FALSE(exists(dst)) << "dry run created the destination";
  EXPECT_NE(r.out.find(src + "/big.bin"), std::string::npos) << r.out;

  make_dir(dst);
  const RunResult into = run_ucopy({"-a", "--dry-run", src, dst});
  ASSERT_EQ(into.exit_code, 0) << into.describe();
  EXPECT_EQ(count_entries(dst), 0u) << "dry run wrote into an existing directory";
  EXPECT_NE(into.out.find(dst + "/src/big.bin"), std::string::npos) << into.out;
}

TEST_F(BasicCopy, StatsReportSqesPerEnter) {
  const RunResult r = run_ucopy({"-a", "--stats", src, dst});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.out.find("SQEs per io_uring_enter"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("files: " + std::to_string(kSampleTreeFiles)), std::string::npos) << r.out;
}

TEST_F(BasicCopy, ProgressWithoutTerminalPrintsPlainLines) {
  const RunResult r = run_ucopy({"-a", "--progress", src, dst});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_NE(r.err.find("ucopy: progress: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(", done in "), std::string::npos) << "final line missing: " << r.err;
  EXPECT_EQ(r.err.find('\r'), std::string::npos) << "no live bar when stderr is a file";
}

TEST_F(BasicCopy, WithoutPreserveTheUmaskApplies) {
  write_file(tmp / "open.txt", "x", 0666);
  const mode_t old = umask(022);  // inherited by the CLI
  const RunResult plain = run_ucopy({tmp / "open.txt", tmp / "plain.txt"});
  const RunResult kept = run_ucopy({"-p", tmp / "open.txt", tmp / "kept.txt"});
  umask(old);
  ASSERT_EQ(plain.exit_code, 0) << plain.describe();
  ASSERT_EQ(kept.exit_code, 0) << kept.describe();
  struct stat st;
  ASSERT_EQ(stat((tmp / "plain.txt").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0644u) << "without -p the umask must apply, as in cp";
  ASSERT_EQ(stat((tmp / "kept.txt").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0666u) << "-p keeps the mode whatever the umask";
}

TEST_F(BasicCopy, OverwriteReplaceIsTheDefault) {
  write_file(tmp / "new", "new contents");
  write_file(tmp / "old", "old");
  const RunResult r = run_ucopy({tmp / "new", tmp / "old"});
  ASSERT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(read_file(tmp / "old"), "new contents");
}

TEST_F(BasicCopy, OverwriteFailReportsTheEntry) {
  write_file(tmp / "new", "new contents");
  write_file(tmp / "old", "old");
  const RunResult r = run_ucopy({"--overwrite=fail", tmp / "new", tmp / "old"});
  EXPECT_EQ(r.exit_code, 1) << r.describe();
  EXPECT_EQ(read_file(tmp / "old"), "old");
  EXPECT_NE(r.err.find("could not be copied"), std::string::npos) << r.err;
}

TEST_F(BasicCopy, OverwriteSkipKeepsTheEntry) {
  write_file(tmp / "new", "new contents");
  write_file(tmp / "old", "old");
  const RunResult r = run_ucopy({"--overwrite=skip", tmp / "new", tmp / "old"});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(read_file(tmp / "old"), "old");
}

TEST(CliInfo, HelpAndVersionExitZero) {
  const RunResult help = run_ucopy({"--help"});
  EXPECT_EQ(help.exit_code, 0) << help.describe();
  EXPECT_EQ(help.out.rfind("Usage: ucopy", 0), 0u) << help.out;
  const RunResult version = run_ucopy({"--version"});
  EXPECT_EQ(version.exit_code, 0) << version.describe();
  const std::string want = std::string("ucopy ") + UCOPY_PROJECT_VERSION + " (libucopy ";
  EXPECT_EQ(version.out.rfind(want, 0), 0u) << version.out;
}

}  // namespace
