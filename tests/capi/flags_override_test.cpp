// SPDX-License-Identifier: MIT
// ucopy_options.flags_set and flags_clear (layout version 3): a run uses
// (flags | flags_set) & ~flags_clear, so "archive mode, then single parts
// override it" holds whatever order a caller filled the fields in.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <ucopy.h>

#include "handle.hpp"

namespace {

namespace fs = std::filesystem;

// The size of ucopy_options before version 3 added flags_set/flags_clear.
constexpr size_t kV2Size = offsetof(ucopy_options, flags_set);

std::string last_error(const capi::Handle &h) { return ucopy_last_error(h.get()); }

TEST(FlagsOverride, DefaultsAreZero) {
  ucopy_options o;
  std::memset(&o, 0xA5, sizeof o);
  ASSERT_EQ(ucopy_options_init(&o, sizeof o), 0);
  EXPECT_EQ(o.flags_set, 0u);
  EXPECT_EQ(o.flags_clear, 0u);
  const ucopy_options m = UCOPY_OPTIONS_INIT;
  EXPECT_EQ(m.flags_set, 0u);
  EXPECT_EQ(m.flags_clear, 0u);
}

TEST(FlagsOverride, LayoutVersionIsThree) {
  EXPECT_GE(UCOPY_OPTIONS_VERSION, 3);
  EXPECT_EQ(kV2Size, offsetof(ucopy_options, reserved1) + sizeof(uint32_t));
}

// Archive mode and "no xattrs", filled in either order, are the same bytes:
// the rule lives in how the fields combine, not in the order of the writes.
TEST(FlagsOverride, ArchiveThenClearEqualsClearThenArchive) {
  ucopy_options a = UCOPY_OPTIONS_INIT;
  a.flags = UCOPY_F_ARCHIVE;
  a.flags_clear |= UCOPY_F_PRESERVE_XATTRS;
  ucopy_options b = UCOPY_OPTIONS_INIT;
  b.flags_clear |= UCOPY_F_PRESERVE_XATTRS;
  b.flags = UCOPY_F_ARCHIVE;
  EXPECT_EQ(std::memcmp(&a, &b, sizeof a), 0);
  auto h = capi::new_handle();
  ASSERT_TRUE(h);
  EXPECT_EQ(ucopy_set_options(h.get(), &a), 0) << last_error(h);
}

TEST(FlagsOverride, BitInBothIsRejectedNamingBothFields) {
  auto h = capi::new_handle();
  ASSERT_TRUE(h);
  ucopy_options o = UCOPY_OPTIONS_INIT;
  o.flags_set = UCOPY_F_PRESERVE_XATTRS | UCOPY_F_VERIFY;
  o.flags_clear = UCOPY_F_PRESERVE_XATTRS;
  EXPECT_EQ(ucopy_set_options(h.get(), &o), -EINVAL);
  const std::string msg = last_error(h);
  EXPECT_NE(msg.find("flags_set"), std::string::npos) << msg;
  EXPECT_NE(msg.find("flags_clear"), std::string::npos) << msg;
  EXPECT_NE(msg.find("0x100"), std::string::npos) << msg;  // the bit in both, only
  EXPECT_EQ(msg.find("0x10100"), std::string::npos) << msg;
}

TEST(FlagsOverride, UnknownBitsAreRejectedNamingTheField) {
  auto h = capi::new_handle();
  ASSERT_TRUE(h);
  for (const uint64_t bit : {uint64_t{UCOPY_F_NO_PRESCAN} << 1, uint64_t{1} << 63}) {
    ucopy_options set = UCOPY_OPTIONS_INIT;
    set.flags_set = bit;
    EXPECT_EQ(ucopy_set_options(h.get(), &set), -EINVAL) << std::hex << bit;
    EXPECT_NE(last_error(h).find("invalid option flags_set:"), std::string::npos) << last_error(h);
    ucopy_options clear = UCOPY_OPTIONS_INIT;
    clear.flags_clear = bit;
    EXPECT_EQ(ucopy_set_options(h.get(), &clear), -EINVAL) << std::hex << bit;
    EXPECT_NE(last_error(h).find("invalid option flags_clear:"), std::string::npos)
        << last_error(h);
  }
}

// Runs on one small file, so that what a run did shows which flags it used.
class FlagsOverrideRun : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "ucopy-capi-flags-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr) << "mkdtemp: " << errno;
    dir_ = tmpl;
    src_ = dir_ / "src.txt";
    dst_ = dir_ / "dst.txt";
    std::ofstream(src_) << "flags\n";
    // An mtime a copy made now cannot have by chance.
    const struct timespec old[2] = {{1000000000, 0}, {1000000000, 0}};
    ASSERT_EQ(utimensat(AT_FDCWD, src_.c_str(), old, 0), 0);
    h_ = capi::new_handle();
    ASSERT_TRUE(h_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  // Copies src to a fresh dst with `o`; false if the run failed.
  bool copy_with(const ucopy_options &o) {
    std::error_code ec;
    fs::remove(dst_, ec);
    if (ucopy_set_options(h_.get(), &o) != 0) return false;
    return ucopy_run(h_.get(), src_.c_str(), dst_.c_str()) == 0;
  }
  bool dst_has_source_mtime() const {
    struct stat st {};
    return stat(dst_.c_str(), &st) == 0 && st.st_mtim.tv_sec == 1000000000;
  }

  fs::path dir_, src_, dst_;
  capi::Handle h_;
};

TEST_F(FlagsOverrideRun, ClearOverridesFlags) {
  ucopy_options o = UCOPY_OPTIONS_INIT;  // archive: times preserved
  ASSERT_TRUE(copy_with(o)) << last_error(h_);
  EXPECT_TRUE(dst_has_source_mtime());
  o.flags_clear = UCOPY_F_PRESERVE_TIMES;
  ASSERT_TRUE(copy_with(o)) << last_error(h_);
  EXPECT_TRUE(fs::exists(dst_));
  EXPECT_FALSE(dst_has_source_mtime()) << "flags_clear did not take PRESERVE_TIMES away";
}

TEST_F(FlagsOverrideRun, SetOverridesFlags) {
  ucopy_options o = UCOPY_OPTIONS_INIT;
  o.flags = 0;
  ASSERT_TRUE(copy_with(o)) << last_error(h_);
  EXPECT_FALSE(dst_has_source_mtime());
  o.flags_set = UCOPY_F_PRESERVE_TIMES;
  ASSERT_TRUE(copy_with(o)) << last_error(h_);
  EXPECT_TRUE(dst_has_source_mtime()) << "flags_set did not add PRESERVE_TIMES";
  // A dry run asked for only through flags_set writes nothing.
  o.flags_set = UCOPY_F_DRY_RUN;
  ASSERT_TRUE(copy_with(o)) << last_error(h_);
  EXPECT_FALSE(fs::exists(dst_));
}

// The same override of archive mode by "no xattrs", built in both orders,
// copies the same way: without the xattr, while archive mode alone copies it.
TEST_F(FlagsOverrideRun, ArchiveAndNoXattrsInEitherOrderCopyTheSame) {
  if (setxattr(src_.c_str(), "user.ucopy_test", "v", 1, 0) != 0)
    GTEST_SKIP() << "no user xattrs in " << dir_ << ": " << std::strerror(errno);
  const auto dst_has_xattr = [&] {
    char v[8];
    return getxattr(dst_.c_str(), "user.ucopy_test", v, sizeof v) == 1;
  };
  ucopy_options archive_first = UCOPY_OPTIONS_INIT;
  archive_first.flags = UCOPY_F_ARCHIVE;
  ASSERT_TRUE(copy_with(archive_first)) << last_error(h_);
  ASSERT_TRUE(dst_has_xattr()) << "archive mode did not copy the xattr: nothing to override";
  archive_first.flags_clear |= UCOPY_F_PRESERVE_XATTRS;
  ASSERT_TRUE(copy_with(archive_first)) << last_error(h_);
  EXPECT_FALSE(dst_has_xattr());

  ucopy_options clear_first = UCOPY_OPTIONS_INIT;
  clear_first.flags = 0;
  clear_first.flags_clear |= UCOPY_F_PRESERVE_XATTRS;
  clear_first.flags |= UCOPY_F_ARCHIVE;
  ASSERT_TRUE(copy_with(clear_first)) << last_error(h_);
  EXPECT_FALSE(dst_has_xattr());
}

// A caller built against layout version 2 (88 bytes on LP64): its struct
// ends before flags_set, whatever lies beyond is not read, and its flags are
// used as they are.
TEST_F(FlagsOverrideRun, VersionTwoStructIsAcceptedAndBehavesAsBefore) {
  ucopy_options o = UCOPY_OPTIONS_INIT;
  o.flags |= UCOPY_F_DRY_RUN;
  // Read, these bytes would be refused (unknown bits, a bit in both) or
  // take the dry run away.
  std::memset(&o.flags_set, 0xFF, sizeof o.flags_set);
  std::memset(&o.flags_clear, 0xFF, sizeof o.flags_clear);
  o.size = static_cast<uint32_t>(kV2Size);
  o.version = 2;
  if (sizeof(void *) == 8) {
    EXPECT_EQ(kV2Size, 88u);
  }
  ASSERT_TRUE(copy_with(o)) << last_error(h_);
  EXPECT_FALSE(fs::exists(dst_)) << "the dry run in flags was overridden by bytes past size";

  o.flags &= ~UCOPY_F_DRY_RUN;
  ASSERT_TRUE(copy_with(o)) << last_error(h_);
  EXPECT_TRUE(fs::exists(dst_));
  EXPECT_TRUE(dst_has_source_mtime());
}

}  // namespace
