// SPDX-License-Identifier: MIT
// UCOPY_F_FSYNC in batches: a file the ring has written and closed is
// handed, with the others of the same round, to the run's sync thread
// (run/sync_gate.hpp) and comes back through the mailbox once a syncfs()
// has covered it; only then get its metadata, its rename (UCOPY_F_ATOMIC)
// and its reports. The contract of docs/durability.md is kept: a file's
// data is durable before its times are set and before its rename, and its
// copied event still waits for its directory's sync.
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

#include "worker/worker.hpp"

namespace ucopy_impl {

// Moves a written file off its ring op, when a spare is free, so that the
// ring op can start another file while this one waits for the sync.
FileOp &Worker::park(FileOp &op) {
  if (free_spares_.empty()) return op;
  FileOp &spare = *free_spares_.back();
  free_spares_.pop_back();
  op.hand_over(spare);
  free_ops_.push_back(&op);
  return spare;
}

// The ops parked since the last round go to the sync thread together.
void Worker::hand_to_sync() {
  if (awaiting_sync_.empty()) return;
  std::vector<FileOp *> batch;
  batch.swap(awaiting_sync_);
  const auto n = static_cast<unsigned>(batch.size());
  Mailbox *mb = mailbox_.get();
  sync_ops_ += n;
  arm_mailbox();
  ctx_.sync_gate.after_next_sync(n, [mb, batch = std::move(batch)](int sync_rc) {
    for (FileOp *op : batch) {
      op->sync_failed = sync_rc != 0;
      mb->post(op);  // the worker may end right after the last one
    }
  });
}

void Worker::back_from_sync(FileOp &op) {
  op.sync_deferred = false;
  if (synced_alone_if_needed(op)) finish_ok(op);
}

// A file the shared sync does not cover (on another filesystem mounted
// inside the destination) or cannot vouch for (the sync failed, and its
// error may be any file's) is synced on its own, which also names the file
// whose data did not reach the disk. False when the op failed here.
bool Worker::synced_alone_if_needed(FileOp &op) {
  struct stat st {};
  if (!op.sync_failed && fstat(op.dst_fd, &st) == 0 && st.st_dev == ctx_.sync_dev) return true;
  if (fsync(op.dst_fd) == 0) return true;
  op.fail(-errno, "fsync");
  drive_failed(op);
  return false;
}

}  // namespace ucopy_impl
