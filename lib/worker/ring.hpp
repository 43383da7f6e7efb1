// SPDX-License-Identifier: MIT
// One io_uring per worker thread: setup with the flags that suit a single
// submitter, a sparse table of direct descriptors, registered buffers, and
// counters of SQEs and io_uring_enter calls for the run's statistics.
#pragma once

#include <liburing.h>

#include <cstddef>
#include <cstdint>

namespace ucopy_impl {

class Ring {
 public:
  Ring() = default;
  Ring(const Ring &) = delete;
  Ring &operator=(const Ring &) = delete;
  ~Ring();

  // Sets up the ring with `entries` SQEs and room for `cq_entries` CQEs,
  // and tries to register `fixed_files` direct-descriptor slots (halving
  // until the kernel accepts; the number taken is returned by fixed_files())
  // and `nbufs` buffers of `buf_size` bytes at `buf_base`. Returns 0 or -errno.
  int init(unsigned entries, unsigned cq_entries, unsigned fixed_files, void *buf_base,
           size_t buf_size, unsigned nbufs);
  // Tears the ring down (init() may follow). Nothing may be in flight.
  void close();
  bool ready() const { return ready_; }

  unsigned fixed_files() const { return fixed_files_; }
  bool buffers_registered() const { return buffers_registered_; }
  // IORING_OP_FIXED_FD_INSTALL (Linux 6.8): a direct descriptor can be
  // turned into a plain one, which the metadata calls need.
  bool can_install_fds() const { return can_install_fds_; }

  // Makes sure `n` SQEs can be taken without a submit in between, so that a
  // chain of linked SQEs never straddles two submissions.
  void reserve(unsigned n);
  // The next SQE; reserve() must have been called for it.
  io_uring_sqe *sqe();

  // Submits what is queued and waits for at least `wait_nr` completions.
  // Returns the number submitted or -errno (-ETIME on timeout).
  int submit_and_wait(unsigned wait_nr, unsigned timeout_ms);
  int submit() { return submit_and_wait(0, 0); }

  io_uring *raw() { return &ring_; }

  uint64_t sqes_submitted() const { return sqes_; }
  uint64_t enters() const { return enters_; }

 private:
  io_uring ring_{};
  bool ready_ = false;
  bool buffers_registered_ = false;
  bool can_install_fds_ = false;
  unsigned fixed_files_ = 0;
  uint64_t sqes_ = 0;
  uint64_t enters_ = 0;
};

// Queues IORING_OP_FIXED_FD_INSTALL of direct descriptor `slot`: its CQE
// carries a plain descriptor (close-on-exec) to the same open file. The
// liburing of Debian 12 (2.3) predates the opcode, hence the number.
void prep_fd_install(io_uring_sqe *s, unsigned slot);

}  // namespace ucopy_impl
