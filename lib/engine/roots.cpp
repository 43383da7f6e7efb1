// SPDX-License-Identifier: MIT
#include "engine/roots.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "policy/atomic_names.hpp"
#include "ucopy.h"

namespace ucopy_impl {

namespace {

constexpr unsigned kMask = STATX_BASIC_STATS;

bool same_inode(const struct statx &a, const struct statx &b) {
  return a.stx_dev_major == b.stx_dev_major && a.stx_dev_minor == b.stx_dev_minor &&
         a.stx_ino == b.stx_ino;
}

// "a/b//" -> "a/b"; "/" stays "/".
std::string strip_slashes(std::string p) {
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p;
}

// Splits a path (without trailing slashes) into its directory and last name.
void split_path(const std::string &p, std::string &dir, std::string &name) {
  const size_t slash = p.rfind('/');
  if (slash == std::string::npos) {
    dir.assign(1, '.');
    name = p;
    return;
  }
  dir.assign(p, 0, slash == 0 ? 1 : slash);  // keep "/" for "/name"
  name.assign(p, slash + 1, std::string::npos);
}

unsigned char dt_of(mode_t m) {
  if (S_ISREG(m)) return DT_REG;
  if (S_ISDIR(m)) return DT_DIR;
  if (S_ISLNK(m)) return DT_LNK;
  if (S_ISFIFO(m)) return DT_FIFO;
  if (S_ISCHR(m)) return DT_CHR;
  if (S_ISBLK(m)) return DT_BLK;
  if (S_ISSOCK(m)) return DT_SOCK;
  return DT_UNKNOWN;
}

// Whether the directory `start` is `src` or lies below it: walks up through
// ".." comparing inodes, so symlinks and relative paths cannot fool it.
// Returns 1, 0, or -errno when `start` cannot be opened.
int is_inside(const std::string &start, const struct statx &src) {
  int fd = open(start.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return -errno;
  int result = 0;
  struct statx cur;
  if (statx(fd, "", AT_EMPTY_PATH, kMask, &cur) != 0) result = -errno;
  while (result == 0) {
    if (same_inode(cur, src)) {
      result = 1;
      break;
    }
    int up = openat(fd, "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (up < 0) break;
    struct statx parent;
    bool ok = statx(up, "", AT_EMPTY_PATH, kMask, &parent) == 0;
    close(fd);
    fd = up;
    if (!ok || same_inode(parent, cur)) break;  // reached "/"
    cur = parent;
  }
  close(fd);
  return result;
}

int fail(std::string &message, std::string text, int code) {
  message = std::move(text);
  return code;
}

int prepare_dir_root(RunContext &ctx, const struct statx &sst, bool dst_exists, bool follow_top,
                     std::string &message) {
  const std::string &src = ctx.src_root;
  const std::string &dst = ctx.dst_root;
  std::string dst_dir;
  std::string dst_name;
  split_path(dst, dst_dir, dst_name);
  int inside = is_inside(dst_exists ? dst : dst_dir, sst);
  if (inside == 1)
    return fail(
        message,
        "cannot copy '" + src + "' into '" + dst + "': the destination is inside the source",
        UCOPY_EDSTINSIDE);
  if (inside < 0 && !ctx.cfg.has(UCOPY_F_DRY_RUN))
    return fail(message, format_message("create", dst, inside), inside);

  auto root = std::make_shared<DirNode>();
  root->kind = DirNode::Kind::kRoot;
  root->follow = follow_top;
  root->src_fd =
      open(src.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | (follow_top ? 0 : O_NOFOLLOW));
  if (root->src_fd < 0) return fail(message, format_message("open", src, -errno), -errno);
  if (statx(root->src_fd, "", AT_EMPTY_PATH, kMask, &root->st) != 0)
    return fail(message, format_message("stat", src, -errno), -errno);
  ctx.root_dev_major = root->st.stx_dev_major;
  ctx.root_dev_minor = root->st.stx_dev_minor;
  ctx.src_root_st = root->st;
  // Its own open file description: a dup would share the listing's offset.
  if (!ctx.cfg.has(UCOPY_F_NO_PRESCAN))
    ctx.src_root_fd.fd = openat(root->src_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (!ctx.cfg.has(UCOPY_F_DRY_RUN)) {
    // 0700 until the final owner and mode go on (apply_dir_meta()).
    if (!dst_exists && mkdir(dst.c_str(), S_IRWXU) != 0 && errno != EEXIST)
      return fail(message, format_message("mkdir", dst, -errno), -errno);
    root->dst_fd = open(dst.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root->dst_fd < 0) return fail(message, format_message("open", dst, -errno), -errno);
    struct stat dst_st;
    if (fstat(root->dst_fd, &dst_st) != 0)
      return fail(message, format_message("stat", dst, -errno), -errno);
    root->created_gid = (dst_st.st_mode & S_ISGID) ? dst_st.st_gid : ctx.id.egid;
    ctx.dst_root_fd.fd = fcntl(root->dst_fd, F_DUPFD_CLOEXEC, 0);
    ctx.links.set_spill_dir(ctx.dst_root_fd.fd);
    // What a killed --atomic run left at the top; below, open_dir() sees to it.
    if (dst_exists && ctx.cfg.has(UCOPY_F_ATOMIC)) remove_leftover_temps(root->dst_fd);
  } else {
    // A dry run compares with the destination, if it exists.
    root->dst_fd = open(dst.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  }
  Counters &cnt = *ctx.counters[0];
  Counters::add(cnt.entries_found, 1);
  Counters::add(cnt.dirs, 1);
  ctx.report_copied(cnt, UCOPY_TYPE_DIR, 0, [&](std::string &s, std::string &d) {
    s = src;
    d = dst;
  });
  ctx.live_dirs.store(1);
  ctx.dirs.push(std::move(root));
  return 0;
}

int prepare_entry_root(RunContext &ctx, const struct statx &sst, bool src_is_link, bool dst_special,
                       std::string &message) {
  const std::string &src = ctx.src_root;
  const std::string &dst = ctx.dst_root;
  auto node = std::make_shared<DirNode>();
  node->kind = DirNode::Kind::kFileParent;
  std::string src_dir;
  std::string dst_dir;
  split_path(src, src_dir, node->single_src_name);
  split_path(dst, dst_dir, node->single_dst_name);
  // A followed top-level symlink is resolved again when the entry starts.
  node->single_type = src_is_link ? static_cast<unsigned char>(DT_LNK) : dt_of(sst.stx_mode);
  node->single_dst_special = dst_special;
  node->src_fd = open(src_dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (node->src_fd < 0) return fail(message, format_message("open", src_dir, -errno), -errno);
  if (!ctx.cfg.has(UCOPY_F_DRY_RUN)) {
    node->dst_fd = open(dst_dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (node->dst_fd < 0) return fail(message, format_message("create", dst, -errno), -errno);
  } else {  // a dry run: the plan looks at the destination, if it exists
    node->dst_fd = open(dst_dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
  }
  ctx.live_dirs.store(1);
  ctx.dirs.push(std::move(node));
  return 0;
}

// Whether the symlink `link`, followed, is the entry named `dst` itself.
bool link_reaches(const std::string &link, const std::string &dst) {
  struct statx target;
  struct statx named;
  return statx(AT_FDCWD, link.c_str(), 0, kMask, &target) == 0 &&
         statx(AT_FDCWD, dst.c_str(), AT_SYMLINK_NOFOLLOW, kMask, &named) == 0 &&
         same_inode(target, named);
}

}  // namespace

int prepare_roots(RunContext &ctx, const char *src_arg, const char *dst_arg, std::string &message) {
  ctx.src_root = strip_slashes(src_arg);
  ctx.dst_root = strip_slashes(dst_arg);
  const std::string &src = ctx.src_root;
  const std::string &dst = ctx.dst_root;
  const bool follow_top = ctx.cfg.has(UCOPY_F_DEREFERENCE) || ctx.cfg.has(UCOPY_F_DEREFERENCE_ARGS);

  struct statx sst;
  if (statx(AT_FDCWD, src.c_str(), AT_SYMLINK_NOFOLLOW, kMask, &sst) != 0)
    return fail(message, format_message("stat", src, -errno), -errno);
  const bool src_is_link = S_ISLNK(sst.stx_mode);
  if (src_is_link && follow_top && statx(AT_FDCWD, src.c_str(), 0, kMask, &sst) != 0)
    return fail(message, format_message("stat", src, -errno), -errno);
  const bool src_dir = S_ISDIR(sst.stx_mode);
  ctx.src_root_st = sst;
  if (src_dir && !ctx.cfg.has(UCOPY_F_RECURSIVE))
    return fail(message, "'" + src + "' is a directory: copying it needs UCOPY_F_RECURSIVE",
                -EISDIR);

  struct statx dstx;
  const bool dst_exists = statx(AT_FDCWD, dst.c_str(), 0, kMask, &dstx) == 0;
  if (!dst_exists && errno != ENOENT)
    return fail(message, format_message("stat", dst, -errno), -errno);
  if (dst_exists && same_inode(sst, dstx))
    return fail(message, "'" + src + "' and '" + dst + "' are the same file", UCOPY_ESAMEFILE);
  // A symlink copied as a link over the very file it points to would leave
  // a link to itself, and the file's data gone (cp refuses too).
  if (dst_exists && src_is_link && !follow_top && link_reaches(src, dst))
    return fail(message,
                "'" + src + "' and '" + dst + "' are the same file ('" + src +
                    "' is a symlink to it: copying the link would replace the file it points to)",
                UCOPY_ESAMEFILE);

  if (src_dir) {
    if (dst_exists && !S_ISDIR(dstx.stx_mode))
      return fail(message,
                  "cannot overwrite non-directory '" + dst + "' with directory '" + src + "'",
                  -ENOTDIR);
    return prepare_dir_root(ctx, sst, dst_exists, follow_top, message);
  }
  if (dst_exists && S_ISDIR(dstx.stx_mode))
    return fail(message,
                "cannot overwrite directory '" + dst + "' with non-directory '" + src + "'",
                -EISDIR);
  // A device or FIFO named as the destination of a file is written into,
  // as cp does (`ucopy FILE /dev/null` must not replace the device).
  const bool dst_special =
      dst_exists && S_ISREG(sst.stx_mode) &&
      (S_ISCHR(dstx.stx_mode) || S_ISBLK(dstx.stx_mode) || S_ISFIFO(dstx.stx_mode));
  return prepare_entry_root(ctx, sst, src_is_link && follow_top, dst_special, message);
}

}  // namespace ucopy_impl
