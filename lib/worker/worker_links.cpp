// SPDX-License-Identifier: MIT
// Hard links of regular files: the Worker side of HardlinkMap.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "policy/atomic_names.hpp"
#include "policy/create_policy.hpp"
#include "policy/link_target.hpp"
#include "ucopy.h"
#include "worker/worker.hpp"

namespace ucopy_impl {

bool may_be_linked(const Config &cfg, const DirNode &dir, const struct statx &st) {
  // A single top-level file has no other names in the copy.
  return cfg.has(UCOPY_F_PRESERVE_HARDLINKS) && st.stx_nlink > 1 &&
         dir.kind != DirNode::Kind::kFileParent;
}

void Worker::claim_link(FileOp &op) {
  op.link_checked = true;
  if (!may_be_linked(ctx_.cfg, *op.dir, op.stx) || op.dst_created) return;
  DirNode &dir = *op.dir;
  LinkWaiter waiter{op.dir, op.dst_cname(), dir.entry_src_path(ctx_, op.name)};
  LinkTarget target;
  int code = 0;
  const std::string first = dir.entry_dst_rel(op.dst_cname());
  switch (ctx_.links.claim(InodeKey::of(op.stx), op.stx.stx_nlink, first, std::move(waiter), target,
                           code)) {
    case HardlinkMap::Claim::kUntracked: warn_link_map_full(op); [[fallthrough]];
    case HardlinkMap::Claim::kFirst:
      op.link_role = FileOp::LinkRole::kFirst;
      // Only the first name's bytes will be written.
      Counters::add(cnt_.bytes_found, op.stx.stx_size);
      break;
    case HardlinkMap::Claim::kLinkNow:
      op.link_role = FileOp::LinkRole::kLinkNow;
      op.link_target = std::move(target);
      break;
    case HardlinkMap::Claim::kWaiting: op.link_role = FileOp::LinkRole::kWaiting; break;
    case HardlinkMap::Claim::kFailed:
      op.link_role = FileOp::LinkRole::kLinkNow;
      op.fail(code, "link");
      op.quiet = code == -ECANCELED;
      break;
  }
}

// Once per run: the hard-link map reached ucopy_options.link_map_limit and
// could not spill, so this name (and others) are copied as files of their
// own.
void Worker::warn_link_map_full(const FileOp &op) {
  if (!ctx_.links.take_limit_notice()) return;
  EventRecord ev;
  ev.type = UCOPY_EVENT_WARNING;
  ev.file_type = UCOPY_TYPE_FILE;
  ev.code = -ENOMEM;
  ev.op = "link";
  ev.message =
      "hard-link map limit reached (link_map_limit) and its temporary file unusable: files "
      "with several names are now copied as separate files; their data is complete but those "
      "names are not linked in the copy";
  ev.src = op.dir->entry_src_path(ctx_, op.name);
  ev.dst = op.dir->entry_dst_path(ctx_, op.dst_name.empty() ? op.name : op.dst_name);
  ctx_.report(cnt_, std::move(ev));
}

// A name that is linked, not copied: close the source, then link now or
// leave the name waiting in the map. Returns false if the op must go the
// failure way instead.
bool Worker::drive_link(FileOp &op) {
  if (op.src_open) {
    close_src_slot(op);
    return true;
  }
  if (op.link_role == FileOp::LinkRole::kLinkNow) {
    link_one(op.dir, op.dst_cname(), op.dir->entry_src_path(ctx_, op.name), op.link_target, 0);
    release_op(op);
    return true;
  }
  release_op(op);  // waiting: the map's waiter owns the directory reference now
  return true;
}

void Worker::link_one(const std::shared_ptr<DirNode> &dir, const std::string &name,
                      const std::string &src_path, const LinkTarget &target, int first_code) {
  if (first_code == -ECANCELED) return;  // the run is stopping; nothing to say
  if (first_code != 0) {
    ctx_.report_error(cnt_, first_code, "link", UCOPY_TYPE_FILE, src_path,
                      dir->entry_dst_path(ctx_, name));
    return;
  }
  // A plain system call, not IORING_OP_LINKAT: the link is made from a
  // descriptor of the copy, found and checked first (link_target.hpp).
  int rc = link_to_target(ctx_.dst_root_fd.fd, target, dir->dst_fd, name.c_str());
  if (rc == -EEXIST && ctx_.cfg.overwrite == UCOPY_OVERWRITE_SKIP) rc = 1;
  if (rc == -EEXIST && ctx_.cfg.has(UCOPY_F_ATOMIC) && atomic_replaces(ctx_.cfg)) {
    // The name never goes missing: linked under a temporary name, which
    // then replaces it.
    std::string tmp;
    make_temp_name(name, tmp);
    rc = link_to_target(ctx_.dst_root_fd.fd, target, dir->dst_fd, tmp.c_str());
    if (rc == 0) rc = commit_temp(dir->dst_fd, tmp.c_str(), name.c_str(), true);
    // Also after a rename that succeeded: between two names of one inode
    // (the name was linked already) rename does nothing, leaving `tmp`.
    unlinkat(dir->dst_fd, tmp.c_str(), 0);
  } else if (rc == -EEXIST && ctx_.cfg.overwrite == UCOPY_OVERWRITE_REPLACE) {
    // Rare: replaced with plain calls, as create_with_policy() would.
    rc = unlinkat(dir->dst_fd, name.c_str(), 0) == 0
             ? link_to_target(ctx_.dst_root_fd.fd, target, dir->dst_fd, name.c_str())
             : -errno;
  }
  if (rc == 1) {
    ctx_.report_skipped_existing(cnt_, UCOPY_TYPE_FILE, src_path, dir->entry_dst_path(ctx_, name));
  } else if (rc != 0) {
    ctx_.report_error(cnt_, rc, "link", UCOPY_TYPE_FILE, src_path, dir->entry_dst_path(ctx_, name));
  } else {
    Counters::add(cnt_.files, 1);
    ctx_.report_file_copied(cnt_, *dir, 0, target.digest, [&](std::string &s, std::string &d) {
      s = src_path;
      d = dir->entry_dst_path(ctx_, name);
    });
  }
}

void Worker::first_copy_finished(FileOp &op, int code) {
  LinkTarget target;
  std::vector<LinkWaiter> waiters =
      ctx_.links.finished(InodeKey::of(op.stx), code, op.dst_inode, op.digest_value, target);
  for (LinkWaiter &w : waiters) {
    link_one(w.dir, w.name, w.src_path, target, code);
    Counters::add(cnt_.entries_done, 1);
    release_dir(ctx_, cnt_, w.dir.get());
  }
}

}  // namespace ucopy_impl
