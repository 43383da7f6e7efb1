// SPDX-License-Identifier: MIT
// Directory nodes and the stack of directories waiting to be opened.
#include "run/dir_tree.hpp"

#include <unistd.h>

#include "run/run_context.hpp"

namespace ucopy_impl {

DirNode::~DirNode() {
  if (src_fd >= 0) close(src_fd);
  if (dst_fd >= 0) close(dst_fd);
}

namespace {
// `root` for the top, then each name on the way down, joined by '/'.
std::string node_path(const DirNode &n, const std::string &root) {
  if (n.kind != DirNode::Kind::kNormal) return root;
  std::string p = node_path(*n.parent, root);
  p += '/';
  p += n.name;
  return p;
}

std::string entry_path(const DirNode &n, const std::string &root, std::string_view entry) {
  if (n.kind == DirNode::Kind::kFileParent) return root;
  std::string p = node_path(n, root);
  if (p.empty() || p.back() != '/') p += '/';
  p += entry;
  return p;
}
}  // namespace

std::string DirNode::src_path(const RunContext &ctx) const {
  return node_path(*this, ctx.src_root);
}

std::string DirNode::dst_path(const RunContext &ctx) const {
  return node_path(*this, ctx.dst_root);
}

std::string DirNode::entry_src_path(const RunContext &ctx, std::string_view entry) const {
  return entry_path(*this, ctx.src_root, entry);
}

std::string DirNode::entry_dst_path(const RunContext &ctx, std::string_view entry) const {
  return entry_path(*this, ctx.dst_root, entry);
}

std::string DirNode::entry_dst_rel(std::string_view entry) const {
  std::string p = entry_path(*this, "", entry);
  return p.empty() || p.front() != '/' ? p : p.substr(1);
}

void DirStack::push(std::shared_ptr<DirNode> node) {
  {
    std::lock_guard<std::mutex> lk(mu_);
    items_.push_back(std::move(node));
  }
  cv_.notify_one();
}

std::shared_ptr<DirNode> DirStack::try_pop() {
  std::lock_guard<std::mutex> lk(mu_);
  if (items_.empty()) return nullptr;
  auto n = std::move(items_.back());
  items_.pop_back();
  return n;
}

void DirStack::wait(unsigned timeout_ms) {
  std::unique_lock<std::mutex> lk(mu_);
  if (!items_.empty()) return;
  cv_.wait_for(lk, std::chrono::milliseconds(timeout_ms));
}

void DirStack::wake_all() {
  std::lock_guard<std::mutex> lk(mu_);
  cv_.notify_all();
}

void DirStack::clear() {
  std::vector<std::shared_ptr<DirNode>> drop;
  {
    std::lock_guard<std::mutex> lk(mu_);
    drop.swap(items_);
  }
}

}  // namespace ucopy_impl
