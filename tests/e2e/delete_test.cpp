// SPDX-License-Identifier: MIT
// UCOPY_F_DELETE: destination entries the source lacks are removed, and
// nothing outside the destination ever is: symlinks planted in the
// destination that point out of it are removed as links, and what they
// point at stays exactly as it was (checked with a snapshot).
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <set>

#include "e2e_fixture.h"
#include "support/tree_builder.h"
#include "support/tree_snapshot.h"

namespace ucopy_e2e {
namespace {

using ucopy_test::UniqueFd;

class Delete : public E2eTest {
 protected:
  void SetUp() override {
    {
      UniqueFd root = ucopy_test::make_dir(AT_FDCWD, src, 0755);
      UniqueFd a = ucopy_test::make_dir(root.get(), "a", 0755);
      ucopy_test::write_random_file(a.get(), "keep", 100, 1);
      ucopy_test::write_random_file(root.get(), "top", 10, 2);
      ucopy_test::make_symlink(root.get(), "link", "top");
    }
    ucopy_test::stamp_tree_times(src, 3);
    // Outside both trees: what planted symlinks point at.
    {
      UniqueFd out = ucopy_test::make_dir(AT_FDCWD, outside, 0755);
      ucopy_test::write_random_file(out.get(), "precious", 500, 4);
      UniqueFd sub = ucopy_test::make_dir(out.get(), "sub", 0755);
      ucopy_test::write_random_file(sub.get(), "also-precious", 50, 5);
    }
    EXPECT_CLEAN_RUN(copy_with_flags(src, dst));
    // Extraneous entries of every kind, some pointing out of the tree.
    UniqueFd d = ucopy_test::open_dir(dst);
    ucopy_test::write_random_file(d.get(), "stale-file", 10, 6);
    UniqueFd old = ucopy_test::make_dir(d.get(), "old-dir", 0755);
    UniqueFd deeper =
        ucopy_test::make_dir(old.get(), "deeper", 0555);  // read-only: still removable
    ucopy_test::write_random_file(deeper.get(), "f", 10, 7);
    ucopy_test::make_symlink(d.get(), "to-outside-dir", outside);
    ucopy_test::make_symlink(d.get(), "to-outside-file", outside + "/precious");
    UniqueFd a = ucopy_test::open_dir(dst + "/a");
    ucopy_test::make_symlink(a.get(), "escape", "../../outside/sub");
    ucopy_test::make_fifo(a.get(), "stale-fifo");
    outside_before = ucopy_test::snapshot_tree(outside);
  }

  // As a sync tool runs it: up-to-date entries left alone.
  RunRecord run_delete(uint64_t extra = 0) {
    CopySession session;
    session.options.flags = UCOPY_F_ARCHIVE | UCOPY_F_DELETE | extra;
    session.options.update = UCOPY_UPDATE_SIZE_MTIME;
    EXPECT_EQ(session.apply(), 0);
    return session.run(src, dst);
  }

  void expect_outside_untouched() {
    auto diffs = ucopy_test::diff_snapshots(outside_before, ucopy_test::snapshot_tree(outside));
    EXPECT_TRUE(diffs.empty()) << ucopy_test::describe(diffs);
  }

  const std::string outside = tmp / "outside";
  ucopy_test::TreeSnapshot outside_before;
  const std::set<std::string> extraneous = {"stale-file",       "old-dir",        "old-dir/deeper",
                                            "old-dir/deeper/f", "to-outside-dir", "to-outside-file",
                                            "a/escape",         "a/stale-fifo"};
};

TEST_F(Delete, ExtraneousEntriesGoAndNothingOutsideIsTouched) {
  protect_source();
  RunRecord r = run_delete();
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src, dst);  // nothing left that the source lacks
  EXPECT_EQ(r.stats.deleted, extraneous.size());
  std::set<std::string> reported;
  for (const RecordedEvent &e : r.events_of_type(UCOPY_EVENT_DELETED)) {
    EXPECT_EQ(e.op, "delete");
    EXPECT_EQ(e.dst_path.rfind(dst + "/", 0), 0u) << e.dst_path;
    reported.insert(e.dst_path.substr(dst.size() + 1));
  }
  EXPECT_EQ(reported, extraneous);
  expect_outside_untouched();
}

TEST_F(Delete, DryRunListsAndRemovesNothing) {
  auto before = ucopy_test::snapshot_tree(dst);
  RunRecord r = run_delete(UCOPY_F_DRY_RUN);
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(r.events_of_type(UCOPY_EVENT_DELETED).size(), extraneous.size());
  for (const RecordedEvent &e : r.events_of_type(UCOPY_EVENT_DELETED))
    EXPECT_EQ(e.message.rfind("would delete", 0), 0u) << e.message;
  auto diffs = ucopy_test::diff_snapshots(before, ucopy_test::snapshot_tree(dst));
  EXPECT_TRUE(diffs.empty()) << ucopy_test::describe(diffs);
  expect_outside_untouched();
}

TEST_F(Delete, WithoutTheFlagNothingIsRemoved) {
  CopySession session;
  session.options.update = UCOPY_UPDATE_SIZE_MTIME;
  ASSERT_EQ(session.apply(), 0);
  RunRecord r = session.run(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(r.stats.deleted, 0u);
  struct stat st;
  for (const std::string &rel : extraneous)
    EXPECT_EQ(::fstatat(AT_FDCWD, (dst + "/" + rel).c_str(), &st, AT_SYMLINK_NOFOLLOW), 0) << rel;
}

// A filesystem mounted on an extraneous directory is not entered: the
// mount point is reported, its contents stay.
TEST_F(Delete, AMountPointIsNotEntered) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to mount";
  const std::string mnt = dst + "/mounted";
  ASSERT_EQ(::mkdir(mnt.c_str(), 0755), 0);
  if (::mount("none", mnt.c_str(), "tmpfs", 0, "size=1m") != 0)
    GTEST_SKIP() << "cannot mount tmpfs here (" << std::strerror(errno) << ")";
  struct Unmount {
    std::string path;
    ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
  } unmount{mnt};
  UniqueFd m = ucopy_test::open_dir(mnt);
  ucopy_test::write_random_file(m.get(), "on-another-fs", 10, 8);
  RunRecord r = run_delete();
  EXPECT_EQ(r.rc, UCOPY_EPARTIAL) << r.describe_events();
  auto errors = r.events_of_type(UCOPY_EVENT_ERROR);
  ASSERT_EQ(errors.size(), 1u) << r.describe_events();
  EXPECT_EQ(errors[0].code, -EXDEV);
  EXPECT_EQ(errors[0].dst_path, mnt);
  struct stat st;
  EXPECT_EQ(::stat((mnt + "/on-another-fs").c_str(), &st), 0);
  expect_outside_untouched();
}

}  // namespace
}  // namespace ucopy_e2e
