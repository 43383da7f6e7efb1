// SPDX-License-Identifier: MIT
// The checks above are only as good as the comparator. Here it meets a copy
// made by `cp -a` (the fidelity ucopy promises): no differences; then the
// copy is damaged in every way the comparator claims to notice, and each
// damage must show up, also beyond PATH_MAX.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "e2e_fixture.h"
#include "sample_trees.h"
#include "support/remove_tree.h"
#include "support/tree_builder.h"

namespace ucopy_e2e {
namespace {

class SupportSelfCheck : public E2eTest {
 protected:
  void cp_a(const std::string &from, const std::string &to) {
    if (::access("/bin/cp", X_OK) != 0) GTEST_SKIP() << "no /bin/cp to make a reference copy";
    // Temp paths hold only [A-Za-z0-9/._-], so plain quoting is enough.
    std::string cmd = "/bin/cp -a '" + from + "' '" + to + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }
  static bool mentions(const std::vector<std::string> &diffs, const std::string &what) {
    for (const std::string &d : diffs)
      if (d.find(what) != std::string::npos) return true;
    return false;
  }
};

// Keeps an entry's times while it is modified, so only the intended
// attribute differs.
class KeepTimes {
 public:
  KeepTimes(int dirfd, std::string name) : dirfd_(dirfd), name_(std::move(name)) {
    ::fstatat(dirfd_, name_.c_str(), &st_, AT_SYMLINK_NOFOLLOW);
  }
  ~KeepTimes() { ucopy_test::set_times(dirfd_, name_, st_.st_atim, st_.st_mtim); }

 private:
  int dirfd_;
  std::string name_;
  struct stat st_ {};
};

TEST_F(SupportSelfCheck, ComparatorAcceptsCpACopyAndSeesEveryDamage) {
  build_mid_tree(src);
  cp_a(src, dst);
  if (IsSkipped()) return;
  auto clean = ucopy_test::compare_trees(src, dst);
  ASSERT_TRUE(clean.empty()) << "cp -a copy differs:\n" << ucopy_test::describe(clean);

  ucopy_test::UniqueFd sizes = ucopy_test::open_dir(dst + "/sizes");
  {
    KeepTimes keep(sizes.get(), "size-8192");
    ucopy_test::UniqueFd f(::openat(sizes.get(), "size-8192", O_WRONLY));
    std::string orig = ucopy_test::read_file(sizes.get(), "size-8192");
    char flipped = static_cast<char>(orig[5000] ^ 0x01);
    ASSERT_EQ(::pwrite(f.get(), &flipped, 1, 5000), 1);
  }
  struct stat st;
  ASSERT_EQ(::fstatat(sizes.get(), "size-1", &st, 0), 0);
  timespec mt = st.st_mtim;
  mt.tv_nsec = (mt.tv_nsec + 1) % 1000000000;
  ucopy_test::set_times(sizes.get(), "size-1", st.st_atim, mt);
  ucopy_test::set_mode(sizes.get(), "size-4096", 0645);
  ASSERT_EQ(::fchownat(sizes.get(), "size-2", 1, 1, 0), 0);
  {
    ucopy_test::UniqueFd links = ucopy_test::open_dir(dst + "/links");
    ASSERT_EQ(::unlinkat(links.get(), "rel-to-file", 0), 0);
    ucopy_test::make_symlink(links.get(), "rel-to-file", "target-filX");
  }
  ucopy_test::remove_tree(dst + "/empties/empty-file");
  ucopy_test::write_file(AT_FDCWD, dst + "/odd/extra", "x");
  ucopy_test::remove_tree(dst + "/sizes/size-0");
  ucopy_test::make_dir(sizes.get(), "size-0");
  {
    KeepTimes keep(sizes.get(), "size-511");
    ASSERT_EQ(::truncate((dst + "/sizes/size-511").c_str(), 510), 0);
  }

  auto diffs = ucopy_test::compare_trees(src, dst);
  const std::string expected[] = {
      "sizes/size-8192: content: first differing byte at offset 5000",
      "sizes/size-1: mtime",
      "sizes/size-4096: mode: source 0644, destination 0645",
      "sizes/size-2: owner",
      "links/rel-to-file: symlink target",
      "empties/empty-file: missing in destination",
      "odd/extra: extra entry in destination",
      "sizes/size-0: type: source regular file, destination directory",
      "sizes/size-511: size: source 511, destination 510",
  };
  for (const std::string &e : expected)
    EXPECT_TRUE(mentions(diffs, e)) << "not reported: " << e << "\n" << ucopy_test::describe(diffs);
}

TEST_F(SupportSelfCheck, ComparatorWorksBeyondPathMax) {
  // cp -a itself gives up at this depth ("File name too long"), so the
  // reference is the same builder run twice; times differ between the two
  // builds and are left out.
  const std::string component(45, 'd');
  build_deep_chain(src, 130, component);
  build_deep_chain(dst, 130, component);
  ucopy_test::CompareOptions opts;
  opts.mtime = false;
  auto clean = ucopy_test::compare_trees(src, dst, opts);
  ASSERT_TRUE(clean.empty()) << ucopy_test::describe(clean);
  ucopy_test::UniqueFd cur = ucopy_test::open_dir(dst);
  for (int i = 0; i < 130; ++i) cur = ucopy_test::open_dir(cur.get(), component);
  {
    ucopy_test::UniqueFd f(::openat(cur.get(), "bottom-file", O_WRONLY));
    ASSERT_EQ(::pwrite(f.get(), "!", 1, 9999), 1);
  }
  auto diffs = ucopy_test::compare_trees(src, dst, opts);
  EXPECT_TRUE(mentions(diffs, "bottom-file: content: first differing byte at offset 9999"))
      << ucopy_test::describe(diffs);
}

TEST_F(SupportSelfCheck, SnapshotSeesSourceChanges) {
  build_sized_files(src);
  ucopy_test::TreeSnapshot before = ucopy_test::snapshot_tree(src);
  EXPECT_TRUE(ucopy_test::diff_snapshots(before, ucopy_test::snapshot_tree(src)).empty());
  ucopy_test::set_mode(AT_FDCWD, src + "/size-1", 0644);  // same mode: only ctime moves
  auto diffs = ucopy_test::diff_snapshots(before, ucopy_test::snapshot_tree(src));
  EXPECT_EQ(diffs.size(), 1u) << ucopy_test::describe(diffs);
}

}  // namespace
}  // namespace ucopy_e2e
