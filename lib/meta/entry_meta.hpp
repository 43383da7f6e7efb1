// SPDX-License-Identifier: MIT
// Metadata of copied entries, applied in this order: owner (chown clears
// setuid/setgid and file capabilities), then mode (so that a setuid bit
// never meets an owner that is not final), then xattrs, capabilities and
// ACLs, and times last (any other change touches ctime only, but writes
// would touch mtime). io_uring has no opcodes for these, so they are plain
// system calls, made only when the value would otherwise differ from what
// creation gave. They go through descriptors of the entry itself (an open
// file, or an O_PATH one for symlinks and special files), never through a
// name that a user who owns the directory could point elsewhere.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/config.hpp"
#include "common/events.hpp"
#include "meta/fs_once.hpp"
#include "meta/xattr_names.hpp"

namespace ucopy_impl {

// What the process is and what a newly created entry gets by default.
struct Identity {
  uid_t euid = 0;
  gid_t egid = 0;
  mode_t umask = 022;
  static Identity current();
};

// UCOPY_F_NOATIME, only where O_NOATIME cannot fail with EPERM: we are root
// or own the file. `owner` is the file's uid, or none when not known yet
// (then only root may).
inline bool may_use_noatime(const Config &cfg, const Identity &id, std::optional<uid_t> owner) {
  return cfg.has(UCOPY_F_NOATIME) && (id.euid == 0 || (owner && id.euid == *owner));
}

// What applying metadata needs of the run it belongs to (RunContext holds
// one, `meta`): the options, who the process is, the notices already given,
// and the xattr name filter with the stop flag and event queue it waits on.
struct MetaScope {
  const Config &cfg;
  const Identity &id;
  OncePerFilesystem &unsupported;
  XattrNames &xattr_names;
  const std::atomic<bool> &stop;
  EventQueue &events;
  // UCOPY_OWNER_WARN: the run's one notice has been given.
  std::atomic<bool> &owner_noticed;
};

// An entry named relative to a directory descriptor; an empty name means
// the descriptor itself. `path_fd`, when set, is an O_PATH descriptor of
// the entry (a symlink, a special file, or an existing entry under
// --update): owner, mode, times, xattrs and ACLs then go through it.
struct EntryRef {
  int dirfd = -1;
  const char *name = "";
  bool follow = false;  // for a source: follow it if it is a symlink
  int path_fd = -1;
};

// created_mode for an existing entry: its mode is not known to be right.
constexpr mode_t kModeUnknown = static_cast<mode_t>(-1);

// Something that could not be kept, while the entry itself was copied.
struct MetaNotice {
  int code = 0;
  const char *op = "";
  std::string detail;      // what was not kept
  bool about_src = false;  // the source could not be read (else the copy not changed)
};

// The result of applying metadata: 0, or the first error and its
// operation (the entry then counts as failed), and notices (warnings).
struct MetaResult {
  int code = 0;
  const char *op = "";
  std::vector<MetaNotice> notices;

  void notice(int c, const char *o, std::string detail, bool about_src) {
    notices.push_back(MetaNotice{c, o, std::move(detail), about_src});
  }
};

// A failure of the destination itself (its disk, space, quota, or a
// read-only remount), not a rule that refuses one attribute: the entry
// fails, as it would on a failed write, and what follows (the times) is
// left undone so that a rerun with --update copies it again.
inline bool destination_failed(int err) {
  return err == EIO || err == ENOSPC || err == EDQUOT || err == EROFS;
}

// For a non-directory entry. `created_gid` is the group a new entry in
// the destination directory gets (the directory's own group when it has
// the setgid bit, else the process's); `created_mode` the mode it was
// created with (create_mode()), or kModeUnknown. Symlinks get owner and
// times only (Linux has no modes, xattrs in user.* or ACLs on symlinks).
MetaResult apply_entry_meta(const MetaScope &scope, const EntryRef &src, const EntryRef &dst,
                            const struct statx &st, gid_t created_gid, mode_t created_mode,
                            bool is_symlink);

// For a directory open at `dst_fd` (source open at `src_fd`), after its
// entries have been created.
MetaResult apply_dir_meta(const MetaScope &scope, int src_fd, int dst_fd, const struct statx &st,
                          gid_t created_gid);

// The mode to create a file or special file with. Never setuid, setgid or
// sticky (those go on after the final owner, by fchmod), and never more
// than its final permission bits. While the owner or group is still to
// change (root copying a user's file), at most 0600: the entry belongs to
// us until then, and its group or others must not read what they may not
// read in the end. When nothing will be chowned, the final bits at once,
// which saves a fchmod per file (100k files: 0.1 s of system time).
mode_t create_mode(const Config &cfg, const Identity &id, const struct statx &st,
                   gid_t created_gid);

}  // namespace ucopy_impl
