// SPDX-License-Identifier: MIT
// The counting walk that runs ahead of the copy on its own thread, so that
// progress totals are complete long before the copy ends (UCOPY_F_NO_PRESCAN
// turns it off). It lists directories and takes a statx of each regular
// file, by name: it reads no data and writes nothing, and counts what the
// workers will meet, by the same rules (filters, one filesystem, hard links,
// dereference). What it counts is an estimate of a tree that may change;
// the coordinator never reports less than the workers have found.
//
// Depth is unlimited but descriptors are not: it keeps at most kOpenLevels
// directories open, and reopens a closed one by name from its nearest open
// ancestor (checking that it is the same inode) when the walk returns to it.
#pragma once

#include <sys/stat.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace ucopy_impl {

struct RunContext;

struct PrescanTotals {
  std::atomic<uint64_t> entries{0};
  std::atomic<uint64_t> bytes{0};
  std::atomic<bool> done{false};  // the walk is complete: the totals are final
};

class Prescan {
 public:
  // `root_fd`: a descriptor of the source root directory, which this
  // object now owns. The walk starts on its own thread.
  Prescan(const RunContext &ctx, int root_fd, const struct statx &root_st);
  ~Prescan();  // stops and joins
  Prescan(const Prescan &) = delete;
  Prescan &operator=(const Prescan &) = delete;

  const PrescanTotals &totals() const { return totals_; }
  // Asks the walk to stop and waits for its thread. The totals stay as
  // they are (final only if the walk had finished).
  void stop();

 private:
  struct Level;
  void walk() noexcept;
  bool step();
  void count_entry(Level &dir, const char *name, unsigned char type);
  bool refill(Level &level);
  void descend(Level &dir, const char *name, bool follow);
  bool reopen(size_t index);
  void close_far_levels();
  bool excluded(const Level &dir, const char *name, bool is_dir) const;
  bool is_ancestor(const struct statx &st) const;
  uint64_t share_of_link(uint64_t size, uint32_t nlink);

  const RunContext &ctx_;
  PrescanTotals totals_;
  std::atomic<bool> stop_{false};
  std::vector<std::unique_ptr<Level>> levels_;  // the path being listed, root first
  uint64_t entries_ = 0;                        // published every kPublishEvery
  uint64_t bytes_ = 0;
  std::unordered_map<uint32_t, uint64_t> link_remainders_;  // by nlink
  std::thread thread_;
};

}  // namespace ucopy_impl
