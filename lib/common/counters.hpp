// SPDX-License-Identifier: MIT
// Per-worker counters. Each worker writes only its own (relaxed atomics on
// their own cache line, so no sharing on the hot path); the coordinator sums
// them for progress reports and the final statistics. The list of counters
// is common/counters.def; everything here is generated from it.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ucopy.h"

namespace ucopy_impl {

// What one worker is doing, for progress reports: its phase (relaxed
// stores on the worker's own block) and, when the serving thread asks, the
// path of a file it starts (or, for the large-file helpers' shared block,
// of a file whose data they are moving). Asking keeps the copy off the hot path: one path
// per worker per progress interval, not one per file.
struct InFlight {
  std::atomic<uint32_t> phase{0};  // UCOPY_PHASE_*, 0 when idle
  std::atomic<bool> wanted{false};

  void set_phase(uint32_t p) { phase.store(p, std::memory_order_relaxed); }
  bool path_wanted() const { return wanted.load(std::memory_order_relaxed); }
  void publish(std::string p) {
    std::lock_guard<std::mutex> g(mu_);
    path_ = std::move(p);
    wanted.store(false, std::memory_order_relaxed);
  }
  // The path published since the last take (moved out: a path not
  // published again within an interval is not reported again, so an idle
  // thread never shows a file it finished long ago), and a request for the
  // next one.
  void take(std::string &out) {
    {
      std::lock_guard<std::mutex> g(mu_);
      out = std::move(path_);
      path_.clear();
    }
    ask();
  }
  void ask() { wanted.store(true, std::memory_order_relaxed); }
  // An idle worker has nothing in flight.
  void clear() {
    set_phase(0);
    publish(std::string());
  }

 private:
  std::mutex mu_;
  std::string path_;
};

// The X-macros below expand to declarations and statements, which cannot
// be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)

struct alignas(64) Counters {
#define UCOPY_STAT(name, field) std::atomic<uint64_t> name{0};
#define UCOPY_RUN(name) std::atomic<uint64_t> name{0};
#include "common/counters.def"
  InFlight in_flight;  // not a counter: summed by nothing below

  static void add(std::atomic<uint64_t> &c, uint64_t n) {
    // Only the owning worker writes: a load and a store avoid a locked RMW.
    c.store(c.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
  // For the block shared by the large-file helper threads.
  static void add_shared(std::atomic<uint64_t> &c, uint64_t n) {
    c.fetch_add(n, std::memory_order_relaxed);
  }
};

// Every field of ucopy_stats but size, reserved and elapsed_ns comes from a
// counter: a field added without its line in counters.def fails here.
constexpr size_t kReportedCounters = 0
#define UCOPY_STAT(name, field) +1
#define UCOPY_RUN(name)
#include "common/counters.def"
    ;
static_assert(sizeof(ucopy_stats) ==
                  2 * sizeof(uint32_t) + sizeof(uint64_t) * (kReportedCounters + 1),
              "a ucopy_stats field has no counter in common/counters.def");

// The counters of a whole run at one moment, summed over its blocks.
struct CounterTotals {
#define UCOPY_STAT(name, field) uint64_t name = 0;
#define UCOPY_RUN(name) uint64_t name = 0;
#include "common/counters.def"

  static CounterTotals sum(const std::vector<std::unique_ptr<Counters>> &blocks) {
    CounterTotals t;
    for (const auto &c : blocks) {
#define UCOPY_STAT(name, field) t.name += c->name.load(std::memory_order_relaxed);
#define UCOPY_RUN(name) t.name += c->name.load(std::memory_order_relaxed);
#include "common/counters.def"
    }
    return t;
  }

  // Every reported counter into its ucopy_stats field.
  void copy_to(ucopy_stats &s) const {
#define UCOPY_STAT(name, field) s.field = name;
#define UCOPY_RUN(name)
#include "common/counters.def"
  }
};

// NOLINTEND(bugprone-macro-parentheses)

}  // namespace ucopy_impl
