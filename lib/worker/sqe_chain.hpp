// SPDX-License-Identifier: MIT
// The SQEs of one step of a file op, queued as a linked chain: each SQE
// added links the one before it, so that a failure cancels the rest of the
// step. Every SQE carries the op and its tag and counts in op.pending, which
// the step's completions bring back to zero.
#pragma once

#include <liburing.h>

#include "run/file_op.hpp"
#include "worker/ring.hpp"

namespace ucopy_impl {

class SqeChain {
 public:
  SqeChain(Ring &ring, FileOp &op) : ring_(ring), op_(op) {}

  // Whether the ring has the op's buffer registered (READ/WRITE_FIXED).
  bool fixed_buffers() const { return ring_.buffers_registered(); }
  // A fresh SQE from the ring (room was reserved for the step).
  io_uring_sqe *sqe() { return ring_.sqe(); }
  // Queues `s`, prepared, as the next link of the chain.
  void add(io_uring_sqe *s, OpTag tag) {
    if (prev_ != nullptr) prev_->flags |= IOSQE_IO_LINK;
    io_uring_sqe_set_data64(s, pack(&op_, tag));
    op_.pending++;
    prev_ = s;
  }
  // The next SQE starts a chain of its own, independent of this one.
  void cut() { prev_ = nullptr; }

 private:
  Ring &ring_;
  FileOp &op_;
  io_uring_sqe *prev_ = nullptr;
};

}  // namespace ucopy_impl
