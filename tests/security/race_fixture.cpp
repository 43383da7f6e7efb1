// SPDX-License-Identifier: MIT
#include "race_fixture.h"

#include <sys/stat.h>
#include <unistd.h>

#include "support/sys_error.h"

namespace ucopy_security {

void RaceTest::SetUp() {
  if (geteuid() != 0) GTEST_SKIP() << "needs root: the attacker is a forked uid 65534";
  // mkdtemp made it 0700: the attacker must be able to reach its trees.
  if (chmod(tmp_.path().c_str(), 0755) != 0) ucopy_test::throw_errno("chmod " + tmp_.path());
}

void RaceTest::conclude(const RaceReport &report) {
  report.print();
  EXPECT_EQ(report.escapes, 0U) << report.name << ": " << report.hit_runs << " of " << report.runs
                                << " runs let the attacker through: " << report.detail;
}

}  // namespace ucopy_security
