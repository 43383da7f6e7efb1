// SPDX-License-Identifier: MIT
// A worker thread: one io_uring, its registered buffers and direct
// descriptors, a pool of file state machines, and the directory it is
// listing. Workers share only the directory stack (a lock per directory,
// never per file) and their counters.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "large/region_copy.hpp"
#include "policy/update_check.hpp"
#include "run/file_op.hpp"
#include "run/run_context.hpp"
#include "worker/listing.hpp"
#include "worker/ring.hpp"
#include "worker/walk.hpp"
#include "worker/worker_slot.hpp"

namespace ucopy_impl {

// Whether `st` may be one of several names of a file that the copy links.
bool may_be_linked(const Config &cfg, const DirNode &dir, const struct statx &st);

class Worker {
 public:
  // `slot`: the ring and buffers of this thread, kept between runs.
  Worker(RunContext &ctx, Counters &cnt, WorkerSlot &slot)
      : ctx_(ctx), cnt_(cnt), slot_(slot), ring_(slot.ring()) {}
  ~Worker();
  Worker(const Worker &) = delete;
  Worker &operator=(const Worker &) = delete;

  // The thread body. Never throws.
  void run() noexcept;

 private:
  int setup();
  void make_ops(unsigned n, unsigned spares, char *bufs);
  void loop();
  // Starts entries until the pool is full or there is nothing to start.
  void fill();
  bool next_cursor();
  void start_entry(const DirEntry &e, const std::shared_ptr<DirNode> &dir);
  // `st`: the stat taken by name, or null; either way the file's own
  // comes from its open descriptor.
  void start_file(const DirEntry &e, const std::shared_ptr<DirNode> &dir, bool follow,
                  const struct statx *st);
  // A top-level destination that is a device or FIFO: written into, as cp
  // does (worker_special_dest.cpp).
  void copy_into_special(FileOp &op);
  void reap();

  // file state machine (worker_file.cpp)
  void on_cqe(FileOp &op, OpTag tag, int res);
  void drive(FileOp &op);
  bool atomic_target_free(FileOp &op);
  bool drive_prelude(FileOp &op);
  // Step 1's look at the source through its descriptor; false when the op
  // failed (changed meanwhile, or not a regular file any more).
  bool check_source(FileOp &op);
  void retry_blocking(FileOp &op);
  // Queues the close of the op's direct source descriptor (a step).
  void close_src_slot(FileOp &op);
  // Closes a plain descriptor through the ring; nobody waits for it.
  void close_detached(int fd);
  void drive_failed(FileOp &op);
  void finish_ok(FileOp &op);
  // UCOPY_F_FSYNC in batches (worker_sync.cpp): a written file parked to
  // wait for a sync, the parked files handed to the sync thread, and one
  // of them back from it.
  FileOp &park(FileOp &op);
  void hand_to_sync();
  void back_from_sync(FileOp &op);
  bool synced_alone_if_needed(FileOp &op);
  bool verified(FileOp &op);
  void report_file_copied(const FileOp &op);
  void release_op(FileOp &op);
  void on_open_dst(FileOp &op, int res) const;
  bool took_write(FileOp &op, int res);
  bool changed_since_stat(const FileOp &op) const;
  bool commit_atomic(FileOp &op, const MetaResult &m);
  int verify_ring_copy(const FileOp &op, const char **which);
  // large files on the helper threads (region_copy.hpp)
  bool wants_helper(const DirNode &dir, const struct statx &st) const;
  void drive_helper(FileOp &op);
  void arm_mailbox();
  void on_mailbox();
  // hard links (worker_links.cpp)
  void claim_link(FileOp &op);
  void warn_link_map_full(const FileOp &op);
  bool drive_link(FileOp &op);
  void first_copy_finished(FileOp &op, int code);
  void link_one(const std::shared_ptr<DirNode> &dir, const std::string &name,
                const std::string &src_path, const LinkTarget &target, int first_code);

  // entries copied with plain system calls (worker_entry.cpp)
  void copy_symlink(const DirEntry &e, const std::shared_ptr<DirNode> &dir, const struct statx &st);
  void copy_special(const DirEntry &e, const std::shared_ptr<DirNode> &dir, const struct statx &st);
  bool special_wanted(mode_t mode) const;
  // --update (worker_update.cpp): false when the destination entry is up to
  // date and the entry has been finished; an outdated one is removed first.
  bool dst_needs_copy(const DirEntry &e, const std::shared_ptr<DirNode> &dir,
                      const struct statx &st, bool follow);
  bool make_way(const DirEntry &e, const DirNode &dir, const struct statx &st, const DstCheck &c);
  void report_up_to_date(const DirEntry &e, const DirNode &dir, uint32_t type);
  void skip_special(const DirEntry &e, const std::shared_ptr<DirNode> &dir, const struct statx &st);
  void dry_run_entry(const DirEntry &e, const std::shared_ptr<DirNode> &dir,
                     const struct statx &st);
  bool dry_run_meets_existing(const DirEntry &e, const DirNode &dir, uint32_t type);
  void push_subdir(const DirEntry &e, const std::shared_ptr<DirNode> &dir, bool follow);
  // Finishes a symlink or special file after its creation returned `rc`
  // (0, 1 for skipped, or -errno from `op`): events, counters, metadata.
  // `tmp`: the temporary name it was made under (UCOPY_F_ATOMIC), renamed
  // into place after its metadata; empty otherwise.
  // `src_fd`: an O_PATH descriptor of the source entry, whose xattrs are
  // copied.
  void entry_created(const DirEntry &e, const std::shared_ptr<DirNode> &dir, uint32_t type,
                     const struct statx &st, int rc, const char *op, const std::string &tmp,
                     int src_fd);
  MetaResult made_entry_meta(const DirEntry &e, const DirNode &dir, uint32_t type,
                             const struct statx &st, const char *made_as, int src_fd) const;
  bool commit_made(const DirEntry &e, const DirNode &dir, uint32_t type, const char *made_as,
                   MetaResult &m);

  RunContext &ctx_;
  Counters &cnt_;
  WorkerSlot &slot_;
  Ring &ring_;
  uint64_t sqes_before_ = 0;  // the slot's ring counts across runs
  uint64_t enters_before_ = 0;
  // Not armed when a run ends (no op is with the helpers then), so the
  // ring kept in the slot holds no read of it.
  std::unique_ptr<Mailbox> mailbox_;
  bool mailbox_armed_ = false;
  unsigned helper_ops_ = 0;  // ops handed to the helpers, not yet back
  unsigned sync_ops_ = 0;    // ops handed to the sync thread, not yet back
  void wait_for_helpers();
  std::vector<FileOp *> mail_;
  std::unique_ptr<char[]> verify_buf_;
  std::vector<FileOp> ops_;
  std::vector<FileOp *> free_ops_;
  // UCOPY_F_FSYNC in batches: ops past the ring ones (index >= ring_ops_),
  // with no buffer or descriptor slot, that hold written files waiting for
  // a sync, so that a batch is larger than the ring's files in flight.
  unsigned ring_ops_ = 0;
  std::vector<FileOp *> free_spares_;
  std::vector<FileOp *> awaiting_sync_;  // parked since the last hand_to_sync()
  unsigned inflight_ = 0;
  unsigned detached_ = 0;        // closes queued by close_detached(), not yet done
  Listing listing_{ctx_, cnt_};  // the directory being listed, through the filters
};

}  // namespace ucopy_impl
