// SPDX-License-Identifier: MIT
// UCOPY_F_FSYNC: the copy is the same, and each regular file carries one
// more ring operation (its fsync, linked before its close). Durability
// itself cannot be observed without pulling the power; what is checked is
// that the sync is issued for every file and fails nothing.
#include <fcntl.h>

#include "e2e_fixture.h"
#include "sample_trees.h"

namespace ucopy_e2e {
namespace {

class Fsync : public E2eTest {};

TEST_F(Fsync, EveryFileIsSyncedAndTheCopyIsTheSame) {
  build_many_small(src, 4, 25);
  protect_source();
  RunRecord plain = copy_with_flags(src, dst);
  EXPECT_CLEAN_RUN(plain);
  const std::string dst2 = tmp / "dst2";
  CopySession session;
  session.options.flags = UCOPY_F_ARCHIVE | UCOPY_F_FSYNC;
  session.options.workers = 1;  // the same SQE count on every run
  ASSERT_EQ(session.apply(), 0);
  RunRecord synced = session.run(src, dst2);
  EXPECT_CLEAN_RUN(synced);
  EXPECT_SAME_TREE(src, dst2);
  EXPECT_EQ(synced.stats.files, 100u);
  CopySession again;
  again.options.workers = 1;
  ASSERT_EQ(again.apply(), 0);
  RunRecord unsynced = again.run(src, tmp / "dst3");
  EXPECT_CLEAN_RUN(unsynced);
  EXPECT_EQ(synced.stats.sqes_submitted, unsynced.stats.sqes_submitted + 100)
      << "one fsync per file";
}

TEST_F(Fsync, ASingleFileToANewName) {
  build_sized_files(src);
  RunRecord r = copy_with_flags(src + "/size-4096", tmp / "one", UCOPY_F_ARCHIVE | UCOPY_F_FSYNC);
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src + "/size-4096", tmp / "one");
}

}  // namespace
}  // namespace ucopy_e2e
