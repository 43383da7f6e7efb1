/* SPDX-License-Identifier: MIT */
// The base of every race: a private temporary directory that the attacker
// can reach (mode 0755, owned by root), and the report each case prints.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "race_budget.h"
#include "support/temp_dir.h"

namespace ucopy_security {

class RaceTest : public ::testing::Test {
 protected:
  void SetUp() override;
  std::string path(const std::string &rel) const { return tmp_ / rel; }

  // Prints the report, then fails the test if it counted any escape.
  static void conclude(const RaceReport &report);

 private:
  ucopy_test::TempDir tmp_{"ucopy-security"};
};

}  // namespace ucopy_security
