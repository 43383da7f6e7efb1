// SPDX-License-Identifier: MIT
#include "support/tree_builder.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include "support/dir_entries.h"
#include "support/path_text.h"
#include "support/prng.h"
#include "support/sys_error.h"

namespace ucopy_test {

namespace {

void write_all(int fd, const char *p, size_t len, const std::string &what) {
  while (len > 0) {
    ssize_t n = ::write(fd, p, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("write " + printable_path(what));
    }
    p += n;
    len -= static_cast<size_t>(n);
  }
}

UniqueFd create_file(int dirfd, const std::string &name) {
  UniqueFd fd(
      ::openat(dirfd, name.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd.valid()) throw_errno("create " + printable_path(name));
  return fd;
}

// Walks the tree below dirfd; entries are stamped after their children.
void stamp_below(int dirfd, Prng &prng, const timespec &now, bool atime_in_future) {
  for (const std::string &name : list_dir(dirfd)) {
    struct stat st;
    if (::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0)
      throw_errno("fstatat " + printable_path(name));
    if (S_ISDIR(st.st_mode)) {
      UniqueFd sub = open_dir(dirfd, name);
      stamp_below(sub.get(), prng, now, atime_in_future);
    }
    // Somewhere in the last ~100 days, never a round second.
    timespec mtime{now.tv_sec - static_cast<time_t>(prng.between(1000, 9000000)),
                   static_cast<long>(prng.between(1, 999999999))};
    timespec atime{atime_in_future ? now.tv_sec + 3600 + static_cast<time_t>(prng.between(0, 600))
                                   : mtime.tv_sec + static_cast<time_t>(prng.between(1, 900)),
                   static_cast<long>(prng.between(1, 999999999))};
    set_times(dirfd, name, atime, mtime);
  }
}

}  // namespace

UniqueFd open_dir(int dirfd, const std::string &name) {
  UniqueFd fd(::openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!fd.valid()) throw_errno("open dir " + printable_path(name));
  return fd;
}

UniqueFd open_dir(const std::string &path) { return open_dir(AT_FDCWD, path); }

void write_file(int dirfd, const std::string &name, std::string_view bytes, mode_t mode) {
  UniqueFd fd = create_file(dirfd, name);
  write_all(fd.get(), bytes.data(), bytes.size(), name);
  if (::fchmod(fd.get(), mode) != 0) throw_errno("fchmod " + printable_path(name));
}

void write_random_file(int dirfd, const std::string &name, uint64_t size, uint64_t seed,
                       mode_t mode) {
  UniqueFd fd = create_file(dirfd, name);
  Prng prng(seed);
  // Small files are the common case: do not pay for a 1 MiB buffer each.
  std::vector<char> block(static_cast<size_t>(std::min<uint64_t>(size, 1u << 20)));
  for (uint64_t left = size; left > 0;) {
    size_t n = left < block.size() ? static_cast<size_t>(left) : block.size();
    prng.fill(block.data(), n);
    write_all(fd.get(), block.data(), n, name);
    left -= n;
  }
  if (::fchmod(fd.get(), mode) != 0) throw_errno("fchmod " + printable_path(name));
}

UniqueFd make_dir(int dirfd, const std::string &name, mode_t mode) {
  if (::mkdirat(dirfd, name.c_str(), 0700) != 0) throw_errno("mkdir " + printable_path(name));
  UniqueFd fd = open_dir(dirfd, name);
  if (::fchmod(fd.get(), mode) != 0) throw_errno("fchmod " + printable_path(name));
  return fd;
}

void make_symlink(int dirfd, const std::string &name, const std::string &target) {
  if (::symlinkat(target.c_str(), dirfd, name.c_str()) != 0)
    throw_errno("symlink " + printable_path(name));
}

void make_fifo(int dirfd, const std::string &name, mode_t mode) {
  if (::mkfifoat(dirfd, name.c_str(), 0600) != 0) throw_errno("mkfifo " + printable_path(name));
  set_mode(dirfd, name, mode);
}

void make_hardlink(int dirfd, const std::string &existing, const std::string &name) {
  if (::linkat(dirfd, existing.c_str(), dirfd, name.c_str(), 0) != 0)
    throw_errno("link " + printable_path(name));
}

void set_mode(int dirfd, const std::string &name, mode_t mode) {
  if (::fchmodat(dirfd, name.c_str(), mode, 0) != 0) throw_errno("chmod " + printable_path(name));
}

void set_times(int dirfd, const std::string &name, const timespec &atime, const timespec &mtime) {
  const timespec times[2] = {atime, mtime};
  if (::utimensat(dirfd, name.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0)
    throw_errno("utimensat " + printable_path(name));
}

UniqueFd make_deep_chain(int dirfd, const std::string &component, int depth) {
  UniqueFd current(::fcntl(dirfd, F_DUPFD_CLOEXEC, 0));
  if (!current.valid()) throw_errno("dup");
  for (int i = 0; i < depth; ++i) current = make_dir(current.get(), component);
  return current;
}

void stamp_times(int dirfd, uint64_t seed, bool atime_in_future) {
  timespec now;
  ::clock_gettime(CLOCK_REALTIME, &now);
  Prng prng(seed);
  stamp_below(dirfd, prng, now, atime_in_future);
}

void stamp_tree_times(const std::string &root, uint64_t seed, bool atime_in_future) {
  {
    UniqueFd fd = open_dir(root);
    stamp_times(fd.get(), seed, atime_in_future);
  }
  timespec now;
  ::clock_gettime(CLOCK_REALTIME, &now);
  timespec mtime{now.tv_sec - 86400 * 3, 123456789};
  timespec atime{atime_in_future ? now.tv_sec + 7200 : now.tv_sec - 86400, 987654321};
  set_times(AT_FDCWD, root, atime, mtime);
}

std::string read_file(int dirfd, const std::string &name) {
  UniqueFd fd(::openat(dirfd, name.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) throw_errno("open " + printable_path(name));
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("read " + printable_path(name));
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

}  // namespace ucopy_test
