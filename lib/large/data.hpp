// SPDX-License-Identifier: MIT
// Data movers for the large-file path, as plain system calls run on helper
// threads: clone (FICLONE), copy_file_range, read/write, the data segments
// of sparse files (SEEK_DATA/SEEK_HOLE), and comparing two files again.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace ucopy_impl {

// True for the errors by which a filesystem says "not this way for these
// two files" (EXDEV, EOPNOTSUPP, ENOSYS, EINVAL, ENOTTY, EBADF): the caller
// falls back to the next strategy instead of failing the file.
bool method_unsupported(int err);

// True when `err` is about the destination running out of room or refusing
// writes, so that a message should name the destination.
bool is_destination_error(int err);

// The whole of `src` shared into `dst` (FICLONE). 0 or -errno.
int clone_file(int dst, int src);

// Reads `len` bytes at `off`, fewer only at the end of the file. Returns the
// bytes read or -errno. Never loops forever: EINTR is retried, nothing else.
ssize_t read_full(int fd, char *buf, size_t len, uint64_t off);

// Writes all of `len` bytes at `off`, continuing short writes. 0 or -errno
// (-EIO for a write that makes no progress).
int write_all(int fd, const char *buf, size_t len, uint64_t off);

// Writes `len` bytes of `buf` at `off`, leaving out 4 KiB blocks that are all
// zero (the destination must already have its final size, so that they read
// back as zeros). Adds the bytes left out to `holes`. 0 or -errno.
int write_skipping_zeros(int fd, const char *buf, size_t len, uint64_t off, uint64_t &holes);

// Compares the first `size` bytes of `a` and `b` (whose sizes must both be
// `size`), `chunk` bytes at a time through the two buffers. Returns 0 when
// equal, UCOPY_EVERIFY when not, -ECANCELED when `stop` is set, or -errno
// with `*which` set to "read" (a) or "verify" (b).
int compare_files(int a, int b, uint64_t size, char *buf_a, char *buf_b, size_t chunk,
                  const std::atomic<bool> &stop, const char **which);

}  // namespace ucopy_impl
