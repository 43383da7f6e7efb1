// SPDX-License-Identifier: MIT
#include "worker/ring.hpp"

#include <sys/uio.h>

#include <cerrno>
#include <vector>

namespace ucopy_impl {

namespace {
constexpr int kOpFixedFdInstall = 54;
}  // namespace

void prep_fd_install(io_uring_sqe *s, unsigned slot) {
  io_uring_prep_rw(kOpFixedFdInstall, s, static_cast<int>(slot), nullptr, 0, 0);
  s->flags |= IOSQE_FIXED_FILE;
}

Ring::~Ring() { close(); }

void Ring::close() {
  if (ready_) io_uring_queue_exit(&ring_);
  ring_ = io_uring{};
  ready_ = false;
  buffers_registered_ = false;
  can_install_fds_ = false;
  fixed_files_ = 0;
}

int Ring::init(unsigned entries, unsigned cq_entries, unsigned fixed_files, void *buf_base,
               size_t buf_size, unsigned nbufs) {
  io_uring_params p{};
  // One thread submits to this ring and reaps it; completions are run when
  // we wait for them instead of interrupting us (fewer context switches).
  p.flags = IORING_SETUP_CQSIZE | IORING_SETUP_SUBMIT_ALL | IORING_SETUP_COOP_TASKRUN |
            IORING_SETUP_SINGLE_ISSUER;
  p.cq_entries = cq_entries > entries * 2 ? cq_entries : entries * 2;
  int rc = io_uring_queue_init_params(entries, &ring_, &p);
  if (rc == -EINVAL) {
    // Older kernels lack some of the flags; the ring works without them.
    p = io_uring_params{};
    p.flags = IORING_SETUP_CQSIZE;
    p.cq_entries = cq_entries > entries * 2 ? cq_entries : entries * 2;
    rc = io_uring_queue_init_params(entries, &ring_, &p);
  }
  if (rc < 0) return rc;
  ready_ = true;

  // The fixed-file table is bounded by RLIMIT_NOFILE; take what we get.
  for (unsigned n = fixed_files; n >= 2; n /= 2) {
    if (io_uring_register_files_sparse(&ring_, n) == 0) {
      fixed_files_ = n;
      break;
    }
  }
  if (fixed_files_ == 0) return -EMFILE;

  if (io_uring_probe *probe = io_uring_get_probe_ring(&ring_)) {
    can_install_fds_ = io_uring_opcode_supported(probe, kOpFixedFdInstall) != 0;
    io_uring_free_probe(probe);
  }

  // Registered buffers save a page-table walk per I/O; they count against
  // RLIMIT_MEMLOCK, so failing here only means plain buffers are used.
  if (buf_base != nullptr && nbufs > 0) {
    std::vector<iovec> iov(nbufs);
    for (unsigned i = 0; i < nbufs; i++) {
      iov[i].iov_base = static_cast<char *>(buf_base) + static_cast<size_t>(i) * buf_size;
      iov[i].iov_len = buf_size;
    }
    buffers_registered_ = io_uring_register_buffers(&ring_, iov.data(), nbufs) == 0;
  }
  return 0;
}

void Ring::reserve(unsigned n) {
  if (io_uring_sq_space_left(&ring_) < n) submit();
}

io_uring_sqe *Ring::sqe() {
  io_uring_sqe *s = io_uring_get_sqe(&ring_);
  if (s == nullptr) {
    submit();
    s = io_uring_get_sqe(&ring_);
  }
  return s;
}

int Ring::submit_and_wait(unsigned wait_nr, unsigned timeout_ms) {
  unsigned queued = io_uring_sq_ready(&ring_);
  if (queued == 0 && wait_nr == 0) return 0;
  int rc;
  if (wait_nr > 0 && timeout_ms > 0) {
    __kernel_timespec ts{};
    ts.tv_sec = timeout_ms / 1000;
    ts.tv_nsec = static_cast<long long>(timeout_ms % 1000) * 1000000;
    io_uring_cqe *cqe = nullptr;
    rc = io_uring_submit_and_wait_timeout(&ring_, &cqe, wait_nr, &ts, nullptr);
    if (rc >= 0) rc = static_cast<int>(queued);
  } else {
    rc = io_uring_submit_and_wait(&ring_, wait_nr);
  }
  enters_++;
  if (rc > 0) sqes_ += static_cast<unsigned>(rc);
  else if (rc == -ETIME) sqes_ += queued;
  return rc;
}

}  // namespace ucopy_impl
