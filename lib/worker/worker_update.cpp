// SPDX-License-Identifier: MIT
// --update on the worker: an up-to-date destination entry is left alone
// (its metadata brought in line if needed) and reported as skipped, with
// the reason; an outdated one is removed so that the copy can create it
// (under UCOPY_F_ATOMIC it stays until the copy is renamed over it).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "policy/update_check.hpp"
#include "ucopy.h"
#include "worker/worker.hpp"

namespace ucopy_impl {

namespace {

uint32_t file_type_of(mode_t m) {
  if (S_ISREG(m)) return UCOPY_TYPE_FILE;
  if (S_ISLNK(m)) return UCOPY_TYPE_SYMLINK;
  return UCOPY_TYPE_SPECIAL;
}

// Brings an up-to-date entry's owner, mode, xattrs and times in line,
// through an O_PATH descriptor of the entry that was compared (same inode,
// not followed), never by name: a user who owns the directory may have
// swapped a symlink in meanwhile.
MetaResult update_existing_meta(RunContext &ctx, const std::shared_ptr<DirNode> &dir,
                                const std::string &src_name, const std::string &dst_name,
                                bool follow, const struct statx &st, const struct statx &seen) {
  MetaResult m;
  const int fd = openat(dir->dst_fd, dst_name.c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC);
  struct statx now {};
  if (fd < 0 || statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &now) != 0) {
    m.code = -errno;
    m.op = "open";
  } else if (now.stx_ino != seen.stx_ino || (now.stx_mode & S_IFMT) != (seen.stx_mode & S_IFMT)) {
    m.code = UCOPY_ECHANGED;
    m.op = "open";
  } else {
    m = apply_entry_meta(ctx.meta, EntryRef{dir->src_fd, src_name.c_str(), follow},
                         EntryRef{dir->dst_fd, dst_name.c_str(), false, fd}, st,
                         file_created_gid(*dir), kModeUnknown, S_ISLNK(st.stx_mode));
  }
  if (fd >= 0) close(fd);
  return m;
}

}  // namespace

bool Worker::dst_needs_copy(const DirEntry &e, const std::shared_ptr<DirNode> &dir,
                            const struct statx &st, bool follow) {
  // A dry run has destination descriptors only where directories exist.
  if (dir->dst_fd < 0) return true;
  const std::string src_name(e.name);
  const std::string dst_name(e.dst_name);
  DstCheck c = check_destination(ctx_.cfg, dir->src_fd, src_name.c_str(), follow, st, dir->dst_fd,
                                 dst_name.c_str(), ctx_.stop);
  if (c.state == DstState::kMissing) return true;
  if (c.state == DstState::kOutdated) return make_way(e, *dir, st, c);
  // An up-to-date name of a file with several names: the first one found
  // becomes the copy the others link to; a name that is a separate inode
  // (a copy made without -H, a run cut short before linking) is linked anew.
  if (may_be_linked(ctx_.cfg, *dir, st) && !ctx_.cfg.has(UCOPY_F_DRY_RUN) &&
      ctx_.links.adopt(InodeKey::of(st), st.stx_nlink, dir->entry_dst_rel(dst_name),
                       InodeKey::of(c.st)) == HardlinkMap::Adopt::kOther)
    return make_way(e, *dir, st, c);
  // Up to date. Owner, mode and times may still lag behind (a chmod on the
  // source changes no size or mtime).
  Counters::add(cnt_.entries_done, 1);
  if (!ctx_.cfg.has(UCOPY_F_DRY_RUN) && metadata_differs(ctx_.cfg, ctx_.id.euid == 0, st, c.st)) {
    MetaResult m = update_existing_meta(ctx_, dir, src_name, dst_name, follow, st, c.st);
    if (!ctx_.report_meta(cnt_, m, file_type_of(st.stx_mode), [&](std::string &s, std::string &d) {
          s = dir->entry_src_path(ctx_, e.name);
          d = dir->entry_dst_path(ctx_, e.dst_name);
        }))
      return false;
  }
  // As the counting walk counts it (worker/prescan.cpp): a share per name.
  if (S_ISREG(st.stx_mode))
    Counters::add(cnt_.bytes_passed,
                  may_be_linked(ctx_.cfg, *dir, st) ? st.stx_size / st.stx_nlink : st.stx_size);
  report_up_to_date(e, *dir, file_type_of(st.stx_mode));
  return false;
}

// An outdated destination entry: removed so that the copy can take its
// name (kept under a dry run, and for atomic replace, which renames over
// it). True when the copy goes ahead.
bool Worker::make_way(const DirEntry &e, const DirNode &dir, const struct statx &st,
                      const DstCheck &c) {
  const uint32_t type = file_type_of(st.stx_mode);
  if (c.err != 0) {
    // Could not look (or compare): copying anew is the safe side.
    EventRecord ev;
    ev.type = UCOPY_EVENT_WARNING;
    ev.code = c.err;
    ev.file_type = type;
    ev.op = "update";
    ev.src = dir.entry_src_path(ctx_, e.name);
    ev.dst = dir.entry_dst_path(ctx_, e.dst_name);
    ev.message = format_message("compare", ev.dst, c.err) + " (copied anew)";
    ctx_.report(cnt_, std::move(ev));
  }
  if (ctx_.cfg.has(UCOPY_F_DRY_RUN) || ctx_.cfg.has(UCOPY_F_ATOMIC)) return true;
  // Directories are never removed here: a file where the source has a
  // directory (or the reverse) fails at creation with a clear error.
  const std::string dst_name(e.dst_name);
  if (!S_ISDIR(c.st.stx_mode) && unlinkat(dir.dst_fd, dst_name.c_str(), 0) != 0 &&
      errno != ENOENT) {
    ctx_.report_error(cnt_, -errno, "replace", type, dir.entry_src_path(ctx_, e.name),
                      dir.entry_dst_path(ctx_, e.dst_name));
    Counters::add(cnt_.entries_done, 1);
    return false;
  }
  return true;
}

void Worker::report_up_to_date(const DirEntry &e, const DirNode &dir, uint32_t type) {
  Counters::add(cnt_.up_to_date, 1);
  EventRecord ev;
  ev.type = UCOPY_EVENT_SKIPPED;
  ev.file_type = type;
  ev.op = "update";
  if (ctx_.wants(UCOPY_EVENT_SKIPPED)) {
    ev.src = dir.entry_src_path(ctx_, e.name);
    ev.dst = dir.entry_dst_path(ctx_, e.dst_name);
    ev.message = "up to date '" + ev.dst + "' (" +
                 (ctx_.cfg.update == UCOPY_UPDATE_CHECKSUM ? "same size and contents"
                                                           : "same size and mtime") +
                 ")";
  }
  ctx_.report(cnt_, std::move(ev));
}

}  // namespace ucopy_impl
