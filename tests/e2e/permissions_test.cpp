// SPDX-License-Identifier: MIT
// Entries an unprivileged user cannot read: each one is reported through the
// event callback (path, operation, code), the rest is copied, and the run
// ends with UCOPY_EPARTIAL and stats.failures equal to the count. Runs the
// copy as nobody in a child process, because root ignores permission bits.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <set>

#include "e2e_fixture.h"
#include "support/path_text.h"
#include "support/tree_builder.h"

namespace ucopy_e2e {
namespace {

class Permissions : public E2eTest {
 protected:
  // src/ readable by everyone except three entries; dst goes into a
  // directory that nobody owns.
  void SetUp() override {
    ASSERT_EQ(::chmod(tmp.path().c_str(), 0755), 0);
    {
      ucopy_test::UniqueFd root = ucopy_test::make_dir(AT_FDCWD, src, 0755);
      ucopy_test::write_random_file(root.get(), "readable", 20000, 1, 0644);
      ucopy_test::write_random_file(root.get(), "secret-file", 3000, 2, 0000);
      ucopy_test::UniqueFd nested = ucopy_test::make_dir(root.get(), "nested", 0755);
      ucopy_test::write_random_file(nested.get(), "also-readable", 5000, 3, 0444);
      ucopy_test::write_random_file(nested.get(), "write-only", 7000, 4, 0200);
      ucopy_test::UniqueFd locked = ucopy_test::make_dir(root.get(), "locked-dir", 0755);
      ucopy_test::write_random_file(locked.get(), "hidden", 100, 5, 0644);
      ucopy_test::set_mode(root.get(), "locked-dir", 0000);
      ucopy_test::make_symlink(root.get(), "link", "secret-file");
    }
    ucopy_test::stamp_tree_times(src, 21);
    ucopy_test::UniqueFd out = ucopy_test::make_dir(AT_FDCWD, tmp / "out", 0755);
    ASSERT_EQ(::fchown(out.get(), ucopy_test::kNobodyUid, ucopy_test::kNobodyGid), 0);
    protect_source();
  }

  const std::string target = tmp / "out/dst";
  const std::set<std::string> unreadable = {src + "/secret-file", src + "/nested/write-only",
                                            src + "/locked-dir"};

  // The copy, run as nobody; decision is what the event callback answers.
  RunRecord copy_as_nobody(int decision) {
    auto child = ucopy_test::run_as_nobody([&] {
      CopySession session;
      session.on_event = [decision](const RecordedEvent &e) {
        return e.type == UCOPY_EVENT_ERROR ? decision : UCOPY_CONTINUE;
      };
      return session.run(src, target).serialize();
    });
    if (!child.error.empty()) ADD_FAILURE() << child.error;
    return child.error.empty() ? RunRecord::deserialize(child.output) : RunRecord{};
  }

  void expect_rest_copied() {
    ucopy_test::CompareOptions opts;
    opts.owner = false;  // nobody cannot chown; kept as is, as the header says
    opts.ignore = {"secret-file", "nested/write-only", "locked-dir"};
    EXPECT_SAME_TREE(src, target, opts);
    struct stat st;
    EXPECT_NE(::lstat((target + "/secret-file").c_str(), &st), 0)
        << "failed file left in destination";
    EXPECT_NE(::lstat((target + "/nested/write-only").c_str(), &st), 0)
        << "failed file left in destination";
    EXPECT_NE(::lstat((target + "/locked-dir/hidden").c_str(), &st), 0);
  }
};

TEST_F(Permissions, UnreadableEntriesReportedRestCopied) {
  SKIP_UNLESS_CAN_DROP_PRIVILEGES();
  RunRecord r = copy_as_nobody(UCOPY_CONTINUE);
  EXPECT_EQ(r.rc, UCOPY_EPARTIAL) << r.describe_events();
  EXPECT_EQ(r.stats.failures, unreadable.size()) << r.describe_events();
  auto errors = r.events_of_type(UCOPY_EVENT_ERROR);
  EXPECT_EQ(errors.size(), unreadable.size()) << r.describe_events();
  std::set<std::string> reported;
  for (const RecordedEvent &e : errors) {
    SCOPED_TRACE(ucopy_test::printable(e.src_path));
    reported.insert(e.src_path);
    EXPECT_EQ(e.code, -EACCES) << e.message;
    EXPECT_FALSE(e.op.empty()) << "the event must say which operation failed";
    EXPECT_NE(e.message.find(e.src_path), std::string::npos)
        << "message lacks the path: " << e.message;
  }
  EXPECT_EQ(reported, unreadable) << r.describe_events();
  // The link itself is readable and must be copied as a link.
  EXPECT_EQ(r.stats.symlinks, 1u);
  expect_rest_copied();
}

TEST_F(Permissions, SkipDecisionCountsSkippedNotFailed) {
  SKIP_UNLESS_CAN_DROP_PRIVILEGES();
  RunRecord r = copy_as_nobody(UCOPY_SKIP);
  EXPECT_EQ(r.rc, 0) << r.describe_events();
  EXPECT_EQ(r.stats.failures, 0u) << r.describe_events();
  EXPECT_EQ(r.stats.skipped, unreadable.size()) << r.describe_events();
  expect_rest_copied();
}

TEST_F(Permissions, AbortDecisionStopsTheRun) {
  SKIP_UNLESS_CAN_DROP_PRIVILEGES();
  RunRecord r = copy_as_nobody(UCOPY_ABORT);
  EXPECT_EQ(r.rc, UCOPY_EABORTED) << r.describe_events();
  EXPECT_GE(r.events_of_type(UCOPY_EVENT_ERROR).size(), 1u) << r.describe_events();
}

}  // namespace
}  // namespace ucopy_e2e
