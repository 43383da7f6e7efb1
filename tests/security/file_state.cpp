// SPDX-License-Identifier: MIT
#include "file_state.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>

#include "support/sys_error.h"
#include "support/xattr_list.h"

namespace ucopy_security {

namespace {

int64_t ns_of(const timespec &t) { return int64_t{t.tv_sec} * 1000000000 + t.tv_nsec; }

std::string octal(unsigned v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0%o", v);
  return buf;
}

void note(std::string &out, const std::string &what) {
  if (!out.empty()) out += "; ";
  out += what;
}

void compare_xattrs(const FileState &a, const FileState &b, std::string &out) {
  for (const auto &[name, value] : b.xattrs) {
    auto it = a.xattrs.find(name);
    if (it == a.xattrs.end()) note(out, "xattr " + name + " added");
    else if (it->second != value) note(out, "xattr " + name + " changed");
  }
  for (const auto &[name, value] : a.xattrs)
    if (!b.xattrs.contains(name)) note(out, "xattr " + name + " removed");
}

}  // namespace

FileState file_state(const std::string &path) {
  FileState s;
  struct stat st {};
  if (lstat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) ucopy_test::throw_errno("lstat " + path);
    return s;
  }
  s.exists = true;
  s.mode = st.st_mode;
  s.uid = st.st_uid;
  s.gid = st.st_gid;
  s.nlink = st.st_nlink;
  s.size = st.st_size;
  s.mtime_ns = ns_of(st.st_mtim);
  s.atime_ns = ns_of(st.st_atim);
  s.xattrs = ucopy_test::read_xattrs(AT_FDCWD, path, false);
  return s;
}

std::string state_change(const FileState &before, const FileState &after) {
  std::string out;
  if (before.exists != after.exists) return after.exists ? "appeared" : "removed";
  if (!after.exists) return out;
  if (before.mode != after.mode)
    note(out, "mode " + octal(before.mode) + " -> " + octal(after.mode));
  if (before.uid != after.uid || before.gid != after.gid)
    note(out, "owner " + std::to_string(before.uid) + ":" + std::to_string(before.gid) + " -> " +
                  std::to_string(after.uid) + ":" + std::to_string(after.gid));
  if (before.nlink != after.nlink)
    note(out, "links " + std::to_string(before.nlink) + " -> " + std::to_string(after.nlink));
  if (before.size != after.size) note(out, "size changed");
  if (before.mtime_ns != after.mtime_ns || before.atime_ns != after.atime_ns)
    note(out, "times changed");
  compare_xattrs(before, after, out);
  return out;
}

}  // namespace ucopy_security
