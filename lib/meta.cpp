#include "meta.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "acl_copy.hpp"
#include "run_context.hpp"
#include "xattr_copy.hpp"

namespace ucopy_impl {
namespace {

timespec to_timespec(const statx_timestamp &t) {
  timespec ts{};
  ts.tv_sec = t.tv_sec;
  ts.tv_nsec = t.tv_nsec;
  return ts;
}

int chown_ref(const EntryRef &e, uid_t uid, gid_t gid) {
  if (*e.name == '\0') return fchown(e.dirfd, uid, gid);
  return fchownat(e.dirfd, e.name, uid, gid, AT_SYMLINK_NOFOLLOW);
}

// Owner first. A caller that may not give files away still keeps the
// group where it belongs to it; what is lost is handled by the owner
// policy. Returns whether the entry's owner or group was changed.
bool apply_owner(RunContext &ctx, const EntryRef &dst, const struct statx &st, gid_t created_gid,
                 MetaResult &r) {
  const Identity &id = ctx.id;
  if (!ctx.cfg.has(UCOPY_F_PRESERVE_OWNER)) return false;
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
  switch (ctx.cfg.owner_policy) {
    case UCOPY_OWNER_FAIL:
      r.code = -err;
      r.op = "chown";
      break;
    case UCOPY_OWNER_WARN: r.notice(-err, "chown", what + " not kept", false); break;
    default: break;
  }
  return changed;
}

void apply_xattrs_acls(RunContext &ctx, const EntryRef &src, const EntryRef &dst, bool is_dir,
                       MetaResult &r) {
  const bool xattrs = ctx.cfg.has(UCOPY_F_PRESERVE_XATTRS);
  const bool acls = ctx.cfg.has(UCOPY_F_PRESERVE_ACLS);
  if (!xattrs && !acls) return;
  XattrScan scan;
  copy_xattrs(ctx, src, dst, xattrs, scan, r);
  if (acls) copy_acls(ctx, src, dst, scan, is_dir, r);
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

MetaResult apply_entry_meta(RunContext &ctx, const EntryRef &src, const EntryRef &dst,
                            const struct statx &st, gid_t created_gid, bool is_symlink) {
  MetaResult r;
  const Config &cfg = ctx.cfg;
  const bool chowned = apply_owner(ctx, dst, st, created_gid, r);
  if (r.code != 0) return r;
  // Symlinks carry no user.* xattrs and no ACLs, but trusted.* and
  // security.* ones are possible.
  apply_xattrs_acls(ctx, src, dst, false, r);
  if (!is_symlink && cfg.has(UCOPY_F_PRESERVE_MODE)) {
    mode_t want = st.stx_mode & 07777;
    // Creation applied the umask, and the kernel may drop setgid for a
    // group we are not in; chown drops setuid/setgid.
    bool need = (want & ctx.id.umask) != 0 || (want & 07000) != 0 || chowned;
    if (need && fchmodat(dst.dirfd, dst.name, want, 0) != 0) {
      r.code = -errno;
      r.op = "chmod";
      return r;
    }
  }
  if (cfg.has(UCOPY_F_PRESERVE_TIMES)) {
    timespec ts[2] = {to_timespec(st.stx_atime), to_timespec(st.stx_mtime)};
    if (utimensat(dst.dirfd, dst.name, ts, AT_SYMLINK_NOFOLLOW) != 0) {
      r.code = -errno;
      r.op = "utimens";
    }
  }
  return r;
}

MetaResult apply_dir_meta(RunContext &ctx, int src_fd, int dst_fd, const struct statx &st,
                          gid_t created_gid) {
  MetaResult r;
  const Config &cfg = ctx.cfg;
  const EntryRef dst{dst_fd, "", false};
  apply_owner(ctx, dst, st, created_gid, r);
  if (r.code != 0) return r;
  apply_xattrs_acls(ctx, EntryRef{src_fd, "", true}, dst, true, r);
  // Directories are created with owner rwx so that their entries can be
  // made; the final mode goes on now.
  mode_t want =
      cfg.has(UCOPY_F_PRESERVE_MODE) ? (st.stx_mode & 07777) : (st.stx_mode & 0777 & ~ctx.id.umask);
  if ((cfg.has(UCOPY_F_PRESERVE_MODE) || (st.stx_mode & S_IRWXU) != S_IRWXU) &&
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
