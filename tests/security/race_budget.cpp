// SPDX-License-Identifier: MIT
#include "race_budget.h"

#include <ctime>

#include <cstdio>
#include <cstdlib>

namespace ucopy_security {

namespace {

double env_number(const char *name, double fallback) {
  const char *v = std::getenv(name);
  if (v == nullptr || *v == '\0') return fallback;
  char *end = nullptr;
  const double d = std::strtod(v, &end);
  return (end != v && d > 0) ? d : fallback;
}

// Only the first escapes are spelled out: one is proof, fifty are noise.
constexpr int kDetailedHits = 3;

}  // namespace

uint64_t monotonic_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000U + static_cast<uint64_t>(ts.tv_nsec);
}

RaceBudget::RaceBudget(int default_rounds, double default_seconds)
    : rounds_(static_cast<int>(env_number("UCOPY_SECURITY_ROUNDS", default_rounds))),
      seconds_(env_number("UCOPY_SECURITY_SECONDS", default_seconds)),
      start_ns_(monotonic_ns()) {}

bool RaceBudget::next_round() {
  if (done_ >= rounds_ || elapsed_s() >= seconds_) return false;
  done_++;
  return true;
}

double RaceBudget::elapsed_s() const {
  return static_cast<double>(monotonic_ns() - start_ns_) / 1e9;
}

int hang_deadline_ms() { return static_cast<int>(env_number("UCOPY_SECURITY_DEADLINE_MS", 3000)); }

void RaceReport::add_run(uint64_t run_swaps, uint64_t run_escapes, const std::string &what) {
  runs++;
  swaps += run_swaps;
  escapes += run_escapes;
  if (run_escapes == 0) return;
  if (hit_runs < kDetailedHits) {
    if (!detail.empty()) detail += "; ";
    detail += "run " + std::to_string(runs) + ": " + what;
  }
  hit_runs++;
}

void RaceReport::print() const {
  std::string kinds;
  for (const auto &[kind, n] : counts) kinds += " " + kind + "=" + std::to_string(n);
  std::printf("security %s: runs=%d hit_runs=%d swaps=%llu escapes=%llu%s wall=%.1fs%s%s%s\n",
              name.c_str(), runs, hit_runs, static_cast<unsigned long long>(swaps),
              static_cast<unsigned long long>(escapes), kinds.c_str(), wall_s,
              detail.empty() ? "" : " (", detail.c_str(), detail.empty() ? "" : ")");
  std::fflush(stdout);
}

}  // namespace ucopy_security
