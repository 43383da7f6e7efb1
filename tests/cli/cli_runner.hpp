// SPDX-License-Identifier: MIT
// Runs the ucopy binary under test as a child process and captures what it
// prints, optionally as an unprivileged user or with a signal waiting for it.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace cli_test {

struct RunSettings {
  bool as_user = false;  // run with uid/gid below (needs root)
  uid_t uid = 65534;
  gid_t gid = 65534;
  // Sent right after fork, while the child has SIGINT/SIGTERM blocked, so it
  // is delivered once ucopy installs its handlers (no race with start-up).
  int pending_signal = 0;
  std::string cwd;  // empty: the test's cwd
  int timeout_seconds = 90;
};

struct RunResult {
  int exit_code = -1;   // -1 when killed by a signal
  int term_signal = 0;  // the signal that killed it, or 0
  std::string out;
  std::string err;
  // For assertion messages.
  std::string describe() const;
};

// Runs UCOPY_CLI_PATH with `args` (argv[0] is added).
RunResult run_ucopy(const std::vector<std::string> &args, const RunSettings &settings = {});

// Runs any program given by absolute path, for helpers such as python3.
RunResult run_program(const std::string &path, const std::vector<std::string> &args,
                      const std::string &stdin_text = "");

// True when a child can switch to uid/gid (root with CAP_SETUID/CAP_SETGID).
bool can_switch_user(uid_t uid, gid_t gid);

// True when a child running as uid/gid can open `path` for reading.
bool user_can_read(uid_t uid, gid_t gid, const std::string &path);

}  // namespace cli_test
