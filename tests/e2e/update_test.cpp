// SPDX-License-Identifier: MIT
// Incremental update (ucopy_options.update): a second run over a tree that
// has not changed reads no file and rewrites nothing; whatever changed is
// copied again, and only that. "Rewritten" is observed through the inode
// number and birth time: an entry copied again is a new inode (whose number
// the filesystem may reuse, but not its birth time).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>
#include <set>
#include <tuple>

#include "e2e_fixture.h"
#include "sample_trees.h"
#include "support/dir_entries.h"
#include "support/file_io.h"
#include "support/tree_builder.h"

namespace ucopy_e2e {
namespace {

using ucopy_test::UniqueFd;

// Which inode an entry is: number and birth time (0 where not supported).
using Identity = std::tuple<uint64_t, int64_t, uint32_t>;

// Relative path -> identity of every non-directory entry below `root`.
void collect_inodes(const std::string &root, const std::string &rel,
                    std::map<std::string, Identity> &out) {
  UniqueFd dir = ucopy_test::open_dir(root + (rel.empty() ? "" : "/" + rel));
  for (const std::string &name : ucopy_test::list_dir(dir.get())) {
    struct statx st {};
    ASSERT_EQ(
        ::statx(dir.get(), name.c_str(), AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS | STATX_BTIME, &st),
        0);
    const std::string child = rel.empty() ? name : rel + "/" + name;
    if (S_ISDIR(st.stx_mode)) collect_inodes(root, child, out);
    else if (st.stx_mask & STATX_BTIME)
      out[child] = Identity{st.stx_ino, st.stx_btime.tv_sec, st.stx_btime.tv_nsec};
    else out[child] = Identity{st.stx_ino, 0, 0};
  }
}

std::map<std::string, Identity> inodes(const std::string &root) {
  std::map<std::string, Identity> out;
  collect_inodes(root, "", out);
  return out;
}

// The entries that are new inodes between two snapshots.
std::set<std::string> rewritten(const std::map<std::string, Identity> &before,
                                const std::map<std::string, Identity> &after) {
  std::set<std::string> out;
  for (const auto &[path, ino] : after) {
    auto it = before.find(path);
    if (it == before.end() || it->second != ino) out.insert(path);
  }
  return out;
}

class Update : public E2eTest {
 protected:
  void SetUp() override {
    UniqueFd root = ucopy_test::make_dir(AT_FDCWD, src, 0755);
    UniqueFd docs = ucopy_test::make_dir(root.get(), "docs", 0755);
    ucopy_test::write_random_file(docs.get(), "a.bin", 300000, 1);
    ucopy_test::write_random_file(docs.get(), "b.txt", 1000, 2);
    ucopy_test::write_random_file(docs.get(), "c.txt", 1000, 3);
    ucopy_test::write_random_file(root.get(), "top", 50, 4, 0640);
    ucopy_test::make_symlink(root.get(), "link", "docs/b.txt");
    ucopy_test::make_fifo(root.get(), "pipe");
    build_many_small(src + "/many", 5, 40);
    ucopy_test::stamp_tree_times(src, 9);
  }

  RunRecord run(uint32_t update, uint64_t extra_flags = 0) {
    CopySession session;
    session.options.update = update;
    session.options.flags |= extra_flags;
    EXPECT_EQ(session.apply(), 0);
    return session.run(src, dst);
  }

  // Non-directory entries of the source tree.
  uint64_t entry_count() { return inodes(src).size(); }
};

TEST_F(Update, AnUnchangedTreeIsLeftAlone) {
  EXPECT_CLEAN_RUN(run(UCOPY_UPDATE_NONE));
  auto before = inodes(dst);
  protect_source();
  RunRecord again = run(UCOPY_UPDATE_SIZE_MTIME);
  EXPECT_CLEAN_RUN(again);
  EXPECT_EQ(again.stats.bytes, 0u);
  EXPECT_EQ(again.stats.files, 0u);
  EXPECT_EQ(again.stats.up_to_date, entry_count());
  EXPECT_EQ(again.stats.skipped, entry_count());
  EXPECT_EQ(rewritten(before, inodes(dst)), std::set<std::string>{});
  for (const RecordedEvent &e : again.events_of_type(UCOPY_EVENT_SKIPPED)) {
    EXPECT_EQ(e.op, "update");
    EXPECT_NE(e.message.find("up to date"), std::string::npos) << e.message;
  }
  EXPECT_SAME_TREE(src, dst);
}

TEST_F(Update, OnlyWhatChangedIsCopiedAgain) {
  EXPECT_CLEAN_RUN(run(UCOPY_UPDATE_NONE));
  auto before = inodes(dst);
  {
    UniqueFd docs = ucopy_test::open_dir(src + "/docs");
    ucopy_test::write_random_file(docs.get(), "b.txt", 1000, 22);  // same size, new mtime
    ucopy_test::write_random_file(docs.get(), "c.txt", 1001, 3);   // another size
    ucopy_test::write_random_file(docs.get(), "new.txt", 10, 5);   // not in dst yet
    UniqueFd root = ucopy_test::open_dir(src);
    ASSERT_EQ(::unlinkat(root.get(), "link", 0), 0);
    ucopy_test::make_symlink(root.get(), "link", "docs/c.txt");
    ASSERT_EQ(::fchmodat(root.get(), "top", 0604, 0), 0);  // metadata only
  }
  protect_source();
  RunRecord r = run(UCOPY_UPDATE_SIZE_MTIME);
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(rewritten(before, inodes(dst)),
            (std::set<std::string>{"docs/b.txt", "docs/c.txt", "docs/new.txt", "link"}));
  EXPECT_EQ(r.stats.files, 3u);
  EXPECT_EQ(r.stats.bytes, 2011u);
  EXPECT_EQ(r.stats.up_to_date, entry_count() - 4);
  EXPECT_SAME_TREE(src, dst);  // top's new mode included
}

TEST_F(Update, ChecksumFindsWhatSizeAndMtimeMiss) {
  EXPECT_CLEAN_RUN(run(UCOPY_UPDATE_NONE));
  // Same size and mtime, other bytes: the quick check cannot see it.
  struct stat st;
  ASSERT_EQ(::stat((src + "/docs/a.bin").c_str(), &st), 0);
  {
    UniqueFd docs = ucopy_test::open_dir(src + "/docs");
    ucopy_test::write_random_file(docs.get(), "a.bin", 300000, 77);
    ucopy_test::set_times(docs.get(), "a.bin", st.st_atim, st.st_mtim);
  }
  auto before = inodes(dst);
  RunRecord quick = run(UCOPY_UPDATE_SIZE_MTIME);
  EXPECT_CLEAN_RUN(quick);
  EXPECT_EQ(rewritten(before, inodes(dst)), std::set<std::string>{});
  RunRecord sure = run(UCOPY_UPDATE_CHECKSUM);
  EXPECT_CLEAN_RUN(sure);
  EXPECT_EQ(rewritten(before, inodes(dst)), std::set<std::string>{"docs/a.bin"});
  EXPECT_EQ(sure.stats.up_to_date, entry_count() - 1);
  EXPECT_SAME_TREE(src, dst);
}

TEST_F(Update, DryRunListsOnlyWhatWouldBeCopied) {
  EXPECT_CLEAN_RUN(run(UCOPY_UPDATE_NONE));
  {
    UniqueFd docs = ucopy_test::open_dir(src + "/docs");
    ucopy_test::write_random_file(docs.get(), "c.txt", 999, 3);
  }
  auto before = inodes(dst);
  RunRecord r = run(UCOPY_UPDATE_SIZE_MTIME, UCOPY_F_DRY_RUN);
  EXPECT_CLEAN_RUN(r);
  std::set<std::string> listed;
  for (const RecordedEvent &e : r.events_of_type(UCOPY_EVENT_COPIED))
    if (e.file_type != UCOPY_TYPE_DIR) listed.insert(e.src_path);
  EXPECT_EQ(listed, std::set<std::string>{src + "/docs/c.txt"});
  EXPECT_EQ(rewritten(before, inodes(dst)), std::set<std::string>{});
}

TEST_F(Update, BadValueIsRejected) {
  CopySession session;
  session.options.update = 3;
  EXPECT_EQ(session.apply(), -EINVAL);
  EXPECT_NE(std::string(ucopy_last_error(session.handle())).find("update"), std::string::npos);
}

}  // namespace
}  // namespace ucopy_e2e
