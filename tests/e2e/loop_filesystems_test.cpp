// SPDX-License-Identifier: MIT
// Each data strategy on real filesystems made for the test (loop devices):
// clones on xfs and btrfs, copy_file_range on ext4, read/write across
// filesystems, and running out of room mid-file. Every test skips, saying
// why, where loop mounts are not permitted.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "atomic_helpers.h"
#include "digest_helpers.h"
#include "e2e_fixture.h"
#include "large_file_helpers.h"
#include "support/loop_fs.h"
#include "support/remove_tree.h"
#include "support/temp_dir.h"
#include "support/tree_builder.h"

namespace ucopy_e2e {
namespace {

using ucopy_test::LoopFs;

// Makes `var` (a LoopFs &) or skips the test with the reason.
#define MAKE_FS_OR_SKIP(var, type, size, ...)                                                      \
  std::string var##_why;                                                                           \
  std::unique_ptr<LoopFs> var##_ptr = LoopFs::make(type, size, var##_why, ##__VA_ARGS__);          \
  if (!var##_ptr) GTEST_SKIP() << var##_why;                                                       \
  LoopFs &var = *var##_ptr

bool exists(const std::string &path) {
  struct stat st {};
  return lstat(path.c_str(), &st) == 0;
}

// Same filesystem, reflink-capable: the copy is a clone, whatever its size,
// and takes (next to) no new data blocks.
void expect_clone(const LoopFs &fs) {
  const uint64_t size = 96 * kMiB + 12345;
  ucopy_test::make_dir(AT_FDCWD, fs / "src");
  ucopy_test::write_random_file(AT_FDCWD, fs / "src/big", size, 42, 0644);
  ucopy_test::write_random_file(AT_FDCWD, fs / "src/mid", 3 * kMiB, 43, 0644);
  sync();
  const uint64_t used_before = fs.used_bytes();
  RunRecord r = copy_with_flags(fs / "src", fs / "dst");
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(fs / "src", fs / "dst");
  EXPECT_EQ(r.stats.files_reflinked, 2u);
  EXPECT_EQ(r.stats.bytes_reflinked, size + 3 * kMiB);
  EXPECT_EQ(r.stats.bytes_copy_file_range + r.stats.bytes_read_write, 0u);
  sync();
  EXPECT_LT(fs.used_bytes(), used_before + 8 * kMiB) << "the clone took new data blocks";
}

TEST(LoopFilesystems, XfsSameFilesystemClones) {
  MAKE_FS_OR_SKIP(fs, "xfs", 512 * kMiB, ucopy_test::LoopFsOptions{{"-m", "reflink=1"}, "", false});
  expect_clone(fs);
}

TEST(LoopFilesystems, BtrfsSameFilesystemClones) {
  MAKE_FS_OR_SKIP(fs, "btrfs", 512 * kMiB);
  expect_clone(fs);
}

// Under a digest a clone is still a clone; its digest comes from reading
// the source once (the one case where the bytes do not pass through the
// copy itself).
TEST(LoopFilesystems, BtrfsClonesUnderADigest) {
  MAKE_FS_OR_SKIP(fs, "btrfs", 512 * kMiB);
  ucopy_test::make_dir(AT_FDCWD, fs / "src");
  ucopy_test::write_random_file(AT_FDCWD, fs / "src/big", 70 * kMiB + 3, 5, 0644);
  ucopy_test::write_random_file(AT_FDCWD, fs / "src/mid", 3 * kMiB, 6, 0644);
  RunRecord r =
      copy_with(fs / "src", fs / "dst", [](ucopy_options &o) { o.digest = UCOPY_DIGEST_SHA256; });
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(fs / "src", fs / "dst");
  EXPECT_EQ(r.stats.files_reflinked, 2u);
  size_t files = 0;
  for (const RecordedEvent &e : r.events_of_type(UCOPY_EVENT_COPIED)) {
    if (e.file_type != UCOPY_TYPE_FILE) continue;
    files++;
    EXPECT_EQ(e.digest_hex, tool_digest(UCOPY_DIGEST_SHA256, e.src_path)) << e.src_path;
  }
  EXPECT_EQ(files, 2u);
}

TEST(LoopFilesystems, Ext4SameFilesystemUsesCopyFileRange) {
  MAKE_FS_OR_SKIP(fs, "ext4", 256 * kMiB);
  ucopy_test::make_dir(AT_FDCWD, fs / "src");
  ucopy_test::write_random_file(AT_FDCWD, fs / "src/big", 80 * kMiB + 1, 1, 0644);  // regions
  ucopy_test::write_random_file(AT_FDCWD, fs / "src/mid", 2 * kMiB - 1, 2, 0644);
  ucopy_test::write_random_file(AT_FDCWD, fs / "src/small", 1000, 3, 0644);  // the ring
  RunRecord r = copy_with_flags(fs / "src", fs / "dst");
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(fs / "src", fs / "dst");
  EXPECT_EQ(r.stats.files_copy_file_range, 2u);
  EXPECT_EQ(r.stats.bytes_copy_file_range, 82 * kMiB);
  EXPECT_EQ(r.stats.files_read_write, 1u);
  EXPECT_EQ(r.stats.files_reflinked, 0u);

  // A clone required where none is possible fails each file, naming it.
  RunRecord always = copy_with(fs / "src", fs / "dst-always",
                               [](ucopy_options &o) { o.reflink = UCOPY_REFLINK_ALWAYS; });
  EXPECT_EQ(always.rc, UCOPY_EPARTIAL) << always.describe_events();
  ASSERT_EQ(errors_for(always, "/big").size(), 1u) << always.describe_events();
  EXPECT_EQ(errors_for(always, "/big")[0].op, "clone");
  EXPECT_FALSE(exists(fs / "dst-always/big"));
  EXPECT_EQ(always.stats.failures, 3u);
}

TEST(LoopFilesystems, AcrossFilesystemsFallsBackToReadWrite) {
  MAKE_FS_OR_SKIP(from, "ext4", 256 * kMiB);
  MAKE_FS_OR_SKIP(to, "xfs", 512 * kMiB);
  ucopy_test::make_dir(AT_FDCWD, from / "src");
  ucopy_test::write_random_file(AT_FDCWD, from / "src/big", 70 * kMiB - 1, 1, 0644);
  ucopy_test::write_random_file(AT_FDCWD, from / "src/mid", 2 * kMiB + 1, 2, 0644);
  write_sparse_file(from / "src/sparse", 64 * kMiB, {{kMiB, kMiB}, {60 * kMiB, kMiB}}, 3);
  // copy_file_range asked for: it fails with EXDEV and falls back silently.
  RunRecord r = copy_with(from / "src", to / "dst",
                          [](ucopy_options &o) { o.copy_method = UCOPY_COPY_FILE_RANGE; });
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(from / "src", to / "dst");
  EXPECT_EQ(r.stats.files_read_write, 3u);
  EXPECT_EQ(r.stats.bytes_copy_file_range, 0u);
  EXPECT_LE(ucopy_test::allocated_bytes(to / "dst/sparse"), 2 * kMiB + 64 * 1024);

  RunRecord a = copy_with_flags(from / "src", to / "dst-auto");
  EXPECT_CLEAN_RUN(a);
  EXPECT_SAME_TREE(from / "src", to / "dst-auto");
  EXPECT_EQ(a.stats.files_read_write, 3u);
}

// No room: the file fails with ENOSPC naming the destination, its partial
// copy is removed, the other files are copied and the run says so.
TEST(LoopFilesystems, NoSpaceFailsTheFileAndRemovesThePartialCopy) {
  MAKE_FS_OR_SKIP(fs, "ext4", 32 * kMiB);
  ucopy_test::TempDir tmp("ucopy-enospc");
  const std::string src = tmp / "src";
  ucopy_test::make_dir(AT_FDCWD, src);
  ucopy_test::write_random_file(AT_FDCWD, src + "/dense", 48 * kMiB, 1, 0644);
  // Sparse: nothing is preallocated, so the room runs out mid-file.
  write_sparse_file(src + "/sparse", 96 * kMiB, {{0, 16 * kMiB}, {80 * kMiB, 16 * kMiB}}, 2);
  ucopy_test::write_file(AT_FDCWD, src + "/small", "fits\n");
  for (uint32_t method : {UCOPY_COPY_AUTO, UCOPY_COPY_READ_WRITE}) {
    const std::string dst = fs / ("dst" + std::to_string(method));
    RunRecord r = copy_with(src, dst, [&](ucopy_options &o) { o.copy_method = method; });
    EXPECT_EQ(r.rc, UCOPY_EPARTIAL) << r.describe_events();
    EXPECT_EQ(r.stats.failures, 2u) << r.describe_events();
    for (const char *name : {"/dense", "/sparse"}) {
      auto errs = errors_for(r, name);
      ASSERT_EQ(errs.size(), 1u) << name << r.describe_events();
      EXPECT_EQ(errs[0].code, -ENOSPC) << errs[0].message;
      EXPECT_NE(errs[0].message.find(dst + name), std::string::npos) << errs[0].message;
      EXPECT_FALSE(exists(dst + name)) << "partial copy left: " << name;
    }
    EXPECT_EQ(content_difference(src + "/small", dst + "/small"), "");
    EXPECT_NE(r.last_error.find("No space left on device"), std::string::npos) << r.last_error;
    ucopy_test::remove_tree(dst);
  }
}

// Fills the filesystem holding `path` with a file of that name, then frees
// `room` bytes of it again.
void fill_leaving(const std::string &path, uint64_t room) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0);
  std::string block(1 << 20, 'f');
  uint64_t size = 0;
  for (size_t len = block.size(); len >= 4096; len /= 16) {
    ssize_t n;
    while ((n = ::pwrite(fd, block.data(), len, static_cast<off_t>(size))) > 0)
      size += static_cast<uint64_t>(n);
  }
  ASSERT_EQ(::fsync(fd), 0);
  ASSERT_GT(size, room);
  ASSERT_EQ(::ftruncate(fd, static_cast<off_t>(size - room)), 0);
  ASSERT_EQ(::fsync(fd), 0);
  ::close(fd);
}

// UCOPY_F_ATOMIC: a file that runs out of room mid-copy fails with ENOSPC
// naming it, and the complete file it was to replace stays as it was, byte
// for byte, with no temporary name left; on the helper threads and the ring.
TEST(LoopFilesystems, AtomicNoSpaceLeavesTheOldVersionIntact) {
  MAKE_FS_OR_SKIP(fs, "ext4", 32 * kMiB);
  ucopy_test::TempDir tmp("ucopy-atomic-enospc");
  const std::string src = tmp / "src";
  const std::string old = tmp / "old";
  ucopy_test::make_dir(AT_FDCWD, src);
  ucopy_test::make_dir(AT_FDCWD, old);
  // Sparse: nothing is preallocated, so the room runs out mid-file.
  write_sparse_file(src + "/big", 96 * kMiB, {{0, 16 * kMiB}, {80 * kMiB, 16 * kMiB}}, 2);
  ucopy_test::write_random_file(AT_FDCWD, src + "/small", kMiB, 3, 0644);
  ucopy_test::write_random_file(AT_FDCWD, old + "/big", kMiB, 4, 0600);
  ucopy_test::write_random_file(AT_FDCWD, old + "/small", 10000, 5, 0600);
  const std::string dst = fs / "dst";
  ucopy_test::make_dir(AT_FDCWD, dst);
  for (const char *name : {"/big", "/small"})
    ASSERT_EQ(copy_with(old + name, dst + name, [](ucopy_options &) {}).rc, 0);

  auto expect_old_kept = [&](const RunRecord &r, const char *name) {
    auto errs = errors_for(r, name);
    ASSERT_EQ(errs.size(), 1u) << name << r.describe_events();
    EXPECT_EQ(errs[0].code, -ENOSPC) << errs[0].message;
    EXPECT_NE(errs[0].message.find(dst + name), std::string::npos) << errs[0].message;
    EXPECT_EQ(content_difference(old + name, dst + name), "") << "old version damaged: " << name;
    EXPECT_EQ(temp_names_below(dst), std::vector<std::string>{});
  };
  // The helper threads: the large file alone.
  RunRecord helpers = copy_with(src + "/big", dst + "/big", [](ucopy_options &o) {
    o.flags |= UCOPY_F_ATOMIC;
    o.overwrite = UCOPY_OVERWRITE_REPLACE;
  });
  EXPECT_EQ(helpers.rc, UCOPY_EPARTIAL) << helpers.describe_events();
  expect_old_kept(helpers, "/big");
  EXPECT_GT(helpers.stats.bytes_read_write + helpers.stats.bytes_copy_file_range, 0u)
      << "failed before any data moved: not mid-file";
  EXPECT_EQ(helpers.stats.bytes, 0u) << "bytes of a removed copy counted as left";

  // The ring: in small steps into what little room is left.
  fill_leaving(fs / "filler", 128 * 1024);
  RunRecord ring = copy_with(src + "/small", dst + "/small", [](ucopy_options &o) {
    o.flags |= UCOPY_F_ATOMIC;
    o.overwrite = UCOPY_OVERWRITE_REPLACE;
    o.copy_method = UCOPY_COPY_READ_WRITE;
    o.buffer_size = 16384;
  });
  EXPECT_EQ(ring.rc, UCOPY_EPARTIAL) << ring.describe_events();
  expect_old_kept(ring, "/small");
  EXPECT_GT(ring.stats.bytes_read_write, 0u) << "failed before any data moved: not mid-file";
  EXPECT_EQ(ring.stats.bytes, 0u) << "bytes of a removed copy counted as left";
}

}  // namespace
}  // namespace ucopy_e2e
