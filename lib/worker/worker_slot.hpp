// SPDX-License-Identifier: MIT
// What a worker thread keeps between the runs of one handle: its ring, with
// the registered buffers and the table of direct descriptors. Making a ring
// and pinning its buffers was most of what a run cost before its first
// file (5 ms for one 4 KiB file on a reused handle); a slot made once serves
// every later run whose options give the ring the same shape. A slot is
// used by one thread only, the one that made its ring
// (IORING_SETUP_SINGLE_ISSUER).
#pragma once

#include <cstddef>

#include "worker/ring.hpp"

namespace ucopy_impl {

// Everything a ring is made with; a run whose shape differs makes it anew.
struct RingShape {
  unsigned entries = 0;
  unsigned cq_entries = 0;
  unsigned fixed_files = 0;
  unsigned nbufs = 0;  // 0: no buffers (a dry run)
  size_t buf_size = 0;
  bool operator==(const RingShape &) const = default;
};

class WorkerSlot {
 public:
  WorkerSlot() = default;
  WorkerSlot(const WorkerSlot &) = delete;
  WorkerSlot &operator=(const WorkerSlot &) = delete;
  ~WorkerSlot() { release(); }

  // Ready for `shape`: kept when it has that shape already, else made
  // anew. 0 or -errno (the slot is then empty).
  int prepare(const RingShape &shape);
  // Gives back the ring and the buffers.
  void release();

  Ring &ring() { return ring_; }
  char *bufs() const { return bufs_; }

 private:
  Ring ring_;
  char *bufs_ = nullptr;
  size_t bufs_len_ = 0;
  RingShape shape_{};
};

}  // namespace ucopy_impl
