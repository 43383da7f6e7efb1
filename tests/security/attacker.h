/* SPDX-License-Identifier: MIT */
// The unprivileged side of a race: a child process, forked from the test and
// switched to uid/gid 65534 before it does anything, that runs a loop against
// the trees the root copy is working on until the test says stop.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <functional>

namespace ucopy_security {

constexpr uid_t kAttackerUid = 65534;
constexpr gid_t kAttackerGid = 65534;

// Lives in memory shared by the test and the attacker (MAP_SHARED), so both
// see the flags and counters without a protocol.
struct RaceShared {
  std::atomic<int> ready{0};          // set by the attacker once its watches are in place
  std::atomic<int> stop{0};           // set by the test when the copy has returned
  std::atomic<uint64_t> swaps{0};     // renames/exchanges/links the attacker made
  std::atomic<uint64_t> observed{0};  // escapes the attacker saw itself (observers)
  std::atomic<uint64_t> severe{0};    // the worst kind of those (e.g. root with setuid)

  bool stopping() const { return stop.load(std::memory_order_relaxed) != 0; }
};

struct RaceTally {
  uint64_t swaps = 0;
  uint64_t observed = 0;
  uint64_t severe = 0;
};

// The loop the attacker runs: set up (open directories, add inotify
// watches), call shared.ready = 1, then race until shared.stopping().
using AttackBody = std::function<void(RaceShared &shared)>;

class Attacker {
 public:
  // Forks and waits (at most 5 s) for the body to report ready; throws if
  // the child could not drop privileges or died before that.
  explicit Attacker(const AttackBody &body);
  Attacker(const Attacker &) = delete;
  Attacker &operator=(const Attacker &) = delete;
  ~Attacker();

  // Tells the child to stop, reaps it (SIGKILL after 5 s) and returns what
  // it counted. Idempotent.
  RaceTally finish();

 private:
  RaceShared *shared_ = nullptr;
  pid_t pid_ = -1;
  RaceTally tally_;
};

}  // namespace ucopy_security
