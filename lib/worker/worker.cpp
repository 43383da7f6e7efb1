// SPDX-License-Identifier: MIT
#include "worker/worker.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <new>

#include "policy/atomic_names.hpp"
#include "ucopy.h"
#include "worker/file_steps.hpp"

namespace ucopy_impl {

namespace {
constexpr unsigned kWaitTimeoutMs = 100;

// Files in flight per worker that keep the plain descriptors of the run
// (two per file: source and copy, for the metadata calls) within half the
// soft RLIMIT_NOFILE, leaving the rest to directories and to the program
// that embeds the library. 1024 (a common default) and 8 workers: 32 each.
unsigned files_within_fd_limit(unsigned workers) {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY) return ~0u;
  const rlim_t per_worker = lim.rlim_cur / 2 / (rlim_t{2} * std::max(workers, 1u));
  return static_cast<unsigned>(std::max<rlim_t>(per_worker, 1));
}
constexpr unsigned kStatxMask = STATX_BASIC_STATS;

// UCOPY_F_FSYNC in batches: files waiting for a sync past the `ring_ops`
// in flight, each holding its two plain descriptors, within the same
// descriptor budget. Each sync costs a journal commit and a device flush:
// with batches of at most 64 files per worker (no spares) 100,000 small
// files took 16 s onto ext4 under load; with 4 spares per ring op 1.8x a
// copy without syncs, 4.5 s (bench/RESULTS-durability.md).
constexpr unsigned kSparesPerRingOp = 4;
unsigned sync_spares(unsigned ring_ops, unsigned workers) {
  const unsigned budget = files_within_fd_limit(workers);
  const unsigned room = budget > ring_ops ? budget - ring_ops : 0;
  return std::min(ring_ops * kSparesPerRingOp, room);
}
}  // namespace

Worker::~Worker() {
  for (FileOp &op : ops_) op.drop_pipe();
}

void Worker::run() noexcept {
  try {
    int rc = setup();
    if (rc != 0) {
      ctx_.fatal(rc, std::string("cannot set up io_uring: ") + ucopy_strerror(rc));
      return;
    }
    loop();
  } catch (const std::bad_alloc &) {
    ctx_.fatal(-ENOMEM, "out of memory");
  } catch (...) {
    ctx_.fatal(-EIO, "internal error in a worker thread");
  }
  cnt_.in_flight.clear();
  Counters::add(cnt_.sqes, ring_.sqes_submitted() - sqes_before_);
  Counters::add(cnt_.enters, ring_.enters() - enters_before_);
}

int Worker::setup() {
  const Config &cfg = ctx_.cfg;
  listing_.set_filtering(ctx_.filtering());
  unsigned n = std::min(cfg.files_in_flight, files_within_fd_limit(cfg.workers));
  // Each file in flight may have up to seven SQEs queued at once, and a
  // detached close.
  RingShape shape;
  shape.entries = cfg.queue_depth;
  shape.cq_entries = std::max(n * 8, cfg.queue_depth * 2);
  shape.fixed_files = n * 2;
  shape.nbufs = cfg.has(UCOPY_F_DRY_RUN) ? 0 : n;
  shape.buf_size = cfg.buffer_size;
  int rc = slot_.prepare(shape);
  if (rc < 0) return rc;
  sqes_before_ = ring_.sqes_submitted();
  enters_before_ = ring_.enters();
  char *bufs = slot_.bufs();
  // RLIMIT_NOFILE may have limited the direct descriptors; two per file.
  n = std::min(n, ring_.fixed_files() / 2);
  const unsigned spares = ctx_.sync_in_batches ? sync_spares(n, cfg.workers) : 0;
  mailbox_ = std::make_unique<Mailbox>(n + spares);
  if (!mailbox_->ok()) return -errno;
  make_ops(n, spares, bufs);
  return 0;
}

// `n` ops of the ring, op i with buffer i and direct descriptors 2i and
// 2i + 1, and `spares` without (worker_sync.cpp).
void Worker::make_ops(unsigned n, unsigned spares, char *bufs) {
  const Config &cfg = ctx_.cfg;
  ring_ops_ = n;
  ops_ = std::vector<FileOp>(n + spares);
  free_ops_.reserve(n);
  for (unsigned i = 0; i < n; i++) {
    ops_[i].index = i;
    ops_[i].buf = bufs ? bufs + static_cast<size_t>(i) * cfg.buffer_size : nullptr;
    free_ops_.push_back(&ops_[n - 1 - i]);
  }
  free_spares_.reserve(spares);
  for (unsigned i = n; i < n + spares; i++) {
    ops_[i].index = i;
    free_spares_.push_back(&ops_[i]);
  }
}

void Worker::loop() {
  for (;;) {
    bool stopping = ctx_.stop.load(std::memory_order_relaxed);
    if (!stopping) fill();
    // Detached closes count too: a close left unsubmitted would leak the
    // descriptor when the ring goes.
    if (inflight_ > 0 || detached_ > 0) {
      hand_to_sync();
      if (inflight_ > 0 && helper_ops_ + sync_ops_ == inflight_ && detached_ == 0 &&
          mailbox_ != nullptr) {
        if (sync_ops_ > 0) ctx_.sync_gate.urge();
        wait_for_helpers();
      }
      int rc = ring_.submit_and_wait(1, kWaitTimeoutMs);
      if (rc < 0 && rc != -ETIME && rc != -EINTR && rc != -EAGAIN && rc != -EBUSY) {
        // The ring itself is broken: nothing in flight will complete.
        ctx_.fatal(rc, std::string("io_uring_enter failed: ") + ucopy_strerror(rc));
        return;
      }
      reap();
      continue;
    }
    if (stopping) break;
    if (!listing_.is_open()) {
      if (ctx_.done.load()) break;
      ctx_.dirs.wait(kWaitTimeoutMs);
    }
  }
  // Stopping: nothing is in flight any more; drop the listing.
  listing_.close();
}

bool Worker::next_cursor() {
  while (auto node = ctx_.dirs.try_pop()) {
    cnt_.in_flight.set_phase(UCOPY_PHASE_WALKING);
    if (ctx_.stop.load(std::memory_order_relaxed)) return false;
    if (node->kind == DirNode::Kind::kNormal && !open_dir(ctx_, cnt_, node)) continue;
    if (node->other_fs) {  // made, with its metadata, but not listed
      release_dir(ctx_, cnt_, node.get());
      continue;
    }
    listing_.open(std::move(node));
    return true;
  }
  return false;
}

void Worker::fill() {
  while (!free_ops_.empty()) {
    if (ctx_.stop.load(std::memory_order_relaxed)) return;
    if (!listing_.is_open() && !next_cursor()) return;
    DirEntry e;
    int err = 0;
    if (!listing_.next(e, err)) {
      // A stop while the filter callback was deciding: the listing is
      // dropped with the rest when the loop ends.
      if (ctx_.stop.load(std::memory_order_relaxed)) return;
      std::shared_ptr<DirNode> dir = listing_.node();
      listing_.close();
      if (err != 0)
        ctx_.report_error(cnt_, err, "list", UCOPY_TYPE_DIR, dir->src_path(ctx_),
                          dir->dst_path(ctx_));
      release_dir(ctx_, cnt_, dir.get());  // the listing's reference
      continue;
    }
    Counters::add(cnt_.entries_found, 1);
    start_entry(e, listing_.node());
  }
}

void Worker::start_entry(const DirEntry &e, const std::shared_ptr<DirNode> &dir) {
  const bool deref =
      ctx_.cfg.has(UCOPY_F_DEREFERENCE) ||
      (dir->kind == DirNode::Kind::kFileParent && ctx_.cfg.has(UCOPY_F_DEREFERENCE_ARGS));
  unsigned char type = e.type;
  if (type == DT_DIR && !deref && e.stat == nullptr) {
    push_subdir(e, dir, dir->follow);
    return;
  }
  // A regular file is looked at through its open descriptor (run/file_op.hpp,
  // step 1), which is the stat its copy must carry anyway: none by name
  // first, unless --update or a dry run decides on it before any open.
  if (type == DT_REG && e.stat == nullptr && ctx_.cfg.update == UCOPY_UPDATE_NONE &&
      !ctx_.cfg.has(UCOPY_F_DRY_RUN) && ring_.can_install_fds() && !dir->single_dst_special) {
    start_file(e, dir, false, nullptr);
    return;
  }
  // Everything else is looked at first: a plain statx here costs one
  // system call, where IORING_OP_STATX always goes through an io-wq thread.
  // Measured on 100k small files: the same time warm, about 20% less cold
  // (bench/levers.json).
  struct statx st {};
  int flags = (type == DT_LNK && deref) ? 0 : AT_SYMLINK_NOFOLLOW;
  if (e.stat != nullptr) {
    st = *e.stat;
  } else if (statx(dir->src_fd, std::string(e.name).c_str(), flags, kStatxMask, &st) != 0) {
    int rc = -errno;
    ctx_.report_error(cnt_, rc, "stat", UCOPY_TYPE_UNKNOWN, dir->entry_src_path(ctx_, e.name),
                      dir->entry_dst_path(ctx_, e.dst_name));
    Counters::add(cnt_.entries_done, 1);
    return;
  }
  bool followed = flags == 0;
  if (S_ISDIR(st.stx_mode)) {
    if (!ctx_.cfg.has(UCOPY_F_RECURSIVE)) {
      ctx_.report_error(cnt_, -EISDIR, "copy", UCOPY_TYPE_DIR, dir->entry_src_path(ctx_, e.name),
                        dir->entry_dst_path(ctx_, e.dst_name));
      Counters::add(cnt_.entries_done, 1);
      return;
    }
    push_subdir(e, dir, dir->follow || followed);
  } else if (!S_ISREG(st.stx_mode) && !S_ISLNK(st.stx_mode) && !special_wanted(st.stx_mode)) {
    skip_special(e, dir, st);
  } else if (ctx_.cfg.update != UCOPY_UPDATE_NONE && !dst_needs_copy(e, dir, st, followed)) {
    // up to date: reported and finished
  } else if (ctx_.cfg.has(UCOPY_F_DRY_RUN)) {
    dry_run_entry(e, dir, st);
  } else if (S_ISREG(st.stx_mode)) {
    start_file(e, dir, followed, &st);
  } else if (S_ISLNK(st.stx_mode)) {
    copy_symlink(e, dir, st);
  } else {
    copy_special(e, dir, st);
  }
}

void Worker::push_subdir(const DirEntry &e, const std::shared_ptr<DirNode> &dir, bool follow) {
  auto child = std::make_shared<DirNode>();
  child->parent = dir;
  child->name = std::string(e.name);
  child->follow = follow;
  if (listing_.filtering()) {
    child->rel_path = dir->rel_path;
    if (!child->rel_path.empty()) child->rel_path += '/';
    child->rel_path += e.name;
  }
  dir->refs.fetch_add(1);
  ctx_.live_dirs.fetch_add(1);
  ctx_.dirs.push(std::move(child));
}

void Worker::start_file(const DirEntry &e, const std::shared_ptr<DirNode> &dir, bool follow,
                        const struct statx *st) {
  cnt_.in_flight.set_phase(UCOPY_PHASE_COPYING);
  if (cnt_.in_flight.path_wanted()) cnt_.in_flight.publish(dir->entry_src_path(ctx_, e.name));
  FileOp &op = *free_ops_.back();
  free_ops_.pop_back();
  inflight_++;
  dir->refs.fetch_add(1);
  op.dir = dir;
  op.name.assign(e.name);
  if (e.dst_name != e.name) op.dst_name.assign(e.dst_name);
  if (ctx_.cfg.has(UCOPY_F_ATOMIC)) make_temp_name(e.dst_name, op.tmp_name);
  op.follow = follow;
  if (st != nullptr) {
    op.stx = *st;
    op.have_stat = true;
  }
  if (dir->single_dst_special) {
    copy_into_special(op);
    return;
  }
  if (!ring_.can_install_fds()) {
    // Before Linux 6.8 no direct descriptor can become a plain one for the
    // metadata calls: the helpers copy every file, with plain descriptors.
    op.helper = true;
    drive(op);
    return;
  }
  queue_open_src(StepScope{ring_, ctx_.cfg, ctx_.id}, op, follow, st);
}

void Worker::reap() {
  io_uring_cqe *cqe;
  unsigned head;
  unsigned seen = 0;
  // Collect first, then drive: driving may queue SQEs and must see every
  // CQE of its step first.
  FileOp *ready[256];
  unsigned nready = 0;
  bool mail_due = false;
  io_uring_for_each_cqe(ring_.raw(), head, cqe) {
    if (nready == sizeof ready / sizeof ready[0]) break;  // each CQE readies at most one op
    seen++;
    if (cqe->user_data == kMailboxUserData) {
      mail_due = true;
      continue;
    }
    if (cqe->user_data == kDetachedUserData) {
      detached_--;
      continue;
    }
    FileOp *op = unpack_op(cqe->user_data);
    on_cqe(*op, unpack_tag(cqe->user_data), cqe->res);
    if (--op->pending == 0) ready[nready++] = op;
  }
  io_uring_cq_advance(ring_.raw(), seen);
  for (unsigned i = 0; i < nready; i++) drive(*ready[i]);
  if (mail_due) on_mailbox();
}

bool Worker::wants_helper(const DirNode &dir, const struct statx &st) const {
  const Config &cfg = ctx_.cfg;
  if (cfg.copy_method == UCOPY_COPY_REFLINK || cfg.copy_method == UCOPY_COPY_FILE_RANGE ||
      cfg.reflink == UCOPY_REFLINK_ALWAYS)
    return true;  // asked for explicitly: every file gets the chance
  if (cfg.sparse != UCOPY_SPARSE_NEVER && st.stx_size > 0 && st.stx_blocks * 512 < st.stx_size)
    return true;                                            // has holes to keep
  if (st.stx_size <= 2ull * cfg.buffer_size) return false;  // the ring's best case
  if (cfg.sparse == UCOPY_SPARSE_ALWAYS) return true;
  if (cfg.region_threshold != 0 && st.stx_size >= cfg.region_threshold) return true;
  // Mid-sized files: a clone or copy_file_range needs both on one
  // filesystem; across filesystems the ring's splice path is as good.
  if (cfg.copy_method == UCOPY_COPY_READ_WRITE) return false;
  struct stat d {};
  if (fstat(dir.dst_fd, &d) != 0) return false;
  return major(d.st_dev) == st.stx_dev_major && minor(d.st_dev) == st.stx_dev_minor;
}

// Everything in flight is with the helper threads: wait for their mailbox
// with a plain poll() before entering the ring, which then has the
// completion ready. A thread blocked in poll() is one every tool knows to
// be waiting; valgrind, for one, keeps its global lock across
// io_uring_enter, so a worker waiting there would starve the helpers.
void Worker::wait_for_helpers() {
  if (io_uring_cq_ready(ring_.raw()) > 0 || io_uring_sq_ready(ring_.raw()) > 0) return;
  pollfd p{mailbox_->fd(), POLLIN, 0};
  poll(&p, 1, static_cast<int>(kWaitTimeoutMs));
}

void Worker::arm_mailbox() {
  if (mailbox_armed_) return;
  ring_.reserve(1);
  io_uring_sqe *s = ring_.sqe();
  io_uring_prep_read(s, mailbox_->fd(), &mailbox_->sink, sizeof mailbox_->sink, 0);
  io_uring_sqe_set_data64(s, kMailboxUserData);
  mailbox_armed_ = true;
}

void Worker::on_mailbox() {
  mailbox_armed_ = false;
  mailbox_->take(mail_);
  for (FileOp *op : mail_) {
    if (op->sync_deferred) {
      sync_ops_--;
      back_from_sync(*op);
    } else {
      helper_ops_--;
      drive(*op);
    }
  }
  mail_.clear();
  // Ops still with the helpers or the sync thread need the next wake-up.
  if (helper_ops_ + sync_ops_ > 0) arm_mailbox();
}

}  // namespace ucopy_impl
