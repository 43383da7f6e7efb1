// SPDX-License-Identifier: MIT
// An existing destination under each overwrite policy.
#include <fcntl.h>

#include <set>

#include "e2e_fixture.h"
#include "overwrite_setup.h"
#include "support/remove_tree.h"
#include "support/tree_builder.h"

namespace ucopy_e2e {
namespace {

class Overwrite : public E2eTest {
 protected:
  void SetUp() override {
    existing = build_conflicting_trees(src, dst);
    protect_source();
  }
  RunRecord copy_with_policy(uint32_t policy, uint64_t extra_flags = 0) {
    CopySession session;
    session.options.overwrite = policy;
    session.options.flags |= extra_flags;
    EXPECT_EQ(session.apply(), 0);
    return session.run(src, dst);
  }
  std::set<std::string> conflict_src_paths() const {
    std::set<std::string> out;
    for (const std::string &rel : existing.conflicts) out.insert(src + "/" + rel);
    return out;
  }
  void expect_old_content_kept() {
    for (const std::string &rel : existing.conflicts)
      EXPECT_EQ(ucopy_test::read_file(AT_FDCWD, dst + "/" + rel), "old:" + rel) << rel;
  }
  // Everything except the conflicting files equals the source.
  void expect_rest_copied() {
    ucopy_test::CompareOptions opts;
    opts.ignore = {"dst-only"};
    for (const std::string &rel : existing.conflicts) opts.ignore.insert(rel);
    opts.mtime = false;  // directories holding kept files: see the exact check below
    EXPECT_SAME_TREE(src, dst, opts);
  }
  ExistingDestination existing;
};

TEST_F(Overwrite, FailReportsEexistPerFileAndKeepsContent) {
  RunRecord r = copy_with_policy(UCOPY_OVERWRITE_FAIL);
  EXPECT_EQ(r.rc, UCOPY_EPARTIAL) << r.describe_events();
  EXPECT_EQ(r.stats.failures, existing.conflicts.size()) << r.describe_events();
  std::set<std::string> reported;
  for (const RecordedEvent &e : r.events_of_type(UCOPY_EVENT_ERROR)) {
    EXPECT_EQ(e.code, -EEXIST) << e.message;
    reported.insert(e.src_path);
  }
  EXPECT_EQ(reported, conflict_src_paths()) << r.describe_events();
  expect_old_content_kept();
  expect_rest_copied();
  EXPECT_EQ(r.stats.files, 18u - existing.conflicts.size());
}

TEST_F(Overwrite, ReplaceReplacesEverything) {
  RunRecord r = copy_with_policy(UCOPY_OVERWRITE_REPLACE);
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(r.stats.files, 18u);
  ucopy_test::CompareOptions opts;
  opts.ignore = {"dst-only"};
  EXPECT_SAME_TREE(src, dst, opts);
  EXPECT_EQ(ucopy_test::read_file(AT_FDCWD, dst + "/dst-only"), "unrelated\n");
}

TEST_F(Overwrite, SkipKeepsExistingAndCountsSkipped) {
  RunRecord r = copy_with_policy(UCOPY_OVERWRITE_SKIP);
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(r.stats.skipped, existing.conflicts.size()) << r.describe_events();
  std::set<std::string> skipped;
  for (const RecordedEvent &e : r.events_of_type(UCOPY_EVENT_SKIPPED)) skipped.insert(e.src_path);
  EXPECT_EQ(skipped, conflict_src_paths()) << r.describe_events();
  expect_old_content_kept();
  expect_rest_copied();
  EXPECT_EQ(r.stats.files, 18u - existing.conflicts.size());
}

// A dry run is the plan of the real one: the same errors, skips and
// copies, with nothing written.
TEST_F(Overwrite, DryRunPlansWhatEachPolicyWouldDo) {
  for (uint32_t policy : {UCOPY_OVERWRITE_FAIL, UCOPY_OVERWRITE_SKIP, UCOPY_OVERWRITE_REPLACE}) {
    SCOPED_TRACE(policy);
    RunRecord plan = copy_with_policy(policy, UCOPY_F_DRY_RUN);
    std::set<std::string> refused, kept, copied;
    for (const RecordedEvent &e : plan.events_of_type(UCOPY_EVENT_ERROR)) {
      EXPECT_EQ(e.code, -EEXIST) << e.message;
      refused.insert(e.src_path);
    }
    for (const RecordedEvent &e : plan.events_of_type(UCOPY_EVENT_SKIPPED)) kept.insert(e.src_path);
    for (const RecordedEvent &e : plan.events_of_type(UCOPY_EVENT_COPIED))
      if (e.file_type == UCOPY_TYPE_FILE) copied.insert(e.src_path);
    const std::set<std::string> none;
    EXPECT_EQ(refused, policy == UCOPY_OVERWRITE_FAIL ? conflict_src_paths() : none);
    EXPECT_EQ(kept, policy == UCOPY_OVERWRITE_SKIP ? conflict_src_paths() : none);
    EXPECT_EQ(copied.size(),
              18u - (policy == UCOPY_OVERWRITE_REPLACE ? 0 : existing.conflicts.size()))
        << plan.describe_events();
    EXPECT_EQ(plan.stats.files, copied.size());
    expect_old_content_kept();
  }
}

TEST_F(Overwrite, ReplaceTurnsDirectoryIntoFileConflictIntoAnError) {
  // A directory in the destination where the source has a file cannot be
  // "replaced" by unlinking it; it must be an error, and the directory kept.
  ucopy_test::UniqueFd d = ucopy_test::open_dir(dst + "/dir0");
  ucopy_test::remove_tree_at(d.get(), "f5");
  ucopy_test::UniqueFd sub = ucopy_test::make_dir(d.get(), "f5");
  ucopy_test::write_file(sub.get(), "precious", "keep me\n");
  RunRecord r = copy_with_policy(UCOPY_OVERWRITE_REPLACE);
  EXPECT_EQ(r.rc, UCOPY_EPARTIAL) << r.describe_events();
  EXPECT_EQ(r.stats.failures, 1u) << r.describe_events();
  EXPECT_EQ(ucopy_test::read_file(sub.get(), "precious"), "keep me\n");
}

}  // namespace
}  // namespace ucopy_e2e
