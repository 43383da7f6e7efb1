// SPDX-License-Identifier: MIT
// UCOPY_F_FSYNC: the copy is the same, and each regular file is synced:
// on its own where the destination is not ext4, xfs or btrfs (one more
// ring operation, its fsync, linked before its close), by the shared
// syncfs() of a batch where it is (no fsync of its own). Durability itself
// cannot be observed without pulling the power (tests/crash does that);
// what is checked here is that the syncs are made and fail nothing.
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/mount.h>
#include <sys/vfs.h>

#include <cerrno>
#include <cstring>

#include "e2e_fixture.h"
#include "sample_trees.h"

namespace ucopy_e2e {
namespace {

class Fsync : public E2eTest {};

// The ring operations of a one-worker copy of `src` into `parent`, with
// and without UCOPY_F_FSYNC; the synced copy is checked.
struct SqeCounts {
  uint64_t synced = 0;
  uint64_t unsynced = 0;
};
SqeCounts copy_both_ways(const std::string &src, const std::string &parent) {
  CopySession session;
  session.options.flags = UCOPY_F_ARCHIVE | UCOPY_F_FSYNC;
  session.options.workers = 1;  // the same SQE count on every run
  EXPECT_EQ(session.apply(), 0);
  RunRecord synced = session.run(src, parent + "/synced");
  EXPECT_CLEAN_RUN(synced);
  EXPECT_SAME_TREE(src, parent + "/synced");
  EXPECT_EQ(synced.stats.files, 100u);
  CopySession again;
  again.options.workers = 1;
  EXPECT_EQ(again.apply(), 0);
  RunRecord unsynced = again.run(src, parent + "/unsynced");
  EXPECT_CLEAN_RUN(unsynced);
  return {synced.stats.sqes_submitted, unsynced.stats.sqes_submitted};
}

bool batching_filesystem(const std::string &path) {
  struct statfs fs {};
  if (statfs(path.c_str(), &fs) != 0) return false;
  const auto type = static_cast<unsigned long>(fs.f_type);
  return type == EXT4_SUPER_MAGIC || type == XFS_SUPER_MAGIC || type == BTRFS_SUPER_MAGIC;
}

TEST_F(Fsync, OnTmpfsEveryFileHasItsOwnFsync) {
  build_many_small(src, 4, 25);
  protect_source();
  const std::string mnt = tmp / "tmpfs";
  ASSERT_EQ(mkdir(mnt.c_str(), 0755), 0);
  if (::mount("none", mnt.c_str(), "tmpfs", 0, "size=16m") != 0)
    GTEST_SKIP() << "cannot mount tmpfs here (" << std::strerror(errno) << ")";
  const SqeCounts n = copy_both_ways(src, mnt);
  EXPECT_EQ(n.synced, n.unsynced + 100) << "one fsync per file";
  ::umount2(mnt.c_str(), MNT_DETACH);
}

// ext4, xfs and btrfs: no file has a fsync of its own (the batch's syncfs
// covers them), so the ring carries fewer operations than one per file.
TEST_F(Fsync, OnAJournalingFilesystemFilesAreSyncedInBatches) {
  if (!batching_filesystem(tmp.path()))
    GTEST_SKIP() << tmp.path()
                 << " is not on ext4, xfs or btrfs, where files are synced in batches";
  build_many_small(src, 4, 25);
  protect_source();
  const SqeCounts n = copy_both_ways(src, tmp.path());
  EXPECT_LT(n.synced, n.unsynced + 100) << "a file was synced on its own";
}

TEST_F(Fsync, ASingleFileToANewName) {
  build_sized_files(src);
  RunRecord r = copy_with_flags(src + "/size-4096", tmp / "one", UCOPY_F_ARCHIVE | UCOPY_F_FSYNC);
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src + "/size-4096", tmp / "one");
}

}  // namespace
}  // namespace ucopy_e2e
