// SPDX-License-Identifier: MIT
// The per-file state machine of Worker; see run/file_op.hpp for the steps.
#include "run/file_op.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <memory>

#include "large/region_copy.hpp"

#include "meta/entry_meta.hpp"
#include "policy/atomic_names.hpp"
#include "policy/create_policy.hpp"
#include "ucopy.h"
#include "worker/file_steps.hpp"
#include "worker/sqe_chain.hpp"
#include "worker/worker.hpp"

namespace ucopy_impl {

namespace {
// A pipe holds up to this much; F_SETPIPE_SZ may refuse (per-user limits),
// and then the default 64 KiB is used.
constexpr int kPipeSize = 1 << 20;

// The CQE of the source's IORING_OP_STATX. Even a cancelled one fails the
// op: op.fd_stx would be stale.
void took_stat(FileOp &op, int res) {
  if (res < 0) op.fail(res, res == -ECANCELED ? "" : "stat");
  op.quiet = op.quiet || res == -ECANCELED;
}
}  // namespace

void FileOp::hand_over(FileOp &spare) {
  std::swap(*this, spare);
  std::swap(index, spare.index);
  std::swap(buf, spare.buf);
  std::swap(pipe_rd, spare.pipe_rd);
  std::swap(pipe_wr, spare.pipe_wr);
  std::swap(pipe_cap, spare.pipe_cap);
}

void FileOp::reset() {
  dir.reset();
  name.clear();
  dst_name.clear();
  tmp_name.clear();
  follow = false;
  have_stat = src_open = dst_open = dst_created = replace_tried = false;
  src_checked = nonblock_cleared = stat_issued = false;
  src_fd = dst_fd = -1;  // closed by release_op()
  created_mode = 0;
  eof = changed = skipped = false;
  helper = helper_sent = sync_deferred = sync_failed = false;
  strategy = Strategy::kReadWrite;
  pending = 0;
  read_res = -1;
  read_issued = false;
  read_len = 0;
  file_off = buf_off = 0;
  buf_len = buf_written = 0;
  written = 0;
  digest_value = DigestValue{};
  link_role = LinkRole::kNone;
  link_checked = false;
  link_target = LinkTarget{};
  pipe_bytes = 0;
  pipe_off = 0;
  splice_len = 0;
  err = 0;
  err_op = "";
  quiet = false;
}

void Worker::on_open_dst(FileOp &op, int res) const {
  if (res >= 0) {
    op.dst_open = op.dst_created = true;
  } else if (!op.tmp_name.empty()) {
    // A fresh temporary name: even EEXIST is no matter for the policy,
    // which drive() and commit_atomic() apply to the final name.
    if (res != -ECANCELED) op.fail(res, "create");
  } else if (res == -EEXIST && ctx_.cfg.overwrite == UCOPY_OVERWRITE_SKIP) {
    op.skipped = true;
  } else if (res == -EEXIST && ctx_.cfg.overwrite == UCOPY_OVERWRITE_REPLACE && !op.replace_tried) {
    // Replace: remove what is there and create anew on the next step.
    // A directory in the way is an error (unlinkat says EISDIR).
    op.replace_tried = true;
    if (unlinkat(op.dir->dst_fd, op.dst_cname(), 0) != 0) op.fail(-errno, "replace");
  } else if (res != -ECANCELED) {
    op.fail(res, "create");
  }
}

// A write or a splice-out: true when bytes reached the destination.
bool Worker::took_write(FileOp &op, int res) {
  if (res > 0) {
    op.written += static_cast<uint64_t>(res);
    Counters::add(cnt_.bytes_moved, static_cast<uint64_t>(res));
    Counters::add(cnt_.bytes_rw, static_cast<uint64_t>(res));
    Counters::add(cnt_.bytes_buffered, static_cast<uint64_t>(res));
    return true;
  }
  if (res == 0) op.fail(-EIO, "write");  // no progress and no error: never loop on it
  else if (res != -ECANCELED) op.fail(res, "write");
  return false;
}

void Worker::on_cqe(FileOp &op, OpTag tag, int res) {
  switch (tag) {
    case OpTag::kOpenSrc:
      if (res < 0) op.fail(res, "open");
      else op.src_open = true;
      break;
    case OpTag::kInstallSrc:
      if (res >= 0) op.src_fd = res;
      else if (res != -ECANCELED) op.fail(res, "open");
      break;
    case OpTag::kStatSrc: took_stat(op, res); break;
    case OpTag::kInstallDst:
      if (res >= 0) op.dst_fd = res;
      else if (res != -ECANCELED) op.fail(res, "create");
      break;
    case OpTag::kRead:
      op.read_issued = false;
      if (res >= 0) op.read_res = res;
      else if (res == -EAGAIN && !op.nonblock_cleared && op.src_fd >= 0) retry_blocking(op);
      else if (res != -ECANCELED) op.fail(res, "read");
      break;
    case OpTag::kOpenDst: on_open_dst(op, res); break;
    case OpTag::kWrite:
      if (took_write(op, res)) op.buf_written += static_cast<uint32_t>(res);
      break;
    case OpTag::kSpliceIn:
      if (res >= 0) {
        op.pipe_bytes += static_cast<uint32_t>(res);
        op.file_off += static_cast<uint64_t>(res);
        if (res == 0) {  // the end came before the size we knew
          op.eof = true;
          op.changed = true;
        }
      } else if (res != -ECANCELED) {
        op.fail(res, "read");
      }
      break;
    case OpTag::kSpliceOut:
      if (took_write(op, res)) {
        op.pipe_bytes -= static_cast<uint32_t>(res);
        op.pipe_off += static_cast<uint64_t>(res);
      }
      break;
    case OpTag::kCloseSrc:
      if (res != -ECANCELED) op.src_open = false;
      break;
    case OpTag::kCloseDst:
      if (res != -ECANCELED) {
        op.dst_open = false;
        // Some filesystems report write-back errors only here.
        if (res < 0) op.fail(res, "close");
      }
      break;
    case OpTag::kFsync:
      if (res < 0 && res != -ECANCELED) op.fail(res, "fsync");
      break;
  }
}

void FileOp::take_read() {
  FileOp &op = *this;
  if (op.read_res < 0) return;
  const auto r = static_cast<uint64_t>(op.read_res);
  op.read_res = -1;
  const uint64_t size = op.stx.stx_size;
  op.buf_off = op.file_off;
  op.buf_len = static_cast<uint32_t>(r);
  op.buf_written = 0;
  op.file_off += r;
  // A size of 0 is what /proc and sysfs files say whatever they hold: read
  // to the end, as cp does (it copied them empty before).
  const bool size_unknown = size == 0;
  if (r == 0) {
    op.eof = true;
    if (op.file_off < size) op.changed = true;  // shrank while copied
  } else if (op.file_off > size && !size_unknown) {
    // Grew while copied: keep the size it had when we looked, so the copy
    // is a consistent prefix, and say so.
    op.buf_len -= static_cast<uint32_t>(op.file_off - size);
    op.file_off = size;
    op.eof = true;
    op.changed = true;
  } else if (op.file_off == size && r < op.read_len) {
    op.eof = true;
  }
  // In file order: one read in flight per op, each taken in here once.
  op.digest.update(op.buf, op.buf_len);
}

bool FileOp::ensure_pipe() {
  FileOp &op = *this;
  if (op.pipe_rd >= 0) return true;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  int cap = fcntl(fds[1], F_SETPIPE_SZ, kPipeSize);
  if (cap < 0) cap = fcntl(fds[1], F_GETPIPE_SZ);
  if (cap <= 0) {
    close(fds[0]);
    close(fds[1]);
    return false;
  }
  op.pipe_rd = fds[0];
  op.pipe_wr = fds[1];
  op.pipe_cap = static_cast<uint32_t>(cap);
  return true;
}

void FileOp::drop_pipe() {
  FileOp &op = *this;
  if (op.pipe_rd >= 0) close(op.pipe_rd);
  if (op.pipe_wr >= 0) close(op.pipe_wr);
  op.pipe_rd = op.pipe_wr = -1;
  op.pipe_cap = 0;
}

// A filesystem that cannot read without waiting answered EAGAIN because of
// the O_NONBLOCK of step 1: the descriptor is a regular file's (a FIFO has
// no data without a writer and answers 0, a device what it will), so the
// flag comes off and the read is asked again by the next step.
void Worker::retry_blocking(FileOp &op) {  // NOLINT(readability-convert-member-functions-to-static)
  op.nonblock_cleared = true;
  const int fl = fcntl(op.src_fd, F_GETFL);
  if (fl < 0 || fcntl(op.src_fd, F_SETFL, fl & ~O_NONBLOCK) != 0) op.fail(-errno, "read");
}

// Step 1's look at the source: the copy carries the stat of the inode it
// reads. A stat taken by name before (filters, --update, -L) must be of the
// same inode, or a user renamed another file there between the two; the
// entry then fails with UCOPY_ECHANGED, as does a FIFO or device swapped
// in for a file.
bool Worker::check_source(FileOp &op) {
  op.src_checked = true;
  struct statx &fst = op.fd_stx;
  if (!op.stat_issued && statx(op.src_fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &fst) != 0) {
    op.err = -errno;
    op.err_op = "stat";
    return false;
  }
  const bool same = !op.have_stat ||
                    (fst.stx_ino == op.stx.stx_ino && fst.stx_dev_major == op.stx.stx_dev_major &&
                     fst.stx_dev_minor == op.stx.stx_dev_minor &&
                     (fst.stx_mode & S_IFMT) == (op.stx.stx_mode & S_IFMT));
  if (!same || !S_ISREG(fst.stx_mode)) {
    op.err = UCOPY_ECHANGED;  // whatever the read made of it
    op.err_op = "open";
    return false;
  }
  op.stx = fst;
  op.have_stat = true;
  if (!op.digest.start(ctx_.cfg.digest)) {
    op.err = -ENOMEM;
    op.err_op = "digest";
    return false;
  }
  if (!may_be_linked(ctx_.cfg, *op.dir, op.stx)) Counters::add(cnt_.bytes_found, op.stx.stx_size);
  if (wants_helper(*op.dir, op.stx)) op.helper = true;
  return true;
}

void Worker::close_src_slot(FileOp &op) {
  ring_.reserve(1);
  io_uring_sqe *s = ring_.sqe();
  io_uring_prep_close_direct(s, op.src_slot());
  io_uring_sqe_set_data64(s, pack(&op, OpTag::kCloseSrc));
  op.pending++;
}

void Worker::close_detached(int fd) {
  if (fd < 0) return;
#if defined(__SANITIZE_THREAD__)
  // ThreadSanitizer does not see a close done by the ring, so it keeps the
  // descriptor's last reads and reports a race when a helper thread later
  // closes another file that got the same number (seen in CI on
  // FaultInjection.VerifyCatchesADestinationThatReadsBackWrong). A plain
  // close lets it forget them; only the TSan build pays the system call.
  close(fd);
#else
  ring_.reserve(1);
  io_uring_sqe *s = ring_.sqe();
  io_uring_prep_close(s, fd);
  io_uring_sqe_set_data64(s, kDetachedUserData);
  detached_++;
#endif
}

// Everything before the data steps of the ring: failures, cancellation,
// hard links and files handed to the helpers. True when it took the op.
bool Worker::drive_prelude(FileOp &op) {
  if (op.err == 0 && ctx_.stop.load(std::memory_order_relaxed)) {
    op.fail(-ECANCELED, "");
    op.quiet = true;
  }
  if (op.src_fd >= 0 && !op.src_checked && !op.stat_issued && op.err == 0) {
    // Through the ring, which punts it to an io-wq thread: one system call
    // per file less than a statx here, for the same time and CPU (30k files
    // of 4 KiB into tmpfs: 0.46 s either way, 3 runs each).
    op.stat_issued = true;
    ring_.reserve(1);
    io_uring_sqe *s = ring_.sqe();
    io_uring_prep_statx(s, op.src_fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &op.fd_stx);
    io_uring_sqe_set_data64(s, pack(&op, OpTag::kStatSrc));
    op.pending++;
    return true;
  }
  if (op.src_fd >= 0 && !op.src_checked && !check_source(op)) {
    drive_failed(op);
    return true;
  }
  if (op.err == 0 && op.have_stat && !S_ISREG(op.stx.stx_mode)) op.fail(UCOPY_ECHANGED, "open");
  if (op.err == -ELOOP && !op.follow && !op.src_checked) {
    // A symlink where the listing saw a file: renamed there meanwhile.
    op.err = UCOPY_ECHANGED;
  }
  if (op.err != 0 || op.skipped) {
    drive_failed(op);
    return true;
  }
  if (!op.link_checked && op.have_stat) {
    claim_link(op);
    if (op.err != 0) {
      drive_failed(op);
      return true;
    }
  }
  if (op.link_role == FileOp::LinkRole::kLinkNow || op.link_role == FileOp::LinkRole::kWaiting) {
    if (drive_link(op)) return true;
  }
  if (op.helper && op.src_open) {
    close_src_slot(op);  // the helpers read through the plain descriptor
    return true;
  }
  if (op.helper) {
    drive_helper(op);
    return true;
  }
  return false;
}

// One step of the ring's data path: the SQEs that need no decision in
// between (create, write, then read or splice, or the closes), linked.
void Worker::drive(FileOp &op) {
  if (drive_prelude(op)) return;
  op.take_read();
  const bool need_open = !op.dst_created;
  if (need_open && !op.tmp_name.empty() && !atomic_target_free(op)) return;
  ring_.reserve(7);
  SqeChain chain(ring_, op);
  if (need_open) queue_create_dst(StepScope{ring_, ctx_.cfg, ctx_.id}, op, chain);
  if (op.buf_written < op.buf_len) queue_write(op, chain);
  const bool need_read = !op.eof && !op.read_issued;
  if (op.pipe_bytes > 0) {
    queue_drain(op, chain);  // a short splice-out left data in the pipe
  } else if (need_read && wants_splice(ctx_.cfg, op)) {
    queue_splice(op, chain);
  } else if (need_read) {
    queue_read(ctx_.cfg, op, chain);
  } else if (op.eof) {
    const bool fsync = ctx_.cfg.has(UCOPY_F_FSYNC);
    op.sync_deferred = fsync && ctx_.sync_in_batches;
    queue_closes(op, chain, need_open, fsync && !op.sync_deferred);
  }
  if (op.pending == 0) finish_ok(op);
}

// UCOPY_F_ATOMIC keeps or refuses an existing destination before any data
// is written, where a plain copy would meet it at its create. False when
// the op ended here.
bool Worker::atomic_target_free(FileOp &op) {
  const int rc = atomic_policy_check(ctx_.cfg, op.dir->dst_fd, op.dst_cname());
  if (rc == 0) return true;
  if (rc == 1) op.skipped = true;
  else op.fail(rc, "create");
  drive_failed(op);
  return false;
}

void Worker::drive_helper(FileOp &op) {
  if (op.helper_sent) {
    finish_ok(op);  // back from the helpers without an error
    return;
  }
  op.helper_sent = true;
  arm_mailbox();
  int rc = ctx_.helpers->submit(op, *mailbox_);
  if (rc == 0) {
    helper_ops_++;
    return;
  }
  op.fail(rc, "copy");
  drive_failed(op);
}

void Worker::drive_failed(FileOp &op) {
  ring_.reserve(2);
  if (op.src_open) {
    io_uring_sqe *s = ring_.sqe();
    io_uring_prep_close_direct(s, op.src_slot());
    io_uring_sqe_set_data64(s, pack(&op, OpTag::kCloseSrc));
    op.pending++;
  }
  if (op.dst_open) {
    io_uring_sqe *s = ring_.sqe();
    io_uring_prep_close_direct(s, op.dst_slot());
    io_uring_sqe_set_data64(s, pack(&op, OpTag::kCloseDst));
    op.pending++;
  }
  if (op.pending > 0) return;

  if (op.pipe_bytes > 0) op.drop_pipe();  // never hand stale data to the next file
  if (op.link_role == FileOp::LinkRole::kFirst)
    first_copy_finished(op, op.skipped && op.err == 0 ? 0 : (op.err != 0 ? op.err : -EIO));
  DirNode &dir = *op.dir;
  // Never leave a partial file behind that could pass for a copy (nor a
  // temporary one: a plain copy is skipped before it creates anything, an
  // atomic one possibly after).
  if (op.dst_created) unlinkat(dir.dst_fd, op.create_cname(), 0);
  if (op.skipped && op.err == 0) {
    // Its share of the progress totals is settled without a write.
    if (op.have_stat) Counters::add(cnt_.bytes_passed, op.stx.stx_size);
    ctx_.report_skipped_existing(cnt_, UCOPY_TYPE_FILE, dir.entry_src_path(ctx_, op.name),
                                 dir.entry_dst_path(ctx_, op.dst_cname()));
  } else {
    if (!op.quiet)
      ctx_.report_error(cnt_, op.err, op.err_op, UCOPY_TYPE_FILE, dir.entry_src_path(ctx_, op.name),
                        dir.entry_dst_path(ctx_, op.dst_cname()));
  }
  release_op(op);
}

// Whether a file read in several steps was changed meanwhile. Sizes seen by
// the reads catch most changes; a file truncated and grown back between two
// reads is caught only by its ctime and mtime, as tar does. A file read in
// one step needs no second look.
bool Worker::changed_since_stat(const FileOp &op) const {
  if (op.file_off <= ctx_.cfg.buffer_size) return false;
  struct statx now {};
  if (op.src_fd < 0 || statx(op.src_fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &now) != 0)
    return true;
  auto same = [](const statx_timestamp &a, const statx_timestamp &b) {
    return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
  };
  return now.stx_size != op.stx.stx_size || !same(now.stx_mtime, op.stx.stx_mtime) ||
         !same(now.stx_ctime, op.stx.stx_ctime);
}

// Step 4: verify (if asked), metadata, the rename of an atomic copy, and
// the reports of a file whose data is complete.
void Worker::finish_ok(FileOp &op) {
  if (op.sync_deferred) {
    awaiting_sync_.push_back(&park(op));  // back through back_from_sync()
    return;
  }
  DirNode &dir = *op.dir;
  if (!op.helper && ctx_.cfg.has(UCOPY_F_VERIFY) && !verified(op)) return;
  if (!op.changed && changed_since_stat(op)) op.changed = true;
  op.digest_value = op.digest.finish();  // before the hard links, which report it too
  MetaResult m =
      apply_entry_meta(ctx_.meta, EntryRef{op.src_fd, "", false}, EntryRef{op.dst_fd, "", false},
                       op.stx, file_created_gid(dir), op.created_mode, false);
  // A hard link's later names are linked to this very inode (worker_links.cpp).
  if (op.link_role == FileOp::LinkRole::kFirst && m.code == 0) {
    struct statx copy {};
    if (statx(op.dst_fd, "", AT_EMPTY_PATH, STATX_INO, &copy) == 0) {
      op.dst_inode = InodeKey::of(copy);
    } else {
      m.code = -errno;
      m.op = "stat";
    }
  }
  if (!op.tmp_name.empty() && !commit_atomic(op, m)) return;
  if (ctx_.report_meta(cnt_, m, UCOPY_TYPE_FILE, [&](std::string &src, std::string &dst) {
        src = dir.entry_src_path(ctx_, op.name);
        dst = dir.entry_dst_path(ctx_, op.dst_cname());
      }))
    report_file_copied(op);
  // The data is there even if some metadata failed: the other names link to it.
  if (op.link_role == FileOp::LinkRole::kFirst) first_copy_finished(op, 0);
  release_op(op);
}

// UCOPY_F_VERIFY on the ring's path: false when the op failed here.
bool Worker::verified(FileOp &op) {
  const char *which = "verify";
  cnt_.in_flight.set_phase(UCOPY_PHASE_VERIFYING);
  const int rc = verify_ring_copy(op, &which);
  cnt_.in_flight.set_phase(UCOPY_PHASE_COPYING);
  if (rc != 0) {
    op.fail(rc, which);
    op.quiet = rc == -ECANCELED;
    drive_failed(op);
    return false;
  }
  Counters::add(cnt_.files_verified, 1);
  return true;
}

// Counts a copied file by the way its data moved, warns when the source
// changed while it was read, and reports the copy.
void Worker::report_file_copied(const FileOp &op) {
  const DirNode &dir = *op.dir;
  Counters::add(cnt_.files, 1);
  switch (op.strategy) {
    case Strategy::kReflink: Counters::add(cnt_.files_reflinked, 1); break;
    case Strategy::kCopyFileRange: Counters::add(cnt_.files_cfr, 1); break;
    case Strategy::kReadWrite: Counters::add(cnt_.files_rw, 1); break;
  }
  if (op.changed) {
    const bool paths = ctx_.wants(UCOPY_EVENT_WARNING);
    ctx_.report_source_changed(cnt_, op.written, op.stx.stx_size,
                               paths ? dir.entry_src_path(ctx_, op.name) : std::string(),
                               paths ? dir.entry_dst_path(ctx_, op.dst_cname()) : std::string());
  }
  ctx_.report_file_copied(cnt_, *op.dir, op.written, op.digest_value,
                          [&](std::string &src, std::string &dst) {
                            src = dir.entry_src_path(ctx_, op.name);
                            dst = dir.entry_dst_path(ctx_, op.dst_cname());
                          });
}

// UCOPY_F_ATOMIC: data and metadata are complete under the temporary name,
// and one rename puts the file in place. A plain renameat here on the
// worker thread, not IORING_OP_RENAMEAT: the metadata just before it is
// plain system calls on this thread anyway, and the ring would add a step
// (and a state) to every file for no gain. The hard-link names of the file
// are linked only after this, to the final name. False when the op went the
// failure way instead (temporary file removed, old destination untouched).
bool Worker::commit_atomic(FileOp &op, const MetaResult &m) {
  int rc = m.code;
  const char *what = m.op;
  if (rc == 0) {
    rc =
        commit_temp(op.dir->dst_fd, op.tmp_name.c_str(), op.dst_cname(), atomic_replaces(ctx_.cfg));
    what = rc == -EEXIST ? "create" : "rename";
    // Made meanwhile by someone else: kept, as the look in drive() would.
    if (rc == -EEXIST && ctx_.cfg.overwrite == UCOPY_OVERWRITE_SKIP) {
      op.skipped = true;
      drive_failed(op);
      return false;
    }
  }
  if (rc == 0) return true;
  op.fail(rc, what);
  drive_failed(op);
  return false;
}

// UCOPY_F_VERIFY for a file copied through the ring: small (at most two
// buffers, or the helpers would have taken it) and just written, so the
// two reads come from the page cache and a plain compare here is cheap.
int Worker::verify_ring_copy(const FileOp &op, const char **which) {
  const size_t len = ctx_.cfg.buffer_size;
  if (!verify_buf_) verify_buf_ = std::make_unique<char[]>(2 * len);
  // Both through the descriptors the copy used: never a name that could
  // now hold another file, or a FIFO that blocks.
  return compare_files(op.src_fd, op.dst_fd, op.written, verify_buf_.get(), verify_buf_.get() + len,
                       len, ctx_.stop, which);
}

void Worker::release_op(FileOp &op) {
  // A name waiting for its hard link's first copy handed its directory
  // reference to the map's waiter, which finishes the entry later.
  const bool handed_over = op.link_role == FileOp::LinkRole::kWaiting;
  std::shared_ptr<DirNode> dir = std::move(op.dir);
  // The plain descriptors of every way an op ends (finish_ok, drive_failed,
  // a linked name) close here, through the ring.
  close_detached(op.src_fd);
  close_detached(op.dst_fd);
  op.reset();
  (op.index < ring_ops_ ? free_ops_ : free_spares_).push_back(&op);
  inflight_--;
  if (handed_over) return;
  Counters::add(cnt_.entries_done, 1);
  release_dir(ctx_, cnt_, dir.get());
}

}  // namespace ucopy_impl
