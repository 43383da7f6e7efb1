// SPDX-License-Identifier: MIT
// Per-worker counters. Each worker writes only its own (relaxed atomics on
// their own cache line, so no sharing on the hot path); the coordinator sums
// them for progress reports and the final statistics. The list of counters
// is common/counters.def; everything here is generated from it.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "ucopy.h"

namespace ucopy_impl {

// The X-macros below expand to declarations and statements, which cannot
// be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)

struct alignas(64) Counters {
#define UCOPY_STAT(name, field) std::atomic<uint64_t> name{0};
#define UCOPY_RUN(name) std::atomic<uint64_t> name{0};
#include "common/counters.def"

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
