// SPDX-License-Identifier: MIT
#include "worker/worker_slot.hpp"

#include <sys/mman.h>

#include <cerrno>

namespace ucopy_impl {

int WorkerSlot::prepare(const RingShape &shape) {
  if (ring_.ready() && shape == shape_) return 0;
  release();
  if (shape.nbufs > 0) {
    const size_t len = static_cast<size_t>(shape.nbufs) * shape.buf_size;
    void *p = mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return -ENOMEM;
    bufs_ = static_cast<char *>(p);
    bufs_len_ = len;
  }
  const int rc = ring_.init(shape.entries, shape.cq_entries, shape.fixed_files, bufs_,
                            shape.buf_size, shape.nbufs);
  if (rc < 0) {
    release();
    return rc;
  }
  shape_ = shape;
  return 0;
}

void WorkerSlot::release() {
  ring_.close();
  if (bufs_ != nullptr) munmap(bufs_, bufs_len_);
  bufs_ = nullptr;
  bufs_len_ = 0;
  shape_ = RingShape{};
}

}  // namespace ucopy_impl
