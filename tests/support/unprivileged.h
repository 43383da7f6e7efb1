/* SPDX-License-Identifier: MIT */
// Running a piece of a test as an unprivileged user. Tests run as root in CI,
// and root ignores permission bits, so "unreadable file" cases need a child
// process that has dropped to nobody (65534).
#pragma once

#include <sys/types.h>

#include <functional>
#include <string>

namespace ucopy_test {

constexpr uid_t kNobodyUid = 65534;
constexpr gid_t kNobodyGid = 65534;

// True when this process may switch to another user; otherwise *why says so.
bool can_drop_privileges(std::string *why);

struct ChildResult {
  bool exited = false;  // false: killed by a signal (or could not start)
  int exit_code = -1;   // valid when exited
  int signal = 0;       // valid when !exited
  std::string output;   // what the function returned, passed over a pipe
  std::string error;    // why the child failed to run the function, if it did
};

// Forks; the child calls setgroups(0), setgid(gid), setuid(uid), then fn(),
// writes fn's return value to a pipe and exits 0 (3 if dropping privileges
// failed, 4 if fn threw). The parent waits at most timeout_s seconds, then
// kills the child. The child must not rely on other threads of the parent:
// only the calling thread exists after fork.
ChildResult run_as_user(uid_t uid, gid_t gid, const std::function<std::string()> &fn,
                        int timeout_s = 60);

inline ChildResult run_as_nobody(const std::function<std::string()> &fn, int timeout_s = 60) {
  return run_as_user(kNobodyUid, kNobodyGid, fn, timeout_s);
}

}  // namespace ucopy_test
