// SPDX-License-Identifier: MIT
// Input that cannot be copied is refused up front with a precise code and a
// last-error message naming the path; nothing is created.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "e2e_fixture.h"
#include "sample_trees.h"
#include "support/path_text.h"
#include "support/tree_builder.h"

namespace ucopy_e2e {
namespace {

class BadInput : public E2eTest {};

bool exists(const std::string &path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

TEST_F(BadInput, MissingSource) {
  const std::string missing = tmp / "no-such-source";
  RunRecord r = copy_with_flags(missing, dst);
  EXPECT_EQ(r.rc, -ENOENT) << r.describe_events();
  EXPECT_NE(r.last_error.find(missing), std::string::npos)
      << "last error does not name the path: '" << r.last_error << "'";
  EXPECT_FALSE(exists(dst));
}

TEST_F(BadInput, MissingDestinationParent) {
  build_sized_files(src);
  protect_source();
  const std::string target = tmp / "no-such-dir/dst";
  RunRecord r = copy_with_flags(src, target);
  EXPECT_NE(r.rc, 0) << r.describe_events();
  EXPECT_NE(r.rc, UCOPY_EPARTIAL) << "nothing can be copied, so this is not a partial copy";
  EXPECT_FALSE(exists(tmp / "no-such-dir"));
}

// Spellings of "a destination inside the source": direct, through "..", and
// through a symlink that resolves into the source.
TEST_F(BadInput, DestinationInsideSource) {
  build_sized_files(src);
  ucopy_test::make_symlink(AT_FDCWD, tmp / "alias", "src");
  protect_source();
  const std::string spellings[] = {src + "/inner", src + "/../src/inner", tmp / "alias/inner"};
  for (const std::string &target : spellings) {
    SCOPED_TRACE(target);
    RunRecord r = copy_with_flags(src, target);
    EXPECT_EQ(r.rc, UCOPY_EDSTINSIDE) << r.describe_events();
    EXPECT_FALSE(r.last_error.empty());
    EXPECT_FALSE(exists(src + "/inner"));
  }
}

TEST_F(BadInput, SourceEqualsDestination) {
  build_sized_files(src);
  protect_source();
  RunRecord same_dir = copy_with_flags(src, src);
  EXPECT_EQ(same_dir.rc, UCOPY_ESAMEFILE) << same_dir.describe_events();
  RunRecord spelled = copy_with_flags(src, tmp / "./src/");
  EXPECT_EQ(spelled.rc, UCOPY_ESAMEFILE) << spelled.describe_events();
  RunRecord same_file = copy_with_flags(src + "/size-4096", src + "/size-4096");
  EXPECT_EQ(same_file.rc, UCOPY_ESAMEFILE) << same_file.describe_events();
}

TEST_F(BadInput, HardLinkToSourceIsTheSameFile) {
  ucopy_test::UniqueFd root(tmp.open_fd());
  ucopy_test::write_random_file(root.get(), "original", 5000, 1);
  ucopy_test::make_hardlink(root.get(), "original", "alias");
  protect_source(tmp / "original");
  RunRecord r = copy_with_flags(tmp / "original", tmp / "alias");
  EXPECT_EQ(r.rc, UCOPY_ESAMEFILE) << r.describe_events();
}

// `ucopy s f` with s -> f: copying the link as a link over f would leave
// f -> f and f's data gone. Refused, whatever the overwrite policy, and f
// is left as it was; through another link to f the copy is harmless.
TEST_F(BadInput, LinkOverTheFileItPointsToIsTheSameFile) {
  ucopy_test::UniqueFd root(tmp.open_fd());
  ucopy_test::write_file(root.get(), "f", "data\n");
  ucopy_test::make_symlink(root.get(), "s", "f");
  protect_source(tmp / "f");
  CopySession session;
  session.options.overwrite = UCOPY_OVERWRITE_REPLACE;
  ASSERT_EQ(session.apply(), 0);
  RunRecord r = session.run(tmp / "s", tmp / "f");
  EXPECT_EQ(r.rc, UCOPY_ESAMEFILE) << r.describe_events();
  EXPECT_NE(r.last_error.find("'" + tmp / "s" + "' is a symlink to it"), std::string::npos)
      << r.last_error;
  ucopy_test::make_symlink(root.get(), "t", "f");
  RunRecord other = session.run(tmp / "s", tmp / "t");
  EXPECT_EQ(other.rc, 0) << other.describe_events();
}

TEST_F(BadInput, DirectoryWithoutRecursiveFlagIsRefused) {
  build_sized_files(src);
  protect_source();
  RunRecord r = copy_with_flags(src, dst, UCOPY_F_PRESERVE_MODE);
  EXPECT_NE(r.rc, 0) << r.describe_events();
  // Whatever the code, the directory's content must not have been copied.
  EXPECT_FALSE(exists(dst + "/size-1"));
}

}  // namespace
}  // namespace ucopy_e2e
