// SPDX-License-Identifier: MIT
// Archive mode, then single switches override it, whatever the order:
// `-a --no-preserve=X` and `--no-preserve=X -a` copy the same way. Among the
// switches themselves the last one given wins, as in cp.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "temp_tree.hpp"

using namespace cli_test;

namespace {

constexpr time_t kOldMtime = 1000000000;  // a time no fresh copy has by chance

// What a copy kept of the source's metadata.
struct Kept {
  bool mtime = false;
  bool xattr = false;
  bool operator==(const Kept &) const = default;
};

std::ostream &operator<<(std::ostream &os, const Kept &k) {
  return os << "{mtime " << k.mtime << ", xattr " << k.xattr << "}";
}

class SwitchOrder : public ::testing::Test {
 protected:
  void SetUp() override {
    write_file(src, "switch order\n");
    has_xattrs = setxattr(src.c_str(), "user.ucopy_cli", "v", 1, 0) == 0;
    xattr_error = has_xattrs ? "" : std::strerror(errno);
    set_times(src, kOldMtime, 0);
  }

  // Copies src to a fresh destination with `options` and says what it kept.
  Kept copy_with(const std::vector<std::string> &options) {
    const std::string dst = tmp / ("dst" + std::to_string(++copies));
    std::vector<std::string> args = options;
    args.push_back(src);
    args.push_back(dst);
    const RunResult r = run_ucopy(args);
    EXPECT_EQ(r.exit_code, 0) << r.describe();
    Kept kept;
    struct stat st {};
    if (stat(dst.c_str(), &st) != 0) {
      ADD_FAILURE() << "no copy at " << dst;
      return kept;
    }
    kept.mtime = st.st_mtim.tv_sec == kOldMtime;
    char v[8];
    kept.xattr = getxattr(dst.c_str(), "user.ucopy_cli", v, sizeof v) == 1;
    return kept;
  }

  TempDir tmp;
  const std::string src = tmp / "src.txt";
  bool has_xattrs = false;
  std::string xattr_error;
  int copies = 0;
};

TEST_F(SwitchOrder, NoPreserveTimestampsOverridesArchiveInEitherOrder) {
  ASSERT_TRUE(copy_with({"-a"}).mtime) << "archive mode lost the mtime: nothing to override";
  const Kept after = copy_with({"-a", "--no-preserve=timestamps"});
  const Kept before = copy_with({"--no-preserve=timestamps", "-a"});
  EXPECT_FALSE(after.mtime);
  EXPECT_EQ(after, before);
}

TEST_F(SwitchOrder, NoPreserveXattrOverridesArchiveInEitherOrder) {
  if (!has_xattrs) GTEST_SKIP() << "no user xattrs in " << tmp.path() << ": " << xattr_error;
  const Kept archive = copy_with({"-a"});
  ASSERT_TRUE(archive.xattr) << "archive mode lost the xattr: nothing to override";
  const Kept after = copy_with({"-a", "--no-preserve=xattr"});
  const Kept before = copy_with({"--no-preserve=xattr", "-a"});
  EXPECT_FALSE(after.xattr);
  EXPECT_TRUE(after.mtime) << "--no-preserve=xattr took more than xattrs away";
  EXPECT_EQ(after, before);
  // The combined short form of archive mode is the same mode.
  EXPECT_EQ(copy_with({"--no-preserve=xattr", "-av"}), after);
}

TEST_F(SwitchOrder, PreserveAddsToAPlainCopyInEitherPlace) {
  EXPECT_FALSE(copy_with({}).mtime);
  EXPECT_TRUE(copy_with({"--preserve=timestamps"}).mtime);
  EXPECT_TRUE(copy_with({"-r", "--preserve=timestamps"}).mtime);
  EXPECT_TRUE(copy_with({"--preserve=timestamps", "-r"}).mtime);
}

// Two switches about the same attribute: the later one wins, whether it
// comes after archive mode or before it.
TEST_F(SwitchOrder, LastSwitchWins) {
  EXPECT_TRUE(copy_with({"--no-preserve=timestamps", "--preserve=timestamps"}).mtime);
  EXPECT_FALSE(copy_with({"--preserve=timestamps", "--no-preserve=timestamps"}).mtime);
  EXPECT_TRUE(copy_with({"--no-preserve=timestamps", "-p"}).mtime);
  EXPECT_FALSE(copy_with({"-p", "--no-preserve=timestamps"}).mtime);
  EXPECT_TRUE(copy_with({"-a", "--no-preserve=all", "--preserve=timestamps"}).mtime);
  EXPECT_TRUE(copy_with({"--no-preserve=all", "--preserve=timestamps", "-a"}).mtime);
  EXPECT_FALSE(copy_with({"--preserve=timestamps", "-a", "--no-preserve=all"}).mtime);
}

}  // namespace
