// SPDX-License-Identifier: MIT
#include "worker/delete_extraneous.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "policy/dir_names.hpp"
#include "run/run_context.hpp"
#include "worker/walk.hpp"

namespace ucopy_impl {
namespace {

// The names in directory `fd` (from the start), or -errno.
int list_names(int fd, std::vector<std::string> &out) {
  return for_each_dir_name(fd, [&](const struct dirent64 &d) { out.emplace_back(d.d_name); });
}

uint32_t type_of(mode_t m) {
  if (S_ISREG(m)) return UCOPY_TYPE_FILE;
  if (S_ISDIR(m)) return UCOPY_TYPE_DIR;
  if (S_ISLNK(m)) return UCOPY_TYPE_SYMLINK;
  return UCOPY_TYPE_SPECIAL;
}

class Remover {
 public:
  Remover(RunContext &ctx, Counters &cnt, dev_t dev) : ctx_(ctx), cnt_(cnt), dev_(dev) {}

  // Removes `name` in `dirfd` (shown as `path`), a directory with all it
  // holds. Returns false if something could not be removed (reported).
  bool remove(int dirfd, const std::string &name, const std::string &path) {
    struct stat st;
    if (fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
      return errno == ENOENT || fail(-errno, path, UCOPY_TYPE_UNKNOWN);
    const bool dry = ctx_.cfg.has(UCOPY_F_DRY_RUN);
    bool ok = true;
    if (S_ISDIR(st.st_mode)) {
      if (st.st_dev != dev_) return fail(-EXDEV, path, UCOPY_TYPE_DIR);  // a mount point
      int fd = openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (fd < 0) return fail(-errno, path, UCOPY_TYPE_DIR);
      std::vector<std::string> names;
      int rc = list_names(fd, names);
      if (rc != 0) ok = fail(rc, path, UCOPY_TYPE_DIR);
      for (const std::string &child : names) {
        std::string child_path = path;
        child_path += '/';
        child_path += child;
        ok = remove(fd, child, child_path) && ok;
      }
      close(fd);
      if (ok && !dry && unlinkat(dirfd, name.c_str(), AT_REMOVEDIR) != 0)
        return fail(-errno, path, UCOPY_TYPE_DIR);
    } else if (!dry && unlinkat(dirfd, name.c_str(), 0) != 0 && errno != ENOENT) {
      return fail(-errno, path, type_of(st.st_mode));
    }
    if (!ok) return false;
    Counters::add(cnt_.deleted, 1);
    EventRecord ev;
    ev.type = UCOPY_EVENT_DELETED;
    ev.file_type = type_of(st.st_mode);
    ev.op = "delete";
    if (ctx_.wants(UCOPY_EVENT_DELETED)) {
      ev.dst = path;
      ev.message = (dry ? "would delete '" : "deleted '") + path + "'";
    }
    ctx_.report(cnt_, std::move(ev));
    return true;
  }

 private:
  bool fail(int code, const std::string &path, uint32_t type) {
    ctx_.report_error(cnt_, code, "delete", type, "", path);
    return false;
  }

  RunContext &ctx_;
  Counters &cnt_;
  dev_t dev_;
};

// Whether the filter rules exclude `name` of `node`'s destination: such an
// entry is protected, as rsync protects excluded files from --delete.
bool excluded_by_rules(const RunContext &ctx, const DirNode &node, const std::string &name) {
  const FilterRules &rules = ctx.filter_rules;
  if (rules.empty()) return false;
  bool is_dir = false;
  struct stat st;
  if (rules.needs_type() && fstatat(node.dst_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0)
    is_dir = S_ISDIR(st.st_mode);
  std::string rel = node.rel_path;
  if (!rel.empty()) rel += '/';
  rel += name;
  return rules.excludes(rel, is_dir);
}

// Removes the destination's names that the source lacks.
void delete_names(RunContext &ctx, Counters &cnt, DirNode &node) {
  struct stat dst_st;
  if (fstat(node.dst_fd, &dst_st) != 0) return;
  std::vector<std::string> names;
  if (int rc = list_names(node.dst_fd, names); rc != 0) {
    ctx.report_error(cnt, rc, "delete", UCOPY_TYPE_DIR, node.src_path(ctx), node.dst_path(ctx));
    return;
  }
  Remover remover(ctx, cnt, dst_st.st_dev);
  std::string dir_path;
  for (const std::string &name : names) {
    if (ctx.stop.load(std::memory_order_relaxed)) return;
    struct stat st;
    // Only a name the source surely lacks goes; any other failure to look
    // (permissions, I/O) keeps the entry.
    if (fstatat(node.src_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 || errno != ENOENT)
      continue;
    if (excluded_by_rules(ctx, node, name)) continue;
    if (dir_path.empty()) dir_path = node.dst_path(ctx);
    std::string path = dir_path;
    path += '/';
    path += name;
    remover.remove(node.dst_fd, name, path);
  }
}

}  // namespace

void delete_extraneous(RunContext &ctx, Counters &cnt, DirNode &node) {
  const uint32_t was = cnt.in_flight.phase.load(std::memory_order_relaxed);
  cnt.in_flight.set_phase(UCOPY_PHASE_DELETING);
  delete_names(ctx, cnt, node);
  cnt.in_flight.set_phase(was);
}

}  // namespace ucopy_impl
