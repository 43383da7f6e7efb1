// SPDX-License-Identifier: MIT
// Faults the kernel rarely gives on demand: a destination that reads back
// different bytes than were written (what UCOPY_F_VERIFY exists for), a
// source that fails with EIO, short transfers, O_DIRECT refused. This executable interposes
// pread(), pread64() and copy_file_range(): libucopy's calls resolve to these definitions first
// (the executable exports them), which pass everything through except reads of the one file a test
// names.
#include <dlfcn.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "e2e_fixture.h"
#include "large_file_helpers.h"
#include "support/tree_builder.h"

namespace {

enum class Fault {
  kNone,
  kFlipDestinationByte,
  kSourceEio,
  kDirectEinval,
  kShortIo,
  kBatchSyncEio,  // UCOPY_F_FSYNC: every batch sync fails, and the target's own fsync
};
std::atomic<Fault> g_fault{Fault::kNone};
// The path suffix of the file the fault applies to (set before a run).
char g_target[256];

bool fd_is_target(int fd) {
  char link[64];
  char path[4096];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, path, sizeof path - 1);
  if (n <= 0) return false;
  path[n] = '\0';
  size_t len = std::strlen(g_target);
  return static_cast<size_t>(n) >= len && std::strcmp(path + n - len, g_target) == 0;
}

template <typename Fn>
Fn real(const char *name) {
  return reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
}

// A filesystem that opens with O_DIRECT but refuses the I/O.
bool refuse_direct(int fd) {
  return g_fault.load() == Fault::kDirectEinval && (fcntl(fd, F_GETFL) & O_DIRECT) != 0;
}

// Short transfers, as the kernel may return any time: half of what was
// asked (block-aligned, so that O_DIRECT stays valid).
size_t maybe_short(int fd, size_t n) {
  if (g_fault.load() != Fault::kShortIo || n < 8192 || !fd_is_target(fd)) return n;
  return (n / 2) & ~size_t{4095};
}

ssize_t faulty_pread(ssize_t (*fn)(int, void *, size_t, off_t), int fd, void *buf, size_t n,
                     off_t off) {
  const Fault f = g_fault.load();
  n = maybe_short(fd, n);
  if (refuse_direct(fd)) {
    errno = EINVAL;
    return -1;
  }
  if (f == Fault::kSourceEio && fd_is_target(fd)) {
    errno = EIO;
    return -1;
  }
  ssize_t r = fn(fd, buf, n, off);
  // One flipped bit somewhere past the first block, as a bad disk would.
  if (f == Fault::kFlipDestinationByte && r > 5000 && fd_is_target(fd))
    static_cast<char *>(buf)[4999] ^= 0x10;
  return r;
}

}  // namespace

extern "C" {
ssize_t pread(int fd, void *buf, size_t n, off_t off) noexcept {
  static auto fn = real<ssize_t (*)(int, void *, size_t, off_t)>("pread");
  return faulty_pread(fn, fd, buf, n, off);
}
ssize_t pread64(int fd, void *buf, size_t n, off_t off) noexcept {
  static auto fn = real<ssize_t (*)(int, void *, size_t, off_t)>("pread64");
  return faulty_pread(fn, fd, buf, n, off);
}
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) noexcept {
  static auto fn = real<ssize_t (*)(int, const void *, size_t, off_t)>("pwrite");
  if (refuse_direct(fd)) {
    errno = EINVAL;
    return -1;
  }
  return fn(fd, buf, maybe_short(fd, n), off);
}
ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off) noexcept {
  static auto fn = real<ssize_t (*)(int, const void *, size_t, off_t)>("pwrite64");
  if (refuse_direct(fd)) {
    errno = EINVAL;
    return -1;
  }
  return fn(fd, buf, maybe_short(fd, n), off);
}
// The batch syncs of UCOPY_F_FSYNC come from the library's sync thread
// (run/sync_gate.hpp names it); the final sync of the run does not.
int syncfs(int fd) noexcept {
  static auto fn = real<int (*)(int)>("syncfs");
  char name[16] = {};
  prctl(PR_GET_NAME, name);
  if (g_fault.load() == Fault::kBatchSyncEio && std::strcmp(name, "ucopy-sync") == 0) {
    errno = EIO;
    return -1;
  }
  return fn(fd);
}
int fsync(int fd) noexcept {
  static auto fn = real<int (*)(int)>("fsync");
  if (g_fault.load() == Fault::kBatchSyncEio && fd_is_target(fd)) {
    errno = EIO;
    return -1;
  }
  return fn(fd);
}
ssize_t copy_file_range(int in, loff_t *in_off, int out, loff_t *out_off, size_t len,
                        unsigned flags) noexcept {
  static auto fn =
      real<ssize_t (*)(int, loff_t *, int, loff_t *, size_t, unsigned)>("copy_file_range");
  if (g_fault.load() == Fault::kSourceEio && fd_is_target(in)) {
    errno = EIO;
    return -1;
  }
  if (g_fault.load() == Fault::kShortIo && len > 3 && fd_is_target(in)) len = len / 3 + 1;
  return fn(in, in_off, out, out_off, len, flags);
}
}

namespace ucopy_e2e {
namespace {

class FaultInjection : public E2eTest {
 protected:
  void SetUp() override {
    ucopy_test::make_dir(AT_FDCWD, src);
    ucopy_test::write_random_file(AT_FDCWD, src + "/big", 12 * kMiB + 7, 1, 0644);
    ucopy_test::write_random_file(AT_FDCWD, src + "/small", 20000, 2, 0644);
    ucopy_test::write_random_file(AT_FDCWD, src + "/other", 3 * kMiB, 3, 0644);
  }
  void TearDown() override {
    g_fault.store(Fault::kNone);
    E2eTest::TearDown();
  }
  static void target(const std::string &suffix) {
    snprintf(g_target, sizeof g_target, "%s", suffix.c_str());
  }
  static bool exists(const std::string &path) {
    struct stat st {};
    return lstat(path.c_str(), &st) == 0;
  }
};

// The interposition itself works: without it these tests prove nothing.
TEST_F(FaultInjection, InterpositionReachesTheTest) {
  target("/src/small");
  g_fault.store(Fault::kSourceEio);
  int fd = open((src + "/small").c_str(), O_RDONLY | O_CLOEXEC);
  ASSERT_GE(fd, 0);
  char c;
  EXPECT_EQ(pread(fd, &c, 1, 0), -1);
  EXPECT_EQ(errno, EIO);
  close(fd);
}

TEST_F(FaultInjection, VerifyCatchesADestinationThatReadsBackWrong) {
  for (const char *name : {"big", "small"}) {  // the helpers' verify and the ring's
    SCOPED_TRACE(name);
    const std::string to = dst + name;
    target(to.substr(tmp.path().size()) + "/" + name);
    g_fault.store(Fault::kFlipDestinationByte);
    RunRecord r = copy_with(src, to, [](ucopy_options &o) { o.flags |= UCOPY_F_VERIFY; });
    g_fault.store(Fault::kNone);
    EXPECT_EQ(r.rc, UCOPY_EPARTIAL) << r.describe_events();
    auto errs = errors_for(r, std::string("/") + name);
    ASSERT_EQ(errs.size(), 1u) << r.describe_events();
    EXPECT_EQ(errs[0].code, UCOPY_EVERIFY);
    EXPECT_EQ(errs[0].op, "verify");
    EXPECT_NE(errs[0].message.find(to + "/" + name), std::string::npos) << errs[0].message;
    EXPECT_FALSE(exists(to + "/" + name)) << "a copy that failed verification was kept";
    EXPECT_EQ(r.stats.failures, 1u);
    EXPECT_EQ(r.stats.files_verified, 2u);  // the other two
  }
  // Without UCOPY_F_VERIFY the same fault goes unnoticed: the copy never
  // reads the destination.
  target("/dst-plain/big");
  g_fault.store(Fault::kFlipDestinationByte);
  RunRecord plain = copy_with_flags(src, dst + "-plain");
  EXPECT_CLEAN_RUN(plain);
}

TEST_F(FaultInjection, SourceEioFailsThatFileOnly) {
  for (uint32_t method : {UCOPY_COPY_AUTO, UCOPY_COPY_READ_WRITE}) {
    SCOPED_TRACE("copy_method " + std::to_string(method));
    const std::string to = dst + std::to_string(method);
    target("/src/big");
    g_fault.store(Fault::kSourceEio);
    RunRecord r = copy_with(src, to, [&](ucopy_options &o) {
      o.copy_method = method;
      o.region_threshold = 4 * kMiB;  // the helpers' path, in regions, whatever the method
    });
    g_fault.store(Fault::kNone);
    EXPECT_EQ(r.rc, UCOPY_EPARTIAL) << r.describe_events();
    auto errs = errors_for(r, "/big");
    ASSERT_EQ(errs.size(), 1u) << r.describe_events();
    EXPECT_EQ(errs[0].code, -EIO);
    EXPECT_NE(errs[0].message.find(src + "/big"), std::string::npos) << errs[0].message;
    EXPECT_FALSE(exists(to + "/big"));
    EXPECT_EQ(content_difference(src + "/other", to + "/other"), "");
    EXPECT_EQ(r.stats.files, 2u);
  }
}

// O_DIRECT refused with EINVAL (some filesystems open with it, then reject
// the alignment): the file goes through the page cache instead, silently.
TEST_F(FaultInjection, DirectIoRefusedFallsBackToThePageCache) {
  ucopy_test::write_random_file(AT_FDCWD, src + "/big", 40 * kMiB, 9, 0644);
  g_fault.store(Fault::kDirectEinval);
  RunRecord r = copy_with(src, dst, [](ucopy_options &o) {
    o.copy_method = UCOPY_COPY_READ_WRITE;
    o.region_threshold = 8 * kMiB;
  });
  g_fault.store(Fault::kNone);
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src, dst);
  EXPECT_EQ(r.stats.files_read_write, 3u);
}

// Every read, write and copy_file_range of one file comes back short: each
// is continued from where it stopped, and the copy is whole.
TEST_F(FaultInjection, ShortTransfersAreContinued) {
  for (uint32_t method : {UCOPY_COPY_AUTO, UCOPY_COPY_READ_WRITE}) {
    SCOPED_TRACE("copy_method " + std::to_string(method));
    const std::string to = dst + std::to_string(method);
    target("/big");  // the source and, for writes, the destination
    g_fault.store(Fault::kShortIo);
    RunRecord r = copy_with(src, to, [&](ucopy_options &o) {
      o.copy_method = method;
      o.region_threshold = 4 * kMiB;
      o.flags |= UCOPY_F_VERIFY;
    });
    g_fault.store(Fault::kNone);
    EXPECT_CLEAN_RUN(r);
    EXPECT_SAME_TREE(src, to);
    EXPECT_EQ(r.stats.bytes, 12 * kMiB + 7 + 20000 + 3 * kMiB);
  }
}

// UCOPY_F_FSYNC in batches (ext4, xfs, btrfs): a failed batch sync sends
// every file it covered to its own fsync. Where those succeed the run is
// clean; the one whose fsync fails is reported with its path and "fsync",
// is never reported copied, and is removed (with UCOPY_F_ATOMIC, its
// temporary is, and the old version stays).
class BatchSyncFaults : public FaultInjection {
 protected:
  void SetUp() override {
    FaultInjection::SetUp();
    struct statfs fs {};
    const auto type = statfs(tmp.path().c_str(), &fs) == 0 ? fs.f_type : 0;
    if (type != EXT4_SUPER_MAGIC && type != XFS_SUPER_MAGIC && type != BTRFS_SUPER_MAGIC)
      GTEST_SKIP() << tmp.path() << " is not on ext4, xfs or btrfs: no batch syncs there";
    ucopy_test::make_dir(AT_FDCWD, src + "/many");
    for (int i = 0; i < 40; i++)
      ucopy_test::write_random_file(AT_FDCWD, src + "/many/f" + std::to_string(i), 3000 + i, 10 + i,
                                    0644);
  }
};

TEST_F(BatchSyncFaults, AFailedBatchSyncFallsBackToEachFilesFsync) {
  target("/no-such-file");
  g_fault.store(Fault::kBatchSyncEio);
  RunRecord r = copy_with_flags(src, dst, UCOPY_F_ARCHIVE | UCOPY_F_FSYNC);
  g_fault.store(Fault::kNone);
  EXPECT_CLEAN_RUN(r);
  EXPECT_SAME_TREE(src, dst);
}

TEST_F(BatchSyncFaults, TheFileWhoseOwnFsyncFailsIsReportedAndRemoved) {
  for (const bool atomic : {false, true}) {
    SCOPED_TRACE(atomic ? "atomic" : "in place");
    const std::string to = dst + (atomic ? "-atomic" : "-plain");
    ucopy_test::make_dir(AT_FDCWD, to);
    ucopy_test::make_dir(AT_FDCWD, to + "/many");
    ucopy_test::write_random_file(AT_FDCWD, to + "/many/f7", 100, 99, 0644);  // an old version
    const std::string old = ucopy_test::read_file(AT_FDCWD, to + "/many/f7");
    // The temporary's name ends with ".f7" (policy/atomic_names.hpp).
    target(atomic ? ".f7" : "/many/f7");
    g_fault.store(Fault::kBatchSyncEio);
    RunRecord r = copy_with(src, to, [&](ucopy_options &o) {
      o.flags |= UCOPY_F_FSYNC | (atomic ? UCOPY_F_ATOMIC : 0);
      o.overwrite = UCOPY_OVERWRITE_REPLACE;
    });
    g_fault.store(Fault::kNone);
    EXPECT_EQ(r.rc, UCOPY_EPARTIAL) << r.describe_events();
    auto errs = errors_for(r, "/many/f7");
    ASSERT_EQ(errs.size(), 1u) << r.describe_events();
    EXPECT_EQ(errs[0].code, -EIO);
    EXPECT_EQ(errs[0].op, "fsync");
    EXPECT_NE(errs[0].message.find(to + "/many/f7"), std::string::npos) << errs[0].message;
    if (atomic)
      EXPECT_EQ(ucopy_test::read_file(AT_FDCWD, to + "/many/f7"), old)
          << "the old version was touched";
    else EXPECT_FALSE(exists(to + "/many/f7")) << "a file whose sync failed was kept";
    EXPECT_EQ(content_difference(src + "/many/f8", to + "/many/f8"), "");
    EXPECT_EQ(content_difference(src + "/small", to + "/small"), "");
  }
}
}  // namespace
}  // namespace ucopy_e2e
