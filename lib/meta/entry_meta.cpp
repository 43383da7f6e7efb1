// SPDX-License-Identifier: MIT
#include "meta/entry_meta.hpp"

#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "meta/acl_copy.hpp"
#include "meta/xattr_copy.hpp"

namespace ucopy_impl {
namespace {

timespec to_timespec(const statx_timestamp &t) {
  timespec ts{};
  ts.tv_sec = t.tv_sec;
  ts.tv_nsec = t.tv_nsec;
  return ts;
}

int chown_ref(const EntryRef &e, uid_t uid, gid_t gid) {
  if (e.path_fd >= 0) return fchownat(e.path_fd, "", uid, gid, AT_EMPTY_PATH);
  if (*e.name == '\0') return fchown(e.dirfd, uid, gid);
  return fchownat(e.dirfd, e.name, uid, gid, AT_SYMLINK_NOFOLLOW);
}

#ifndef SYS_fchmodat2
constexpr long kSysFchmodat2 = 452;  // Linux 6.6; Debian 12's headers predate it
#else
constexpr long kSysFchmodat2 = SYS_fchmodat2;
#endif

// chmod of an entry through its descriptor. An O_PATH one takes fchmodat2
// with AT_EMPTY_PATH, or before Linux 6.6 its /proc/self/fd link, which
// names that very inode (not a path anybody else can change).
int chmod_ref(const EntryRef &e, mode_t mode) {
  if (e.path_fd < 0 && *e.name == '\0') return fchmod(e.dirfd, mode);
  if (e.path_fd < 0) {
    errno = EBADF;  // never by name: a symlink put there would be followed
    return -1;
  }
  if (syscall(kSysFchmodat2, e.path_fd, "", mode, AT_EMPTY_PATH) == 0) return 0;
  if (errno != ENOSYS && errno != EINVAL) return -1;
  const std::string p = "/proc/self/fd/" + std::to_string(e.path_fd);
  return chmod(p.c_str(), mode);
}

int utimens_ref(const EntryRef &e, const timespec ts[2]) {
  if (e.path_fd >= 0) return utimensat(e.path_fd, "", ts, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW);
  if (*e.name == '\0') return futimens(e.dirfd, ts);
  return utimensat(e.dirfd, e.name, ts, AT_SYMLINK_NOFOLLOW);
}

// Owner first. A caller that may not give files away still keeps the
// group where it belongs to it; what is lost is handled by the owner
// policy. Returns whether the entry's owner or group was changed.
bool apply_owner(const MetaScope &scope, const EntryRef &dst, const struct statx &st,
                 gid_t created_gid, MetaResult &r) {
  const Identity &id = scope.id;
  if (!scope.cfg.has(UCOPY_F_PRESERVE_OWNER)) return false;
  if (st.stx_uid == id.euid && st.stx_gid == created_gid) return false;
  if (chown_ref(dst, st.stx_uid, st.stx_gid) == 0) return true;
  int err = errno;
  if (err != EPERM && err != EINVAL) {
    r.code = -err;
    r.op = "chown";
    return false;
  }
  bool group_kept = st.stx_gid == created_gid;
  bool changed = false;
  if (!group_kept && chown_ref(dst, static_cast<uid_t>(-1), st.stx_gid) == 0) {
    group_kept = changed = true;
  }
  const bool owner_kept = st.stx_uid == id.euid;
  if (owner_kept && group_kept) return changed;
  std::string what = owner_kept
                         ? "group " + std::to_string(st.stx_gid)
                         : "owner " + std::to_string(st.stx_uid) + ":" + std::to_string(st.stx_gid);
  switch (scope.cfg.owner_policy) {
    case UCOPY_OWNER_FAIL:
      r.code = -err;
      r.op = "chown";
      break;
    case UCOPY_OWNER_WARN_EACH: r.notice(-err, "chown", what + " not kept", false); break;
    case UCOPY_OWNER_WARN:
      // Once per run: a user copying others' files is told, not flooded.
      if (!scope.owner_noticed.exchange(true))
        r.notice(-err, "chown",
                 what + " not kept (later entries whose owner cannot be kept are not reported)",
                 false);
      break;
    default: break;
  }
  return changed;
}

void apply_xattrs_acls(const MetaScope &scope, const EntryRef &src, const EntryRef &dst,
                       bool is_dir, MetaResult &r) {
  const bool xattrs = scope.cfg.has(UCOPY_F_PRESERVE_XATTRS);
  const bool acls = scope.cfg.has(UCOPY_F_PRESERVE_ACLS);
  if (!xattrs && !acls) return;
  XattrScan scan;
  copy_xattrs(scope, src, dst, xattrs, scan, r);
  if (acls && r.code == 0) copy_acls(scope, src, dst, scan, is_dir, r);
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

mode_t create_mode(const Config &cfg, const Identity &id, const struct statx &st,
                   gid_t created_gid) {
  const mode_t final_bits = st.stx_mode & 0777;  // the umask applies on top, as it will
  const bool owner_final =
      !cfg.has(UCOPY_F_PRESERVE_OWNER) ||
      (st.stx_uid == id.euid && st.stx_gid == created_gid && created_gid != static_cast<gid_t>(-1));
  return owner_final ? final_bits : (final_bits & 0600);
}

MetaResult apply_entry_meta(const MetaScope &scope, const EntryRef &src, const EntryRef &dst,
                            const struct statx &st, gid_t created_gid, mode_t created_mode,
                            bool is_symlink) {
  MetaResult r;
  const Config &cfg = scope.cfg;
  apply_owner(scope, dst, st, created_gid, r);
  if (r.code != 0) return r;
  if (!is_symlink) {
    // The final bits, now that the owner is final. Creation applied the
    // umask and left out setuid/setgid/sticky, and may have restricted the
    // bits while the owner was ours (create_mode()).
    const mode_t want = cfg.has(UCOPY_F_PRESERVE_MODE) ? (st.stx_mode & 07777)
                                                       : (st.stx_mode & 0777 & ~scope.id.umask);
    const bool need = created_mode == kModeUnknown
                          ? cfg.has(UCOPY_F_PRESERVE_MODE)
                          : want != (created_mode & 0777 & ~scope.id.umask);
    if (need && chmod_ref(dst, want) != 0) {
      r.code = -errno;
      r.op = "chmod";
      return r;
    }
  }
  // Symlinks carry no user.* xattrs and no ACLs, but trusted.* and
  // security.* ones are possible. After the mode: an ACL's mask is the
  // mode's group bits, and setting the ACL sets them.
  apply_xattrs_acls(scope, src, dst, false, r);
  if (r.code != 0) return r;
  if (cfg.has(UCOPY_F_PRESERVE_TIMES)) {
    timespec ts[2] = {to_timespec(st.stx_atime), to_timespec(st.stx_mtime)};
    if (utimens_ref(dst, ts) != 0) {
      r.code = -errno;
      r.op = "utimens";
    }
  }
  return r;
}

MetaResult apply_dir_meta(const MetaScope &scope, int src_fd, int dst_fd, const struct statx &st,
                          gid_t created_gid) {
  MetaResult r;
  const Config &cfg = scope.cfg;
  const EntryRef dst{dst_fd, "", false};
  apply_owner(scope, dst, st, created_gid, r);
  if (r.code != 0) return r;
  apply_xattrs_acls(scope, EntryRef{src_fd, "", true}, dst, true, r);
  if (r.code != 0) return r;
  // Directories are created 0700 (walk.cpp), so that their entries can be
  // made and nobody else looks in before the owner is final; the final
  // mode goes on now.
  mode_t want = cfg.has(UCOPY_F_PRESERVE_MODE) ? (st.stx_mode & 07777)
                                               : (st.stx_mode & 0777 & ~scope.id.umask);
  if ((cfg.has(UCOPY_F_PRESERVE_MODE) || want != (S_IRWXU & ~scope.id.umask)) &&
      fchmod(dst_fd, want) != 0) {
    r.code = -errno;
    r.op = "chmod";
    return r;
  }
  if (cfg.has(UCOPY_F_PRESERVE_TIMES)) {
    timespec ts[2] = {to_timespec(st.stx_atime), to_timespec(st.stx_mtime)};
    if (futimens(dst_fd, ts) != 0) {
      r.code = -errno;
      r.op = "utimens";
    }
  }
  return r;
}

}  // namespace ucopy_impl
