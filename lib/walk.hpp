// SPDX-License-Identifier: MIT
// The tree walk: directory nodes, the shared stack of directories waiting to
// be opened, and a cursor that lists one directory with getdents64.
//
// Every open and create is relative to the parent directory's descriptors,
// so no full path is built per system call and depth is unlimited. A node
// keeps its descriptors open while anything still needs them: the listing,
// files in flight from it, and subdirectories not yet opened. When the last
// of those releases it, its metadata is set (a directory's times after its
// entries exist) and it releases its own parent.
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

namespace ucopy_impl {

struct RunContext;
struct Counters;

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

struct DirEntry {
  std::string_view name;  // valid until the next call to next()
  std::string_view dst_name;
  unsigned char type = 0;  // DT_*
  // The entry's statx when the filters already took it (with the flags the
  // worker would use), else null: it is not taken twice.
  const struct statx *stat = nullptr;
};

// Lists one directory in chunks, so memory stays bounded in huge ones.
class DirCursor {
 public:
  explicit DirCursor(std::shared_ptr<DirNode> node) : node_(std::move(node)) {}
  // The next entry (never "." or ".."); false at the end. A listing error
  // is returned through `err` (negative errno) with false.
  bool next(DirEntry &out, int &err);
  const std::shared_ptr<DirNode> &node() const { return node_; }

 private:
  std::shared_ptr<DirNode> node_;
  alignas(8) char buf_[32 * 1024];
  long len_ = 0;
  long pos_ = 0;
  bool single_done_ = false;
};

// Opens a directory taken from the stack: the source, then the destination
// (created, or merged into). Reports errors itself; false if the subtree
// cannot be copied.
bool open_dir(RunContext &ctx, Counters &cnt, const std::shared_ptr<DirNode> &node);

// Drops one reference; the last one finalizes the node and releases its
// parent in turn.
void release_dir(RunContext &ctx, Counters &cnt, DirNode *node);

}  // namespace ucopy_impl
