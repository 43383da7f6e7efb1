// Metadata of copied entries, applied in this order: owner (chown clears
// setuid/setgid and file capabilities), xattrs and ACLs, mode, and times
// last (any other change touches ctime only, but writes would touch
// mtime). io_uring has no opcodes for these, so they are plain system
// calls, made only when the value would otherwise differ from what
// creation gave.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "config.hpp"

namespace ucopy_impl {

struct RunContext;

// What the process is and what a newly created entry gets by default.
struct Identity {
  uid_t euid = 0;
  gid_t egid = 0;
  mode_t umask = 022;
  static Identity current();
};

// An entry named relative to a directory descriptor; an empty name means
// the descriptor itself.
struct EntryRef {
  int dirfd = -1;
  const char *name = "";
  bool follow = false;  // for a source: follow it if it is a symlink
};

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

// For an entry created by name. `created_gid` is the group a new entry in
// the destination directory gets (the directory's own group when it has
// the setgid bit, else the process's). Symlinks get owner and times only
// (Linux has no modes, xattrs in user.* or ACLs on symlinks).
MetaResult apply_entry_meta(RunContext &ctx, const EntryRef &src, const EntryRef &dst,
                            const struct statx &st, gid_t created_gid, bool is_symlink);

// For a directory open at `dst_fd` (source open at `src_fd`), after its
// entries have been created.
MetaResult apply_dir_meta(RunContext &ctx, int src_fd, int dst_fd, const struct statx &st,
                          gid_t created_gid);

// The mode to create a file with: final when mode is preserved (umask
// permitting), the source's permission bits filtered by umask otherwise.
inline mode_t create_mode(const Config &cfg, const struct statx &st) {
  return cfg.has(UCOPY_F_PRESERVE_MODE) ? (st.stx_mode & 07777) : (st.stx_mode & 0777);
}

}  // namespace ucopy_impl
