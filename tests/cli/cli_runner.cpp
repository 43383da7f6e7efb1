// SPDX-License-Identifier: MIT
#include "cli_runner.hpp"

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace cli_test {

namespace {

std::string read_all(int fd) {
  std::string text;
  lseek(fd, 0, SEEK_SET);
  char buf[65536];
  for (;;) {
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  return text;
}

bool drop_to(uid_t uid, gid_t gid) {
  return setgroups(0, nullptr) == 0 && setgid(gid) == 0 && setuid(uid) == 0;
}

struct Capture {
  int out = memfd_create("ucopy-stdout", MFD_CLOEXEC);
  int err = memfd_create("ucopy-stderr", MFD_CLOEXEC);
  int in = memfd_create("ucopy-stdin", MFD_CLOEXEC);
  ~Capture() {
    close(out);
    close(err);
    close(in);
  }
};

// Waits for `pid`, killing it after `timeout_seconds` so a hung CLI fails the
// test instead of hanging the suite.
int wait_with_timeout(pid_t pid, int timeout_seconds, bool &timed_out) {
  timed_out = false;
  const struct timespec tick = {0, 10 * 1000 * 1000};
  for (long waited_ms = 0;; waited_ms += 10) {
    int status = 0;
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    if (r < 0 && errno != EINTR) throw std::runtime_error("waitpid failed");
    if (waited_ms >= timeout_seconds * 1000L && !timed_out) {
      kill(pid, SIGKILL);
      timed_out = true;
    }
    nanosleep(&tick, nullptr);
  }
}

RunResult spawn(const std::string &path, const std::vector<std::string> &args,
                const RunSettings &settings, const std::string &stdin_text) {
  Capture capture;
  if (capture.out < 0 || capture.err < 0 || capture.in < 0)
    throw std::runtime_error("memfd_create failed");
  if (!stdin_text.empty()) {
    if (write(capture.in, stdin_text.data(), stdin_text.size()) !=
        static_cast<ssize_t>(stdin_text.size()))
      throw std::runtime_error("cannot write stdin for child");
    lseek(capture.in, 0, SEEK_SET);
  }

  std::vector<char *> argv;
  argv.push_back(const_cast<char *>(path.c_str()));
  for (const std::string &a : args) argv.push_back(const_cast<char *>(a.c_str()));
  argv.push_back(nullptr);

  // Block the signals across fork so that one sent to the child waits for
  // the handlers ucopy installs (it unblocks them itself).
  sigset_t block, saved;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigaddset(&block, SIGTERM);
  // The child waits on this pipe until the signal has been sent; otherwise
  // it could exec and finish before the parent gets to kill().
  int go[2] = {-1, -1};
  if (settings.pending_signal) {
    sigprocmask(SIG_BLOCK, &block, &saved);
    if (pipe2(go, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  }

  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(capture.in, STDIN_FILENO);
    dup2(capture.out, STDOUT_FILENO);
    dup2(capture.err, STDERR_FILENO);
    if (!settings.cwd.empty() && chdir(settings.cwd.c_str()) != 0) _exit(126);
    if (settings.as_user && !drop_to(settings.uid, settings.gid)) _exit(125);
    if (go[0] >= 0) {
      close(go[1]);  // else our own copy would keep the pipe from reaching EOF
      char byte;
      while (read(go[0], &byte, 1) < 0 && errno == EINTR) {
      }
    }
    execv(path.c_str(), argv.data());
    _exit(127);
  }
  if (settings.pending_signal) {
    kill(pid, settings.pending_signal);
    sigprocmask(SIG_SETMASK, &saved, nullptr);
    close(go[0]);
    close(go[1]);  // EOF releases the child
  }

  bool timed_out = false;
  const int status = wait_with_timeout(pid, settings.timeout_seconds, timed_out);
  RunResult result;
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.term_signal = WTERMSIG(status);
  result.out = read_all(capture.out);
  result.err = read_all(capture.err);
  if (timed_out) result.err += "\n[test harness: killed after timeout]\n";
  return result;
}

// Runs `check` in a child as uid/gid; true if it returns true.
template <typename Check>
bool child_as_user_succeeds(uid_t uid, gid_t gid, Check check) {
  const pid_t pid = fork();
  if (pid < 0) return false;
  if (pid == 0) _exit(drop_to(uid, gid) && check() ? 0 : 1);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

std::string RunResult::describe() const {
  return "exit code " + std::to_string(exit_code) + ", signal " + std::to_string(term_signal) +
         "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
}

RunResult run_ucopy(const std::vector<std::string> &args, const RunSettings &settings) {
  return spawn(UCOPY_CLI_PATH, args, settings, "");
}

RunResult run_program(const std::string &path, const std::vector<std::string> &args,
                      const std::string &stdin_text) {
  return spawn(path, args, RunSettings{}, stdin_text);
}

bool can_switch_user(uid_t uid, gid_t gid) {
  return child_as_user_succeeds(uid, gid, [] { return true; });
}

bool user_can_read(uid_t uid, gid_t gid, const std::string &path) {
  return child_as_user_succeeds(uid, gid, [&] {
    const int fd = open(path.c_str(), O_RDONLY);
    if (fd < 0) return false;
    close(fd);
    return true;
  });
}

}  // namespace cli_test
