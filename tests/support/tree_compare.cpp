// SPDX-License-Identifier: MIT
#include "support/tree_compare.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <sstream>
#include <vector>

#include "support/dir_entries.h"
#include "support/file_io.h"
#include "support/path_text.h"
#include "support/sys_error.h"
#include "support/unique_fd.h"
#include "support/xattr_list.h"

namespace ucopy_test {

namespace {

const char *type_name(mode_t mode) {
  switch (mode & S_IFMT) {
    case S_IFREG: return "regular file";
    case S_IFDIR: return "directory";
    case S_IFLNK: return "symlink";
    case S_IFIFO: return "fifo";
    case S_IFSOCK: return "socket";
    case S_IFCHR: return "char device";
    case S_IFBLK: return "block device";
    default: return "unknown";
  }
}

std::string octal(mode_t mode) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

std::string ns_time(const timespec &ts) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld.%09ld", static_cast<long long>(ts.tv_sec), ts.tv_nsec);
  return buf;
}

bool same_time(const timespec &a, const timespec &b) {
  return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

// Splits "a/b/c" into ("a/b", "c"); "c" into (".", "c").
std::pair<std::string, std::string> split_path(const std::string &path) {
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  size_t slash = p.rfind('/');
  if (slash == std::string::npos) return {".", p};
  if (slash == 0) return {"/", p.substr(1)};
  return {p.substr(0, slash), p.substr(slash + 1)};
}

class TreeComparer {
 public:
  explicit TreeComparer(const CompareOptions &options) : opt_(options) {}

  void entry(int sdir, const std::string &sname, int ddir, const std::string &dname,
             const std::string &rel);
  std::vector<std::string> take() { return std::move(diffs_); }

 private:
  void add(const std::string &rel, const std::string &what) {
    if (diffs_.size() < opt_.max_differences)
      diffs_.push_back((rel.empty() ? std::string(".") : printable_path(rel)) + ": " + what);
    else if (diffs_.size() == opt_.max_differences)
      diffs_.push_back("... (more differences not listed)");
  }
  bool ignored(const std::string &rel) const { return opt_.ignore.count(rel) > 0; }
  void children(int sdir, const std::string &sname, int ddir, const std::string &dname,
                const std::string &rel);
  void compare_xattrs(int sdir, const std::string &sname, int ddir, const std::string &dname,
                      const std::string &rel);

  const CompareOptions &opt_;
  std::vector<std::string> diffs_;
};

void TreeComparer::entry(int sdir, const std::string &sname, int ddir, const std::string &dname,
                         const std::string &rel) {
  struct stat s, d;
  int sflags = opt_.follow_source_symlinks ? 0 : AT_SYMLINK_NOFOLLOW;
  if (::fstatat(sdir, sname.c_str(), &s, sflags) != 0) {
    add(rel, std::string("cannot stat source: ") + std::strerror(errno));
    return;
  }
  if (::fstatat(ddir, dname.c_str(), &d, AT_SYMLINK_NOFOLLOW) != 0) {
    if (!(opt_.partial_destination && errno == ENOENT))
      add(rel, errno == ENOENT ? std::string("missing in destination")
                               : std::string("cannot stat destination: ") + std::strerror(errno));
    return;
  }
  if ((s.st_mode & S_IFMT) != (d.st_mode & S_IFMT)) {
    add(rel, std::string("type: source ") + type_name(s.st_mode) + ", destination " +
                 type_name(d.st_mode));
    return;
  }

  if (opt_.partial_destination) {
    // Only what claims to be finished is held to the source's content.
    if (S_ISDIR(s.st_mode)) {
      children(sdir, sname, ddir, dname, rel);
    } else if (S_ISLNK(s.st_mode)) {
      std::string st = read_link(sdir, sname), dt = read_link(ddir, dname);
      if (st != dt)
        add(rel,
            "symlink target: source '" + printable(st) + "', destination '" + printable(dt) + "'");
    } else if (S_ISREG(s.st_mode) &&
               (opt_.partial_files_complete || same_time(s.st_mtim, d.st_mtim))) {
      const char *why =
          opt_.partial_files_complete ? "partial file left behind" : "partial file looks complete";
      if (s.st_size != d.st_size)
        add(rel, "size " + std::to_string(d.st_size) + " instead of " + std::to_string(s.st_size) +
                     " (" + why + ")");
      else if (std::string c = compare_file_contents(sdir, sname, ddir, dname, true); !c.empty())
        add(rel, "different content: " + c + " (" + why + ")");
    }
    return;
  }

  if (opt_.mode && !S_ISLNK(s.st_mode) && (s.st_mode & 07777) != (d.st_mode & 07777))
    add(rel, "mode: source " + octal(s.st_mode) + ", destination " + octal(d.st_mode));
  if (opt_.owner && (s.st_uid != d.st_uid || s.st_gid != d.st_gid))
    add(rel, "owner: source " + std::to_string(s.st_uid) + ":" + std::to_string(s.st_gid) +
                 ", destination " + std::to_string(d.st_uid) + ":" + std::to_string(d.st_gid));

  if (S_ISREG(s.st_mode)) {
    if (s.st_size != d.st_size)
      add(rel, "size: source " + std::to_string(s.st_size) + ", destination " +
                   std::to_string(d.st_size));
    else if (std::string c = compare_file_contents(sdir, sname, ddir, dname, true); !c.empty())
      add(rel, "content: " + c);
  } else if (S_ISLNK(s.st_mode)) {
    std::string st = read_link(sdir, sname), dt = read_link(ddir, dname);
    if (st != dt)
      add(rel,
          "symlink target: source '" + printable(st) + "', destination '" + printable(dt) + "'");
  } else if (S_ISCHR(s.st_mode) || S_ISBLK(s.st_mode)) {
    if (s.st_rdev != d.st_rdev) add(rel, "device number differs");
  } else if (S_ISDIR(s.st_mode)) {
    children(sdir, sname, ddir, dname, rel);
  }

  if (opt_.xattrs) compare_xattrs(sdir, sname, ddir, dname, rel);
  if (opt_.mtime && !same_time(s.st_mtim, d.st_mtim))
    add(rel, "mtime: source " + ns_time(s.st_mtim) + ", destination " + ns_time(d.st_mtim));
  if (opt_.atime && !same_time(s.st_atim, d.st_atim))
    add(rel, "atime: source " + ns_time(s.st_atim) + ", destination " + ns_time(d.st_atim));
}

void TreeComparer::compare_xattrs(int sdir, const std::string &sname, int ddir,
                                  const std::string &dname, const std::string &rel) {
  const auto s = read_xattrs(sdir, sname, opt_.follow_source_symlinks);
  const auto d = read_xattrs(ddir, dname);
  for (const auto &[name, value] : s) {
    auto it = d.find(name);
    if (it == d.end()) add(rel, "xattr " + name + " missing in destination");
    else if (it->second != value)
      add(rel, "xattr " + name + ": " + std::to_string(value.size()) + " bytes in source, " +
                   std::to_string(it->second.size()) + " different ones in destination");
  }
  for (const auto &[name, value] : d)
    if (s.count(name) == 0) add(rel, "xattr " + name + " only in destination");
}

void TreeComparer::children(int sdir, const std::string &sname, int ddir, const std::string &dname,
                            const std::string &rel) {
  int follow = opt_.follow_source_symlinks ? 0 : O_NOFOLLOW;
  UniqueFd sfd(::openat(sdir, sname.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | follow));
  if (!sfd.valid()) {
    add(rel, std::string("cannot open source directory: ") + std::strerror(errno));
    return;
  }
  UniqueFd dfd(::openat(ddir, dname.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW));
  if (!dfd.valid()) {
    add(rel, std::string("cannot open destination directory: ") + std::strerror(errno));
    return;
  }
  std::vector<std::string> snames = list_dir(sfd.get()), dnames = list_dir(dfd.get());
  // Both lists are sorted: walk them together.
  size_t i = 0, j = 0;
  while (i < snames.size() || j < dnames.size()) {
    if (j == dnames.size() || (i < snames.size() && snames[i] < dnames[j])) {
      std::string child = join_rel(rel, snames[i]);
      if (!ignored(child)) entry(sfd.get(), snames[i], dfd.get(), snames[i], child);
      ++i;
    } else if (i == snames.size() || dnames[j] < snames[i]) {
      std::string child = join_rel(rel, dnames[j]);
      if (!ignored(child)) add(child, "extra entry in destination");
      ++j;
    } else {
      std::string child = join_rel(rel, snames[i]);
      if (!ignored(child)) entry(sfd.get(), snames[i], dfd.get(), dnames[j], child);
      ++i;
      ++j;
    }
  }
}

}  // namespace

std::string compare_file_contents(int src_dirfd, const std::string &src_name, int dst_dirfd,
                                  const std::string &dst_name, bool follow_src) {
  UniqueFd sfd = open_for_reading(src_dirfd, src_name, follow_src);
  if (!sfd.valid()) return std::string("cannot open source: ") + std::strerror(errno);
  UniqueFd dfd = open_for_reading(dst_dirfd, dst_name);
  if (!dfd.valid()) return std::string("cannot open destination: ") + std::strerror(errno);
  ::posix_fadvise(sfd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
  ::posix_fadvise(dfd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
  const size_t block = 1 << 20;
  // Reused across calls: allocating 2 MiB per file dominated big-tree checks.
  thread_local std::vector<char> a(block), b(block);
  for (uint64_t offset = 0;;) {
    ssize_t na = read_full(sfd.get(), a.data(), block);
    if (na < 0) return std::string("read source: ") + std::strerror(errno);
    ssize_t nb = read_full(dfd.get(), b.data(), block);
    if (nb < 0) return std::string("read destination: ") + std::strerror(errno);
    size_t common = static_cast<size_t>(std::min(na, nb));
    if (std::memcmp(a.data(), b.data(), common) != 0) {
      size_t k = 0;
      while (a[k] == b[k]) ++k;
      return "first differing byte at offset " + std::to_string(offset + k);
    }
    if (na != nb) return "one file ends at offset " + std::to_string(offset + common);
    if (na == 0) return "";
    offset += static_cast<uint64_t>(na);
  }
}

std::vector<std::string> compare_trees(const std::string &src, const std::string &dst,
                                       const CompareOptions &options) {
  auto [sparent, sname] = split_path(src);
  auto [dparent, dname] = split_path(dst);
  UniqueFd sp(::open(sparent.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!sp.valid()) throw_errno("open " + sparent);
  UniqueFd dp(::open(dparent.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!dp.valid()) throw_errno("open " + dparent);
  TreeComparer comparer(options);
  comparer.entry(sp.get(), sname, dp.get(), dname, "");
  return comparer.take();
}

std::string describe(const std::vector<std::string> &differences) {
  std::ostringstream out;
  out << differences.size() << " difference(s):\n";
  for (const std::string &d : differences) out << "  " << d << "\n";
  return out.str();
}

}  // namespace ucopy_test
