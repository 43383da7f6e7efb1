// SPDX-License-Identifier: MIT
#include "support/unprivileged.h"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cstring>
#include <exception>

#include "support/sys_error.h"
#include "support/unique_fd.h"

namespace ucopy_test {

namespace {

void write_all_or_die(int fd, const std::string &data) {
  const char *p = data.data();
  size_t left = data.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      ::_exit(5);
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
}

[[noreturn]] void child_main(int out_fd, uid_t uid, gid_t gid,
                             const std::function<std::string()> &fn) {
  if (::setgroups(0, nullptr) != 0 || ::setgid(gid) != 0 || ::setuid(uid) != 0) {
    write_all_or_die(out_fd, std::string("dropping privileges failed: ") + std::strerror(errno));
    ::_exit(3);
  }
  try {
    write_all_or_die(out_fd, fn());
  } catch (const std::exception &e) {
    write_all_or_die(out_fd, std::string("exception: ") + e.what());
    ::_exit(4);
  }
  // _exit: the parent's atexit handlers and gtest state are not ours to run.
  ::_exit(0);
}

int64_t now_ms() {
  timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

}  // namespace

bool can_drop_privileges(std::string *why) {
  if (::geteuid() == 0) return true;
  if (why)
    *why =
        "not running as root: cannot switch to an unprivileged user, and as the "
        "current user the permission cases cannot be set up reliably";
  return false;
}

ChildResult run_as_user(uid_t uid, gid_t gid, const std::function<std::string()> &fn,
                        int timeout_s) {
  ChildResult result;
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw_errno("pipe2");
  UniqueFd rd(fds[0]), wr(fds[1]);
  pid_t pid = ::fork();
  if (pid < 0) throw_errno("fork");
  if (pid == 0) {
    rd.reset();
    child_main(wr.get(), uid, gid, fn);
  }
  wr.reset();

  // Read until EOF or the deadline; the child may hang if the code under
  // test hangs, and then the test must fail rather than wait forever.
  std::string data;
  const int64_t deadline = now_ms() + int64_t(timeout_s) * 1000;
  bool timed_out = false;
  for (;;) {
    int64_t left = deadline - now_ms();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{rd.get(), POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left));
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) {
      timed_out = true;
      break;
    }
    char buf[65536];
    ssize_t n = ::read(rd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    data.append(buf, static_cast<size_t>(n));
  }
  if (timed_out) ::kill(pid, SIGKILL);

  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exited = WIFEXITED(status);
  result.exit_code = result.exited ? WEXITSTATUS(status) : -1;
  result.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
  if (timed_out) {
    result.error = "child timed out after " + std::to_string(timeout_s) + " s and was killed";
  } else if (!result.exited) {
    result.error = "child killed by signal " + std::to_string(result.signal);
  } else if (result.exit_code != 0) {
    result.error = "child exited with " + std::to_string(result.exit_code) + ": " + data;
  }
  if (result.error.empty()) result.output = std::move(data);
  return result;
}

}  // namespace ucopy_test
