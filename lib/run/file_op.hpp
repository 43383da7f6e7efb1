// SPDX-License-Identifier: MIT
// The state machine that copies one regular file through the worker's ring.
//
// Each step queues the SQEs that need no decision in between as one linked
// chain, and the next step runs only when every CQE of the step is back:
//   1. open source (O_NONBLOCK: a FIFO swapped in cannot block the open)
//      -> install it as a plain descriptor -> read first chunk   (3 SQEs)
//      Then the source is looked at through that descriptor (statx), so
//      that size, type, owner and mode are those of the inode whose bytes
//      are copied, whatever a user renames meanwhile; a stat taken by name
//      before (filters, --update, -L) must name the same inode, or the
//      entry is skipped with a CHANGED warning.
//   2. create destination (at most 0600 while its owner is not final, never
//      setuid/setgid) -> write -> read next chunk (or -> close)
//      ... write -> read ... for larger files
//   3. install the destination as a plain descriptor, close both direct ones
// Files larger than two buffers move their data after the first chunk with
// IORING_OP_SPLICE through a pipe of the op's own: source pages go into the
// pipe by reference and are copied once into the destination, instead of
// twice through a user buffer.
// Files the ring is not the best tool for (large ones, sparse ones, or any
// when a clone or copy_file_range is asked for) go to the helper threads
// of region_copy.hpp after step 1, with the source descriptor, and come
// back for step 4.
// 4. owner, then mode, then xattrs and ACLs, then times, all on the open
// destination descriptor (no io_uring opcode exists for them; never by
// name, which a user owning the directory could point elsewhere), and the
// plain descriptors are closed through the ring. On any failure both files
// are closed and a partially written destination is removed.
// UCOPY_F_ATOMIC: the destination is created under a temporary name
// (atomic_names.hpp) and renamed over its final name after step 4, so that
// a reader sees the old file or the whole new one; a failure removes the
// temporary file and leaves the old one as it was.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <memory>
#include <string>

#include "common/digest.hpp"
#include "policy/hardlinks.hpp"
#include "run/dir_tree.hpp"

namespace ucopy_impl {

class Worker;

// How a file's data moved (stats count files and bytes per strategy).
enum class Strategy : uint8_t { kReadWrite, kCopyFileRange, kReflink };

enum class OpTag : uint8_t {
  kOpenSrc = 1,
  kRead,
  kOpenDst,
  kWrite,
  kCloseSrc,
  kCloseDst,
  kSpliceIn,
  kSpliceOut,
  kFsync,
  kInstallSrc,
  kInstallDst,
  kStatSrc,
};

// The user data of the worker's read of its mailbox (no FileOp).
constexpr uint64_t kMailboxUserData = 15;
// The user data of a close nobody waits for (no FileOp).
constexpr uint64_t kDetachedUserData = 14;

struct alignas(16) FileOp {
  // Fixed for the op's lifetime in the worker's pool.
  unsigned index = 0;  // buffer index; direct descriptors src_slot() and dst_slot()
  unsigned src_slot() const { return 2 * index; }
  unsigned dst_slot() const { return 2 * index + 1; }
  char *buf = nullptr;

  // Per file.
  std::shared_ptr<DirNode> dir;
  std::string name;
  std::string dst_name;  // empty: same as name
  std::string tmp_name;  // UCOPY_F_ATOMIC: the name written under; empty otherwise
  struct statx stx {};
  struct statx fd_stx {};  // what IORING_OP_STATX of the source descriptor found
  InodeKey dst_inode;      // the copy's inode, for hard links (kFirst only)
  // Plain descriptors of the open files (step 1 and 3), for metadata.
  int src_fd = -1;
  int dst_fd = -1;
  mode_t created_mode = 0;  // the mode the destination was created with
  bool follow = false;
  bool have_stat = false;
  // The source's stat came from its open descriptor (step 1), or matched it.
  bool src_checked = false;
  bool stat_issued = false;       // that IORING_OP_STATX is queued
  bool nonblock_cleared = false;  // O_NONBLOCK taken off after an EAGAIN
  bool src_open = false;
  bool dst_open = false;
  bool dst_created = false;
  bool replace_tried = false;
  bool eof = false;
  bool changed = false;
  bool skipped = false;
  // Copied on the helper threads (region_copy.hpp) instead of the ring.
  bool helper = false;
  bool helper_sent = false;
  Strategy strategy = Strategy::kReadWrite;

  unsigned pending = 0;   // CQEs outstanding for the current step
  int64_t read_res = -1;  // result of the read in this step; -1: none
  bool read_issued = false;
  uint32_t read_len = 0;  // bytes asked by that read
  uint64_t file_off = 0;  // source offset of the next read
  uint64_t buf_off = 0;   // destination offset of buf[0]
  uint32_t buf_len = 0;   // valid bytes in buf
  uint32_t buf_written = 0;
  uint64_t written = 0;  // bytes written to the destination
  // ucopy_options.digest: fed by the ring's reads in take_read(), or by the
  // helper that copies the file; its value once the data is complete.
  Digest digest;
  DigestValue digest_value;

  // The pipe of the splice path; it belongs to the pool slot and is reused
  // by later files (created on first need, closed with the worker).
  int pipe_rd = -1;
  int pipe_wr = -1;
  uint32_t pipe_cap = 0;
  uint32_t pipe_bytes = 0;  // spliced in, not yet spliced out
  uint64_t pipe_off = 0;    // destination offset of the pipe's first byte
  uint32_t splice_len = 0;  // bytes asked by the splice-in of this step

  // Hard links (only for inodes with several links).
  enum class LinkRole : uint8_t { kNone, kFirst, kLinkNow, kWaiting };
  LinkRole link_role = LinkRole::kNone;
  bool link_checked = false;
  LinkTarget link_target;

  int err = 0;
  bool quiet = false;  // the failure is a cancellation: no event
  // UCOPY_F_FSYNC in batches: written and closed without its own fsync;
  // waits for the worker's next shared sync before its metadata.
  bool sync_deferred = false;
  bool sync_failed = false;  // the shared sync that covered it failed
  const char *err_op = "";

  const char *dst_cname() const { return dst_name.empty() ? name.c_str() : dst_name.c_str(); }
  // The name the destination is created, written and given metadata under.
  const char *create_cname() const { return tmp_name.empty() ? dst_cname() : tmp_name.c_str(); }
  void reset();
  // Moves this op's file into `spare`, an op of the pool without buffer or
  // descriptor slots, and takes spare's empty state; the fields that belong
  // to the pool slot (index, buffer, pipe) stay where they are.
  void hand_over(FileOp &spare);
  // Takes in the result of the step's read, now that the size is known:
  // where the data goes, and whether the end (or a change) was seen.
  void take_read();
  // The pipe of the splice path, made on first need; false if none can be.
  bool ensure_pipe();
  void drop_pipe();
  void fail(int code, const char *op) {
    if (err == 0) {
      err = code;
      err_op = op;
    }
  }
};

static_assert(alignof(FileOp) >= 8, "low bits of the op pointer carry the tag");

inline uint64_t pack(FileOp *op, OpTag tag) {
  return reinterpret_cast<uint64_t>(op) | static_cast<uint64_t>(tag);
}
inline FileOp *unpack_op(uint64_t ud) { return reinterpret_cast<FileOp *>(ud & ~uint64_t{15}); }
inline OpTag unpack_tag(uint64_t ud) { return static_cast<OpTag>(ud & 15); }
}  // namespace ucopy_impl
