// Metadata of copied entries: owner, mode and nanosecond times, applied in
// that order (chown clears setuid/setgid, and times go last because any
// other change would touch ctime only, but writes would touch mtime).
// io_uring has no opcodes for these, so they are plain system calls, made
// only when the value would otherwise differ from what creation gave.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>

#include "config.hpp"

namespace ucopy_impl {

// What the process is and what a newly created entry gets by default.
struct Identity {
  uid_t euid = 0;
  gid_t egid = 0;
  mode_t umask = 022;
  static Identity current();
};

// The result of applying metadata: 0, or the first error and its operation.
struct MetaResult {
  int code = 0;
  const char *op = "";
};

// For an entry created by name in directory `dirfd`. `created_gid` is the
// group a new entry in that directory gets (the directory's own group when
// it has the setgid bit, else the process's). Symlinks get owner and times
// only (their mode cannot be changed on Linux).
MetaResult apply_entry_meta(const Config &cfg, const Identity &id, int dirfd, const char *name,
                            const struct statx &st, gid_t created_gid, bool is_symlink);

// For a directory open at `fd`, after its entries have been created.
MetaResult apply_dir_meta(const Config &cfg, const Identity &id, int fd, const struct statx &st,
                          gid_t created_gid);

// The mode to create a file with: final when mode is preserved (umask
// permitting), the source's permission bits filtered by umask otherwise.
inline mode_t create_mode(const Config &cfg, const struct statx &st) {
  return cfg.has(UCOPY_F_PRESERVE_MODE) ? (st.stx_mode & 07777) : (st.stx_mode & 0777);
}

}  // namespace ucopy_impl
