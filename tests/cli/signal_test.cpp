// SPDX-License-Identifier: MIT
// SIGINT and SIGTERM cancel the run through ucopy_cancel(); the CLI then
// exits 128 + signal instead of dying from the signal.
#include <gtest/gtest.h>
#include <signal.h>

#include "cli_runner.hpp"
#include "sample_tree.hpp"
#include "temp_tree.hpp"

using namespace cli_test;

namespace {

void expect_cancelled_exit(int sig, int expected_status) {
  TempDir tmp;
  build_sample_tree(tmp / "src");
  RunSettings settings;
  settings.pending_signal = sig;  // delivered as soon as ucopy unblocks it
  const RunResult r = run_ucopy({"-a", tmp / "src", tmp / "dst"}, settings);
  EXPECT_EQ(r.term_signal, 0) << "killed by the signal instead of cancelling: " << r.describe();
  EXPECT_EQ(r.exit_code, expected_status) << r.describe();
  EXPECT_NE(r.err.find("SIG"), std::string::npos) << "should say what stopped it: " << r.err;
}

TEST(Signals, SigintCancelsAndExits130) { expect_cancelled_exit(SIGINT, 130); }

TEST(Signals, SigtermCancelsAndExits143) { expect_cancelled_exit(SIGTERM, 143); }

}  // namespace
