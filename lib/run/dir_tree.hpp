// SPDX-License-Identifier: MIT
// The directory tree of one run, as the workers share it: a node per
// directory being copied, and the stack of directories waiting to be opened.
//
// A node keeps its descriptors open while anything still needs them: the
// listing, files in flight from it, and subdirectories not yet opened. When
// the last of those releases it (worker/walk.hpp), its metadata is set (a
// directory's times after its entries exist) and it releases its own parent.
#pragma once

#include <sys/stat.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/events.hpp"

namespace ucopy_impl {

struct RunContext;

struct DirNode {
  enum class Kind {
    kNormal,     // a directory inside the tree, opened by a worker
    kRoot,       // the top-level source directory
    kFileParent  // the parents of a top-level non-directory source
  };

  std::shared_ptr<DirNode> parent;
  std::string name;  // name in the parent (kNormal only)
  // The path below the source root ("" for the root), kept only when the
  // run filters entries: the rules and the callback look at it.
  std::string rel_path;
  Kind kind = Kind::kNormal;
  bool follow = false;  // reached through a followed symlink (-L)
  // UCOPY_F_ONE_FILE_SYSTEM: on another filesystem than the source root, so
  // made in the destination but not listed.
  bool other_fs = false;
  int src_fd = -1;
  int dst_fd = -1;  // -1 in a dry run
  std::atomic<int> refs{1};
  struct statx st {};     // the source directory
  gid_t created_gid = 0;  // group that new entries in dst_fd get

  // kFileParent: the one entry to copy and the name it gets.
  std::string single_src_name;
  std::string single_dst_name;
  unsigned char single_type = 0;  // DT_* of the entry
  // The destination named by the user is a device or FIFO: written into.
  bool single_dst_special = false;

  // UCOPY_F_FSYNC: the copied events of this directory's files, delivered
  // once the directory is synced, which makes their names durable
  // (docs/durability.md); dropped if that fails or the run stops.
  std::mutex synced_mu;
  std::vector<EventRecord> until_synced;

  DirNode() = default;
  DirNode(const DirNode &) = delete;
  DirNode &operator=(const DirNode &) = delete;
  ~DirNode();

  std::string src_path(const RunContext &ctx) const;
  std::string dst_path(const RunContext &ctx) const;
  // Paths of an entry of this directory, for messages.
  std::string entry_src_path(const RunContext &ctx, std::string_view entry) const;
  std::string entry_dst_path(const RunContext &ctx, std::string_view entry) const;
  // An entry's path below the destination root ("a/b/entry").
  std::string entry_dst_rel(std::string_view entry) const;
};

// The group a file created in `d`'s destination gets; unknown (-1) for the
// parent of a top-level file, which is not ours to look at.
inline gid_t file_created_gid(const DirNode &d) {
  return d.kind == DirNode::Kind::kFileParent ? static_cast<gid_t>(-1) : d.created_gid;
}

// Directories waiting to be opened, shared by the workers. Last in, first
// out: depth first keeps the number of open directories small.
class DirStack {
 public:
  void push(std::shared_ptr<DirNode> node);
  std::shared_ptr<DirNode> try_pop();
  void wait(unsigned timeout_ms);
  void wake_all();
  void clear();

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::shared_ptr<DirNode>> items_;
};

}  // namespace ucopy_impl
