// SPDX-License-Identifier: MIT
// ucopy_options.digest: every copied regular file's event carries the
// digest of its bytes, equal to what sha256sum / xxhsum -H2 say of the
// source and of the copy, on every path the data can take (the ring, the
// helpers, holes, regions, a single file, hard-link names); no source is
// read a second time for it; bad values are refused by name.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <string>

#include "digest_helpers.h"
#include "e2e_fixture.h"
#include "large_file_helpers.h"
#include "support/tree_builder.h"

namespace ucopy_e2e {
namespace {

const char *alg_name(uint32_t alg) { return alg == UCOPY_DIGEST_SHA256 ? "sha256" : "xxh128"; }

class Digests : public E2eTest, public ::testing::WithParamInterface<uint32_t> {
 protected:
  void SetUp() override {
    if (GetParam() == UCOPY_DIGEST_XXH128 && !have_xxhsum())
      GTEST_SKIP() << "xxhsum not installed (Debian package xxhash): nothing independent to "
                      "check XXH3-128 digests against";
    ucopy_test::make_dir(AT_FDCWD, src);
  }
  std::string s(const std::string &name) const { return src + "/" + name; }

  // Every copied file's event has the digest the tool computes from the
  // copy and from the source; other entries have none. Returns the files.
  size_t expect_tool_digests(const RunRecord &r) const {
    size_t files = 0;
    for (const RecordedEvent &e : r.events_of_type(UCOPY_EVENT_COPIED)) {
      if (e.file_type != UCOPY_TYPE_FILE) {
        EXPECT_EQ(e.digest_hex, "") << e.dst_path;
        continue;
      }
      files++;
      EXPECT_EQ(e.digest_type, GetParam()) << e.dst_path;
      EXPECT_EQ(e.digest_hex.size(), GetParam() == UCOPY_DIGEST_SHA256 ? 64u : 32u) << e.dst_path;
      EXPECT_EQ(e.digest_hex, tool_digest(GetParam(), e.dst_path)) << e.dst_path;
      EXPECT_EQ(e.digest_hex, tool_digest(GetParam(), e.src_path)) << e.src_path;
    }
    return files;
  }
};

// Empty, small, one buffer, a few buffers, sparse, split into regions,
// names a manifest must escape, a second hard-link name.
size_t make_mixed_tree(const std::string &src) {
  using ucopy_test::write_random_file;
  ucopy_test::write_file(AT_FDCWD, src + "/empty", "");
  ucopy_test::write_file(AT_FDCWD, src + "/small", "hello");
  write_random_file(AT_FDCWD, src + "/one-buffer", 128 * 1024, 1, 0644);
  write_random_file(AT_FDCWD, src + "/few-buffers", kMiB + 3, 2, 0644);
  write_sparse_file(src + "/sparse", 16 * kMiB + 7, {{kMiB, kMiB + 1}, {9 * kMiB, 5}}, 3);
  write_random_file(AT_FDCWD, src + "/regions", 20 * kMiB + 5, 4, 0644);
  write_random_file(AT_FDCWD, src + "/back\\slash", 777, 5, 0644);
  write_random_file(AT_FDCWD, src + "/new\nline", 300 * 1024, 6, 0644);
  ucopy_test::make_dir(AT_FDCWD, src + "/sub");
  ucopy_test::make_hardlink(AT_FDCWD, src + "/few-buffers", src + "/sub/link");
  ucopy_test::make_symlink(AT_FDCWD, src + "/sub/symlink", "../small");
  return 9;
}

TEST_P(Digests, MixedTreeMatchesTheTools) {
  const size_t files = make_mixed_tree(src);
  protect_source();
  RunRecord r = copy_with(src, dst, [](ucopy_options &o) {
    o.digest = GetParam();
    o.region_threshold = 8 * kMiB;  // "regions" would be copied in 4 regions
    o.regions = 4;
  });
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src, dst);
  EXPECT_EQ(expect_tool_digests(r), files);
  // No bytes moved out of our sight.
  EXPECT_EQ(r.stats.bytes_copy_file_range, 0u) << alg_name(GetParam());
}

TEST_P(Digests, AskedForCopyFileRangeStillDigests) {
  make_mixed_tree(src);
  RunRecord r = copy_with(src, dst, [](ucopy_options &o) {
    o.digest = GetParam();
    o.copy_method = UCOPY_COPY_FILE_RANGE;
    o.sparse = UCOPY_SPARSE_ALWAYS;  // zero runs found in the bytes we hash
  });
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src, dst);
  EXPECT_EQ(expect_tool_digests(r), 9u);
  EXPECT_EQ(r.stats.bytes_copy_file_range, 0u);
}

TEST_P(Digests, SingleFilesAndFsyncDeferredEvents) {
  ucopy_test::write_file(AT_FDCWD, s("one"), "just this");
  ucopy_test::write_random_file(AT_FDCWD, s("big"), 3 * kMiB + 9, 8, 0644);
  for (const char *name : {"one", "big"}) {
    RunRecord r = copy_with(s(name), dst + "-" + name, [](ucopy_options &o) {
      o.digest = GetParam();
      o.flags |= UCOPY_F_FSYNC;
    });
    EXPECT_CLEAN_RUN(r);
    EXPECT_EQ(expect_tool_digests(r), 1u) << name;
  }
  // In a tree under UCOPY_F_FSYNC a file's event waits for its directory.
  RunRecord t = copy_with(src, dst, [](ucopy_options &o) {
    o.digest = GetParam();
    o.flags |= UCOPY_F_FSYNC;
  });
  EXPECT_CLEAN_RUN(t);
  EXPECT_EQ(expect_tool_digests(t), 2u);
}

INSTANTIATE_TEST_SUITE_P(Algorithms, Digests,
                         ::testing::Values(UCOPY_DIGEST_SHA256, UCOPY_DIGEST_XXH128),
                         [](const auto &p) { return std::string(alg_name(p.param)); });

// The bytes this process has read with read-family system calls so far
// (/proc/self/io rchar; pread and copy_file_range count, io_uring reads
// do not).
uint64_t rchar() {
  std::ifstream io("/proc/self/io");
  std::string key;
  uint64_t value = 0;
  while (io >> key >> value)
    if (key == "rchar:") return value;
  return 0;
}

// A digest costs no second read of the source: the helpers' reads (pread,
// counted in rchar) carry the file once, and the ring's reads are not
// counted at all, so a second pass over any file would show as at least
// its size more.
TEST_F(E2eTest, DigestReadsEachSourceOnce) {
  ucopy_test::make_dir(AT_FDCWD, src);
  ucopy_test::write_random_file(AT_FDCWD, src + "/regions", 24 * kMiB, 1, 0644);
  ucopy_test::write_random_file(AT_FDCWD, src + "/mid", 3 * kMiB + 1, 2, 0644);
  for (int i = 0; i < 20; i++)
    ucopy_test::write_random_file(AT_FDCWD, src + "/s" + std::to_string(i), 20000, 3 + i, 0644);
  const uint64_t total = 27 * kMiB + 1 + 20 * 20000;
  const uint64_t before = rchar();
  RunRecord r = copy_with(src, dst, [](ucopy_options &o) {
    o.digest = UCOPY_DIGEST_SHA256;
    o.region_threshold = 8 * kMiB;
  });
  const uint64_t read = rchar() - before;
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src, dst);
  // Slack for /proc and the like: far below the 3 MiB of the smallest
  // helper file.
  RecordProperty("rchar", std::to_string(read));
  EXPECT_LE(read, total + kMiB) << "a source was read twice";
  EXPECT_GE(read, 27 * kMiB) << "the large files were not read by the helpers";
}

// Helpers waiting for their turn to digest a chunk are released by a
// cancel: the run ends promptly and leaves no partial file.
TEST_F(E2eTest, DigestRunCancelsPromptly) {
  ucopy_test::make_dir(AT_FDCWD, src);
  ucopy_test::write_random_file(AT_FDCWD, src + "/a-small", 1000, 1, 0644);
  for (int i = 0; i < 3; i++)
    ucopy_test::write_random_file(AT_FDCWD, src + "/big" + std::to_string(i), 64 * kMiB, 2 + i,
                                  0644);
  CopySession session;
  session.options.digest = UCOPY_DIGEST_SHA256;
  session.options.region_threshold = 8 * kMiB;
  session.options.progress_interval_ms = 10;
  ASSERT_EQ(session.apply(), 0);
  uint64_t cancel_at = 0;
  RunRecord r = session.run_cancelled_after(src, dst, 1, &cancel_at);
  const uint64_t returned_at = now_ns();
  if (cancel_at == 0) GTEST_SKIP() << "the copy finished before the cancel";
  EXPECT_EQ(r.rc, -ECANCELED) << r.describe_events();
  EXPECT_LT(returned_at - cancel_at, 2000000000u);
  // A file left in the destination is a whole copy.
  for (int i = 0; i < 3; i++) {
    const std::string name = "/big" + std::to_string(i);
    struct stat st {};
    if (lstat((dst + name).c_str(), &st) != 0) continue;
    EXPECT_EQ(content_difference(src + name, dst + name), "") << name;
  }
}

TEST_F(E2eTest, UnknownDigestIsRefusedByName) {
  CopySession s;
  s.options.digest = 3;
  EXPECT_EQ(s.apply(), -EINVAL);
  EXPECT_NE(std::string(ucopy_last_error(s.handle())).find("digest = 3"), std::string::npos)
      << ucopy_last_error(s.handle());
  s.options.digest = UCOPY_DIGEST_XXH128;
  s.options.reserved2 = 1;
  EXPECT_EQ(s.apply(), -EINVAL);
  EXPECT_NE(std::string(ucopy_last_error(s.handle())).find("reserved2"), std::string::npos);
}

}  // namespace
}  // namespace ucopy_e2e
