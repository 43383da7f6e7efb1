/* SPDX-License-Identifier: MIT */
// How long each race goes on, and the one-line summary it prints. CI keeps
// the defaults; a longer hunt sets UCOPY_SECURITY_ROUNDS and
// UCOPY_SECURITY_SECONDS.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace ucopy_security {

// A case runs until it has done `rounds` copies or spent `seconds`,
// whichever comes first. UCOPY_SECURITY_ROUNDS (a number of copies) and
// UCOPY_SECURITY_SECONDS (per case) override the defaults of the test.
class RaceBudget {
 public:
  RaceBudget(int default_rounds, double default_seconds);
  // True while another copy may start; counts it.
  bool next_round();
  int rounds_done() const { return done_; }
  double elapsed_s() const;

 private:
  int rounds_;
  double seconds_;
  int done_ = 0;
  uint64_t start_ns_;
};

// The deadline after which a copy counts as blocked:
// UCOPY_SECURITY_DEADLINE_MS, default 3000 (a run of these trees takes a
// few tens of milliseconds).
int hang_deadline_ms();

// What one case did, printed as one line so that figures can be quoted:
// "security <name>: runs=200 hit_runs=37 swaps=9120 escapes=52 [kind=n...] wall=11.8s (...)".
struct RaceReport {
  std::string name;
  int runs = 0;
  int hit_runs = 0;  // runs with at least one escape
  uint64_t swaps = 0;
  uint64_t escapes = 0;
  double wall_s = 0;
  std::string detail;                      // the first escapes seen, or notes
  std::map<std::string, uint64_t> counts;  // kinds of escape, printed as name=value

  // Adds one run's findings; `what` describes them (kept for the first few).
  void add_run(uint64_t run_swaps, uint64_t run_escapes, const std::string &what);
  void print() const;
};

uint64_t monotonic_ns();

}  // namespace ucopy_security
