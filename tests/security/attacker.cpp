// SPDX-License-Identifier: MIT
#include "attacker.h"

#include <grp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <ctime>

#include <cstdio>
#include <exception>
#include <new>
#include <string>

#include "support/sys_error.h"

namespace ucopy_security {

namespace {

void sleep_ms(long ms) {
  timespec ts{ms / 1000, (ms % 1000) * 1000000};
  nanosleep(&ts, nullptr);
}

// Exit codes of the child, for the parent's message.
constexpr int kDropFailed = 3;
constexpr int kBodyThrew = 4;

[[noreturn]] void child_main(RaceShared &shared, const AttackBody &body) {
  // Dies with the test, whatever happens to it.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (setgroups(0, nullptr) != 0 || setresgid(kAttackerGid, kAttackerGid, kAttackerGid) != 0 ||
      setresuid(kAttackerUid, kAttackerUid, kAttackerUid) != 0)
    _exit(kDropFailed);
  try {
    body(shared);
  } catch (const std::exception &e) {
    std::fprintf(stderr, "attacker: %s\n", e.what());
    _exit(kBodyThrew);
  }
  // _exit: the test's atexit handlers and GoogleTest state are not ours.
  _exit(0);
}

std::string status_text(int status) {
  if (WIFEXITED(status)) {
    switch (WEXITSTATUS(status)) {
      case kDropFailed: return "could not switch to uid 65534";
      case kBodyThrew: return "its setup threw (see stderr)";
      default: return "exited with " + std::to_string(WEXITSTATUS(status));
    }
  }
  return "killed by signal " + std::to_string(WTERMSIG(status));
}

}  // namespace

Attacker::Attacker(const AttackBody &body) {
  void *mem =
      mmap(nullptr, sizeof(RaceShared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) ucopy_test::throw_errno("mmap");
  shared_ = new (mem) RaceShared;
  pid_ = fork();
  if (pid_ < 0) ucopy_test::throw_errno("fork");
  if (pid_ == 0) child_main(*shared_, body);
  for (int waited = 0; shared_->ready.load() == 0; waited++) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("the attacker stopped before it was ready: " + status_text(status));
    }
    if (waited > 5000) {
      finish();
      throw std::runtime_error("the attacker was not ready within 5 s");
    }
    sleep_ms(1);
  }
}

Attacker::~Attacker() {
  finish();
  if (shared_ != nullptr) munmap(shared_, sizeof(RaceShared));
}

RaceTally Attacker::finish() {
  if (pid_ > 0) {
    shared_->stop.store(1);
    int status = 0;
    for (int waited = 0; waitpid(pid_, &status, WNOHANG) == 0; waited++) {
      if (waited == 5000) kill(pid_, SIGKILL);
      sleep_ms(1);
    }
    pid_ = -1;
    tally_.swaps = shared_->swaps.load();
    tally_.observed = shared_->observed.load();
    tally_.severe = shared_->severe.load();
  }
  return tally_;
}

}  // namespace ucopy_security
