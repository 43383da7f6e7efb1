// SPDX-License-Identifier: MIT
// Symlinks are copied as links (target bytes unchanged, dangling or not)
// unless UCOPY_F_DEREFERENCE asks for what they point to.
#include <fcntl.h>
#include <sys/stat.h>

#include "e2e_fixture.h"
#include "sample_trees.h"
#include "support/file_io.h"
#include "support/tree_builder.h"

namespace ucopy_e2e {
namespace {

class Symlinks : public E2eTest {};

TEST_F(Symlinks, CopiedAsLinksByDefault) {
  build_symlinks(src, /*with_dangling=*/true);
  protect_source();
  RunRecord r = copy_with_flags(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(r.stats.symlinks, 7u);
  EXPECT_SAME_TREE(src, dst);
  struct stat st;
  ASSERT_EQ(::lstat((dst + "/rel-to-dir").c_str(), &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode)) << "a link to a directory must stay a link";
  EXPECT_EQ(ucopy_test::read_link(AT_FDCWD, dst + "/dangling"), "does/not/exist");
}

TEST_F(Symlinks, DereferenceCopiesTargets) {
  build_symlinks(src, /*with_dangling=*/false);
  protect_source();
  RunRecord r = copy_with_flags(src, dst, UCOPY_F_ARCHIVE | UCOPY_F_DEREFERENCE);
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(r.stats.symlinks, 0u);
  ucopy_test::CompareOptions opts;
  opts.follow_source_symlinks = true;
  EXPECT_SAME_TREE(src, dst, opts);
  struct stat st;
  ASSERT_EQ(::lstat((dst + "/rel-to-dir").c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode)) << "a link to a directory must become a directory";
  ASSERT_EQ(::lstat((dst + "/absolute-outside").c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
}

TEST_F(Symlinks, DereferencingDanglingLinkIsReportedPerEntry) {
  build_symlinks(src, /*with_dangling=*/true);
  protect_source();
  RunRecord r = copy_with_flags(src, dst, UCOPY_F_ARCHIVE | UCOPY_F_DEREFERENCE);
  EXPECT_EQ(r.rc, UCOPY_EPARTIAL) << r.describe_events();
  auto errors = r.events_of_type(UCOPY_EVENT_ERROR);
  ASSERT_EQ(errors.size(), 2u) << r.describe_events();
  EXPECT_EQ(r.stats.failures, 2u);
  for (const RecordedEvent &e : errors) {
    EXPECT_EQ(e.code, -ENOENT) << e.message;
    EXPECT_TRUE(e.src_path == src + "/dangling" || e.src_path == src + "/dangling-absolute")
        << e.src_path;
  }
  ucopy_test::CompareOptions opts;
  opts.follow_source_symlinks = true;
  opts.ignore = {"dangling", "dangling-absolute"};
  opts.mtime = false;  // the root directory's mtime: a failed entry may leave it touched
  EXPECT_SAME_TREE(src, dst, opts);
}

TEST_F(Symlinks, DereferenceArgsFollowsOnlyTheTopLevel) {
  build_symlinks(src, true);
  protect_source();
  const std::string top_link = tmp / "top-link";
  ucopy_test::make_symlink(AT_FDCWD, top_link, "src");
  RunRecord r = copy_with_flags(top_link, dst, UCOPY_F_ARCHIVE | UCOPY_F_DEREFERENCE_ARGS);
  EXPECT_CLEAN_RUN(r);
  struct stat st;
  ASSERT_EQ(::lstat(dst.c_str(), &st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  // Inside, links stay links.
  EXPECT_SAME_TREE(src, dst);
}

TEST_F(Symlinks, TopLevelLinkIsCopiedAsLinkWithoutDereferenceArgs) {
  build_symlinks(src, true);
  const std::string top_link = tmp / "top-link";
  ucopy_test::make_symlink(AT_FDCWD, top_link, "src");
  protect_source();
  RunRecord r = copy_with_flags(top_link, dst);
  EXPECT_CLEAN_RUN(r);
  struct stat st;
  ASSERT_EQ(::lstat(dst.c_str(), &st), 0);
  EXPECT_TRUE(S_ISLNK(st.st_mode));
  EXPECT_EQ(ucopy_test::read_link(AT_FDCWD, dst), "src");
}

}  // namespace
}  // namespace ucopy_e2e
