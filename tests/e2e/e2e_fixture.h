/* SPDX-License-Identifier: MIT */
// The base of every end-to-end test: a private temp dir with src/ and dst/
// paths, and a guard that the source is left exactly as it was.
#pragma once

#include <gtest/gtest.h>
#include <time.h>

#include <optional>
#include <string>

#include "copy_session.h"
#include "support/temp_dir.h"
#include "support/tree_compare.h"
#include "support/tree_snapshot.h"
#include "support/unprivileged.h"

namespace ucopy_e2e {

// A monotonic clock in nanoseconds, for the tests that bound how long
// something takes.
inline uint64_t now_ns() {
  timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return uint64_t(ts.tv_sec) * 1000000000u + uint64_t(ts.tv_nsec);
}

class E2eTest : public ::testing::Test {
 protected:
  E2eTest() : src(tmp / "src"), dst(tmp / "dst") {}

  // Records the source now; TearDown fails the test if the copy changed any
  // of its metadata or content.
  void protect_source(const std::string &path);
  void protect_source() { protect_source(src); }
  void TearDown() override;

  ucopy_test::TempDir tmp{"ucopy-e2e"};
  const std::string src;
  const std::string dst;

 private:
  std::string protected_path_;
  std::optional<ucopy_test::TreeSnapshot> source_before_;
};

// The destination must equal the source in every byte, type, mode, owner,
// ns mtime and symlink target (unless `options` relaxes something).
#define EXPECT_SAME_TREE(a, b, ...)                                                                \
  do {                                                                                             \
    auto ucopy_diffs_ = ucopy_test::compare_trees((a), (b), ##__VA_ARGS__);                        \
    EXPECT_TRUE(ucopy_diffs_.empty()) << ucopy_test::describe(ucopy_diffs_);                       \
  } while (0)

// A run that copied everything: status 0, no error or warning events.
#define EXPECT_CLEAN_RUN(record)                                                                   \
  do {                                                                                             \
    const auto &ucopy_rec_ = (record);                                                             \
    EXPECT_EQ(ucopy_rec_.rc, 0) << ucopy_rec_.describe_events();                                   \
    EXPECT_EQ(ucopy_rec_.stats.failures, 0u) << ucopy_rec_.describe_events();                      \
    EXPECT_TRUE(ucopy_rec_.events_of_type(UCOPY_EVENT_ERROR).empty())                              \
        << ucopy_rec_.describe_events();                                                           \
  } while (0)

// Permission tests need a user that permission bits apply to.
#define SKIP_UNLESS_CAN_DROP_PRIVILEGES()                                                          \
  do {                                                                                             \
    std::string ucopy_why_;                                                                        \
    if (!ucopy_test::can_drop_privileges(&ucopy_why_)) GTEST_SKIP() << ucopy_why_;                 \
  } while (0)

}  // namespace ucopy_e2e
