#include "meta.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ucopy_impl {
namespace {

timespec to_timespec(const statx_timestamp &t) {
  timespec ts{};
  ts.tv_sec = t.tv_sec;
  ts.tv_nsec = t.tv_nsec;
  return ts;
}

// Unprivileged callers cannot give files away; like `cp -a`, keep the copy
// owned by the caller instead of failing it.
bool owner_error_is_expected(const Identity &id, int err) {
  return id.euid != 0 && (err == EPERM || err == EINVAL);
}

}  // namespace

Identity Identity::current() {
  Identity id;
  id.euid = geteuid();
  id.egid = getegid();
  // Reading the umask without changing it: /proc/self/status has it since
  // Linux 4.7. Calling umask() twice would race with other threads.
  if (FILE *f = fopen("/proc/self/status", "re")) {
    char line[256];
    while (fgets(line, sizeof line, f)) {
      unsigned m;
      if (sscanf(line, "Umask: %o", &m) == 1) {
        id.umask = static_cast<mode_t>(m);
        break;
      }
    }
    fclose(f);
  }
  return id;
}

MetaResult apply_entry_meta(const Config &cfg, const Identity &id, int dirfd, const char *name,
                            const struct statx &st, gid_t created_gid, bool is_symlink) {
  MetaResult r;
  bool chowned = false;
  if (cfg.has(UCOPY_F_PRESERVE_OWNER) && (st.stx_uid != id.euid || st.stx_gid != created_gid)) {
    if (fchownat(dirfd, name, st.stx_uid, st.stx_gid, AT_SYMLINK_NOFOLLOW) == 0) {
      chowned = true;
    } else if (!owner_error_is_expected(id, errno)) {
      return {-errno, "chown"};
    }
  }
  if (!is_symlink && cfg.has(UCOPY_F_PRESERVE_MODE)) {
    mode_t want = st.stx_mode & 07777;
    // Creation applied the umask, and the kernel may drop setgid for a
    // group we are not in; chown drops setuid/setgid.
    bool need = (want & id.umask) != 0 || (want & 07000) != 0 || chowned;
    if (need && fchmodat(dirfd, name, want, 0) != 0) return {-errno, "chmod"};
  }
  if (cfg.has(UCOPY_F_PRESERVE_TIMES)) {
    timespec ts[2] = {to_timespec(st.stx_atime), to_timespec(st.stx_mtime)};
    if (utimensat(dirfd, name, ts, AT_SYMLINK_NOFOLLOW) != 0) return {-errno, "utimens"};
  }
  return r;
}

MetaResult apply_dir_meta(const Config &cfg, const Identity &id, int fd, const struct statx &st,
                          gid_t created_gid) {
  if (cfg.has(UCOPY_F_PRESERVE_OWNER) && (st.stx_uid != id.euid || st.stx_gid != created_gid)) {
    if (fchown(fd, st.stx_uid, st.stx_gid) != 0 && !owner_error_is_expected(id, errno))
      return {-errno, "chown"};
  }
  // Directories are created with owner rwx so that their entries can be
  // made; the final mode goes on now.
  mode_t want =
      cfg.has(UCOPY_F_PRESERVE_MODE) ? (st.stx_mode & 07777) : (st.stx_mode & 0777 & ~id.umask);
  if ((cfg.has(UCOPY_F_PRESERVE_MODE) || (st.stx_mode & S_IRWXU) != S_IRWXU) &&
      fchmod(fd, want) != 0)
    return {-errno, "chmod"};
  if (cfg.has(UCOPY_F_PRESERVE_TIMES)) {
    timespec ts[2] = {to_timespec(st.stx_atime), to_timespec(st.stx_mtime)};
    if (futimens(fd, ts) != 0) return {-errno, "utimens"};
  }
  return {};
}

}  // namespace ucopy_impl
