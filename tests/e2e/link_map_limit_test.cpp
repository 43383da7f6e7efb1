// SPDX-License-Identifier: MIT
// The hard-link map with and without ucopy_options.link_map_limit, on the
// shape of a backup repository: three snapshots of one tree, every file
// with a name in each (s1/dA/fK, s2/dA/fK, s3/dA/fK) and one more name in
// another directory of s1. Unlimited or with the smallest limit (the
// records then spill to a temporary file), the copy's link groups are the
// source's.
#include <fcntl.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "e2e_fixture.h"
#include "support/tree_builder.h"

namespace ucopy_e2e {
namespace {

using Groups = std::set<std::set<std::string>>;

constexpr int kDirs = 30;
constexpr int kFilesPerDir = 100;  // 3,000 inodes: about 170 KiB of map at once

// The names of every regular file below `root`, grouped by inode.
Groups link_groups(const std::string &root) {
  static std::map<ino_t, std::set<std::string>> *by_inode;
  static size_t prefix;
  std::map<ino_t, std::set<std::string>> groups;
  by_inode = &groups;
  prefix = root.size() + 1;
  nftw(
      root.c_str(),
      [](const char *path, const struct stat *st, int type, FTW *) {
        if (type == FTW_F && S_ISREG(st->st_mode))
          (*by_inode)[st->st_ino].insert(std::string(path).substr(prefix));
        return 0;
      },
      64, FTW_PHYS);
  Groups out;
  for (auto &[ino, names] : groups) out.insert(names);
  return out;
}

class LinkMapLimit : public E2eTest {
 protected:
  void build_repository() {
    ucopy_test::UniqueFd root = ucopy_test::make_dir(AT_FDCWD, src);
    std::vector<std::vector<ucopy_test::UniqueFd>> snaps(3);
    for (int s = 0; s < 3; s++) {
      ucopy_test::UniqueFd snap = ucopy_test::make_dir(root.get(), "s" + std::to_string(s + 1));
      for (int d = 0; d < kDirs; d++)
        snaps[s].push_back(ucopy_test::make_dir(snap.get(), "d" + std::to_string(d)));
    }
    for (int d = 0; d < kDirs; d++) {
      for (int k = 0; k < kFilesPerDir; k++) {
        const std::string name = "f" + std::to_string(k);
        ucopy_test::write_random_file(snaps[0][d].get(), name, 1 + (k % 7) * 100, d * 1000 + k);
        for (int s = 1; s < 3; s++)
          ASSERT_EQ(::linkat(snaps[0][d].get(), name.c_str(), snaps[s][d].get(), name.c_str(), 0),
                    0);
        const int other = (d + 11) % kDirs;
        const std::string extra = "x" + std::to_string(d) + "-" + name;
        ASSERT_EQ(
            ::linkat(snaps[0][d].get(), name.c_str(), snaps[0][other].get(), extra.c_str(), 0), 0);
      }
    }
    ucopy_test::stamp_tree_times(src, 18);
  }

  RunRecord copy(uint64_t limit) {
    CopySession session;
    session.options.workers = 2;
    session.options.link_map_limit = limit;
    EXPECT_EQ(session.apply(), 0);
    return session.run(src, dst);
  }

  static size_t link_warnings(const RunRecord &r) {
    size_t n = 0;
    for (const RecordedEvent &e : r.events_of_type(UCOPY_EVENT_WARNING))
      if (e.op == "link" && e.message.find("not linked") != std::string::npos) n++;
    return n;
  }
};

TEST_F(LinkMapLimit, UnlimitedKeepsEveryGroup) {
  build_repository();
  protect_source();
  const Groups want = link_groups(src);
  ASSERT_EQ(want.size(), size_t{kDirs} * kFilesPerDir);
  RunRecord r = copy(0);
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(r.stats.warnings, 0u) << r.describe_events();
  EXPECT_EQ(r.stats.files, size_t{kDirs} * kFilesPerDir * 4);
  EXPECT_SAME_TREE(src, dst);
  EXPECT_EQ(link_groups(dst), want) << "the destination's link groups differ";
}

// 3,000 inodes whose later names come a whole snapshot later: past 64 KiB
// the oldest finished records go to the spill file, where those names
// find them.
TEST_F(LinkMapLimit, PastTheLimitRecordsSpillAndEveryGroupIsKept) {
  build_repository();
  protect_source();
  RunRecord r = copy(UCOPY_LINK_MAP_LIMIT_MIN);
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(r.stats.warnings, 0u) << r.describe_events();
  EXPECT_EQ(link_warnings(r), 0u);
  EXPECT_EQ(r.stats.files, size_t{kDirs} * kFilesPerDir * 4);
  EXPECT_SAME_TREE(src, dst);
  EXPECT_EQ(link_groups(dst), link_groups(src)) << "the destination's link groups differ";
}

// With --update, names found up to date are adopted through the spill
// file as well: a second run over a complete copy changes nothing.
TEST_F(LinkMapLimit, UpdateOverACompleteCopyAdoptsSpilledRecords) {
  build_repository();
  protect_source();
  EXPECT_CLEAN_RUN(copy(0));
  CopySession session;
  session.options.workers = 2;
  session.options.link_map_limit = UCOPY_LINK_MAP_LIMIT_MIN;
  session.options.update = UCOPY_UPDATE_SIZE_MTIME;
  ASSERT_EQ(session.apply(), 0);
  RunRecord r = session.run(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(r.stats.files, 0u) << "nothing was to be copied or linked again";
  EXPECT_EQ(link_groups(dst), link_groups(src));
}

// Names of one file close together (one directory): each entry is dropped
// as soon as its last name is linked, so a map of 64 KiB carries far more
// files than it could hold at once, and every group is kept.
TEST_F(LinkMapLimit, EntriesDroppedOnTheLastNameMakeRoom) {
  ucopy_test::UniqueFd root = ucopy_test::make_dir(AT_FDCWD, src);
  for (int d = 0; d < 10; d++) {
    ucopy_test::UniqueFd dir = ucopy_test::make_dir(root.get(), "d" + std::to_string(d));
    for (int k = 0; k < 600; k++) {
      const std::string name = "file-with-a-longer-name-" + std::to_string(k);
      ucopy_test::write_random_file(dir.get(), name, 10, d * 1000 + k);
      ASSERT_EQ(::linkat(dir.get(), name.c_str(), dir.get(), (name + ".2").c_str(), 0), 0);
    }
  }
  protect_source();
  RunRecord r = copy(UCOPY_LINK_MAP_LIMIT_MIN);
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(r.stats.warnings, 0u) << r.describe_events();
  EXPECT_EQ(link_groups(dst), link_groups(src));
}

}  // namespace
}  // namespace ucopy_e2e
