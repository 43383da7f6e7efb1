// SPDX-License-Identifier: MIT
// Hard links: every group of names of one source inode must come out as one
// destination inode with the same names, whichever worker meets which name
// first, and whether the first copy is still in flight when the next name
// turns up. Without UCOPY_F_PRESERVE_HARDLINKS each name is its own file.
#include <fcntl.h>
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

class Hardlinks : public E2eTest {
 protected:
  // 40 directories; file k lives in dir k%40 and has two more names in
  // other directories. Every fifth file is large enough for the splice path.
  void build_linked_tree() {
    ucopy_test::UniqueFd root = ucopy_test::make_dir(AT_FDCWD, src);
    std::vector<ucopy_test::UniqueFd> dirs;
    for (int d = 0; d < 40; d++)
      dirs.push_back(ucopy_test::make_dir(root.get(), "d" + std::to_string(d)));
    for (int k = 0; k < 200; k++) {
      const std::string name = "f" + std::to_string(k);
      const size_t size = k % 5 == 0 ? 700000 + k : 100 + k;
      ucopy_test::write_random_file(dirs[k % 40].get(), name, size, k);
      for (int extra = 1; extra <= 2; extra++) {
        int other = (k + 7 * extra) % 40;
        std::string link = name + "-l" + std::to_string(extra);
        ASSERT_EQ(::linkat(dirs[k % 40].get(), name.c_str(), dirs[other].get(), link.c_str(), 0),
                  0);
      }
    }
    ucopy_test::stamp_tree_times(src, 21);
  }

  // Names grouped by inode, as sets of paths relative to the root.
  static std::set<std::set<std::string>> link_groups(const std::string &root) {
    std::map<ino_t, std::set<std::string>> by_inode;
    for (int d = 0; d < 40; d++) {
      const std::string dir = "d" + std::to_string(d);
      for (int k = 0; k < 200; k++) {
        for (const std::string &n : {"f" + std::to_string(k), "f" + std::to_string(k) + "-l1",
                                     "f" + std::to_string(k) + "-l2"}) {
          struct stat st;
          if (::lstat((root + "/" + dir + "/" + n).c_str(), &st) == 0)
            by_inode[st.st_ino].insert(dir + "/" + n);
        }
      }
    }
    std::set<std::set<std::string>> groups;
    for (auto &[ino, names] : by_inode) groups.insert(names);
    return groups;
  }

  void copy_and_check(uint32_t workers, uint32_t in_flight) {
    build_linked_tree();
    protect_source();
    CopySession session;
    session.options.workers = workers;
    session.options.files_in_flight = in_flight;
    session.options.buffer_size = 64 * 1024;
    ASSERT_EQ(session.apply(), 0);
    RunRecord r = session.run(src, dst);
    EXPECT_CLEAN_RUN(r);
    EXPECT_SAME_TREE(src, dst);
    EXPECT_EQ(r.stats.files, 600u) << "every name is an entry of the copy";
    const auto want = link_groups(src);
    ASSERT_EQ(want.size(), 200u);
    EXPECT_EQ(link_groups(dst), want) << "the destination's link groups differ";
    // Only the first name of each inode was written.
    uint64_t expected_bytes = 0;
    for (int k = 0; k < 200; k++) expected_bytes += k % 5 == 0 ? 700000 + k : 100 + k;
    EXPECT_EQ(r.stats.bytes, expected_bytes);
  }

  // --update over a copy whose groups were broken: made without -H, then
  // one name in four removed (a run cut short before linking it). Found by
  // tests/crash: after a cut that kept a first name but not its link, the
  // repair run left the up-to-date first name alone and copied the second
  // name as a file of its own.
  void update_relinks(uint64_t extra_flags) {
    build_linked_tree();
    protect_source();
    EXPECT_CLEAN_RUN(copy_with_flags(src, dst, UCOPY_F_ARCHIVE & ~UCOPY_F_PRESERVE_HARDLINKS));
    for (int k = 0; k < 200; k += 4) {
      const std::string name = "d" + std::to_string((k + 7) % 40) + "/f" + std::to_string(k);
      ASSERT_EQ(::unlink((dst + "/" + name + "-l1").c_str()), 0);
    }
    CopySession session;
    session.options.update = UCOPY_UPDATE_SIZE_MTIME;
    session.options.flags |= extra_flags;
    ASSERT_EQ(session.apply(), 0);
    RunRecord r = session.run(src, dst);
    EXPECT_CLEAN_RUN(r);
    EXPECT_EQ(link_groups(dst), link_groups(src)) << "the link groups were not restored";
    EXPECT_SAME_TREE(src, dst);
  }
};

TEST_F(Hardlinks, UpdateLinksUpToDateNamesAgain) { update_relinks(0); }

TEST_F(Hardlinks, UpdateLinksUpToDateNamesAgainAtomically) { update_relinks(UCOPY_F_ATOMIC); }

TEST_F(Hardlinks, GroupsSurviveWithOneWorkerAndOneFileInFlight) { copy_and_check(1, 1); }

TEST_F(Hardlinks, GroupsSurviveWithManyWorkersAndFilesInFlight) { copy_and_check(4, 64); }

TEST_F(Hardlinks, WithoutTheFlagEachNameIsItsOwnFile) {
  build_linked_tree();
  protect_source();
  RunRecord r = copy_with_flags(src, dst, UCOPY_F_ARCHIVE & ~UCOPY_F_PRESERVE_HARDLINKS);
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(link_groups(dst).size(), 600u);
}

}  // namespace
}  // namespace ucopy_e2e
