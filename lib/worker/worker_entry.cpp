// SPDX-License-Identifier: MIT
// Entries that carry no data: symlinks and special files, copied with plain
// system calls (rare next to regular files), and dry-run reporting.
// UCOPY_F_ATOMIC makes them under a temporary name too and renames that
// over the final one: cheap here, and a replaced symlink never goes
// missing for a reader.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "policy/atomic_names.hpp"
#include "policy/create_policy.hpp"
#include "ucopy.h"
#include "worker/worker.hpp"

namespace ucopy_impl {

namespace {

uint32_t file_type_of(mode_t m) {
  if (S_ISREG(m)) return UCOPY_TYPE_FILE;
  if (S_ISDIR(m)) return UCOPY_TYPE_DIR;
  if (S_ISLNK(m)) return UCOPY_TYPE_SYMLINK;
  return UCOPY_TYPE_SPECIAL;
}

// readlinkat into a string sized from the link's own size, growing if the
// link changed in between.
int read_link(int dirfd, const char *name, size_t hint, std::string &out) {
  size_t cap = hint + 1 < 256 ? 256 : hint + 1;
  for (;;) {
    out.resize(cap);
    ssize_t n = readlinkat(dirfd, name, out.data(), cap);
    if (n < 0) return -errno;
    if (static_cast<size_t>(n) < cap) {
      out.resize(static_cast<size_t>(n));
      return 0;
    }
    cap *= 2;
  }
}

// An O_PATH descriptor of the symlink or special file just made as `name`,
// or -errno. UCOPY_ECHANGED when what is there is not what we made: of
// another type or device number, not ours, or with other names.
int open_made(int dirfd, const char *name, const struct statx &st) {
  const int fd = openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return -errno;
  struct statx now {};
  int rc =
      statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &now) != 0 ? -errno : 0;
  const bool ours = (now.stx_mode & S_IFMT) == (st.stx_mode & S_IFMT) && now.stx_nlink == 1 &&
                    now.stx_uid == geteuid() && now.stx_rdev_major == st.stx_rdev_major &&
                    now.stx_rdev_minor == st.stx_rdev_minor;
  if (rc == 0 && !ours) rc = UCOPY_ECHANGED;
  if (rc == 0) return fd;
  close(fd);
  return rc;
}

// An O_PATH descriptor of the source entry `name` (not followed), with its
// stat in `now`; -errno, or UCOPY_ECHANGED when it is not the entry `st`
// saw (renamed there meanwhile). Target, xattrs and stat of a symlink or
// special file then all come from that one inode.
int open_source_entry(int dirfd, const char *name, const struct statx &st, struct statx &now) {
  const int fd = openat(dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return -errno;
  int rc =
      statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &now) != 0 ? -errno : 0;
  if (rc == 0 && (now.stx_ino != st.stx_ino || (now.stx_mode & S_IFMT) != (st.stx_mode & S_IFMT)))
    rc = UCOPY_ECHANGED;
  if (rc == 0) return fd;
  close(fd);
  return rc;
}

}  // namespace

void Worker::entry_created(const DirEntry &e, const std::shared_ptr<DirNode> &dir, uint32_t type,
                           const struct statx &st, int rc, const char *op, const std::string &tmp,
                           int src_fd) {
  Counters::add(cnt_.entries_done, 1);
  if (rc == 1) {
    ctx_.report_skipped_existing(cnt_, type, dir->entry_src_path(ctx_, e.name),
                                 dir->entry_dst_path(ctx_, e.dst_name));
    return;
  }
  if (rc != 0) {
    ctx_.report_error(cnt_, rc, op, type, dir->entry_src_path(ctx_, e.name),
                      dir->entry_dst_path(ctx_, e.dst_name));
    return;
  }
  const std::string dst_name(e.dst_name);
  const char *made_as = tmp.empty() ? dst_name.c_str() : tmp.c_str();
  MetaResult m = made_entry_meta(e, *dir, type, st, made_as, src_fd);
  if (!tmp.empty() && !commit_made(e, *dir, type, made_as, m)) return;
  if (!ctx_.report_meta(cnt_, m, type, [&](std::string &src, std::string &dst) {
        src = dir->entry_src_path(ctx_, e.name);
        dst = dir->entry_dst_path(ctx_, e.dst_name);
      }))
    return;
  Counters::add(type == UCOPY_TYPE_SYMLINK ? cnt_.symlinks : cnt_.specials, 1);
  ctx_.report_copied(cnt_, type, 0, [&](std::string &src, std::string &dst) {
    src = dir->entry_src_path(ctx_, e.name);
    dst = dir->entry_dst_path(ctx_, e.dst_name);
  });
}

// Owner, mode, xattrs and times of a symlink or special file made as
// `made_as`, through an O_PATH descriptor of what we made, checked to be
// it: a user who owns the directory may have put a link to something else
// under the name meanwhile.
MetaResult Worker::made_entry_meta(const DirEntry &e, const DirNode &dir, uint32_t type,
                                   const struct statx &st, const char *made_as, int src_fd) const {
  MetaResult m;
  const int path_fd = open_made(dir.dst_fd, made_as, st);
  if (path_fd < 0) {
    m.code = path_fd;
    m.op = "open";
    return m;
  }
  const bool is_symlink = type == UCOPY_TYPE_SYMLINK;
  const gid_t created_gid = file_created_gid(dir);
  const std::string src_name(e.name);
  m = apply_entry_meta(ctx_.meta, EntryRef{dir.src_fd, src_name.c_str(), false, src_fd},
                       EntryRef{dir.dst_fd, made_as, false, path_fd}, st, created_gid,
                       is_symlink ? kModeUnknown : create_mode(ctx_.cfg, ctx_.id, st, created_gid),
                       is_symlink);
  close(path_fd);
  return m;
}

// UCOPY_F_ATOMIC: renames the entry made as `made_as` over its name, or
// removes it when something failed. False when it ended as a skip.
bool Worker::commit_made(const DirEntry &e, const DirNode &dir, uint32_t type, const char *made_as,
                         MetaResult &m) {
  if (m.code == 0) {
    const std::string dst_name(e.dst_name);
    const int c = commit_temp(dir.dst_fd, made_as, dst_name.c_str(), atomic_replaces(ctx_.cfg));
    if (c != 0) {
      m.code = c;
      m.op = c == -EEXIST ? "create" : "rename";
    }
  }
  if (m.code == 0) return true;
  unlinkat(dir.dst_fd, made_as, 0);
  if (m.code == -EEXIST && ctx_.cfg.overwrite == UCOPY_OVERWRITE_SKIP) {
    // Made meanwhile by someone else: kept, as the first look would.
    ctx_.report_skipped_existing(cnt_, type, dir.entry_src_path(ctx_, e.name),
                                 dir.entry_dst_path(ctx_, e.dst_name));
    return false;
  }
  return true;
}

void Worker::copy_symlink(const DirEntry &e, const std::shared_ptr<DirNode> &dir,
                          const struct statx &st) {
  std::string name(e.name);
  std::string dst_name(e.dst_name);
  std::string target;
  // The target and the stat from one descriptor of the source symlink, so
  // that they belong to the same link whatever is renamed meanwhile.
  struct statx lst = st;
  const char *op = "readlink";
  const int sfd = open_source_entry(dir->src_fd, name.c_str(), st, lst);
  int rc = sfd < 0 ? sfd : read_link(sfd, "", lst.stx_size, target);
  std::string tmp;
  if (rc == 0 && ctx_.cfg.has(UCOPY_F_ATOMIC)) {
    op = "create";
    rc = create_temp_with_policy(ctx_.cfg, dir->dst_fd, dst_name.c_str(), tmp, [&](const char *n) {
      return symlinkat(target.c_str(), dir->dst_fd, n);
    });
  } else if (rc == 0) {
    op = "create";
    rc = create_with_policy(ctx_.cfg.overwrite, dir->dst_fd, dst_name.c_str(), [&] {
      return symlinkat(target.c_str(), dir->dst_fd, dst_name.c_str());
    });
  }
  entry_created(e, dir, UCOPY_TYPE_SYMLINK, lst, rc, op, tmp, sfd);
  if (sfd >= 0) close(sfd);
}

void Worker::copy_special(const DirEntry &e, const std::shared_ptr<DirNode> &dir,
                          const struct statx &st) {
  std::string name(e.name);
  std::string dst_name(e.dst_name);
  struct statx now = st;
  const int sfd = open_source_entry(dir->src_fd, name.c_str(), st, now);
  const dev_t rdev = makedev(now.stx_rdev_major, now.stx_rdev_minor);
  const mode_t mode =
      (now.stx_mode & S_IFMT) | create_mode(ctx_.cfg, ctx_.id, now, file_created_gid(*dir));
  std::string tmp;
  int rc = sfd;
  if (sfd >= 0) {
    rc = ctx_.cfg.has(UCOPY_F_ATOMIC)
             ? create_temp_with_policy(
                   ctx_.cfg, dir->dst_fd, dst_name.c_str(), tmp,
                   [&](const char *n) { return mknodat(dir->dst_fd, n, mode, rdev); })
             : create_with_policy(ctx_.cfg.overwrite, dir->dst_fd, dst_name.c_str(), [&] {
                 return mknodat(dir->dst_fd, dst_name.c_str(), mode, rdev);
               });
  }
  entry_created(e, dir, UCOPY_TYPE_SPECIAL, now, rc, sfd < 0 ? "open" : "create", tmp, sfd);
  if (sfd >= 0) close(sfd);
}

bool Worker::special_wanted(mode_t mode) const {
  const bool device = S_ISCHR(mode) || S_ISBLK(mode);
  return ctx_.cfg.has(device ? UCOPY_F_COPY_DEVICES : UCOPY_F_COPY_SPECIALS);
}

void Worker::skip_special(const DirEntry &e, const std::shared_ptr<DirNode> &dir,
                          const struct statx &st) {
  Counters::add(cnt_.entries_done, 1);
  const bool device = S_ISCHR(st.stx_mode) || S_ISBLK(st.stx_mode);
  EventRecord ev;
  ev.type = UCOPY_EVENT_SKIPPED;
  ev.file_type = UCOPY_TYPE_SPECIAL;
  if (ctx_.wants(UCOPY_EVENT_SKIPPED)) {
    ev.src = dir->entry_src_path(ctx_, e.name);
    ev.dst = dir->entry_dst_path(ctx_, e.dst_name);
    ev.message = std::string(device ? "skip device '" : "skip special file '") + ev.src +
                 (device ? "' (devices are copied with UCOPY_F_COPY_DEVICES)"
                         : "' (FIFOs and sockets are copied with UCOPY_F_COPY_SPECIALS)");
  }
  ctx_.report(cnt_, std::move(ev));
}

void Worker::dry_run_entry(const DirEntry &e, const std::shared_ptr<DirNode> &dir,
                           const struct statx &st) {
  const uint32_t type = file_type_of(st.stx_mode);
  Counters::add(cnt_.entries_done, 1);
  if (dry_run_meets_existing(e, *dir, type)) return;
  if (type == UCOPY_TYPE_FILE) {
    Counters::add(cnt_.bytes_found, st.stx_size);
    Counters::add(cnt_.bytes_passed, st.stx_size);  // a plan moves nothing
    Counters::add(cnt_.files, 1);
  } else if (type == UCOPY_TYPE_SYMLINK) {
    Counters::add(cnt_.symlinks, 1);
  } else {
    Counters::add(cnt_.specials, 1);
  }
  ctx_.report_copied(cnt_, type, type == UCOPY_TYPE_FILE ? st.stx_size : 0,
                     [&](std::string &src, std::string &dst) {
                       src = dir->entry_src_path(ctx_, e.name);
                       dst = dir->entry_dst_path(ctx_, e.dst_name);
                     });
}

// The plan's answer for an entry whose name the destination holds already
// (not a directory, which is merged into): kept under
// UCOPY_OVERWRITE_SKIP, refused under UCOPY_OVERWRITE_FAIL, as the real run
// would do. True when it reported the entry. (--update decided before.)
bool Worker::dry_run_meets_existing(const DirEntry &e, const DirNode &dir, uint32_t type) {
  const uint32_t policy = ctx_.cfg.overwrite;
  if (dir.dst_fd < 0 || ctx_.cfg.update != UCOPY_UPDATE_NONE || policy == UCOPY_OVERWRITE_REPLACE)
    return false;
  struct stat d {};
  const std::string name(e.dst_name);
  if (fstatat(dir.dst_fd, name.c_str(), &d, AT_SYMLINK_NOFOLLOW) != 0 || S_ISDIR(d.st_mode))
    return false;
  if (policy == UCOPY_OVERWRITE_SKIP)
    ctx_.report_skipped_existing(cnt_, type, dir.entry_src_path(ctx_, e.name),
                                 dir.entry_dst_path(ctx_, e.dst_name));
  else
    ctx_.report_error(cnt_, -EEXIST, "create", type, dir.entry_src_path(ctx_, e.name),
                      dir.entry_dst_path(ctx_, e.dst_name));
  return true;
}

}  // namespace ucopy_impl
