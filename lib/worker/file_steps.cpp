// SPDX-License-Identifier: MIT
// The SQEs of each step of a file op; see file_steps.hpp.
#include "worker/file_steps.hpp"

#include <fcntl.h>

#include <optional>

#include "meta/entry_meta.hpp"
#include "policy/create_policy.hpp"

namespace ucopy_impl {

void queue_drain(FileOp &op, SqeChain &chain) {
  io_uring_sqe *s = chain.sqe();
  io_uring_prep_splice(s, op.pipe_rd, -1, op.dst_slot(), static_cast<int64_t>(op.pipe_off),
                       op.pipe_bytes, 0);
  s->flags |= IOSQE_FIXED_FILE;  // applies to the output, the destination
  chain.add(s, OpTag::kSpliceOut);
}

void queue_splice(FileOp &op, SqeChain &chain) {
  const uint64_t left = op.stx.stx_size - op.file_off;
  op.splice_len = static_cast<uint32_t>(left < op.pipe_cap ? left : op.pipe_cap);
  op.pipe_off = op.file_off;
  io_uring_sqe *in = chain.sqe();
  io_uring_prep_splice(in, static_cast<int>(op.src_slot()), static_cast<int64_t>(op.file_off),
                       op.pipe_wr, -1, op.splice_len, SPLICE_F_FD_IN_FIXED);
  chain.add(in, OpTag::kSpliceIn);
  // A short splice-in cancels this; the next step drains what came in.
  io_uring_sqe *out = chain.sqe();
  io_uring_prep_splice(out, op.pipe_rd, -1, op.dst_slot(), static_cast<int64_t>(op.file_off),
                       op.splice_len, 0);
  out->flags |= IOSQE_FIXED_FILE;
  chain.add(out, OpTag::kSpliceOut);
}

void queue_create_dst(const StepScope &at, FileOp &op, SqeChain &chain) {
  io_uring_sqe *s = chain.sqe();
  // Read back by --verify through the same descriptor.
  const int access = at.cfg.has(UCOPY_F_VERIFY) ? O_RDWR : O_WRONLY;
  op.created_mode = create_mode(at.cfg, at.id, op.stx, file_created_gid(*op.dir));
  io_uring_prep_openat_direct(s, op.dir->dst_fd, op.create_cname(),
                              access | O_CREAT | O_EXCL | O_NOFOLLOW, op.created_mode,
                              op.dst_slot());
  chain.add(s, OpTag::kOpenDst);
}

void queue_write(FileOp &op, SqeChain &chain) {
  io_uring_sqe *s = chain.sqe();
  char *p = op.buf + op.buf_written;
  unsigned len = op.buf_len - op.buf_written;
  uint64_t off = op.buf_off + op.buf_written;
  if (chain.fixed_buffers()) io_uring_prep_write_fixed(s, op.dst_slot(), p, len, off, op.index);
  else io_uring_prep_write(s, op.dst_slot(), p, len, off);
  s->flags |= IOSQE_FIXED_FILE;
  chain.add(s, OpTag::kWrite);
}

// Splice the rest of a large file; the last byte probe stays a read.
// A digest needs the bytes in user space: no splice then.
bool wants_splice(const Config &cfg, FileOp &op) {
  return cfg.digest == UCOPY_DIGEST_NONE && op.have_stat &&
         op.stx.stx_size > 2ull * cfg.buffer_size && op.file_off < op.stx.stx_size &&
         op.ensure_pipe();
}

void queue_read(const Config &cfg, FileOp &op, SqeChain &chain) {
  // Ask for one byte past the size we know, to notice a file that grew.
  const uint64_t want = op.stx.stx_size + 1 - op.file_off;
  op.read_len = static_cast<uint32_t>(want < cfg.buffer_size ? want : cfg.buffer_size);
  io_uring_sqe *s = chain.sqe();
  if (chain.fixed_buffers())
    io_uring_prep_read_fixed(s, op.src_slot(), op.buf, op.read_len, op.file_off, op.index);
  else io_uring_prep_read(s, op.src_slot(), op.buf, op.read_len, op.file_off);
  s->flags |= IOSQE_FIXED_FILE;
  chain.add(s, OpTag::kRead);
  op.read_issued = true;
}

// Linked after the last write: a short write cancels it, and the next step
// writes the rest and closes again. The plain descriptor that replaces the
// direct one carries the metadata calls of finish_ok(). `fsync`: the file
// is synced here, on its own (not when a batch sync covers it).
void queue_closes(FileOp &op, SqeChain &chain, bool dst_queued, bool fsync) {
  if (op.dst_open || dst_queued) {
    if (fsync) {
      io_uring_sqe *s = chain.sqe();
      io_uring_prep_fsync(s, static_cast<int>(op.dst_slot()), 0);
      s->flags |= IOSQE_FIXED_FILE;
      chain.add(s, OpTag::kFsync);
    }
    io_uring_sqe *s = chain.sqe();
    prep_fd_install(s, op.dst_slot());
    chain.add(s, OpTag::kInstallDst);
    s = chain.sqe();
    io_uring_prep_close_direct(s, op.dst_slot());
    chain.add(s, OpTag::kCloseDst);
  }
  if (op.src_open) {
    chain.cut();  // independent of the destination's chain
    io_uring_sqe *s = chain.sqe();
    io_uring_prep_close_direct(s, op.src_slot());
    chain.add(s, OpTag::kCloseSrc);
  }
}

// Step 1: open the source, install it as a plain descriptor and read the
// first chunk, linked.
void queue_open_src(const StepScope &at, FileOp &op, bool follow, const struct statx *st) {
  // O_NONBLOCK: a FIFO or device swapped in for the file cannot block the
  // open (step 1 then sees its type). On Linux 6.18 io_uring still waits
  // for cold-cache reads of such a regular file; a filesystem that answers
  // EAGAIN instead gets the flag taken off (on_cqe).
  // No O_CLOEXEC: direct descriptors reject it (the installed one has it).
  // O_NOATIME only where it cannot fail with EPERM, which would end the
  // linked read too.
  const bool noatime = may_use_noatime(
      at.cfg, at.id, st != nullptr ? std::optional<uid_t>(st->stx_uid) : std::nullopt);
  const int open_flags =
      O_RDONLY | O_NONBLOCK | (follow ? 0 : O_NOFOLLOW) | (noatime ? O_NOATIME : 0);
  at.ring.reserve(3);
  SqeChain chain(at.ring, op);
  io_uring_sqe *s = chain.sqe();
  io_uring_prep_openat_direct(s, op.dir->src_fd, op.name.c_str(), open_flags, 0, op.src_slot());
  chain.add(s, OpTag::kOpenSrc);
  s = chain.sqe();
  prep_fd_install(s, op.src_slot());
  chain.add(s, OpTag::kInstallSrc);
  op.read_len = at.cfg.buffer_size;
  s = chain.sqe();
  if (at.ring.buffers_registered())
    io_uring_prep_read_fixed(s, op.src_slot(), op.buf, op.read_len, 0, op.index);
  else io_uring_prep_read(s, op.src_slot(), op.buf, op.read_len, 0);
  s->flags |= IOSQE_FIXED_FILE;
  chain.add(s, OpTag::kRead);
  op.read_issued = true;
}

}  // namespace ucopy_impl
