// SPDX-License-Identifier: MIT
// Faults the kernel rarely gives on demand: a destination that reads back
// different bytes than were written (what UCOPY_F_VERIFY exists for), a
// source that fails with EIO, short transfers, O_DIRECT refused. This executable interposes
// pread(), pread64() and copy_file_range(): libucopy's calls resolve to these definitions first
// (the executable exports them), which pass everything through except reads of the one file a test
// names.
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "e2e_fixture.h"
#include "large_file_helpers.h"
#include "support/tree_builder.h"

namespace {

enum class Fault { kNone, kFlipDestinationByte, kSourceEio, kDirectEinval, kShortIo };
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

}  // namespace
}  // namespace ucopy_e2e
