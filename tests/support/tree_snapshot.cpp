// SPDX-License-Identifier: MIT
#include "support/tree_snapshot.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cstring>
#include <vector>

#include "support/dir_entries.h"
#include "support/file_io.h"
#include "support/path_text.h"
#include "support/sys_error.h"
#include "support/unique_fd.h"

namespace ucopy_test {

namespace {

int64_t to_ns(const timespec &ts) { return int64_t(ts.tv_sec) * 1000000000 + ts.tv_nsec; }

// A fast 64-bit hash over 8-byte words; collisions by accident are not a
// concern for detecting a modified source.
uint64_t hash_file(int dirfd, const std::string &name) {
  UniqueFd fd = open_for_reading(dirfd, name);
  if (!fd.valid()) throw_errno("open " + printable_path(name));
  thread_local std::vector<char> buf(1 << 20);  // reused: one allocation per thread
  uint64_t h = 0x243f6a8885a308d3ull;
  for (;;) {
    ssize_t n = read_full(fd.get(), buf.data(), buf.size());
    if (n < 0) throw_errno("read " + printable_path(name));
    for (ssize_t i = 0; i < n; i += 8) {
      uint64_t w = 0;
      std::memcpy(&w, buf.data() + i, static_cast<size_t>(n - i < 8 ? n - i : 8));
      h = (h ^ w) * 0x9e3779b97f4a7c15ull;
      h ^= h >> 29;
    }
    h ^= static_cast<uint64_t>(n);
    if (n < static_cast<ssize_t>(buf.size())) return h;
  }
}

void snap_entry(int dirfd, const std::string &name, const std::string &rel, TreeSnapshot &out) {
  struct stat st;
  if (::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
    throw_errno("fstatat " + printable_path(rel));
  EntrySnapshot e;
  e.mode = st.st_mode;
  e.uid = st.st_uid;
  e.gid = st.st_gid;
  e.ino = st.st_ino;
  e.nlink = st.st_nlink;
  e.size = S_ISDIR(st.st_mode) ? 0 : st.st_size;  // dir sizes vary by fs internals
  e.mtime_ns = to_ns(st.st_mtim);
  e.ctime_ns = to_ns(st.st_ctim);
  if (S_ISREG(st.st_mode)) e.content_hash = hash_file(dirfd, name);
  if (S_ISLNK(st.st_mode)) e.link_target = read_link(dirfd, name);
  out[rel] = e;
  if (S_ISDIR(st.st_mode)) {
    UniqueFd sub(::openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!sub.valid()) throw_errno("open dir " + printable_path(rel));
    for (const std::string &child : list_dir(sub.get()))
      snap_entry(sub.get(), child, join_rel(rel, child), out);
  }
}

}  // namespace

TreeSnapshot snapshot_tree(const std::string &path) {
  TreeSnapshot out;
  snap_entry(AT_FDCWD, path, "", out);
  return out;
}

std::vector<std::string> diff_snapshots(const TreeSnapshot &before, const TreeSnapshot &after,
                                        size_t max_differences) {
  std::vector<std::string> diffs;
  auto add = [&](const std::string &rel, const std::string &what) {
    if (diffs.size() < max_differences)
      diffs.push_back((rel.empty() ? std::string(".") : printable_path(rel)) + ": " + what);
  };
  for (const auto &[rel, b] : before) {
    auto it = after.find(rel);
    if (it == after.end()) {
      add(rel, "disappeared");
      continue;
    }
    const EntrySnapshot &a = it->second;
    if (a.mode != b.mode) add(rel, "mode/type changed");
    if (a.uid != b.uid || a.gid != b.gid) add(rel, "owner changed");
    if (a.ino != b.ino) add(rel, "replaced by another inode");
    if (a.nlink != b.nlink) add(rel, "link count changed");
    if (a.size != b.size) add(rel, "size changed");
    if (a.mtime_ns != b.mtime_ns) add(rel, "mtime changed");
    if (a.ctime_ns != b.ctime_ns) add(rel, "ctime changed (metadata was modified)");
    if (a.content_hash != b.content_hash) add(rel, "content changed");
    if (a.link_target != b.link_target) add(rel, "symlink target changed");
  }
  for (const auto &[rel, a] : after)
    if (!before.count(rel)) add(rel, "appeared");
  return diffs;
}

}  // namespace ucopy_test
