// SPDX-License-Identifier: MIT
// Files whose size says 0 but that have content (/proc, sysfs) are read to
// the end, as cp reads them; they were copied empty with status 0.
#include <fstream>
#include <sstream>

#include "e2e_fixture.h"

namespace ucopy_e2e {
namespace {

std::string slurp(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class PseudoFiles : public E2eTest {};

TEST_F(PseudoFiles, ZeroSizedFileWithContentIsCopiedWhole) {
  const std::string expected = slurp("/proc/version");
  ASSERT_FALSE(expected.empty());
  RunRecord r = copy_with_flags("/proc/version", dst, 0);
  EXPECT_CLEAN_RUN(r);
  EXPECT_EQ(slurp(dst), expected);
  EXPECT_EQ(r.stats.bytes, expected.size());
}

TEST_F(PseudoFiles, ZeroSizedFilesInATreeAreCopiedWhole) {
  const std::string dir = "/proc/sys/kernel/random";
  const std::string boot_id = slurp(dir + "/boot_id");
  const std::string poolsize = slurp(dir + "/poolsize");
  ASSERT_FALSE(boot_id.empty());
  RunRecord r = copy_with_flags(dir, dst, UCOPY_F_RECURSIVE);
  EXPECT_EQ(r.stats.failures, 0u) << r.describe_events();
  EXPECT_EQ(slurp(dst + "/boot_id"), boot_id);
  EXPECT_EQ(slurp(dst + "/poolsize"), poolsize);
}

}  // namespace
}  // namespace ucopy_e2e
