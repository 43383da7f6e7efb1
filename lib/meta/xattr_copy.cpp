// SPDX-License-Identifier: MIT
#include "meta/xattr_copy.hpp"

#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace ucopy_impl {
namespace {

// From linux/xattr.h (6.13), which Debian 12's headers predate.
struct XattrArgs {
  uint64_t value;
  uint32_t size;
  uint32_t flags;
};
#ifndef SYS_setxattrat
constexpr long kSysSetxattrat = 463;
constexpr long kSysGetxattrat = 464;
constexpr long kSysListxattrat = 465;
#else
constexpr long kSysSetxattrat = SYS_setxattrat;
constexpr long kSysGetxattrat = SYS_getxattrat;
constexpr long kSysListxattrat = SYS_listxattrat;
#endif

// Cleared the first time the kernel says ENOSYS. UCOPY_NO_XATTRAT=1 in the
// environment starts with it cleared: it runs the path of kernels before
// 6.13 (/proc/self/fd paths, libacl) on newer ones, for tests.
std::atomic<bool> g_have_at_calls{getenv("UCOPY_NO_XATTRAT") == nullptr};

bool is_fd_itself(const EntryRef &e) { return e.name == nullptr || *e.name == '\0'; }

unsigned at_flags(const EntryRef &e) { return e.follow ? 0 : AT_SYMLINK_NOFOLLOW; }

// An entry held by an O_PATH descriptor: its /proc/self/fd link names that
// very inode, and the kernel does not follow a symlink past it (a setxattr
// there on a symlink's descriptor acts on the symlink: EPERM for user.*).
std::string path_fd_link(const EntryRef &e) { return "/proc/self/fd/" + std::to_string(e.path_fd); }

ssize_t list_names(const EntryRef &e, char *buf, size_t size) {
  if (e.path_fd >= 0) return listxattr(path_fd_link(e).c_str(), buf, size);
  if (is_fd_itself(e)) return flistxattr(e.dirfd, buf, size);
  if (g_have_at_calls.load(std::memory_order_relaxed)) {
    long r = syscall(kSysListxattrat, e.dirfd, e.name, at_flags(e), buf, size);
    if (r >= 0 || errno != ENOSYS) return r;
    g_have_at_calls.store(false);
  }
  std::string p = proc_path(e);
  return e.follow ? listxattr(p.c_str(), buf, size) : llistxattr(p.c_str(), buf, size);
}

ssize_t get_value(const EntryRef &e, const char *name, void *buf, size_t size) {
  if (e.path_fd >= 0) return getxattr(path_fd_link(e).c_str(), name, buf, size);
  if (is_fd_itself(e)) return fgetxattr(e.dirfd, name, buf, size);
  if (g_have_at_calls.load(std::memory_order_relaxed)) {
    XattrArgs args{reinterpret_cast<uintptr_t>(buf), static_cast<uint32_t>(size), 0};
    long r = syscall(kSysGetxattrat, e.dirfd, e.name, at_flags(e), name, &args, sizeof args);
    if (r >= 0 || errno != ENOSYS) return r;
    g_have_at_calls.store(false);
  }
  std::string p = proc_path(e);
  return e.follow ? getxattr(p.c_str(), name, buf, size) : lgetxattr(p.c_str(), name, buf, size);
}

int set_value(const EntryRef &e, const char *name, const void *value, size_t size) {
  if (e.path_fd >= 0) return setxattr(path_fd_link(e).c_str(), name, value, size, 0);
  if (is_fd_itself(e)) return fsetxattr(e.dirfd, name, value, size, 0);
  if (g_have_at_calls.load(std::memory_order_relaxed)) {
    XattrArgs args{reinterpret_cast<uintptr_t>(value), static_cast<uint32_t>(size), 0};
    long r =
        syscall(kSysSetxattrat, e.dirfd, e.name, AT_SYMLINK_NOFOLLOW, name, &args, sizeof args);
    if (r >= 0 || errno != ENOSYS) return static_cast<int>(r);
    g_have_at_calls.store(false);
  }
  std::string p = proc_path(e);
  return lsetxattr(p.c_str(), name, value, size, 0);
}

// Calls `get(buf, size)` (a list or get call) into `buf`, growing it when
// the value grew past it. Returns the length or -1 with errno.
template <typename Get>
ssize_t read_grown(std::vector<char> &buf, Get get) {
  for (int attempt = 0; attempt < 8; attempt++) {
    ssize_t n = get(buf.data(), buf.size());
    if (n >= 0 || errno != ERANGE) return n;
    ssize_t need = get(nullptr, 0);
    if (need < 0) return need;
    buf.resize(static_cast<size_t>(need) + 256);
  }
  errno = ERANGE;
  return -1;
}

// The namespace of an xattr name ("user", "trusted", ...), for notices
// that concern a whole filesystem.
std::string namespace_of(const char *name) {
  const char *dot = strchr(name, '.');
  return dot ? std::string(name, dot) : std::string(name);
}

}  // namespace

bool have_xattr_at_calls() { return g_have_at_calls.load(std::memory_order_relaxed); }

ssize_t xattr_get(const EntryRef &e, const char *name, std::vector<char> &value) {
  if (value.size() < 256) value.resize(256);
  ssize_t n = read_grown(value, [&](char *b, size_t s) { return get_value(e, name, b, s); });
  if (n >= 0) value.resize(static_cast<size_t>(n));
  return n;
}

int xattr_set(const EntryRef &e, const char *name, const void *value, size_t size) {
  return set_value(e, name, value, size);
}

std::string proc_path(const EntryRef &e) {
  if (e.path_fd >= 0) return path_fd_link(e);
  std::string p = "/proc/self/fd/" + std::to_string(e.dirfd);
  if (!is_fd_itself(e)) {
    p += '/';
    p += e.name;
  }
  return p;
}

void copy_xattrs(const MetaScope &scope, const EntryRef &src, const EntryRef &dst, bool copy_plain,
                 XattrScan &scan, MetaResult &out) {
  // Per thread, so that memory stays bounded by workers, not by entries.
  thread_local std::vector<char> names(4096);
  thread_local std::vector<char> value(4096);
  ssize_t len = read_grown(names, [&](char *b, size_t s) { return list_names(src, b, s); });
  if (len < 0) {
    // A source filesystem without xattrs simply has none to copy.
    if (errno != ENOTSUP) out.notice(-errno, "listxattr", "", true);
    return;
  }
  for (ssize_t off = 0; off < len;) {
    const char *name = names.data() + off;
    off += static_cast<ssize_t>(strlen(name)) + 1;
    if (strcmp(name, "system.posix_acl_access") == 0) scan.access_acl = true;
    if (strcmp(name, "system.posix_acl_default") == 0) scan.default_acl = true;
    if (!copy_plain || !scope.xattr_names.wanted(name, scope.stop, scope.events)) continue;
    ssize_t n = read_grown(value, [&](char *b, size_t s) { return get_value(src, name, b, s); });
    if (n < 0) {
      if (errno != ENODATA)
        out.notice(-errno, "getxattr", name, true);  // ENODATA: removed meanwhile
      continue;
    }
    if (set_value(dst, name, value.data(), static_cast<size_t>(n)) == 0) continue;
    int err = errno;
    if (destination_failed(err)) {
      out.code = -err;
      out.op = "setxattr";
      return;
    }
    if (err == ENOTSUP) {
      std::string ns = namespace_of(name);
      if (scope.unsupported.first(dst.dirfd, "xattr:" + ns))
        out.notice(-err, "setxattr",
                   ns + ".* xattrs are not supported by the destination filesystem; not kept "
                        "there, reported once",
                   false);
      continue;
    }
    out.notice(-err, "setxattr", std::string(name) + " not kept", false);
  }
}

}  // namespace ucopy_impl
