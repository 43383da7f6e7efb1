// SPDX-License-Identifier: MIT
#include "worker/walk.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "policy/atomic_names.hpp"
#include "run/run_context.hpp"
#include "ucopy.h"
#include "worker/delete_extraneous.hpp"
#include "worker/dirent64.hpp"

namespace ucopy_impl {

namespace {

constexpr unsigned kStatxMask = STATX_BASIC_STATS;

bool same_inode(const struct statx &a, const struct statx &b) {
  return a.stx_dev_major == b.stx_dev_major && a.stx_dev_minor == b.stx_dev_minor &&
         a.stx_ino == b.stx_ino;
}

// A directory reached again through a followed symlink would copy forever.
bool is_ancestor(const DirNode &node) {
  for (const DirNode *p = node.parent.get(); p != nullptr; p = p->parent.get())
    if (p->kind != DirNode::Kind::kFileParent && same_inode(p->st, node.st)) return true;
  return false;
}

// Gives up on a node that never got opened: its parent is released and it
// no longer counts as live.
void abandon(RunContext &ctx, Counters &cnt, const std::shared_ptr<DirNode> &node) {
  Counters::add(cnt.entries_done, 1);
  if (node->parent) release_dir(ctx, cnt, node->parent.get());
  ctx.dir_finished();
}

// Makes the destination directory, merging into one that exists. Returns 0
// or -errno; `op` names the step that failed.
int make_dst_dir(RunContext &ctx, Counters &cnt, DirNode &node, const char *&op) {
  DirNode &parent = *node.parent;
  // Owner only until apply_dir_meta() gives the final owner and mode.
  mode_t mode = S_IRWXU;
  op = "mkdir";
  bool merged = false;
  if (mkdirat(parent.dst_fd, node.name.c_str(), mode) != 0) {
    if (errno != EEXIST) return -errno;
    merged = true;
    struct stat existing;
    if (fstatat(parent.dst_fd, node.name.c_str(), &existing, AT_SYMLINK_NOFOLLOW) != 0)
      return -errno;
    if (!S_ISDIR(existing.st_mode)) {
      if (ctx.cfg.overwrite != UCOPY_OVERWRITE_REPLACE) return -EEXIST;
      op = "replace";
      if (unlinkat(parent.dst_fd, node.name.c_str(), 0) != 0) return -errno;
      op = "mkdir";
      if (mkdirat(parent.dst_fd, node.name.c_str(), mode) != 0) return -errno;
      merged = false;
    }
  }
  op = "open";
  int fd =
      openat(parent.dst_fd, node.name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return -errno;
  node.dst_fd = fd;
  struct stat dst_st;
  if (fstat(fd, &dst_st) != 0) return -errno;
  node.created_gid = (dst_st.st_mode & S_ISGID) ? dst_st.st_gid : ctx.id.egid;
  // A directory merged into may hold what a killed --atomic run left;
  // before any entry of ours is started there.
  if (merged && ctx.cfg.has(UCOPY_F_ATOMIC)) remove_leftover_temps(fd);
  (void)cnt;
  return 0;
}

}  // namespace

bool DirCursor::next(DirEntry &out, int &err) {
  err = 0;
  out.stat = nullptr;  // a listing carries no stat
  if (node_->kind == DirNode::Kind::kFileParent) {
    if (single_done_) return false;
    single_done_ = true;
    out.name = node_->single_src_name;
    out.dst_name = node_->single_dst_name;
    out.type = node_->single_type;
    return true;
  }
  for (;;) {
    if (pos_ >= len_) {
      long n = syscall(SYS_getdents64, node_->src_fd, buf_, sizeof buf_);
      if (n < 0) {
        err = -errno;
        return false;
      }
      if (n == 0) return false;
      len_ = n;
      pos_ = 0;
    }
    auto *d = reinterpret_cast<linux_dirent64 *>(buf_ + pos_);
    pos_ += d->d_reclen;
    const char *nm = d->d_name;
    if (nm[0] == '.' && (nm[1] == 0 || (nm[1] == '.' && nm[2] == 0))) continue;
    out.name = std::string_view(nm);
    out.dst_name = out.name;
    out.type = d->d_type;
    return true;
  }
}

bool open_dir(RunContext &ctx, Counters &cnt, const std::shared_ptr<DirNode> &node) {
  DirNode &parent = *node->parent;
  int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | (node->follow ? 0 : O_NOFOLLOW);
  const char *op = "open";
  int fd = -1;
  // O_NOATIME fails with EPERM on directories the process does not own.
  if (ctx.cfg.has(UCOPY_F_NOATIME))
    fd = openat(parent.src_fd, node->name.c_str(), flags | O_NOATIME);
  if (fd < 0) fd = openat(parent.src_fd, node->name.c_str(), flags);
  int rc = 0;
  if (fd < 0) {
    rc = -errno;
  } else {
    node->src_fd = fd;
    op = "stat";
    if (statx(fd, "", AT_EMPTY_PATH, kStatxMask, &node->st) != 0) rc = -errno;
    else if (node->follow && is_ancestor(*node)) {
      op = "follow";
      rc = -ELOOP;
    }
    node->other_fs =
        ctx.cfg.has(UCOPY_F_ONE_FILE_SYSTEM) && (node->st.stx_dev_major != ctx.root_dev_major ||
                                                 node->st.stx_dev_minor != ctx.root_dev_minor);
  }
  if (rc == 0 && !ctx.cfg.has(UCOPY_F_DRY_RUN)) rc = make_dst_dir(ctx, cnt, *node, op);
  // A dry run looks at what the destination already holds, so that its
  // plan tells what is up to date, kept, refused or extraneous.
  if (rc == 0 && ctx.cfg.has(UCOPY_F_DRY_RUN) && parent.dst_fd >= 0)
    node->dst_fd =
        openat(parent.dst_fd, node->name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (rc != 0) {
    ctx.report_error(cnt, rc, op, UCOPY_TYPE_DIR, node->src_path(ctx), node->dst_path(ctx));
    abandon(ctx, cnt, node);
    return false;
  }
  Counters::add(cnt.dirs, 1);
  ctx.report_copied(cnt, UCOPY_TYPE_DIR, 0, [&](std::string &src, std::string &dst) {
    src = node->src_path(ctx);
    dst = node->dst_path(ctx);
  });
  // The subdirectory now has its own descriptors; the parent's are no
  // longer needed for it.
  release_dir(ctx, cnt, &parent);
  return true;
}

namespace {

// UCOPY_F_FSYNC: the directory is synced, so its files' names are durable
// now: their copied events go out.
void deliver_synced(RunContext &ctx, Counters &cnt, DirNode &node) {
  std::vector<EventRecord> ready;
  {
    std::lock_guard<std::mutex> lk(node.synced_mu);
    ready.swap(node.until_synced);
  }
  for (EventRecord &ev : ready) ctx.report(cnt, std::move(ev));
}

}  // namespace

void release_dir(RunContext &ctx, Counters &cnt, DirNode *node) {
  if (node->refs.fetch_sub(1) != 1) return;
  if (node->kind != DirNode::Kind::kFileParent) {
    Counters::add(cnt.entries_done, 1);
    const bool live = node->dst_fd >= 0 && !ctx.stop.load(std::memory_order_relaxed);
    // Extraneous entries go before the directory's times are set (a dry
    // run only reports them).
    // A directory not listed (another filesystem) has nothing to compare.
    if (live && ctx.cfg.has(UCOPY_F_DELETE) && !node->other_fs) delete_extraneous(ctx, cnt, *node);
    if (live && !ctx.cfg.has(UCOPY_F_DRY_RUN)) {
      gid_t created_gid =
          node->kind == DirNode::Kind::kNormal ? node->parent->created_gid : node->created_gid;
      MetaResult m = apply_dir_meta(ctx.meta, node->src_fd, node->dst_fd, node->st, created_gid);
      // Its entries' names and its own metadata are in place now.
      if (m.code == 0 && ctx.cfg.has(UCOPY_F_FSYNC) && fsync(node->dst_fd) != 0) {
        m.code = -errno;
        m.op = "fsync";
      }
      if (ctx.report_meta(cnt, m, UCOPY_TYPE_DIR, [&](std::string &src, std::string &dst) {
            src = node->src_path(ctx);
            dst = node->dst_path(ctx);
          }))
        deliver_synced(ctx, cnt, *node);
    }
  }
  if (node->src_fd >= 0) close(node->src_fd);
  if (node->dst_fd >= 0) close(node->dst_fd);
  node->src_fd = node->dst_fd = -1;
  // The parent was released when this directory was opened: its times do
  // not depend on what happens inside its subdirectories.
  ctx.dir_finished();
}

}  // namespace ucopy_impl
