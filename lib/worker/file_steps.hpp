// SPDX-License-Identifier: MIT
// The SQEs of each step of a file op (run/file_op.hpp lists the steps):
// what each step asks of the ring, prepared on a linked chain. Which step
// comes next is decided by the worker's state machine (worker_file.cpp);
// nothing here looks at completions.
#pragma once

#include <sys/stat.h>

#include "common/config.hpp"
#include "meta/entry_meta.hpp"
#include "run/file_op.hpp"
#include "worker/ring.hpp"
#include "worker/sqe_chain.hpp"

namespace ucopy_impl {

// What the steps need of the worker: its ring, the options, the identity.
struct StepScope {
  Ring &ring;
  const Config &cfg;
  const Identity &id;
};

// Step 1: open the source, install it as a plain descriptor, read the first
// chunk; a chain of its own. `st`: the stat taken by name, or null.
void queue_open_src(const StepScope &at, FileOp &op, bool follow, const struct statx *st);
// Step 2's parts, each added to the step's chain.
void queue_create_dst(const StepScope &at, FileOp &op, SqeChain &chain);
void queue_write(FileOp &op, SqeChain &chain);
void queue_read(const Config &cfg, FileOp &op, SqeChain &chain);
// Large files move by splice through the op's pipe (in, then out); a short
// splice-out leaves bytes in the pipe that queue_drain() writes.
bool wants_splice(const Config &cfg, FileOp &op);
void queue_splice(FileOp &op, SqeChain &chain);
void queue_drain(FileOp &op, SqeChain &chain);
// Step 3: fsync (if `fsync`), install and close the destination, close the
// source.
void queue_closes(FileOp &op, SqeChain &chain, bool dst_queued, bool fsync);

}  // namespace ucopy_impl
