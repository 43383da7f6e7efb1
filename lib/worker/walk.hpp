// SPDX-License-Identifier: MIT
// The tree walk: a cursor that lists one directory with getdents64, and the
// opening and release of directory nodes (run/dir_tree.hpp).
//
// Every open and create is relative to the parent directory's descriptors,
// so no full path is built per system call and depth is unlimited.
#pragma once

#include <sys/stat.h>

#include <memory>
#include <string_view>

#include "run/dir_tree.hpp"

namespace ucopy_impl {

struct RunContext;
struct Counters;

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
