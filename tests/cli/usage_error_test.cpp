// SPDX-License-Identifier: MIT
// Usage errors exit 2 with a "ucopy: " message on stderr and copy nothing.
#include <gtest/gtest.h>
#include <unistd.h>

#include "cli_runner.hpp"
#include "temp_tree.hpp"

using namespace cli_test;

namespace {

class UsageErrors : public ::testing::Test {
 protected:
  void SetUp() override { write_file(tmp / "src", "data"); }

  // Runs `options` + SRC DST and checks exit status 2, nothing copied.
  void expect_usage_error(const std::vector<std::string> &options) {
    std::vector<std::string> args = options;
    args.push_back(tmp / "src");
    args.push_back(tmp / "dst");
    const RunResult r = run_ucopy(args);
    EXPECT_EQ(r.exit_code, 2) << r.describe();
    EXPECT_EQ(r.err.rfind("ucopy: ", 0), 0u) << r.err;
    EXPECT_FALSE(exists(tmp / "dst")) << "a usage error must copy nothing";
    unlink((tmp / "dst").c_str());  // keep one failure from hiding the next checks
  }
  TempDir tmp;
};

TEST_F(UsageErrors, UnknownOptions) {
  expect_usage_error({"--no-such-option"});
  expect_usage_error({"-Z"});
  expect_usage_error({"--json=yes"});
}

TEST_F(UsageErrors, BadNumbers) {
  expect_usage_error({"--workers=abc"});
  expect_usage_error({"--workers=-1"});
  expect_usage_error({"--workers="});
  expect_usage_error({"--files-in-flight=12x"});
  expect_usage_error({"--buffer-size=1T"});
  expect_usage_error({"--buffer-size=99999999999"});
  expect_usage_error({"--overwrite=sometimes"});
}

TEST_F(UsageErrors, KnobsOutOfRange) {
  expect_usage_error({"--workers=0"});
  expect_usage_error({"--queue-depth=999999"});
  expect_usage_error({"--queue-depth=4"});
  expect_usage_error({"--buffer-size=1000"});  // not a multiple of 4096
  expect_usage_error({"--buffer-size=1G"});    // above the maximum
  expect_usage_error({"--files-in-flight=0"});
}

TEST_F(UsageErrors, RejectedKnobMessageComesFromTheLibrary) {
  const RunResult r = run_ucopy({"--queue-depth=999999", tmp / "src", tmp / "dst"});
  EXPECT_EQ(r.exit_code, 2) << r.describe();
  EXPECT_NE(r.err.find("999999"), std::string::npos) << "message should name the value: " << r.err;
}

TEST_F(UsageErrors, MissingOperands) {
  const RunResult none = run_ucopy({});
  EXPECT_EQ(none.exit_code, 2) << none.describe();
  EXPECT_NE(none.err.find("missing file operand"), std::string::npos) << none.err;
  const RunResult one = run_ucopy({tmp / "src"});
  EXPECT_EQ(one.exit_code, 2) << one.describe();
  EXPECT_NE(one.err.find("missing destination"), std::string::npos) << one.err;
  const RunResult arg_missing = run_ucopy({tmp / "src", tmp / "dst", "--workers"});
  EXPECT_EQ(arg_missing.exit_code, 2) << arg_missing.describe();
}

TEST_F(UsageErrors, ValidKnobsAreAccepted) {
  const RunResult r = run_ucopy({"--workers=2", "--queue-depth=64", "--files-in-flight=8",
                                 "--buffer-size=64K", tmp / "src", tmp / "dst"});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(read_file(tmp / "dst"), "data");
}

TEST_F(UsageErrors, DoubleDashEndsOptions) {
  write_file(tmp / "-weird", "dash");
  const RunResult r = run_ucopy({"--", "-weird", "copied"}, RunSettings{.cwd = tmp.path()});
  EXPECT_EQ(r.exit_code, 0) << r.describe();
  EXPECT_EQ(read_file(tmp / "copied"), "dash");
}

}  // namespace
