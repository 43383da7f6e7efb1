// SPDX-License-Identifier: MIT
// Trees of every shape copied with the defaults (UCOPY_F_ARCHIVE) must come
// out identical: bytes, types, modes, owners, ns mtimes, symlink targets.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "e2e_fixture.h"
#include "sample_trees.h"
#include "support/path_text.h"
#include "support/tree_builder.h"

namespace ucopy_e2e {
namespace {

class TreeShapes : public E2eTest {};

TEST_F(TreeShapes, FileSizesAroundPageAndBufferBoundaries) {
  build_sized_files(src);
  protect_source();
  RunRecord r = copy_with_flags(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src, dst);
}

TEST_F(TreeShapes, EmptyFilesAndEmptyDirectories) {
  build_empties(src);
  protect_source();
  RunRecord r = copy_with_flags(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src, dst);
}

TEST_F(TreeShapes, SingleRegularFileAsSource) {
  ucopy_test::UniqueFd root(tmp.open_fd());
  ucopy_test::write_random_file(root.get(), "single", 300000, 99, 0751);
  ucopy_test::stamp_times(root.get(), 12);
  protect_source(tmp / "single");
  RunRecord r = copy_with_flags(tmp / "single", tmp / "single-copy");
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(r.stats.files, 1u);
  EXPECT_SAME_TREE(tmp / "single", tmp / "single-copy");
}

TEST_F(TreeShapes, DeepChainBeyondPathMax) {
  const int depth = 130;
  const std::string component(45, 'd');
  static_assert(130 * 46 > 4096 + 1000, "the chain must be far longer than PATH_MAX");
  build_deep_chain(src, depth, component);
  protect_source();
  RunRecord r = copy_with_flags(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src, dst);
  // Make sure the bottom really exists (the comparator would also say so).
  ucopy_test::UniqueFd cur = ucopy_test::open_dir(dst);
  for (int i = 0; i < depth; ++i) cur = ucopy_test::open_dir(cur.get(), component);
  EXPECT_EQ(ucopy_test::read_file(cur.get(), "bottom-file").size(), 10000u);
}

TEST_F(TreeShapes, TenThousandSmallFilesInHundredDirectories) {
  build_many_small(src, 100, 100);
  protect_source();
  RunRecord r = copy_with_flags(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(r.stats.files, 10000u);
  EXPECT_EQ(r.stats.dirs, 101u);
  EXPECT_SAME_TREE(src, dst);
}

TEST_F(TreeShapes, OddNames) {
  build_odd_names(src);
  protect_source();
  RunRecord r = copy_with_flags(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src, dst);
  // Event paths carry the bytes as on disk, not an escaped or UTF-8 form.
  bool saw_raw_name = false;
  for (const RecordedEvent &e : r.events)
    if (e.src_path == src + "/\xff\xfe") saw_raw_name = true;
  EXPECT_TRUE(saw_raw_name) << "no COPIED event with the raw path "
                            << ucopy_test::printable(src + "/\xff\xfe");
}

TEST_F(TreeShapes, ModesOwnersAndSpecialBits) {
  build_modes_and_owners(src);
  protect_source();
  RunRecord r = copy_with_flags(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src, dst);
}

TEST_F(TreeShapes, AtimesPreservedInNanoseconds) {
  // Future atimes keep relatime from bumping them while the copy reads.
  {
    ucopy_test::UniqueFd root = ucopy_test::make_dir(AT_FDCWD, src);
    ucopy_test::write_random_file(root.get(), "a", 5000, 1);
    ucopy_test::UniqueFd sub = ucopy_test::make_dir(root.get(), "sub");
    ucopy_test::write_random_file(sub.get(), "b", 200000, 2);
    ucopy_test::make_symlink(sub.get(), "l", "b");
  }
  ucopy_test::stamp_tree_times(src, 13, /*atime_in_future=*/true);
  protect_source();
  RunRecord r = copy_with_flags(src, dst);
  EXPECT_CLEAN_RUN(r);
  ucopy_test::CompareOptions opts;
  opts.atime = true;
  EXPECT_SAME_TREE(src, dst, opts);
}

TEST_F(TreeShapes, FifoCopiedAsFifo) {
  {
    ucopy_test::UniqueFd root = ucopy_test::make_dir(AT_FDCWD, src);
    ucopy_test::make_fifo(root.get(), "fifo", 0620);
    ucopy_test::write_file(root.get(), "after-fifo", "the copy must not block on the fifo\n");
  }
  ucopy_test::stamp_tree_times(src, 14);
  protect_source();
  RunRecord r = copy_with_flags(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(r.stats.specials, 1u);
  EXPECT_SAME_TREE(src, dst);
}

TEST_F(TreeShapes, HardLinksStayLinked) {
  {
    ucopy_test::UniqueFd root = ucopy_test::make_dir(AT_FDCWD, src);
    ucopy_test::write_random_file(root.get(), "one", 70000, 3);
    ucopy_test::UniqueFd sub = ucopy_test::make_dir(root.get(), "sub");
    if (::linkat(root.get(), "one", sub.get(), "two", 0) != 0) FAIL() << "linkat";
  }
  ucopy_test::stamp_tree_times(src, 15);
  protect_source();
  RunRecord r = copy_with_flags(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src, dst);
  struct stat a, b;
  ASSERT_EQ(::stat((dst + "/one").c_str(), &a), 0);
  ASSERT_EQ(::stat((dst + "/sub/two").c_str(), &b), 0);
  EXPECT_EQ(a.st_ino, b.st_ino)
      << "hard links were copied as separate files (cp -a keeps them linked)";
}

TEST_F(TreeShapes, MergesIntoExistingDirectory) {
  build_sized_files(src);
  protect_source();
  ucopy_test::UniqueFd d = ucopy_test::make_dir(AT_FDCWD, dst, 0700);
  ucopy_test::write_file(d.get(), "unrelated", "kept\n");
  RunRecord r = copy_with_flags(src, dst);
  EXPECT_CLEAN_RUN(r);
  ucopy_test::CompareOptions opts;
  opts.ignore = {"unrelated"};
  EXPECT_SAME_TREE(src, dst, opts);
  EXPECT_EQ(ucopy_test::read_file(d.get(), "unrelated"), "kept\n");
}

}  // namespace
}  // namespace ucopy_e2e
