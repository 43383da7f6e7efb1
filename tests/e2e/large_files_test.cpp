// SPDX-License-Identifier: MIT
// Large files on the local filesystem of the test directory: holes kept
// (auto), filled (never) and made (always), region boundaries at +-1 byte,
// strategy statistics and UCOPY_F_VERIFY on a good copy.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "e2e_fixture.h"
#include "large_file_helpers.h"
#include "support/fd_count.h"
#include "support/loop_fs.h"
#include "support/tree_builder.h"

namespace ucopy_e2e {
namespace {

using ucopy_test::allocated_bytes;

class LargeFiles : public E2eTest {
 protected:
  void SetUp() override { ucopy_test::make_dir(AT_FDCWD, src); }
  std::string s(const std::string &name) const { return src + "/" + name; }
  std::string d(const std::string &name) const { return dst + "/" + name; }
};

struct SparseCase {
  const char *name;
  uint64_t size;
  std::vector<Segment> data;
};

// Holes at the start, in the middle, at the end, everywhere, and a file
// large enough to be split into regions whose segments end off-block.
const SparseCase kSparseCases[] = {
    {"hole-at-start", 16 * kMiB, {{8 * kMiB, 8 * kMiB}}},
    {"hole-in-middle", 16 * kMiB, {{0, 4 * kMiB}, {12 * kMiB, 4 * kMiB}}},
    {"hole-at-end", 16 * kMiB, {{0, 4 * kMiB}}},
    {"all-hole", 16 * kMiB, {}},
    {"regions-with-holes", 80 * kMiB, {{kMiB, 2 * kMiB}, {40 * kMiB, kMiB + 5}, {79 * kMiB, kMiB}}},
};

TEST_F(LargeFiles, HolesStayHoles) {
  uint64_t data_total = 0;
  uint64_t seed = 7;
  for (const SparseCase &c : kSparseCases) {
    write_sparse_file(s(c.name), c.size, c.data, seed++);
    for (const Segment &g : c.data) data_total += g.len;
  }
  ucopy_test::stamp_tree_times(src, 3);
  protect_source();
  RunRecord r = copy_with_flags(src, dst);
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src, dst);
  for (const SparseCase &c : kSparseCases) {
    // Within one filesystem block per segment boundary of the source's data.
    const uint64_t slack = 2 * 4096 * (c.data.size() + 1);
    uint64_t data = 0;
    for (const Segment &g : c.data) data += g.len;
    EXPECT_LE(allocated_bytes(d(c.name)), data + slack) << c.name;
    EXPECT_LE(allocated_bytes(d(c.name)), allocated_bytes(s(c.name)) + slack) << c.name;
  }
  EXPECT_LE(r.stats.bytes, data_total + 4096 * 8);  // holes are not written
  EXPECT_GT(r.stats.bytes_sparse, 100 * kMiB);
  // Progress ends at its totals although the holes were never written.
  ASSERT_FALSE(r.progress.empty());
  const ucopy_progress &last = r.progress.back();
  EXPECT_EQ(last.finished, 1u);
  EXPECT_EQ(last.bytes_done, last.bytes_total);
  EXPECT_EQ(last.bytes_done, r.stats.bytes + r.stats.bytes_sparse);
}

TEST_F(LargeFiles, SparseNeverWritesTheHolesOut) {
  write_sparse_file(s("holey"), 16 * kMiB, {{0, kMiB}, {15 * kMiB, kMiB}}, 11);
  RunRecord r = copy_with(src, dst, [](ucopy_options &o) { o.sparse = UCOPY_SPARSE_NEVER; });
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(content_difference(s("holey"), d("holey")), "");
  EXPECT_GE(allocated_bytes(d("holey")), 15 * kMiB);
  EXPECT_EQ(r.stats.bytes, 16 * kMiB);
  EXPECT_EQ(r.stats.bytes_sparse, 0u);
}

TEST_F(LargeFiles, SparseAlwaysMakesHolesOfZeroBlocks) {
  // Dense on disk: the zeros are written, not holes.
  std::string content(8 * kMiB, '\0');
  for (size_t i = 3 * kMiB; i < 4 * kMiB; i++) content[i] = static_cast<char>(i * 7 + 1);
  ucopy_test::write_file(AT_FDCWD, s("zeros"), content);
  for (uint32_t method : {UCOPY_COPY_AUTO, UCOPY_COPY_READ_WRITE}) {
    const std::string to = dst + std::to_string(method);
    RunRecord r = copy_with(src, to, [&](ucopy_options &o) {
      o.sparse = UCOPY_SPARSE_ALWAYS;
      o.copy_method = method;
    });
    EXPECT_CLEAN_RUN(r);
    EXPECT_EQ(content_difference(s("zeros"), to + "/zeros"), "") << method;
    EXPECT_LE(allocated_bytes(to + "/zeros"), kMiB + 8192) << method;
  }
}

// Sizes at the region threshold and at region boundaries, one byte either
// side, through both data paths of the helpers, plus the ring/helper
// boundary (two buffers).
TEST_F(LargeFiles, RegionBoundariesPlusMinusOneByte) {
  const uint64_t threshold = 4 * kMiB;
  const uint64_t region = UCOPY_REGION_ALIGN;
  std::vector<uint64_t> sizes;
  for (uint64_t base : {threshold, threshold + region, 5 * region, uint64_t{256 * 1024}})
    for (int delta : {-1, 0, 1}) sizes.push_back(base + static_cast<uint64_t>(delta));
  uint64_t total = 0;
  for (uint64_t size : sizes) {
    ucopy_test::write_random_file(AT_FDCWD, s("f" + std::to_string(size)), size, size, 0600);
    total += size;
  }
  for (uint32_t method : {UCOPY_COPY_FILE_RANGE, UCOPY_COPY_READ_WRITE, UCOPY_COPY_AUTO}) {
    SCOPED_TRACE("copy_method " + std::to_string(method));
    const std::string to = dst + std::to_string(method);
    RunRecord r = copy_with(src, to, [&](ucopy_options &o) {
      o.copy_method = method;
      o.region_threshold = threshold;
      o.region_size = region;
      o.regions = 3;
    });
    EXPECT_CLEAN_RUN(r);
    EXPECT_SAME_TREE(src, to);
    EXPECT_EQ(r.stats.bytes, total);
    EXPECT_EQ(r.stats.files_copy_file_range + r.stats.files_read_write + r.stats.files_reflinked,
              sizes.size());
    if (method == UCOPY_COPY_READ_WRITE) {
      EXPECT_EQ(r.stats.files_read_write, sizes.size());
      EXPECT_EQ(r.stats.bytes_read_write, total);
    }
  }
}

// Read and written, files of 8 MiB and more go through O_DIRECT where the
// filesystem allows it, except for the unaligned tail; with
// UCOPY_F_NO_DIRECT_IO, through the page cache. Both copy the same bytes.
TEST_F(LargeFiles, DirectAndBufferedReadWriteAgree) {
  const uint64_t sizes[] = {8 * kMiB, 8 * kMiB + 1, 9 * kMiB + 4095, 130 * kMiB + 513};
  for (uint64_t size : sizes)
    ucopy_test::write_random_file(AT_FDCWD, s("f" + std::to_string(size)), size, size, 0644);
  write_sparse_file(s("sparse"), 40 * kMiB + 100, {{4 * kMiB, 9 * kMiB + 17}}, 9);
  for (uint64_t flags : {uint64_t{0}, uint64_t{UCOPY_F_NO_DIRECT_IO}}) {
    SCOPED_TRACE("flags " + std::to_string(flags));
    const std::string to = dst + std::to_string(flags);
    RunRecord r = copy_with(src, to, [&](ucopy_options &o) {
      o.flags |= flags | UCOPY_F_VERIFY;
      o.copy_method = UCOPY_COPY_READ_WRITE;
      o.region_threshold = 16 * kMiB;
    });
    EXPECT_CLEAN_RUN(r);
    EXPECT_SAME_TREE(src, to);
    EXPECT_EQ(r.stats.files_read_write, 5u);
    EXPECT_EQ(r.stats.files_verified, 5u);
  }
}

// Stopped in the middle of a large file on the helper threads: the run
// says so, leaves no partial copy and no open descriptor.
TEST_F(LargeFiles, StopMidFileRemovesThePartialCopy) {
  ucopy_test::write_random_file(AT_FDCWD, s("big"), 400 * kMiB + 3, 8, 0644);
  const int fds_before = ucopy_test::count_open_fds();
  for (uint32_t method : {UCOPY_COPY_AUTO, UCOPY_COPY_READ_WRITE}) {
    SCOPED_TRACE("copy_method " + std::to_string(method));
    const std::string to = dst + std::to_string(method);
    CopySession session;
    session.options.progress_interval_ms = UCOPY_PROGRESS_INTERVAL_MIN_MS;
    session.options.copy_method = method;
    ASSERT_EQ(session.apply(), 0);
    bool stopped_mid_file = false;
    session.on_progress = [&](const ucopy_progress &p) {
      if (p.finished || p.bytes_done == 0 || p.bytes_done >= p.bytes_total) return 0;
      stopped_mid_file = true;
      return 1;
    };
    RunRecord r = session.run(src, to);
    if (!stopped_mid_file) {  // too fast to catch here: then it must be whole
      EXPECT_CLEAN_RUN(r);
      continue;
    }
    EXPECT_EQ(r.rc, UCOPY_EABORTED) << r.describe_events();
    struct stat st {};
    EXPECT_NE(lstat((to + "/big").c_str(), &st), 0) << "partial copy left behind";
  }
  EXPECT_EQ(ucopy_test::count_open_fds(), fds_before);
}

// The overwrite policies hold on the helper threads too.
TEST_F(LargeFiles, OverwritePoliciesApply) {
  ucopy_test::write_random_file(AT_FDCWD, s("big"), 70 * kMiB + 1, 4, 0644);
  ucopy_test::make_dir(AT_FDCWD, dst);
  ucopy_test::write_random_file(AT_FDCWD, d("big"), 5 * kMiB, 5, 0644);
  RunRecord fail =
      copy_with(src, dst, [](ucopy_options &o) { o.overwrite = UCOPY_OVERWRITE_FAIL; });
  EXPECT_EQ(fail.rc, UCOPY_EPARTIAL);
  ASSERT_EQ(errors_for(fail, "/big").size(), 1u) << fail.describe_events();
  EXPECT_EQ(errors_for(fail, "/big")[0].code, -EEXIST);
  EXPECT_EQ(allocated_bytes(d("big")) / kMiB, 5u) << "the existing file was touched";

  RunRecord skip =
      copy_with(src, dst, [](ucopy_options &o) { o.overwrite = UCOPY_OVERWRITE_SKIP; });
  EXPECT_CLEAN_RUN(skip);
  EXPECT_EQ(skip.stats.skipped, 1u);
  EXPECT_NE(content_difference(s("big"), d("big")), "");

  RunRecord replace =
      copy_with(src, dst, [](ucopy_options &o) { o.overwrite = UCOPY_OVERWRITE_REPLACE; });
  EXPECT_CLEAN_RUN(replace);
  EXPECT_EQ(content_difference(s("big"), d("big")), "");
}

// UCOPY_F_NOATIME holds on the helper threads too: their own descriptors
// per region and the second read of UCOPY_F_VERIFY included.
TEST_F(LargeFiles, NoatimeLeavesTheSourceAtimeAlone) {
  ucopy_test::write_random_file(AT_FDCWD, s("big"), 12 * kMiB + 5, 6, 0644);
  const timespec old_atime{1000000000, 123456789};
  const timespec mtime{1500000000, 987654321};  // newer: relatime would move the atime
  auto atime_sec = [&] {
    struct stat st {};
    EXPECT_EQ(stat(s("big").c_str(), &st), 0);
    return st.st_atim.tv_sec;
  };
  auto edit = [](uint64_t extra) {
    return [extra](ucopy_options &o) {
      o.flags |= extra | UCOPY_F_VERIFY |
                 UCOPY_F_NO_DIRECT_IO;  // O_DIRECT reads leave atimes alone anyway
      o.copy_method = UCOPY_COPY_READ_WRITE;
      o.region_threshold = 4 * kMiB;
    };
  };
  ucopy_test::set_times(AT_FDCWD, s("big"), old_atime, mtime);
  EXPECT_CLEAN_RUN(copy_with(src, dst + "-plain", edit(0)));
  if (atime_sec() == old_atime.tv_sec)
    GTEST_SKIP() << "this mount does not update atimes on read (noatime?): nothing to observe";
  ucopy_test::set_times(AT_FDCWD, s("big"), old_atime, mtime);
  RunRecord r = copy_with(src, dst, edit(UCOPY_F_NOATIME));
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(atime_sec(), old_atime.tv_sec);
  EXPECT_EQ(content_difference(s("big"), d("big")), "");
}

TEST_F(LargeFiles, RegionSplitDisabledStillCopies) {
  ucopy_test::write_random_file(AT_FDCWD, s("big"), 70 * kMiB + 3, 5, 0644);
  RunRecord r = copy_with(src, dst, [](ucopy_options &o) {
    o.region_threshold = 0;
    o.copy_method = UCOPY_COPY_READ_WRITE;
  });
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src, dst);
  EXPECT_EQ(r.stats.files_read_write, 1u);
}

TEST_F(LargeFiles, VerifyPassesOnAGoodCopy) {
  ucopy_test::write_random_file(AT_FDCWD, s("big"), 9 * kMiB + 1, 1, 0644);
  ucopy_test::write_random_file(AT_FDCWD, s("small"), 3000, 2, 0644);
  ucopy_test::write_file(AT_FDCWD, s("empty"), "");
  write_sparse_file(s("sparse"), 8 * kMiB, {{kMiB, kMiB}}, 3);
  RunRecord r = copy_with(src, dst, [](ucopy_options &o) { o.flags |= UCOPY_F_VERIFY; });
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src, dst);
  EXPECT_EQ(r.stats.files_verified, 4u);
}

}  // namespace
}  // namespace ucopy_e2e
