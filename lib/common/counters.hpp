// SPDX-License-Identifier: MIT
// Per-worker counters. Each worker writes only its own (relaxed atomics on
// their own cache line, so no sharing on the hot path); the coordinator sums
// them for progress reports and the final statistics.
#pragma once

#include <atomic>
#include <cstdint>

namespace ucopy_impl {

struct alignas(64) Counters {
  std::atomic<uint64_t> files{0};
  std::atomic<uint64_t> dirs{0};
  std::atomic<uint64_t> symlinks{0};
  std::atomic<uint64_t> specials{0};
  std::atomic<uint64_t> bytes{0};
  std::atomic<uint64_t> failures{0};
  std::atomic<uint64_t> skipped{0};
  std::atomic<uint64_t> warnings{0};
  std::atomic<uint64_t> sqes{0};
  std::atomic<uint64_t> enters{0};
  std::atomic<uint64_t> entries_found{0};  // entries discovered by listing
  std::atomic<uint64_t> entries_done{0};   // entries finished in any way
  std::atomic<uint64_t> bytes_found{0};    // sizes of files once known
  // By data strategy (see ucopy_stats).
  std::atomic<uint64_t> files_reflinked{0};
  std::atomic<uint64_t> bytes_reflinked{0};
  std::atomic<uint64_t> files_cfr{0};
  std::atomic<uint64_t> bytes_cfr{0};
  std::atomic<uint64_t> files_rw{0};
  std::atomic<uint64_t> bytes_rw{0};
  std::atomic<uint64_t> bytes_sparse{0};
  // Data written through the page cache: what write-behind watches.
  std::atomic<uint64_t> bytes_buffered{0};
  std::atomic<uint64_t> files_verified{0};
  std::atomic<uint64_t> up_to_date{0};
  std::atomic<uint64_t> deleted{0};
  std::atomic<uint64_t> filtered{0};  // left out by the rules or the filter callback

  static void add(std::atomic<uint64_t> &c, uint64_t n) {
    // Only the owning worker writes: a load and a store avoid a locked RMW.
    c.store(c.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }
  // For the block shared by the large-file helper threads.
  static void add_shared(std::atomic<uint64_t> &c, uint64_t n) {
    c.fetch_add(n, std::memory_order_relaxed);
  }
};

}  // namespace ucopy_impl
